"""Visits: start (or follow up), find, complete."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from homecheck.limits import HASH_TEXT, ID_TEXT, SHORT_TEXT
from homecheck.model import (
    AssessorRole,
    Visit,
    VisitEvent,
    VisitEventKind,
    VisitMode,
    VisitStatus,
)
from homecheck.store.base import StoreError, ms_to_iso, new_uuid, now_ms, now_stamp
from homecheck.store.checks import check_date, check_text
from homecheck.store.clients import ClientsPart
from homecheck.store.connection import Connection
from homecheck.store.rows import log_visit_event, visit_from_row


class VisitsPart:
    """Visits of a client, and the settings remembered between them."""

    def __init__(self, connection: Connection, clients: ClientsPart) -> None:
        """`clients` is asked whether a client exists before a visit is started for it."""
        self.connection = connection
        self.clients = clients

    def start_visit(
        self,
        client_id: int,
        *,
        visit_date: date,
        sections: Iterable[str],
        content_hash: str,
        assessor: str = "",
        role: AssessorRole = AssessorRole.OT,
        mode: VisitMode = VisitMode.IN_PERSON,
        previous_visit_id: int | None = None,
    ) -> Visit:
        """A new visit; as a follow-up of `previous_visit_id`, it takes over that visit's
        actions so who-does-what carries on."""
        assessor = assessor.strip()
        sections = list(sections)
        check_date(visit_date, "visit date")
        check_text(assessor, "assessor", SHORT_TEXT)
        check_text(content_hash, "content hash", HASH_TEXT)
        for section in sections:
            check_text(section, "section id", ID_TEXT)
        self.clients.get_client(client_id)
        if previous_visit_id is not None:
            previous = self.get_visit(previous_visit_id)
            if previous.client_id != client_id:
                raise StoreError(f"visit {previous_visit_id} belongs to another client")
            if visit_date < previous.visit_date:
                raise StoreError(
                    "visit date: a follow-up cannot be dated before the visit it follows up"
                )
        with self.connection.write() as conn:
            cursor = conn.execute(
                "INSERT INTO visits (client_id, visit_date, assessor, role, mode, status,"
                " sections, content_hash, created, previous_visit_id, uuid)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    client_id,
                    visit_date.isoformat(),
                    assessor.strip(),
                    role.value,
                    mode.value,
                    VisitStatus.IN_PROGRESS.value,
                    json.dumps(list(sections)),
                    content_hash,
                    now_stamp(),
                    previous_visit_id,
                    new_uuid(),
                ),
            )
            visit_id = cursor.lastrowid
            if previous_visit_id is not None:
                conn.execute(
                    "INSERT INTO actions (visit_id, item_key, owner, target_date, done_date,"
                    " note, updated) SELECT ?, item_key, owner, target_date, done_date, note,"
                    " updated FROM actions WHERE visit_id = ?",
                    (visit_id, previous_visit_id),
                )
            for key, value in (("assessor", assessor.strip()), ("role", role.value)):
                conn.execute(
                    "INSERT INTO settings (key, value) VALUES (?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (f"last_{key}", value),
                )
        assert visit_id is not None
        return self.get_visit(visit_id)

    def get_visit(self, visit_id: int) -> Visit:
        rows = self.connection.query("SELECT * FROM visits WHERE id = ?", (visit_id,))
        if not rows:
            raise StoreError(f"no visit with id {visit_id}")
        return visit_from_row(rows[0])

    def list_visits(self, client_id: int | None = None) -> list[Visit]:
        """Newest first."""
        sql = "SELECT * FROM visits"
        params: tuple[Any, ...] = ()
        if client_id is not None:
            sql += " WHERE client_id = ?"
            params = (client_id,)
        sql += " ORDER BY visit_date DESC, id DESC"
        return [visit_from_row(row) for row in self.connection.query(sql, params)]

    def open_visit(self, client_id: int) -> Visit | None:
        """The client's most recent visit still in progress, to resume."""
        rows = self.connection.query(
            "SELECT * FROM visits WHERE client_id = ? AND status = 'in-progress'"
            " ORDER BY visit_date DESC, id DESC LIMIT 1",
            (client_id,),
        )
        return visit_from_row(rows[0]) if rows else None

    def previous_completed_visit(self, visit: Visit) -> Visit | None:
        """The client's latest completed visit before this one: what a follow-up compares
        with when no visit is named."""
        if visit.previous_visit_id is not None:
            return self.get_visit(visit.previous_visit_id)
        rows = self.connection.query(
            "SELECT * FROM visits WHERE client_id = ? AND status = 'completed' AND id != ?"
            " AND (visit_date < ? OR (visit_date = ? AND id < ?))"
            " ORDER BY visit_date DESC, id DESC LIMIT 1",
            (
                visit.client_id,
                visit.id,
                visit.visit_date.isoformat(),
                visit.visit_date.isoformat(),
                visit.id,
            ),
        )
        return visit_from_row(rows[0]) if rows else None

    def complete_visit(self, visit_id: int) -> Visit:
        """Mark the visit completed and log it; completing a completed visit changes nothing."""
        with self.connection.write() as conn:
            cursor = conn.execute(
                # Never before `created` (a clock set back), which import would refuse.
                "UPDATE visits SET status = ?, completed = max(?, created)"
                " WHERE id = ? AND status != ?",
                (VisitStatus.COMPLETED.value, now_stamp(), visit_id, VisitStatus.COMPLETED.value),
            )
            if cursor.rowcount:
                log_visit_event(conn, visit_id, VisitEventKind.COMPLETED, now_ms())
        return self.get_visit(visit_id)

    def reopen_visit(self, visit_id: int) -> Visit:
        """Put a completed visit back in progress, and log it, so its answers can change.

        Any answer changed from then on marks the visit `amended` (changed after it was
        completed), as a change to a completed visit does; completing it again keeps that.
        """
        self.get_visit(visit_id)
        with self.connection.write() as conn:
            cursor = conn.execute(
                "UPDATE visits SET status = ?, completed = '' WHERE id = ? AND status = ?",
                (VisitStatus.IN_PROGRESS.value, visit_id, VisitStatus.COMPLETED.value),
            )
            if not cursor.rowcount:
                raise StoreError(f"visit {visit_id} is not completed, so it cannot be reopened")
            log_visit_event(conn, visit_id, VisitEventKind.REOPENED, now_ms())
        return self.get_visit(visit_id)

    def visit_history(self, visit_id: int) -> list[VisitEvent]:
        """When the visit was completed and reopened, oldest first."""
        rows = self.connection.query(
            "SELECT visit_id, event, changed FROM visit_log WHERE visit_id = ? ORDER BY seq",
            (visit_id,),
        )
        return [
            VisitEvent(row["visit_id"], VisitEventKind(row["event"]), ms_to_iso(row["changed"]))
            for row in rows
        ]

    def last_assessor(self) -> tuple[str, AssessorRole | None]:
        """The assessor name and role of the last visit started, to prefill the next."""
        rows = self.connection.query(
            "SELECT key, value FROM settings WHERE key IN ('last_assessor', 'last_role')"
        )
        values = {row["key"]: row["value"] for row in rows}
        role = values.get("last_role")
        return values.get("last_assessor", ""), AssessorRole(role) if role else None
