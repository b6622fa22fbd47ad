"""Import of interchange records: all or nothing, history and times as exported."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from homecheck.model import (
    ImportRecord,
    ImportVisit,
    VisitEventKind,
)
from homecheck.store.base import iso_to_ms, now_ms, now_stamp
from homecheck.store.connection import Connection
from homecheck.store.rows import insert_client


class InterchangePart:
    """Adds whole clients with their visits from an import."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # -- interchange -------------------------------------------------------------------

    def import_records(self, records: Iterable[ImportRecord]) -> list[int]:
        """Add clients with their visits, answers and history, all or nothing.

        Timestamps and history come in as they were exported, so an export of the
        imported data equals the original apart from database ids.
        """
        client_ids = []
        with self.connection.write() as conn:
            for record in records:
                client_id = insert_client(conn, record.client)
                client_ids.append(client_id)
                new_ids: list[int] = []
                for visit_record in record.visits:
                    previous = None
                    if visit_record.follow_up_of is not None:
                        previous = new_ids[visit_record.follow_up_of]
                    new_ids.append(self._import_visit(conn, client_id, visit_record, previous))
        return client_ids

    def _import_visit(
        self,
        conn: sqlite3.Connection,
        client_id: int,
        record: ImportVisit,
        previous_visit_id: int | None,
    ) -> int:
        visit = record.visit
        cursor = conn.execute(
            "INSERT INTO visits (client_id, visit_date, assessor, role, mode, status, sections,"
            " content_hash, created, completed, amended, previous_visit_id)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                client_id,
                visit.visit_date.isoformat(),
                visit.assessor,
                visit.role.value,
                visit.mode.value,
                visit.status.value,
                json.dumps(list(visit.sections)),
                visit.content_hash,
                visit.created or now_stamp(),
                visit.completed,
                int(visit.amended),
                previous_visit_id,
            ),
        )
        visit_id = cursor.lastrowid
        assert visit_id is not None
        if visit.completed:
            # As the upgrade to schema v5 does: the log starts with the completion.
            conn.execute(
                "INSERT INTO visit_log (visit_id, seq, event, changed) VALUES (?, 1, ?, ?)",
                (visit_id, VisitEventKind.COMPLETED.value, iso_to_ms(visit.completed)),
            )
        conn.executemany(
            "INSERT INTO responses (visit_id, item_key, answer, note, measurement,"
            " priority_override, override_reason, recommendation, updated)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    visit_id,
                    self.connection.item_key(conn, r.item_id),
                    r.answer.value,
                    r.note,
                    r.measurement,
                    r.priority_override.value if r.priority_override else None,
                    r.override_reason,
                    r.recommendation,
                    iso_to_ms(r.updated) if r.updated else now_ms(),
                )
                for r in record.responses
            ],
        )
        conn.executemany(
            "INSERT INTO response_log (visit_id, seq, item_key, answer, note, measurement,"
            " priority_override, override_reason, recommendation, changed)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    visit_id,
                    seq,
                    self.connection.item_key(conn, h.item_id),
                    h.answer.value if h.answer else None,
                    h.note,
                    h.measurement,
                    h.priority_override.value if h.priority_override else None,
                    h.override_reason,
                    h.recommendation,
                    iso_to_ms(h.changed),
                )
                for seq, h in enumerate(record.history, 1)
            ],
        )
        conn.executemany(
            "INSERT INTO actions (visit_id, item_key, owner, target_date, done_date, note,"
            " updated) VALUES (?,?,?,?,?,?,?)",
            [
                (
                    visit_id,
                    self.connection.item_key(conn, a.item_id),
                    a.owner.value,
                    a.target_date.isoformat() if a.target_date else None,
                    a.done_date.isoformat() if a.done_date else None,
                    a.note,
                    iso_to_ms(a.updated) if a.updated else now_ms(),
                )
                for a in record.actions
            ],
        )
        return visit_id
