"""Import from JSON: checked whole before anything is written.

Problems name a position in the file (`clients[0].visits[1]...`), never a person.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from homecheck.exchange.format import FORMAT, FORMAT_VERSION, ExchangeError
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
from homecheck.store import Store


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
