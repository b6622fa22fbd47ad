"""Export to JSON or CSV and import from JSON: the documented interchange format.

JSON round-trips exactly (export, import into an empty database, export again: the same
apart from the export's own timestamp). Import is checked whole before anything is written,
and problems name a position in the file (`clients[0].visits[1]...`), never a person.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from homecheck import rules
from homecheck.model import (
    Action,
    ActionOwner,
    Answer,
    AssessorRole,
    Catalog,
    Client,
    ImportRecord,
    ImportVisit,
    Priority,
    Response,
    ResponseChange,
    Visit,
    VisitMode,
    VisitStatus,
)
from homecheck.store import Store, now_stamp

FORMAT = "homecheck"
FORMAT_VERSION = 1

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


class ExchangeError(Exception):
    """An import file that cannot be used; the message names where in the file."""


def age_band(birth: date | None, on: date) -> str:
    """Five-year band ('80-84'); what a de-identified export keeps of a birth date."""
    if birth is None:
        return ""
    years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    low = years // 5 * 5
    return f"{low}-{low + 4}"


# -- export ------------------------------------------------------------------------------


def export_data(
    store: Store,
    *,
    visit_id: int | None = None,
    deidentify: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    """Everything (or one visit with its client) as the interchange structure."""
    today = today or date.today()
    if visit_id is not None:
        visit = store.get_visit(visit_id)
        selection = [(store.get_client(visit.client_id), [visit])]
    else:
        selection = [
            (client, list(reversed(store.list_visits(client.id))))
            for client in sorted(store.list_clients(), key=lambda c: c.id)
        ]
    clients = []
    for number, (client, visits) in enumerate(selection, 1):
        entry = _client_entry(client, number, deidentify=deidentify, today=today)
        # A follow-up names the visit it re-checks by its place in this list (ids are not
        # part of the format).
        position = {v.id: n for n, v in enumerate(visits)}
        entry["visits"] = [
            _visit_entry(store, v, position.get(v.previous_visit_id or -1), deidentify=deidentify)
            for v in visits
        ]
        clients.append(entry)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported": now_stamp(),
        "deidentified": deidentify,
        "clients": clients,
    }


def export_json(store: Store, **options: Any) -> str:
    return json.dumps(export_data(store, **options), indent=2, ensure_ascii=False) + "\n"


def _client_entry(client: Client, number: int, *, deidentify: bool, today: date) -> dict[str, Any]:
    if deidentify:
        return {
            "name": f"Client {number}",
            "birth_date": None,
            "age_band": age_band(client.birth_date, today),
            "address": "",
            "contact": "",
            "caregiver": "",
            "notes": "",
            "flags": sorted(client.flags),
        }
    return {
        "name": client.name,
        "birth_date": client.birth_date.isoformat() if client.birth_date else None,
        "address": client.address,
        "contact": client.contact,
        "caregiver": client.caregiver,
        "notes": client.notes,
        "flags": sorted(client.flags),
    }


def _visit_entry(
    store: Store, visit: Visit, follow_up_of: int | None, *, deidentify: bool
) -> dict[str, Any]:
    responses = store.responses(visit.id)
    return {
        "date": visit.visit_date.isoformat(),
        "assessor": "" if deidentify else visit.assessor,
        "role": visit.role.value,
        "mode": visit.mode.value,
        "status": visit.status.value,
        "amended": visit.amended,
        "sections": list(visit.sections),
        "content_hash": visit.content_hash,
        "created": visit.created,
        "completed": visit.completed,
        "follow_up_of": follow_up_of,
        "responses": {
            item_id: {
                "answer": r.answer.value,
                "note": r.note,
                "measurement": r.measurement,
                "priority_override": r.priority_override.value if r.priority_override else None,
                "override_reason": r.override_reason,
                "recommendation": r.recommendation,
                "updated": r.updated,
            }
            for item_id, r in sorted(responses.items())
        },
        "history": [
            {
                "item_id": h.item_id,
                "answer": h.answer.value if h.answer else None,
                "note": h.note,
                "measurement": h.measurement,
                "priority_override": h.priority_override.value if h.priority_override else None,
                "override_reason": h.override_reason,
                "recommendation": h.recommendation,
                "changed": h.changed,
            }
            for h in store.response_history(visit.id)
        ],
        "actions": {
            item_id: {
                "owner": a.owner.value,
                "target_date": a.target_date.isoformat() if a.target_date else None,
                "done_date": a.done_date.isoformat() if a.done_date else None,
                "note": a.note,
                "updated": a.updated,
            }
            for item_id, a in sorted(store.actions(visit.id).items())
        },
    }


def export_csv(
    store: Store,
    catalog: Catalog,
    *,
    visit_id: int | None = None,
    deidentify: bool = False,
    today: date | None = None,
) -> str:
    """One row per answer, for a spreadsheet. Export only: import takes JSON."""
    data = export_data(store, visit_id=visit_id, deidentify=deidentify, today=today)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for client in data["clients"]:
        flags = frozenset(client["flags"])
        for visit in client["visits"]:
            for item_id, r in visit["responses"].items():
                item = catalog.items.get(item_id)
                priority = rules.profile_priority(item, flags)[0].value if item else ""
                writer.writerow(
                    [
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
                        "" if r["measurement"] is None else f"{r['measurement']:g}",
                        item.measure.unit if item and item.measure else "",
                        priority,
                        r["priority_override"] or "",
                        r["override_reason"],
                        r["recommendation"],
                    ]
                )
    return out.getvalue()


def _retired_text(catalog: Catalog, item_id: str) -> str:
    retired = catalog.retired.get(item_id)
    return f"{retired.check} (retired)" if retired else "(retired item)"


# -- import ------------------------------------------------------------------------------


def read_import(text: str, catalog: Catalog) -> list[ImportRecord]:
    """Parse and check a whole JSON export; raise ExchangeError at the first problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExchangeError(f"not valid JSON (line {error.lineno}: {error.msg})") from None
    reader = _Reader(catalog)
    return reader.document(data)


def import_json(store: Store, text: str, catalog: Catalog) -> list[int]:
    """Check the file, then add everything in one transaction; returns new client ids."""
    return store.import_records(read_import(text, catalog))


class _Reader:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def document(self, data: Any) -> list[ImportRecord]:
        obj = _object(data, "the file")
        if obj.get("format") != FORMAT:
            raise ExchangeError('not a homecheck export (missing "format": "homecheck")')
        version = obj.get("format_version")
        if version != FORMAT_VERSION:
            raise ExchangeError(
                f"format_version {version!r} is not supported (this homecheck reads "
                f"{FORMAT_VERSION})"
            )
        clients = _list(obj.get("clients"), "clients")
        return [self.client(c, f"clients[{i}]") for i, c in enumerate(clients)]

    def client(self, data: Any, where: str) -> ImportRecord:
        obj = _object(data, where)
        flags = [
            _str(f, f"{where}.flags[{i}]")
            for i, f in enumerate(_list(obj.get("flags", []), f"{where}.flags"))
        ]
        unknown = sorted(set(flags) - set(self.catalog.flags))
        if unknown:
            raise ExchangeError(f"{where}.flags: unknown profile flag '{unknown[0]}'")
        name = _str(obj.get("name"), f"{where}.name")
        if not name.strip():
            raise ExchangeError(f"{where}.name: a client needs a name")
        client = Client(
            id=0,
            name=name,
            birth_date=_date(obj.get("birth_date"), f"{where}.birth_date", optional=True),
            address=_str(obj.get("address", ""), f"{where}.address"),
            contact=_str(obj.get("contact", ""), f"{where}.contact"),
            caregiver=_str(obj.get("caregiver", ""), f"{where}.caregiver"),
            notes=_str(obj.get("notes", ""), f"{where}.notes"),
            flags=frozenset(flags),
        )
        visits = _list(obj.get("visits", []), f"{where}.visits")
        parsed = tuple(self.visit(v, f"{where}.visits[{i}]") for i, v in enumerate(visits))
        for index, visit in enumerate(parsed):
            earlier = visit.follow_up_of
            if earlier is not None and not 0 <= earlier < index:
                raise ExchangeError(
                    f"{where}.visits[{index}].follow_up_of: must name an earlier visit of this"
                    f" client (0 to {index - 1})"
                )
        return ImportRecord(client=client, visits=parsed)

    def visit(self, data: Any, where: str) -> ImportVisit:
        obj = _object(data, where)
        visit = Visit(
            id=0,
            client_id=0,
            visit_date=_date(obj.get("date"), f"{where}.date"),
            assessor=_str(obj.get("assessor", ""), f"{where}.assessor"),
            role=_enum(AssessorRole, obj.get("role"), f"{where}.role"),
            mode=_enum(VisitMode, obj.get("mode"), f"{where}.mode"),
            status=_enum(VisitStatus, obj.get("status"), f"{where}.status"),
            sections=tuple(
                _str(s, f"{where}.sections[{i}]")
                for i, s in enumerate(_list(obj.get("sections", []), f"{where}.sections"))
            ),
            content_hash=_str(obj.get("content_hash", ""), f"{where}.content_hash"),
            created=_str(obj.get("created", ""), f"{where}.created"),
            completed=_str(obj.get("completed", ""), f"{where}.completed"),
            amended=_bool(obj.get("amended", False), f"{where}.amended"),
        )
        responses = _object(obj.get("responses", {}), f"{where}.responses")
        history = _list(obj.get("history", []), f"{where}.history")
        actions = _object(obj.get("actions", {}), f"{where}.actions")
        follow_up_of = obj.get("follow_up_of")
        if follow_up_of is not None and (
            isinstance(follow_up_of, bool) or not isinstance(follow_up_of, int)
        ):
            raise ExchangeError(f"{where}.follow_up_of: expected a visit number or null")
        return ImportVisit(
            visit=visit,
            responses=tuple(
                self.response(item_id, r, f"{where}.responses[{item_id!r}]")
                for item_id, r in responses.items()
            ),
            history=tuple(self.change(h, f"{where}.history[{i}]") for i, h in enumerate(history)),
            actions=tuple(
                self.action(item_id, a, f"{where}.actions[{item_id!r}]")
                for item_id, a in actions.items()
            ),
            follow_up_of=follow_up_of,
        )

    def action(self, item_id: str, data: Any, where: str) -> Action:
        obj = _object(data, where)
        return Action(
            visit_id=0,
            item_id=self._known_item(item_id, where),
            owner=_enum(ActionOwner, obj.get("owner"), f"{where}.owner"),
            target_date=_date(obj.get("target_date"), f"{where}.target_date", optional=True),
            done_date=_date(obj.get("done_date"), f"{where}.done_date", optional=True),
            note=_str(obj.get("note", ""), f"{where}.note"),
            updated=_str(obj.get("updated", ""), f"{where}.updated"),
        )

    def _known_item(self, item_id: str, where: str) -> str:
        if item_id not in self.catalog.items and item_id not in self.catalog.retired:
            raise ExchangeError(f"{where}: unknown item id '{item_id}'")
        return item_id

    def response(self, item_id: str, data: Any, where: str) -> Response:
        obj = _object(data, where)
        return Response(
            visit_id=0,
            item_id=self._known_item(item_id, where),
            answer=_enum(Answer, obj.get("answer"), f"{where}.answer"),
            note=_str(obj.get("note", ""), f"{where}.note"),
            measurement=_number(obj.get("measurement"), f"{where}.measurement"),
            priority_override=_optional_priority(obj.get("priority_override"), where),
            override_reason=_str(obj.get("override_reason", ""), f"{where}.override_reason"),
            recommendation=_str(obj.get("recommendation", ""), f"{where}.recommendation"),
            updated=_str(obj.get("updated", ""), f"{where}.updated"),
        )

    def change(self, data: Any, where: str) -> ResponseChange:
        obj = _object(data, where)
        item_id = self._known_item(_str(obj.get("item_id"), f"{where}.item_id"), where)
        answer = obj.get("answer")
        return ResponseChange(
            item_id=item_id,
            answer=None if answer is None else _enum(Answer, answer, f"{where}.answer"),
            note=_str(obj.get("note", ""), f"{where}.note"),
            measurement=_number(obj.get("measurement"), f"{where}.measurement"),
            priority_override=_optional_priority(obj.get("priority_override"), where),
            override_reason=_str(obj.get("override_reason", ""), f"{where}.override_reason"),
            recommendation=_str(obj.get("recommendation", ""), f"{where}.recommendation"),
            changed=_str(obj.get("changed"), f"{where}.changed"),
        )


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ExchangeError(f"{where}: expected an object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ExchangeError(f"{where}: expected a list")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ExchangeError(f"{where}: expected text, got {_kind(value)}")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ExchangeError(f"{where}: expected true or false, got {_kind(value)}")
    return value


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ExchangeError(f"{where}: expected a number, got {_kind(value)}")
    return float(value)


def _date(value: Any, where: str, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    text = _str(value, where)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ExchangeError(f"{where}: expected a date YYYY-MM-DD, got {text!r}") from None


def _enum(kind: Any, value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        got = repr(value) if isinstance(value, str) and len(value) <= 30 else _kind(value)
        raise ExchangeError(f"{where}: expected one of {choices}, got {got}") from None


def _optional_priority(value: Any, where: str) -> Priority | None:
    if value is None:
        return None
    result: Priority = _enum(Priority, value, f"{where}.priority_override")
    return result


def _kind(value: Any) -> str:
    """Describe a bad value without echoing it (it may be a person's details)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def count_records(records: Iterable[ImportRecord]) -> tuple[int, int]:
    """(clients, visits) in a parsed import, for the summary line."""
    items = list(records)
    return len(items), sum(len(r.visits) for r in items)
