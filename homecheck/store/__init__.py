"""The Store: the only place with SQL. Rows stay in here; frozen model values leave it.

Every write is one short `BEGIN IMMEDIATE` transaction committed with synchronous=FULL
before the call returns, so an answer the screen shows as saved survives a dead battery;
`Store.atomic()` makes several writes one transaction (the demo). Commands that only
read open it with `read_only=True`.
One `Connection` owns the sqlite3 connection and its write transaction; the parts
(clients, visits, answers, interchange) are siblings that each work through it, and
`Store` hands each public method of a part straight to the caller.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homecheck.store.answers import AnswersPart
from homecheck.store.base import (
    StoreError,
    action_uuid,
    iso_to_ms,
    ms_to_iso,
    new_uuid,
    now_ms,
    now_stamp,
    response_uuid,
    search_key,
)
from homecheck.store.clients import ClientsPart
from homecheck.store.connection import BUSY_TIMEOUT_MS, MEMORY, Connection, needs_upgrade
from homecheck.store.files import create_private_file, is_writable
from homecheck.store.interchange import Conflict, ImportSummary, InterchangePart
from homecheck.store.visits import VisitsPart


class Store:
    """Clients, visits and answers in one SQLite file (or in memory for tests).

    The parts' methods are bound to the instance here, not wrapped, so a call costs
    what it did when the Store was one class (saving an answer is timed). Being
    instance attributes, they shadow any method a subclass defines: patch the instance.
    """

    def __init__(
        self,
        path: Path | str = MEMORY,
        *,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        read_only: bool = False,
    ) -> None:
        """Open (or create) the database; see `Connection`."""
        connection = Connection(path, busy_timeout_ms=busy_timeout_ms, read_only=read_only)
        self.connection = connection
        self.path = connection.path
        self.read_only = connection.read_only
        self.notices = connection.notices
        self.conn = connection.conn
        self.close = connection.close
        self.atomic = connection.atomic

        clients = ClientsPart(connection)
        self.add_client = clients.add_client
        self.update_client = clients.update_client
        self.get_client = clients.get_client
        self.list_clients = clients.list_clients
        self.client_overviews = clients.client_overviews

        visits = VisitsPart(connection, clients)
        self.start_visit = visits.start_visit
        self.get_visit = visits.get_visit
        self.list_visits = visits.list_visits
        self.open_visit = visits.open_visit
        self.previous_completed_visit = visits.previous_completed_visit
        self.complete_visit = visits.complete_visit
        self.reopen_visit = visits.reopen_visit
        self.visit_history = visits.visit_history
        self.last_assessor = visits.last_assessor

        answers = AnswersPart(connection)
        self.responses = answers.responses
        self.save_response = answers.save_response
        self.response_history = answers.response_history
        self.actions = answers.actions
        self.save_action = answers.save_action
        self.clear_action = answers.clear_action

        interchange = InterchangePart(connection)
        self.import_records = interchange.import_records
        self.import_files = interchange.import_files

    @property
    def db(self) -> Any:
        """The sqlite-utils view of the connection (loaded on first use)."""
        return self.connection.db


__all__ = [
    "BUSY_TIMEOUT_MS",
    "MEMORY",
    "Conflict",
    "ImportSummary",
    "Store",
    "StoreError",
    "action_uuid",
    "create_private_file",
    "is_writable",
    "iso_to_ms",
    "ms_to_iso",
    "needs_upgrade",
    "new_uuid",
    "now_ms",
    "now_stamp",
    "response_uuid",
    "search_key",
]
