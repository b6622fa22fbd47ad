"""Between rows and frozen values: the one place that says how each is stored."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

from homecheck.limits import (
    EARLIEST_BIRTH_DATE,
    ID_TEXT,
    LONG_TEXT,
    MEDIUM_TEXT,
    SHORT_TEXT,
    new_date_shift,
)
from homecheck.model import (
    Action,
    ActionOwner,
    Answer,
    AssessorRole,
    Client,
    Priority,
    Response,
    ResponseChange,
    Visit,
    VisitEventKind,
    VisitMode,
    VisitStatus,
)
from homecheck.store.base import (
    StoreError,
    ms_to_iso,
    new_uuid,
    now_stamp,
    search_key,
)
from homecheck.store.checks import check_date, check_text

# What is recorded for an item, in the order answers and their history store it.
STATE_FIELDS = (
    "answer",
    "note",
    "measurement",
    "priority_override",
    "override_reason",
    "recommendation",
)
# An item with nothing recorded yet.
EMPTY_STATE = (None, "", None, None, "", "")

# How answers, their history and actions are read and written, by saving one and by an
# import alike. Each is fixed text; a caller adds only a WHERE with `?` marks.
RESPONSE_SELECT = (
    "SELECT r.visit_id, k.item_id, r.answer, r.note, r.measurement, r.priority_override,"
    " r.override_reason, r.recommendation, r.updated"
    " FROM responses r JOIN item_keys k ON k.key = r.item_key"
)
"""Answers for `response_from_row`; a WHERE on `r` follows."""
CHANGE_SELECT = (
    "SELECT l.visit_id, l.seq, k.item_id, l.answer, l.note, l.measurement,"
    " l.priority_override, l.override_reason, l.recommendation, l.changed"
    " FROM response_log l JOIN item_keys k ON k.key = l.item_key"
)
"""History entries for `change_from_row`; a WHERE on `l` follows."""
ACTION_SELECT = "SELECT a.*, k.item_id FROM actions a JOIN item_keys k ON k.key = a.item_key"
"""Actions for `action_from_row`; a WHERE on `a` follows."""

UPSERT_RESPONSE = (
    "INSERT OR REPLACE INTO responses (visit_id, item_key, answer, note, measurement,"
    " priority_override, override_reason, recommendation, updated) VALUES (?,?,?,?,?,?,?,?,?)"
)
"""An item's answer: visit, item key, the stored state (`STATE_FIELDS`), time in ms."""
DELETE_RESPONSE = "DELETE FROM responses WHERE visit_id = ? AND item_key = ?"
"""An item's answer cleared (its history stays)."""
_CHANGE_INTO = (
    "INSERT INTO response_log (visit_id, seq, item_key, answer, note, measurement,"
    " priority_override, override_reason, recommendation, changed)"
)
INSERT_CHANGE = _CHANGE_INTO + " VALUES (?,?,?,?,?,?,?,?,?,?)"
"""A history entry: visit, sequence, item key, the stored state, time in ms."""
APPEND_CHANGE = (
    _CHANGE_INTO  # noqa: S608 - fixed text
    + " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM response_log WHERE visit_id = ?),"
    " ?,?,?,?,?,?,?,?)"
)
"""The same as the visit's next entry: visit, visit again, item key, state, time in ms."""
UPSERT_ACTION = (
    "INSERT OR REPLACE INTO actions (visit_id, item_key, owner, target_date, done_date, note,"
    " updated) VALUES (?,?,?,?,?,?,?)"
)
"""An action: visit, item key, `action_values`, time in ms."""


CLIENT_COLUMNS = "name, birth_date, address, contact, caregiver, notes, flags, search_text"
"""The columns `client_values` fills, in its order (the statements below put in only
these fixed names)."""


def client_values(client: Client) -> tuple[Any, ...]:
    """A client's stored columns (`CLIENT_COLUMNS`): the one place that says how a client
    is written."""
    name = client.name.strip()
    if not name:
        raise StoreError("a client needs a name")
    check_text(name, "name", SHORT_TEXT)
    check_date(
        client.birth_date, "birth date", EARLIEST_BIRTH_DATE, date.today(), latest_text="today"
    )
    check_text(client.address, "address", MEDIUM_TEXT)
    check_text(client.contact, "contact", MEDIUM_TEXT)
    check_text(client.caregiver, "caregiver", MEDIUM_TEXT)
    check_text(client.notes, "notes", LONG_TEXT)
    for flag in client.flags:
        check_text(flag, "profile flag", ID_TEXT)
    return (
        name,
        client.birth_date.isoformat() if client.birth_date else None,
        client.address,
        client.contact,
        client.caregiver,
        client.notes,
        json.dumps(sorted(client.flags)),
        search_key(name, client.address),
    )


INSERT_CLIENT = (
    f"INSERT INTO clients ({CLIENT_COLUMNS}, created, updated, uuid, date_shift)"  # noqa: S608
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
)
"""A new client's row, with the values of `new_client_row`."""

UPDATE_CLIENT = (
    f"UPDATE clients SET ({CLIENT_COLUMNS}, updated) = (?,?,?,?,?,?,?,?,?)"  # noqa: S608
    " WHERE id = ?"
)
"""A client's details changed: `client_values`, the time they changed, and the id."""


def new_client_row(client: Client, stamp: str) -> tuple[Any, ...]:
    """The values of a new client's row, created at `stamp`: it keeps the client's UUID,
    `updated` time and date shift when it has them (an import), else gets new ones."""
    return (
        *client_values(client),
        stamp,
        client.updated or stamp,
        client.uuid or new_uuid(),
        client.date_shift or new_date_shift(),
    )


def action_values(
    owner: ActionOwner, target_date: date | None, done_date: date | None, note: str
) -> tuple[Any, ...]:
    """An action's stored owner, dates and note, as `UPSERT_ACTION` takes them."""
    return (
        owner.value,
        target_date.isoformat() if target_date else None,
        done_date.isoformat() if done_date else None,
        note,
    )


def log_visit_event(
    conn: sqlite3.Connection, visit_id: int, event: VisitEventKind, changed: int
) -> None:
    """Append to the visit's log (completed, reopened) at `changed` (epoch ms)."""
    conn.execute(
        "INSERT INTO visit_log (visit_id, seq, event, changed) VALUES (?, (SELECT"
        " coalesce(max(seq), 0) + 1 FROM visit_log WHERE visit_id = ?), ?, ?)",
        (visit_id, visit_id, event.value, changed),
    )


def insert_client(conn: sqlite3.Connection, client: Client) -> int:
    """A new row (`new_client_row`); its id."""
    cursor = conn.execute(INSERT_CLIENT, new_client_row(client, now_stamp()))
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def client_from_row(row: sqlite3.Row) -> Client:
    return Client(
        id=row["id"],
        name=row["name"],
        birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
        address=row["address"],
        contact=row["contact"],
        caregiver=row["caregiver"],
        notes=row["notes"],
        flags=frozenset(json.loads(row["flags"])),
        uuid=row["uuid"],
        updated=row["updated"],
        date_shift=row["date_shift"],
    )


def visit_from_row(row: sqlite3.Row) -> Visit:
    return Visit(
        id=row["id"],
        client_id=row["client_id"],
        visit_date=date.fromisoformat(row["visit_date"]),
        assessor=row["assessor"],
        role=AssessorRole(row["role"]),
        mode=VisitMode(row["mode"]),
        status=VisitStatus(row["status"]),
        sections=tuple(json.loads(row["sections"])),
        content_hash=row["content_hash"],
        created=row["created"],
        completed=row["completed"],
        amended=bool(row["amended"]),
        previous_visit_id=row["previous_visit_id"],
        uuid=row["uuid"],
    )


def action_from_row(row: sqlite3.Row) -> Action:
    return Action(
        visit_id=row["visit_id"],
        item_id=row["item_id"],
        owner=ActionOwner(row["owner"]),
        target_date=date.fromisoformat(row["target_date"]) if row["target_date"] else None,
        done_date=date.fromisoformat(row["done_date"]) if row["done_date"] else None,
        note=row["note"],
        updated=ms_to_iso(row["updated"]),
    )


def change_from_row(row: sqlite3.Row) -> ResponseChange:
    override = row["priority_override"]
    return ResponseChange(
        item_id=row["item_id"],
        answer=Answer(row["answer"]) if row["answer"] else None,
        note=row["note"],
        measurement=row["measurement"],
        priority_override=Priority(override) if override else None,
        override_reason=row["override_reason"],
        recommendation=row["recommendation"],
        changed=ms_to_iso(row["changed"]),
    )


def response_from_row(row: Any) -> Response:
    override = row["priority_override"]
    return Response(
        visit_id=row["visit_id"],
        item_id=row["item_id"],
        answer=Answer(row["answer"]),
        note=row["note"],
        measurement=row["measurement"],
        priority_override=Priority(override) if override else None,
        override_reason=row["override_reason"],
        recommendation=row["recommendation"],
        updated=ms_to_iso(row["updated"]),
    )
