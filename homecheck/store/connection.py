"""Opening the database safely, the write transaction, and the item keys it learns."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from homecheck import migrations
from homecheck.store import files
from homecheck.store.base import StoreError

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 5000


def needs_upgrade(path: Path) -> bool:
    """Whether an existing file is empty or of an older schema, which only a writable
    open can bring up to date (read from its header: nothing about it changes)."""
    try:
        version = files.header_version(path)
    except files.FileProblem:
        return False  # the open that follows says what is wrong with it
    return version is None or version < migrations.LATEST_VERSION


class Connection:
    """The one sqlite3 connection every part of the Store works through: opening,
    durability settings, upgrades, the write transaction and the item keys it learns."""

    def __init__(
        self,
        path: Path | str = MEMORY,
        *,
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
        read_only: bool = False,
    ) -> None:
        """Open (or create) the database. `read_only` opens an existing file for reading
        only, as commands that only read do, so that a read-only file can be exported."""
        self.path = str(path)
        self.busy_timeout_ms = busy_timeout_ms
        self.read_only = read_only
        # Said once to the user by the caller (the Store never prints): files made private.
        self.notices: tuple[str, ...] = ()
        # item id -> key, committed only; and one dict per open write, kept if it commits
        self._item_keys: dict[str, int] = {}
        self._pending_keys: list[dict[str, int]] = []
        self._db: Any = None
        self.conn = self._connect()
        try:
            self._open()
        except sqlite3.Error as error:
            self.conn.close()
            raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None
        except BaseException:
            self.conn.close()
            raise

    # -- opening -----------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """Look at the file before SQLite does: a database from a newer homecheck is
        refused before anything about it changes (no journal mode, no -wal beside it)."""
        if self.path == MEMORY:
            return sqlite3.connect(MEMORY)
        path = Path(self.path)
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a database file")
        if not path.parent.is_dir():
            raise StoreError(f"folder {path.parent} does not exist")
        if path.exists():
            try:
                version = files.header_version(path)
            except files.FileProblem as problem:
                raise StoreError(str(problem)) from None
            if version is not None:
                self._refuse_newer(version)
            if not self.read_only and not files.is_writable(path):
                raise StoreError(
                    f"{path} is read-only; nothing could be saved (check its permissions)"
                )
            if files.make_private(path):
                self.notices = (f"made {path} readable by you only",)
        elif self.read_only:
            raise StoreError(f"{path} does not exist")
        else:
            try:
                files.create_private_file(path)
            except FileExistsError:
                pass
            except OSError as error:
                raise StoreError(f"cannot create {path}: {error.strerror}") from None
        timeout = self.busy_timeout_ms / 1000
        try:
            if self.read_only:
                return sqlite3.connect(files.read_only_uri(path), timeout=timeout, uri=True)
            return sqlite3.connect(path, timeout=timeout)
        except sqlite3.Error as error:
            raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None

    def _open(self) -> None:
        """Settings, then the schema: checked before the journal mode changes anything,
        then upgraded (writable stores only)."""
        conn = self.conn
        if self.read_only:
            conn.execute("PRAGMA query_only = ON")  # SQLite refuses writes too, not only us
        conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        version = migrations.schema_version(conn)
        self._refuse_newer(version)
        latest = migrations.LATEST_VERSION
        if self.read_only:
            if version < latest:
                raise StoreError(
                    f"{self.path} has an older schema ({version}; this homecheck uses"
                    f" {latest}) and is read-only; open it once where it can be written"
                    " to upgrade it"
                )
            return
        if self.path != MEMORY:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError(f"{self.path}: cannot use write-ahead logging ({mode})")
        conn.execute("PRAGMA synchronous = FULL")
        if 0 < version < latest and self.path != MEMORY:
            self._backup(f"{self.path}.v{version}.bak")
        if version < latest:
            migrations.migrate(self.db)

    def _refuse_newer(self, version: int) -> None:
        if version > migrations.LATEST_VERSION:
            raise StoreError(
                f"{self.path} was made by a newer homecheck (schema {version}, this one "
                f"knows {migrations.LATEST_VERSION}); upgrade homecheck to open it"
            )

    def _backup(self, target: str) -> None:
        """A private copy of the database, taken before any migration touches it."""
        target_path = Path(target)
        if target_path.exists():
            target_path.unlink()
        files.create_private_file(target_path)
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
    def atomic(self) -> Iterator[None]:
        """Several writes as one: all of them are committed, or none (the demo client with
        its visit). Values read or returned inside are valid only once it commits."""
        with self.write():
            yield

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One immediate transaction (waits up to busy_timeout for another writer); inside
        another, a savepoint, so a failed part is undone alone.

        What the transaction teaches the connection about the database (item keys) is kept
        only once COMMIT succeeds: a rollback leaves nothing behind in memory.
        """
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only; nothing can be saved")
        conn = self.conn
        depth = len(self._pending_keys)
        if depth and not conn.in_transaction:
            # SQLite rolled the whole transaction back after an error (an I/O error, say):
            # a savepoint now would begin, and commit, a transaction of its own.
            raise StoreError(f"{self.path}: an earlier error undid these changes; try again")
        try:
            conn.execute(f"SAVEPOINT w{depth}" if depth else "BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None
        self._pending_keys.append({})
        try:
            yield conn
            conn.execute(f"RELEASE w{depth}" if depth else "COMMIT")
        except BaseException as error:
            self._pending_keys.pop()
            self._undo(depth)
            if isinstance(error, sqlite3.Error):
                raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None
            raise
        learned = self._pending_keys.pop()
        (self._pending_keys[-1] if depth else self._item_keys).update(learned)

    def _undo(self, depth: int) -> None:
        """Roll back this level; the error being reported matters more than one here."""
        conn = self.conn
        try:
            if depth:
                conn.execute(f"ROLLBACK TO w{depth}")
                conn.execute(f"RELEASE w{depth}")
            elif conn.in_transaction:
                conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Rows by column name, without changing the connection's own row factory."""
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        try:
            return cursor.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as error:
            raise StoreError(_describe(error, self.path, self.busy_timeout_ms)) from None

    def item_key(self, conn: sqlite3.Connection, item_id: str) -> int:
        """The small integer that stands for an item id in answers and history.

        Called inside a write: a key found or made there is pending until that write
        commits, because a rolled-back INSERT frees its key for the next new item.
        """
        key = self._item_keys.get(item_id)
        if key is not None:
            return key
        for pending in reversed(self._pending_keys):
            key = pending.get(item_id)
            if key is not None:
                return key
        row = conn.execute("SELECT key FROM item_keys WHERE item_id = ?", (item_id,)).fetchone()
        if row is None:
            key = conn.execute("INSERT INTO item_keys (item_id) VALUES (?)", (item_id,)).lastrowid
        else:
            key = row[0]
        assert key is not None
        if self._pending_keys:
            self._pending_keys[-1][item_id] = key
        return key


def _describe(error: sqlite3.Error, path: str, waited_ms: int = BUSY_TIMEOUT_MS) -> str:
    """One line for the user, chosen by SQLite's error code. SQLite's messages name the
    problem, never row data."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return (
            f"{path} is locked by another program (waited {waited_ms / 1000:g} s);"
            " close the other program and try again"
        )
    if primary == sqlite3.SQLITE_READONLY:
        return f"{path} is read-only; nothing can be saved (check its permissions)"
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return f"{path} is damaged ({error}); restore it from a backup"
    if primary == sqlite3.SQLITE_FULL:
        return f"{path}: the disk is full; nothing was saved (free some space and try again)"
    if primary == sqlite3.SQLITE_IOERR:
        return f"{path} could not be read or written (disk I/O error); check the disk"
    if primary == sqlite3.SQLITE_CANTOPEN:
        return f"{path} cannot be opened ({error})"
    return f"{path}: database error: {error}"
