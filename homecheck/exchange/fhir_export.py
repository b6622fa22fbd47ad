"""`homecheck export --format fhir`: the chosen visits as one FHIR R4 Bundle, written
visit by visit so that memory does not grow with the database.

The mapping itself is pure (`fhir`, `fhir_questionnaire`, `fhir_care_plan`); this
module picks the clients and visits, draws the de-identification, and writes the JSON.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from typing import IO, Any, Unpack

from homecheck.exchange import fhir
from homecheck.exchange.export import ExportOptions, escape_json_text, select_clients
from homecheck.exchange.fhir_care_plan import care_plan
from homecheck.exchange.fhir_questionnaire import questionnaire, questionnaire_response
from homecheck.model import Catalog
from homecheck.store import Store, now_stamp

Loader = Callable[[int], fhir.VisitParts]
"""Loads one visit by id: `report.load_visit` bound to the store and catalog (the one
visit loader; the exchange layer does not import the report layer)."""


def export_fhir(
    store: Store,
    catalog: Catalog,
    *,
    load: Loader,
    transaction: bool = False,
    **options: Unpack[ExportOptions],
) -> str:
    out = io.StringIO()
    write_fhir(store, catalog, out, load=load, transaction=transaction, **options)
    return out.getvalue()


def write_fhir(
    store: Store,
    catalog: Catalog,
    out: IO[str],
    *,
    load: Loader,
    transaction: bool = False,
    **options: Unpack[ExportOptions],
) -> None:
    """The Bundle, one entry a line: each client's Patient, then each of its visits'
    QuestionnaireResponse and CarePlan, oldest first; the Questionnaire last, since it
    also carries any answered item these checklists do not have (entry order means
    nothing to FHIR)."""
    head = fhir.bundle_head(transaction=transaction, timestamp=now_stamp())
    out.write(_compact(head)[:-1] + ',"entry":[')
    for n, item in enumerate(_entries(store, catalog, load, options, transaction=transaction)):
        out.write(("\n" if n == 0 else ",\n") + _compact(item))
    out.write("\n]}\n")


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _compact(value: Any) -> str:
    """JSON without spaces, one Bundle entry a line: json's C encoder, several times
    faster than its indenting one on a Questionnaire of some 300 items (`python -m
    json.tool` shows it indented). Controls json leaves raw are written as escapes."""
    return escape_json_text(_encode(value))


def _entries(
    store: Store, catalog: Catalog, load: Loader, options: ExportOptions, *, transaction: bool
) -> Iterator[dict[str, Any]]:
    unknown: set[str] = set()
    for client, visits, hide in select_clients(store, options):
        yield fhir.entry(
            fhir.urn(fhir.record_uuid(client)),
            fhir.patient(client, hide=hide),
            transaction=transaction,
        )
        for visit in visits:
            record = load(visit.id)
            unknown.update(i for i in record.responses if i not in catalog.items)
            yield fhir.entry(
                fhir.urn(fhir.record_uuid(visit)),
                questionnaire_response(catalog, record, hide=hide),
                transaction=transaction,
            )
            yield fhir.entry(
                fhir.urn(fhir.care_plan_uuid(visit)),
                care_plan(catalog, record, hide=hide),
                transaction=transaction,
            )
    yield fhir.entry(
        fhir.urn(fhir.questionnaire_uuid(catalog)),
        questionnaire(catalog, unknown),
        transaction=transaction,
    )
