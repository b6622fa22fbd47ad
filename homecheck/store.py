"""The Store: the only module with SQL. Rows stay in here; frozen model values leave it.

Every write is one short `BEGIN IMMEDIATE` transaction committed with synchronous=FULL
before the call returns, so an answer the screen shows as saved survives a dead battery.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from homecheck import migrations
from homecheck.model import (
    Action,
    ActionOwner,
    Answer,
    AssessorRole,
    Client,
    ClientOverview,
    ImportRecord,
    ImportVisit,
    Priority,
    Response,
    ResponseChange,
    Visit,
    VisitMode,
    VisitStatus,
)

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 5000
_SQLITE_HEADER = b"SQLite format 3\x00"
_UNSET: Any = object()


class StoreError(Exception):
    """A database problem, worded for the user in one line (never with client data)."""


def now_stamp() -> str:
    """UTC time with milliseconds, sortable as text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def now_ms() -> int:
    """UTC time in integer milliseconds: how answers and history store time (compact)."""
    return time.time_ns() // 1_000_000


def ms_to_iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


def iso_to_ms(text: str) -> int:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return round(moment.timestamp() * 1000)


def search_key(*parts: str) -> str:
    """Case- and accent-insensitive text for substring search ('zoe' finds 'Zoë')."""
    text = " ".join(parts)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def create_private_file(path: Path) -> None:
    """Create `path` readable by the owner only (0600) unless it already exists."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)


class Store:
    """Clients, visits and answers in one SQLite file (or in memory for tests)."""

    def __init__(
        self, path: Path | str = MEMORY, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
    ) -> None:
        self.path = str(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._item_keys: dict[str, int] = {}
        self.conn = self._connect()
        self._db: Any = None
        try:
            self._configure()
            self._upgrade()
        except sqlite3.DatabaseError as error:
            self.conn.close()
            raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None

    # -- opening -----------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self.path == MEMORY:
            return sqlite3.connect(MEMORY)
        path = Path(self.path)
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a database file")
        if not path.parent.is_dir():
            raise StoreError(f"folder {path.parent} does not exist")
        if path.exists():
            _check_header(path)
            if not os.access(path, os.W_OK):
                raise StoreError(
                    f"{path} is read-only; nothing could be saved (check its permissions)"
                )
        else:
            try:
                create_private_file(path)
            except FileExistsError:
                pass
            except OSError as error:
                raise StoreError(f"cannot create {path}: {error.strerror}") from None
        try:
            return sqlite3.connect(path, timeout=self.busy_timeout_ms / 1000)
        except sqlite3.Error as error:
            raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None

    def _configure(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path != MEMORY:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: cannot use write-ahead logging ({mode})")
        conn.execute("PRAGMA synchronous = FULL")

    def _upgrade(self) -> None:
        version = migrations.schema_version(self.conn)
        latest = migrations.LATEST_VERSION
        if version > latest:
            raise StoreError(
                f"{self.path} was made by a newer homecheck (schema {version}, this one "
                f"knows {migrations.LATEST_VERSION}); upgrade homecheck to open it"
            )
        if 0 < version < latest and self.path != MEMORY:
            self._backup(f"{self.path}.v{version}.bak")
        if version < latest:
            migrations.migrate(self.db)

    def _backup(self, target: str) -> None:
        """A private copy of the database, taken before any migration touches it."""
        target_path = Path(target)
        if target_path.exists():
            target_path.unlink()
        create_private_file(target_path)
        copy = sqlite3.connect(target)
        try:
            self.conn.backup(copy)
        finally:
            copy.close()

    @property
    def db(self) -> Any:
        """The sqlite-utils view of the connection, made on first use (migrations).

        Importing sqlite-utils costs more than the rest of start-up, and an up-to-date
        database never needs it, so the app opens without it.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction: waits up to busy_timeout for another writer."""
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as error:
            raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        conn = self.conn
        conn.row_factory = sqlite3.Row
        try:
            return list(conn.execute(sql, tuple(params)))
        except sqlite3.DatabaseError as error:
            raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None
        finally:
            conn.row_factory = None

    # -- clients -----------------------------------------------------------------------

    def add_client(
        self,
        name: str,
        *,
        birth_date: date | None = None,
        address: str = "",
        contact: str = "",
        caregiver: str = "",
        notes: str = "",
        flags: Iterable[str] = (),
    ) -> Client:
        client = Client(
            id=0,
            name=name,
            birth_date=birth_date,
            address=address,
            contact=contact,
            caregiver=caregiver,
            notes=notes,
            flags=frozenset(flags),
        )
        with self._write() as conn:
            client_id = _insert_client(conn, client)
        return self.get_client(client_id)

    def update_client(self, client: Client) -> Client:
        values = _client_values(client)
        with self._write() as conn:
            conn.execute(
                "UPDATE clients SET name=?, birth_date=?, address=?, contact=?, caregiver=?,"
                " notes=?, flags=?, search_text=?, updated=? WHERE id=?",
                (*values, now_stamp(), client.id),
            )
        return self.get_client(client.id)

    def get_client(self, client_id: int) -> Client:
        rows = self._query("SELECT * FROM clients WHERE id = ?", (client_id,))
        if not rows:
            raise StoreError(f"no client with id {client_id}")
        return _client(rows[0])

    def list_clients(self, search: str = "", limit: int | None = None) -> list[Client]:
        """Clients with a visit in progress first, then by name; `search` is a substring."""
        sql = (
            "SELECT c.*, EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.id"
            " AND v.status = 'in-progress') AS open_visit FROM clients c"
        )
        params: list[Any] = []
        key = search_key(search.strip())
        if key:
            sql += " WHERE instr(c.search_text, ?) > 0"
            params.append(key)
        sql += " ORDER BY open_visit DESC, c.name COLLATE NOCASE, c.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_client(row) for row in self._query(sql, params)]

    def client_overviews(self, search: str = "", limit: int = 200) -> list[ClientOverview]:
        """The home screen's list: visits in progress first, then by name.

        Built for 10,000 clients in a few milliseconds: the clients with a visit in progress
        (few) come from a partial index, the rest by walking the name index only as far as
        the page needs, and visit counts are computed for that page alone.
        """
        key = search_key(search.strip())
        # Both queries are fixed text; the search words only ever travel as a parameter.
        match = " AND instr(c.search_text, ?) > 0" if key else ""
        params: list[Any] = [key] if key else []
        in_progress = "SELECT client_id FROM visits WHERE status = 'in-progress'"
        order = " ORDER BY c.name COLLATE NOCASE, c.id LIMIT ?"
        open_sql = f"SELECT c.* FROM clients c WHERE c.id IN ({in_progress}){match}{order}"  # noqa: S608
        rest_sql = (
            "SELECT c.* FROM clients c INDEXED BY clients_name"  # noqa: S608
            f" WHERE c.id NOT IN ({in_progress}){match}{order}"
        )
        open_rows = self._query(open_sql, [*params, limit])
        rows = list(open_rows)
        if len(rows) < limit:
            rows += self._query(rest_sql, [*params, limit - len(rows)])
        stats = self._visit_stats([row["id"] for row in rows])
        open_ids = {row["id"] for row in open_rows}
        overviews = []
        for row in rows:
            last, count, open_id = stats.get(row["id"], (None, 0, None))
            overviews.append(
                ClientOverview(
                    client=_client(row),
                    open_visit_id=open_id if row["id"] in open_ids else None,
                    last_visit_date=date.fromisoformat(last) if last else None,
                    visit_count=count,
                )
            )
        return overviews

    def _visit_stats(self, client_ids: list[int]) -> dict[int, tuple[str | None, int, int | None]]:
        """Latest visit date, visit count and newest open visit, per client on the page."""
        if not client_ids:
            return {}
        marks = ",".join("?" * len(client_ids))
        rows = self._query(
            "SELECT client_id, max(visit_date) AS last, count(*) AS n,"  # noqa: S608 - marks only
            " max(CASE WHEN status = 'in-progress' THEN id END) AS open_id"
            f" FROM visits WHERE client_id IN ({marks}) GROUP BY client_id",
            client_ids,
        )
        return {row["client_id"]: (row["last"], row["n"], row["open_id"]) for row in rows}

    def count_clients(self) -> int:
        return int(self._query("SELECT count(*) AS n FROM clients")[0]["n"])

    # -- visits ------------------------------------------------------------------------

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
        self.get_client(client_id)
        if previous_visit_id is not None:
            previous = self.get_visit(previous_visit_id)
            if previous.client_id != client_id:
                raise StoreError(f"visit {previous_visit_id} belongs to another client")
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO visits (client_id, visit_date, assessor, role, mode, status,"
                " sections, content_hash, created, previous_visit_id)"
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
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
        rows = self._query("SELECT * FROM visits WHERE id = ?", (visit_id,))
        if not rows:
            raise StoreError(f"no visit with id {visit_id}")
        return _visit(rows[0])

    def list_visits(self, client_id: int | None = None) -> list[Visit]:
        """Newest first."""
        sql = "SELECT * FROM visits"
        params: tuple[Any, ...] = ()
        if client_id is not None:
            sql += " WHERE client_id = ?"
            params = (client_id,)
        sql += " ORDER BY visit_date DESC, id DESC"
        return [_visit(row) for row in self._query(sql, params)]

    def open_visit(self, client_id: int) -> Visit | None:
        """The client's most recent visit still in progress, to resume."""
        rows = self._query(
            "SELECT * FROM visits WHERE client_id = ? AND status = 'in-progress'"
            " ORDER BY visit_date DESC, id DESC LIMIT 1",
            (client_id,),
        )
        return _visit(rows[0]) if rows else None

    def previous_completed_visit(self, visit: Visit) -> Visit | None:
        """The client's latest completed visit before this one: what a follow-up compares
        with when no visit is named."""
        if visit.previous_visit_id is not None:
            return self.get_visit(visit.previous_visit_id)
        rows = self._query(
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
        return _visit(rows[0]) if rows else None

    def complete_visit(self, visit_id: int) -> Visit:
        with self._write() as conn:
            conn.execute(
                "UPDATE visits SET status = ?, completed = ? WHERE id = ?",
                (VisitStatus.COMPLETED.value, now_stamp(), visit_id),
            )
        return self.get_visit(visit_id)

    def last_assessor(self) -> tuple[str, AssessorRole | None]:
        """The assessor name and role of the last visit started, to prefill the next."""
        rows = self._query(
            "SELECT key, value FROM settings WHERE key IN ('last_assessor', 'last_role')"
        )
        values = {row["key"]: row["value"] for row in rows}
        role = values.get("last_role")
        return values.get("last_assessor", ""), AssessorRole(role) if role else None

    # -- responses ---------------------------------------------------------------------

    _RESPONSE_SELECT = (
        "SELECT r.visit_id, k.item_id, r.answer, r.note, r.measurement, r.priority_override,"
        " r.override_reason, r.recommendation, r.updated"
        " FROM responses r JOIN item_keys k ON k.key = r.item_key"
    )

    def responses(self, visit_id: int) -> dict[str, Response]:
        rows = self._query(self._RESPONSE_SELECT + " WHERE r.visit_id = ?", (visit_id,))
        return {row["item_id"]: _response(row) for row in rows}

    def _item_key(self, conn: sqlite3.Connection, item_id: str) -> int:
        """The small integer that stands for an item id in answers and history."""
        key = self._item_keys.get(item_id)
        if key is None:
            row = conn.execute("SELECT key FROM item_keys WHERE item_id = ?", (item_id,)).fetchone()
            if row is None:
                cursor = conn.execute("INSERT INTO item_keys (item_id) VALUES (?)", (item_id,))
                key = cursor.lastrowid
            else:
                key = row[0]
            assert key is not None
            self._item_keys[item_id] = key
        return key

    def save_response(
        self,
        visit_id: int,
        item_id: str,
        answer: Answer | None = _UNSET,
        *,
        note: str = _UNSET,
        measurement: float | None = _UNSET,
        priority_override: Priority | None = _UNSET,
        override_reason: str = _UNSET,
        recommendation: str = _UNSET,
    ) -> Response | None:
        """Change what was recorded for one item, logging the new state; commit before return.

        Only the fields passed change. `answer=None` clears the item (the row goes, the log
        keeps the history). Returns the stored response, or None when cleared.
        """
        stamp = now_ms()
        with self._write() as conn:
            status = conn.execute("SELECT status FROM visits WHERE id = ?", (visit_id,)).fetchone()
            if status is None:
                raise StoreError(f"no visit with id {visit_id}")
            key = self._item_key(conn, item_id)
            row = conn.execute(
                "SELECT answer, note, measurement, priority_override, override_reason,"
                " recommendation FROM responses WHERE visit_id = ? AND item_key = ?",
                (visit_id, key),
            ).fetchone()
            current = dict(zip(_STATE_FIELDS, row or _EMPTY_STATE, strict=True))
            changes = {
                "answer": answer,
                "note": note,
                "measurement": measurement,
                "priority_override": priority_override,
                "override_reason": override_reason,
                "recommendation": recommendation,
            }
            for name, value in changes.items():
                if value is not _UNSET:
                    current[name] = value.value if isinstance(value, Answer | Priority) else value
            if current["answer"] is None and answer is _UNSET:
                raise StoreError("answer the item before adding details to it")
            state = tuple(current[name] for name in _STATE_FIELDS)
            if current["answer"] is None:
                conn.execute(
                    "DELETE FROM responses WHERE visit_id = ? AND item_key = ?", (visit_id, key)
                )
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO responses (visit_id, item_key, answer, note,"
                    " measurement, priority_override, override_reason, recommendation, updated)"
                    " VALUES (?,?,?,?,?,?,?,?,?)",
                    (visit_id, key, *state, stamp),
                )
            conn.execute(
                "INSERT INTO response_log (visit_id, seq, item_key, answer, note, measurement,"
                " priority_override, override_reason, recommendation, changed)"
                " VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM response_log"
                " WHERE visit_id = ?), ?,?,?,?,?,?,?,?)",
                (visit_id, visit_id, key, *state, stamp),
            )
            if status[0] == VisitStatus.COMPLETED.value:
                conn.execute("UPDATE visits SET amended = 1 WHERE id = ?", (visit_id,))
        if current["answer"] is None:
            return None
        return _response({**current, "visit_id": visit_id, "item_id": item_id, "updated": stamp})

    def response_history(self, visit_id: int, item_id: str | None = None) -> list[ResponseChange]:
        """The audit trail, oldest first."""
        sql = (
            "SELECT k.item_id, l.answer, l.note, l.measurement, l.priority_override,"
            " l.override_reason, l.recommendation, l.changed FROM response_log l"
            " JOIN item_keys k ON k.key = l.item_key WHERE l.visit_id = ?"
        )
        params: list[Any] = [visit_id]
        if item_id is not None:
            sql += " AND k.item_id = ?"
            params.append(item_id)
        return [_change(row) for row in self._query(sql + " ORDER BY l.seq", params)]

    # -- actions -----------------------------------------------------------------------

    def actions(self, visit_id: int) -> dict[str, Action]:
        rows = self._query(
            "SELECT a.*, k.item_id FROM actions a JOIN item_keys k ON k.key = a.item_key"
            " WHERE a.visit_id = ?",
            (visit_id,),
        )
        return {row["item_id"]: _action(row) for row in rows}

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
        stamp = now_ms()
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM visits WHERE id = ?", (visit_id,)).fetchone() is None:
                raise StoreError(f"no visit with id {visit_id}")
            key = self._item_key(conn, item_id)
            conn.execute(
                "INSERT OR REPLACE INTO actions (visit_id, item_key, owner, target_date,"
                " done_date, note, updated) VALUES (?,?,?,?,?,?,?)",
                (
                    visit_id,
                    key,
                    owner.value,
                    target_date.isoformat() if target_date else None,
                    done_date.isoformat() if done_date else None,
                    note,
                    stamp,
                ),
            )
        return self.actions(visit_id)[item_id]

    def clear_action(self, visit_id: int, item_id: str) -> None:
        with self._write() as conn:
            conn.execute(
                "DELETE FROM actions WHERE visit_id = ? AND item_key ="
                " (SELECT key FROM item_keys WHERE item_id = ?)",
                (visit_id, item_id),
            )

    # -- interchange -------------------------------------------------------------------

    def import_records(self, records: Iterable[ImportRecord]) -> list[int]:
        """Add clients with their visits, answers and history, all or nothing.

        Timestamps and history come in as they were exported, so an export of the
        imported data equals the original apart from database ids.
        """
        client_ids = []
        with self._write() as conn:
            for record in records:
                client_id = _insert_client(conn, record.client)
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
        conn.executemany(
            "INSERT INTO responses (visit_id, item_key, answer, note, measurement,"
            " priority_override, override_reason, recommendation, updated)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    visit_id,
                    self._item_key(conn, r.item_id),
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
                    self._item_key(conn, h.item_id),
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
                    self._item_key(conn, a.item_id),
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


_STATE_FIELDS = (
    "answer",
    "note",
    "measurement",
    "priority_override",
    "override_reason",
    "recommendation",
)
_EMPTY_STATE = (None, "", None, None, "", "")


def _client_values(client: Client) -> tuple[Any, ...]:
    """A client's stored columns, from name to search_text, as the clients table orders
    them: the one place that says how a client is written."""
    name = client.name.strip()
    if not name:
        raise StoreError("a client needs a name")
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


def _insert_client(conn: sqlite3.Connection, client: Client) -> int:
    stamp = now_stamp()
    cursor = conn.execute(
        "INSERT INTO clients (name, birth_date, address, contact, caregiver, notes, flags,"
        " search_text, created, updated) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (*_client_values(client), stamp, stamp),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror}") from None
    if header and header != _SQLITE_HEADER:
        raise StoreError(f"{path} is not a homecheck database (not an SQLite file)")


def _describe(error: sqlite3.Error, path: str, waited_ms: int = BUSY_TIMEOUT_MS) -> str:
    """One line for the user. SQLite's messages never contain row data, only the problem."""
    message = str(error)
    if "locked" in message or "busy" in message:
        return (
            f"{path} is locked by another program (waited {waited_ms / 1000:g} s);"
            " close the other program and try again"
        )
    if "readonly" in message or "read-only" in message:
        return f"{path} is read-only; nothing can be saved (check its permissions)"
    if "malformed" in message or "not a database" in message or "corrupt" in message:
        return f"{path} is damaged ({message}); restore it from a backup"
    if "unable to open" in message:
        return f"{path} cannot be opened ({message})"
    return f"{path}: database error: {message}"


def _client(row: sqlite3.Row) -> Client:
    return Client(
        id=row["id"],
        name=row["name"],
        birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None,
        address=row["address"],
        contact=row["contact"],
        caregiver=row["caregiver"],
        notes=row["notes"],
        flags=frozenset(json.loads(row["flags"])),
    )


def _visit(row: sqlite3.Row) -> Visit:
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
    )


def _action(row: sqlite3.Row) -> Action:
    return Action(
        visit_id=row["visit_id"],
        item_id=row["item_id"],
        owner=ActionOwner(row["owner"]),
        target_date=date.fromisoformat(row["target_date"]) if row["target_date"] else None,
        done_date=date.fromisoformat(row["done_date"]) if row["done_date"] else None,
        note=row["note"],
        updated=ms_to_iso(row["updated"]),
    )


def _change(row: sqlite3.Row) -> ResponseChange:
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


def _response(row: Any) -> Response:
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
