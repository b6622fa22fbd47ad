"""Answers, their append-only history, and the actions on findings."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from homecheck.limits import ID_TEXT, LONG_TEXT
from homecheck.model import (
    Action,
    ActionOwner,
    Answer,
    Priority,
    Response,
    ResponseChange,
    VisitStatus,
)
from homecheck.store.base import UNSET, StoreError, Unset, now_ms
from homecheck.store.checks import check_date, check_measurement, check_text
from homecheck.store.connection import Connection
from homecheck.store.rows import (
    ACTION_SELECT,
    APPEND_CHANGE,
    CHANGE_SELECT,
    DELETE_RESPONSE,
    EMPTY_STATE,
    RESPONSE_SELECT,
    STATE_FIELDS,
    UPSERT_ACTION,
    UPSERT_RESPONSE,
    action_from_row,
    action_values,
    change_from_row,
    response_from_row,
)


def _changed_after_completion(conn: sqlite3.Connection, visit_id: int, status: str) -> bool:
    """A change to a completed visit, or to one reopened after completion, amends it."""
    if status == VisitStatus.COMPLETED.value:
        return True
    reopened = conn.execute(
        "SELECT 1 FROM visit_log WHERE visit_id = ? AND event = 'reopened' LIMIT 1", (visit_id,)
    ).fetchone()
    return reopened is not None


class AnswersPart:
    """What was recorded for each item, every change to it, and who fixes what."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # -- responses ---------------------------------------------------------------------

    def responses(self, visit_id: int) -> dict[str, Response]:
        rows = self.connection.query(RESPONSE_SELECT + " WHERE r.visit_id = ?", (visit_id,))
        return {row["item_id"]: response_from_row(row) for row in rows}

    def save_response(
        self,
        visit_id: int,
        item_id: str,
        answer: Answer | Unset | None = UNSET,
        *,
        note: str | Unset = UNSET,
        measurement: float | Unset | None = UNSET,
        priority_override: Priority | Unset | None = UNSET,
        override_reason: str | Unset = UNSET,
        recommendation: str | Unset = UNSET,
    ) -> Response | None:
        """Change what was recorded for one item, logging the new state; commit before return.

        Only the fields passed change. `answer=None` clears the item (the row goes, the log
        keeps the history). Returns the stored response, or None when cleared.
        """
        check_text(item_id, "item id", ID_TEXT)
        if note is not UNSET:
            check_text(note, "note", LONG_TEXT)
        if measurement is not UNSET:
            check_measurement(measurement)
        if override_reason is not UNSET:
            check_text(override_reason, "override reason", LONG_TEXT)
        if recommendation is not UNSET:
            check_text(recommendation, "recommendation", LONG_TEXT)
        stamp = now_ms()
        with self.connection.write() as conn:
            status = conn.execute(
                "SELECT status, amended FROM visits WHERE id = ?", (visit_id,)
            ).fetchone()
            if status is None:
                raise StoreError(f"no visit with id {visit_id}")
            key = self.connection.item_key(conn, item_id)
            row = conn.execute(
                "SELECT answer, note, measurement, priority_override, override_reason,"
                " recommendation FROM responses WHERE visit_id = ? AND item_key = ?",
                (visit_id, key),
            ).fetchone()
            current = dict(zip(STATE_FIELDS, row or EMPTY_STATE, strict=True))
            changes = {
                "answer": answer,
                "note": note,
                "measurement": measurement,
                "priority_override": priority_override,
                "override_reason": override_reason,
                "recommendation": recommendation,
            }
            for name, value in changes.items():
                if value is not UNSET:
                    current[name] = value.value if isinstance(value, Answer | Priority) else value
            if current["answer"] is None and answer is UNSET:
                raise StoreError("answer the item before adding details to it")
            state = tuple(current[name] for name in STATE_FIELDS)
            if current["answer"] is None:
                conn.execute(DELETE_RESPONSE, (visit_id, key))
            else:
                conn.execute(UPSERT_RESPONSE, (visit_id, key, *state, stamp))
            conn.execute(APPEND_CHANGE, (visit_id, visit_id, key, *state, stamp))
            if not status[1] and _changed_after_completion(conn, visit_id, status[0]):
                conn.execute("UPDATE visits SET amended = 1 WHERE id = ?", (visit_id,))
        if current["answer"] is None:
            return None
        return response_from_row(
            {**current, "visit_id": visit_id, "item_id": item_id, "updated": stamp}
        )

    def response_history(self, visit_id: int, item_id: str | None = None) -> list[ResponseChange]:
        """The audit trail, oldest first."""
        sql = CHANGE_SELECT + " WHERE l.visit_id = ?"
        params: list[Any] = [visit_id]
        if item_id is not None:
            sql += " AND k.item_id = ?"
            params.append(item_id)
        return [
            change_from_row(row) for row in self.connection.query(sql + " ORDER BY l.seq", params)
        ]

    # -- actions -----------------------------------------------------------------------

    def actions(self, visit_id: int) -> dict[str, Action]:
        rows = self.connection.query(ACTION_SELECT + " WHERE a.visit_id = ?", (visit_id,))
        return {row["item_id"]: action_from_row(row) for row in rows}

    def save_action(
        self,
        visit_id: int,
        item_id: str,
        owner: ActionOwner,
        *,
        target_date: date | None = None,
        done_date: date | None = None,
        note: str = "",
    ) -> Action:
        """Record who will fix a finding and by when (replacing what was there)."""
        check_text(item_id, "item id", ID_TEXT)
        check_date(target_date, "target date")
        check_date(done_date, "done date")
        check_text(note, "action note", LONG_TEXT)
        stamp = now_ms()
        with self.connection.write() as conn:
            if conn.execute("SELECT 1 FROM visits WHERE id = ?", (visit_id,)).fetchone() is None:
                raise StoreError(f"no visit with id {visit_id}")
            key = self.connection.item_key(conn, item_id)
            values = action_values(owner, target_date, done_date, note)
            conn.execute(UPSERT_ACTION, (visit_id, key, *values, stamp))
        return self.actions(visit_id)[item_id]

    def clear_action(self, visit_id: int, item_id: str) -> None:
        with self.connection.write() as conn:
            conn.execute(
                "DELETE FROM actions WHERE visit_id = ? AND item_key ="
                " (SELECT key FROM item_keys WHERE item_id = ?)",
                (visit_id, item_id),
            )
