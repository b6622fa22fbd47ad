"""FHIR R4 export, the shared part: canonical names, resource UUIDs, codings, the
Patient and Bundle entries (pure: plain dicts, no I/O).

`fhir_questionnaire` maps the checklists and a visit's answers, `fhir_care_plan` its
plan; `fhir_export` chooses the visits and writes the Bundle. The README's "FHIR export"
section documents the mapping.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol

from homecheck.exchange.deidentify import Deidentifier
from homecheck.model import (
    Action,
    Answer,
    Catalog,
    Client,
    Item,
    Priority,
    Response,
    Section,
    SectionKind,
    Visit,
    answer_label,
)

# Canonical names. homecheck owns no web domain, so its code systems, extensions and the
# Questionnaire are named in a private `urn:homecheck:` namespace; an agency publishing
# them under its own address changes these lines.
ANSWER_SYSTEM = "urn:homecheck:answer"
ITEM_SYSTEM = "urn:homecheck:item"
PRIORITY_SYSTEM = "urn:homecheck:priority"
ROLE_SYSTEM = "urn:homecheck:role"
FLAG_SYSTEM = "urn:homecheck:flag"
MODE_SYSTEM = "urn:homecheck:visit-mode"
QUESTIONNAIRE_URL = "urn:homecheck:questionnaire"
EXTENSION = "urn:homecheck:extension:"
UUID_SYSTEM = "urn:ietf:rfc:3986"
"""FHIR's system for an identifier that is itself a URI (here `urn:uuid:...`)."""
UCUM = "http://unitsofmeasure.org"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
QUESTIONNAIRE_UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"

RETIRED_GROUP = "retired-items"
NOTE = "/note"
MEASUREMENT = "/measurement"
HAZARD_IF = "/hazard-if"

HOMECHECK_NAMESPACE = uuid.UUID("af5a2fae-d280-405f-8698-d1caff316b4f")
"""Fixed namespace of the Questionnaire's UUID (never change it: the id would change)."""

UCUM_CODES = {"cm": "cm", "mm": "mm", "s": "s", "°C": "Cel", "%": "%", "lux": "lx"}
_ANSWER_DISPLAY = {
    Answer.OK: "Safe",
    Answer.HAZARD: "Hazard",
    Answer.NA: "Not applicable",
    Answer.UNKNOWN: "Don't know",
}
"""The code system's own displays; an item's options show its section's words."""


class VisitParts(Protocol):
    """What the mapping reads of a loaded visit (`report.VisitRecord` has it all)."""

    @property
    def client(self) -> Client: ...
    @property
    def visit(self) -> Visit: ...
    @property
    def sections(self) -> tuple[Section, ...]: ...
    @property
    def responses(self) -> Mapping[str, Response]: ...
    @property
    def actions(self) -> Mapping[str, Action]: ...
    @property
    def previous(self) -> Visit | None: ...


def record_uuid(record: Client | Visit) -> uuid.UUID:
    """The client's or visit's own UUID, made once and kept by export and import: the
    same person or visit has the same one in every database and every export (the
    de-identified JSON export keeps it too)."""
    return uuid.UUID(record.uuid)


def care_plan_uuid(visit: Visit) -> uuid.UUID:
    """A visit's plan: derived from the visit's UUID, so it is stored nowhere and every
    database gives the same one."""
    return uuid.uuid5(record_uuid(visit), "care-plan")


def urn(value: uuid.UUID) -> str:
    return f"urn:uuid:{value}"


def questionnaire_uuid(catalog: Catalog) -> uuid.UUID:
    return uuid.uuid5(HOMECHECK_NAMESPACE, f"questionnaire:{catalog.content_hash}")


def questionnaire_canonical(catalog: Catalog) -> str:
    return f"{QUESTIONNAIRE_URL}|{catalog.content_hash}"


def answer_coding(answer: Answer, kind: SectionKind | None) -> dict[str, str]:
    display = answer_label(kind, answer) if kind is not None else _ANSWER_DISPLAY[answer]
    return {"system": ANSWER_SYSTEM, "code": answer.value, "display": display}


def unit_coding(unit: str) -> dict[str, str]:
    code = UCUM_CODES.get(unit)
    return {"system": UCUM, "code": code, "display": unit} if code else {"display": unit}


def retired_item(catalog: Catalog, item_id: str) -> Item:
    known = catalog.retired.get(item_id)
    text = known.check if known else f"{item_id} (not in these checklists)"
    return Item(item_id, "", text, text, "", Priority.LOW, "", "")


def shifted_stamp(stamp: str, hide: Deidentifier | None) -> str:
    if hide is None:
        return stamp
    return (hide.stamp(stamp) if "T" in stamp else hide.day(stamp)) or stamp


def shifted_day(day: date | None, hide: Deidentifier | None) -> str | None:
    if day is None:
        return None
    return hide.day(day.isoformat()) if hide else day.isoformat()


# -- the Patient -----------------------------------------------------------------------------


def patient(client: Client, *, hide: Deidentifier | None) -> dict[str, Any]:
    """The client; de-identified, only the UUID and the five-year age band are left (as
    the JSON export keeps them): no name, birth date, address or contact."""
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "identifier": [{"system": UUID_SYSTEM, "value": urn(record_uuid(client))}],
    }
    if hide is not None:
        if hide.age_band:
            resource["extension"] = [{"url": EXTENSION + "age-band", "valueString": hide.age_band}]
        return resource
    if client.name:  # FHIR has no empty strings: an element is there with a value, or absent
        resource["name"] = [{"text": client.name}]
    if client.contact:
        resource["telecom"] = [{"system": "other", "value": client.contact}]
    if client.birth_date:
        resource["birthDate"] = client.birth_date.isoformat()
    if client.address:
        resource["address"] = [{"text": client.address}]
    return resource


# -- the Bundle ------------------------------------------------------------------------------


def bundle_head(*, transaction: bool, timestamp: str) -> dict[str, Any]:
    """The Bundle without its entries."""
    return {
        "resourceType": "Bundle",
        "type": "transaction" if transaction else "collection",
        "timestamp": timestamp,
    }


def entry(full_url: str, resource: dict[str, Any], *, transaction: bool) -> dict[str, Any]:
    """A Bundle entry; in a transaction with its request: a conditional update on the
    resource's UUID identifier (on url and version for the Questionnaire), so that sending
    the same visit again updates it in place and the client is found rather than made
    twice."""
    item: dict[str, Any] = {"fullUrl": full_url, "resource": resource}
    if not transaction:
        return item
    kind = resource["resourceType"]
    if kind == "Questionnaire":
        url = f"Questionnaire?url={resource['url']}&version={resource['version']}"
    else:
        identifier = resource["identifier"]
        value = (identifier[0] if isinstance(identifier, list) else identifier)["value"]
        url = f"{kind}?identifier={UUID_SYSTEM}|{value}"
    item["request"] = {"method": "PUT", "url": url}
    return item
