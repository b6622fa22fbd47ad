"""Export to JSON or CSV: the documented interchange format, and a spreadsheet view.

JSON round-trips exactly (export, import into an empty database, export again: the same
apart from the export's own timestamp).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from enum import Enum
from typing import IO, Any, TypedDict, Unpack

from homecheck import rules
from homecheck.exchange.deidentify import Deidentifier
from homecheck.exchange.format import (
    ACTION,
    CHANGE,
    CLIENT,
    DOCUMENT,
    RESPONSE,
    VISIT,
    Choice,
    Const,
    Day,
    Ids,
    Kind,
    Spec,
)
from homecheck.model import Catalog, Client, Visit
from homecheck.store import Store, action_uuid, now_stamp, response_uuid

CSV_COLUMNS = (
    "client",
    "birth_date",
    "age_band",
    "visit_date",
    "assessor",
    "role",
    "mode",
    "status",
    "section",
    "item_id",
    "check",
    "answer",
    "note",
    "measurement",
    "unit",
    "priority",
    "priority_override",
    "override_reason",
    "recommendation",
)


class ExportOptions(TypedDict, total=False):
    """What every export (JSON, CSV, FHIR) is asked for; each may be left out."""

    visit_id: int | None
    """One visit with its client; left out or None: every client with every visit."""
    deidentify: bool
    """De-identified (see `deidentify`); left out: not."""
    keep_notes: bool
    """With `deidentify`, free text kept with identifiers removed; left out: none kept."""
    today: date | None
    """The day a de-identified client's age band is worked out on; left out: today."""


def export_data(store: Store, **options: Unpack[ExportOptions]) -> dict[str, Any]:
    """Everything (or one visit with its client) as the interchange structure, in memory:
    for tests and small selections; `write_json` streams the same document."""
    clients = []
    for head, visits in _client_entries(store, options):
        clients.append({**head, "visits": list(visits)})
    return {**_document_head(options), "clients": clients}


def export_json(store: Store, **options: Unpack[ExportOptions]) -> str:
    out = io.StringIO()
    write_json(store, out, **options)
    return out.getvalue()


def write_json(store: Store, out: IO[str], **options: Unpack[ExportOptions]) -> None:
    """Write the interchange document client by client, visit by visit: the same text as
    `json.dumps(export_data(...), indent=2)`, in memory that does not grow with the
    database.

    C1 controls, bidirectional controls and lone surrogates are written as \\u escapes
    (json leaves them raw with ensure_ascii=False): the value read back is the same, and
    the text is safe on a terminal and always encodable as UTF-8.
    """
    clients = (
        _object_ending_in_list(head, "visits", ([_dump(v, 4)] for v in visits), 2)
        for head, visits in _client_entries(store, options)
    )
    for chunk in _object_ending_in_list(_document_head(options), "clients", clients, 0):
        out.write(chunk)
    out.write("\n")


def _document_head(options: ExportOptions) -> dict[str, Any]:
    """The document without its clients (an empty list in their place)."""
    deidentified = bool(options.get("deidentify"))
    computed = {"exported": now_stamp(), "deidentified": deidentified, "clients": []}
    return _writer(DOCUMENT)(None, computed)


_Writer = Callable[[Any, Mapping[str, Any]], dict[str, Any]]
_NOTHING: Mapping[str, Any] = {}


@functools.cache
def _writer(spec: Spec, deidentified: bool = False) -> _Writer:
    """The function that writes one object of `spec` from its model object and the values
    export computes (`computed`, by field name), with the schema's fields in its order.

    Generated from the schema as a single dict display, as `dataclasses` generates
    `__init__`: it is as fast as the hand-written dicts it replaces, where a loop over the
    fields took 2.7 times as long per answer. The source is made only of the schema's own
    names, never of data.
    """
    members = []
    for field in spec.fields:
        if field.deidentified_only and not deidentified:
            continue
        if field.identified_only and deidentified:
            continue
        if isinstance(field.kind, Const):
            value = repr(field.kind.value)
        elif field.attr is None:
            value = f"computed[{field.name!r}]"
        else:
            value = _encoded(field.kind, f"obj.{field.attr}")
        members.append(f"{field.name!r}: {value}")
    source = "lambda obj, computed: {" + ", ".join(members) + "}"
    namespace = {"_iso": _iso, "_value": _value}
    writer: _Writer = eval(source, namespace)  # noqa: S307 (the schema's names only)
    return writer


def _encoded(kind: Kind, value: str) -> str:
    """The expression that writes a model value of this kind as JSON writes it."""
    match kind:
        case Day():
            return f"_iso({value})"
        case Choice():
            return f"_value({value})"
        case Ids(ordered=ordered):
            return f"list({value})" if ordered else f"sorted({value})"
        case _:
            return value  # text, true/false, numbers and stamps as the model holds them


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _value(choice: Enum | None) -> Any:
    return choice.value if choice else None


_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_json_text(text: str) -> str:
    """JSON text with the characters json.dumps leaves raw written as \\u escapes.

    Outside strings JSON is plain ASCII, so every match is inside a string, where the
    escape means the same character."""
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _dump(value: Any, level: int) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)` as if nested `level` deep."""
    return escape_json_text(_indented(value, "  " * level))


_SCALARS = (str, int, float, bool, type(None))
_encode_scalar = json.JSONEncoder(ensure_ascii=False).encode


@functools.cache
def _flat_encoder(inner: str) -> Callable[[Any], str]:
    """json's C encoder with each item on its own line at the indent `inner`."""
    return json.JSONEncoder(ensure_ascii=False, separators=(",\n" + inner, ": ")).encode


def _indented(value: Any, pad: str) -> str:
    """The text json's indent=2 encoder writes, made several times faster: json's
    indenting encoder is pure Python, so a dict or list of scalars (every answer, change
    and action) goes through the C encoder, with the newline and indent as its item
    separator."""
    inner = pad + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        if all(isinstance(v, _SCALARS) for v in value.values()):
            return "{\n" + inner + _flat_encoder(inner)(value)[1:-1] + "\n" + pad + "}"
        members = (f"{inner}{_encode_scalar(k)}: {_indented(v, inner)}" for k, v in value.items())
        return "{\n" + ",\n".join(members) + "\n" + pad + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(isinstance(v, _SCALARS) for v in value):
            return "[\n" + inner + _flat_encoder(inner)(value)[1:-1] + "\n" + pad + "]"
        return "[\n" + ",\n".join(inner + _indented(v, inner) for v in value) + "\n" + pad + "]"
    return _encode_scalar(value)


def _object_ending_in_list(
    head: dict[str, Any], key: str, items: Iterable[Iterable[str]], level: int
) -> Iterator[str]:
    """`head` with `key: [items...]` as its last member, indented as json.dumps(indent=2)
    would at nesting `level`, one item at a time."""
    pad = "  " * level
    text = _dump({**head, key: []}, level)
    closing = "]\n" + pad + "}"
    yield text[: -len(closing)]
    first = True
    for item in items:
        yield ("\n" if first else ",\n") + pad + "    "
        yield from item
        first = False
    yield ("" if first else "\n" + pad + "  ") + closing


def select_clients(
    store: Store, options: ExportOptions
) -> Iterator[tuple[Client, list[Visit], Deidentifier | None]]:
    """What every export writes: one visit with its client, or every client (by id) with
    its visits, oldest first; each with its de-identification when asked for."""
    selection: Iterable[tuple[Client, list[Visit]]]
    visit_id = options.get("visit_id")
    if visit_id is not None:
        visit = store.get_visit(visit_id)
        selection = [(store.get_client(visit.client_id), [visit])]
    else:
        selection = (
            (client, list(reversed(store.list_visits(client.id))))
            for client in sorted(store.list_clients(), key=lambda c: c.id)
        )
    deidentify, keep_notes = bool(options.get("deidentify")), bool(options.get("keep_notes"))
    today = options.get("today") or date.today()  # one day for the whole export
    for client, visits in selection:
        hide = (
            Deidentifier(client, {v.assessor for v in visits}, keep_notes=keep_notes, today=today)
            if deidentify
            else None
        )
        yield client, visits, hide


def _client_entries(
    store: Store, options: ExportOptions, *, history: bool = True
) -> Iterator[tuple[dict[str, Any], Iterator[dict[str, Any]]]]:
    """Each client's entry without its visits, and its visits one by one, oldest first."""
    for number, (client, visits, hide) in enumerate(select_clients(store, options), 1):
        yield (
            _client_entry(client, number, hide=hide),
            _visit_entries(store, visits, hide, history=history),
        )


def _visit_entries(
    store: Store, visits: list[Visit], hide: Deidentifier | None, *, history: bool
) -> Iterator[dict[str, Any]]:
    # A follow-up names the visit it re-checks by its place in this list (ids are not
    # part of the format).
    position = {v.id: n for n, v in enumerate(visits)}
    for visit in visits:
        entry = _visit_entry(
            store, visit, position.get(visit.previous_visit_id or -1), history=history
        )
        yield hide.visit(entry) if hide else entry


def _client_entry(client: Client, number: int, *, hide: Deidentifier | None) -> dict[str, Any]:
    """The client without its visits (an empty list in their place)."""
    if not hide:
        return _writer(CLIENT)(client, {"visits": []})
    entry = _writer(CLIENT, deidentified=True)(client, {"age_band": hide.age_band, "visits": []})
    entry.update(
        name=f"Client {number}",
        birth_date=None,
        address="",
        contact="",
        caregiver="",
        notes=hide.text(client.notes),
        updated=hide.stamp(client.updated),
    )
    return entry


def _visit_entry(
    store: Store, visit: Visit, follow_up_of: int | None, *, history: bool = True
) -> dict[str, Any]:
    response, change, action = _writer(RESPONSE), _writer(CHANGE), _writer(ACTION)
    computed = {
        "follow_up_of": follow_up_of,
        "responses": {
            item_id: response(r, {"uuid": response_uuid(visit.uuid, item_id)})
            for item_id, r in sorted(store.responses(visit.id).items())
        },
        "history": [
            change(h, _NOTHING) for h in (store.response_history(visit.id) if history else [])
        ],
        "actions": {
            item_id: action(a, {"uuid": action_uuid(visit.uuid, item_id)})
            for item_id, a in sorted(store.actions(visit.id).items())
        },
    }
    return _writer(VISIT)(visit, computed)


def export_csv(store: Store, catalog: Catalog, **options: Unpack[ExportOptions]) -> str:
    out = io.StringIO()
    write_csv(store, catalog, out, **options)
    return out.getvalue()


def write_csv(
    store: Store, catalog: Catalog, out: IO[str], **options: Unpack[ExportOptions]
) -> None:
    """One row per answer, for a spreadsheet, written visit by visit. Export only: import
    takes JSON.

    Rows end in CRLF (RFC 4180), so that a carriage return inside a note is quoted and
    cannot split its row; text cells are neutralised against formula injection.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for client, visits in _client_entries(store, options, history=False):
        flags = frozenset(client["flags"])
        for visit in visits:
            for item_id, r in visit["responses"].items():
                item = catalog.items.get(item_id)
                priority = rules.profile_priority(item, flags)[0].value if item else ""
                text_cells = [
                    client["name"],
                    client["birth_date"] or "",
                    client.get("age_band", ""),
                    visit["date"],
                    visit["assessor"],
                    visit["role"],
                    visit["mode"],
                    visit["status"],
                    item.section_id if item else "",
                    item_id,
                    item.check if item else _retired_text(catalog, item_id),
                    r["answer"],
                    r["note"],
                ]
                measurement = "" if r["measurement"] is None else f"{r['measurement']:g}"
                more_text = [
                    item.measure.unit if item and item.measure else "",
                    priority,
                    r["priority_override"] or "",
                    r["override_reason"],
                    r["recommendation"],
                ]
                writer.writerow(
                    [*map(neutralise_cell, text_cells), measurement]
                    + [neutralise_cell(cell) for cell in more_text]
                )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP: prefix a single quote
    to a cell that begins with = + - @, tab or carriage return)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _retired_text(catalog: Catalog, item_id: str) -> str:
    retired = catalog.retired.get(item_id)
    return f"{retired.check} (retired)" if retired else "(retired item)"
