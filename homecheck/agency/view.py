"""Serve an agency database with Datasette on this computer only, read-only.

Datasette is an optional extra (`homecheck[agency]`), imported only here and only when the
view starts. The database is served under the name `agency` whatever its file is called,
so the shipped metadata and its canned queries always find it.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import sqlite3
import sys
import webbrowser
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import FrameType
from typing import Any

from homecheck.agency.checklist import attach_checklist
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.store.files import read_only_uri

DATABASE = "agency"
HOST = "127.0.0.1"
DEFAULT_PORT = 8001
INSTALL_HINT = "pip install 'homecheck[agency]'"
# A canned query over every visit of a large agency takes far longer than Datasette's 1 s
# (common hazards: 10-16 s over 10,000 visits on a busy 2-core machine); one person uses
# the view, on their own computer.
SQL_TIME_LIMIT_MS = 60_000


class AgencyViewError(Exception):
    """A problem to say in one line; the message names places, never a client's data."""


def load_metadata() -> dict[str, Any]:
    """The shipped labels and canned queries (YAML, parsed by Datasette's own reader)."""
    from datasette.utils import parse_metadata

    text = resources.files("homecheck.agency").joinpath("metadata.yaml").read_text("utf-8")
    metadata: dict[str, Any] = parse_metadata(text)
    return metadata


def read_columns(path: Path, warn: Callable[[str], None]) -> dict[str, set[str]]:
    """Each table's columns, after refusing in one line what is not a homecheck database
    of this version: the checks every reading command makes, through a read-only Store
    (which makes a file others could read private, and says so through `warn`)."""
    if any(mark in str(path) for mark in "?#"):
        raise AgencyViewError(f"{path}: rename the file without '?' or '#' to view it")
    store = Store(path, read_only=True)
    try:
        for notice in store.notices:
            warn(f"homecheck: {notice}")
        tables = [row[0] for row in store.conn.execute(_TABLES)]
        return {
            table: {row[0] for row in store.conn.execute(_COLUMNS, (table,))} for table in tables
        }
    finally:
        store.close()


_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table'"
_COLUMNS = "SELECT name FROM pragma_table_info(?)"


def describe_present_columns(metadata: dict[str, Any], columns: dict[str, set[str]]) -> None:
    """Keep the descriptions of the columns this database has: the labels cover schema
    versions before and after a column was added, and Datasette lists every one given."""
    for table, meta in metadata["databases"][DATABASE]["tables"].items():
        present = columns.get(table, set())
        if "columns" in meta:
            meta["columns"] = {k: v for k, v in meta["columns"].items() if k in present}


def build_datasette(path: Path, catalog: Catalog, columns: dict[str, set[str]]) -> Any:
    """A Datasette with the agency database and the shipped metadata, nothing else."""
    try:
        from datasette.app import Datasette
        from datasette.database import Database
    except ImportError:
        raise AgencyViewError(f"agency-view needs Datasette: {INSTALL_HINT}") from None

    uri = read_only_uri(path)

    class ReadOnlyDatabase(Database):  # type: ignore[misc]
        """Every connection read-only, with the checklist attached: the file is opened as
        the reading commands open it (closing tidies its -wal and -shm away), and SQLite
        itself refuses writes (query_only); Datasette's writing connection is refused."""

        def connect(self, write: bool = False) -> sqlite3.Connection:
            if write:
                raise AgencyViewError("the agency view is read-only")
            conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            attach_checklist(conn, catalog)
            conn.execute("PRAGMA query_only = ON")
            self._all_file_connections.append(conn)
            return conn

    metadata = load_metadata()
    describe_present_columns(metadata, columns)
    ds = Datasette(
        [],
        metadata=metadata,
        settings={"sql_time_limit_ms": SQL_TIME_LIMIT_MS},
    )
    ds.remove_database("_memory")
    ds.add_database(ReadOnlyDatabase(ds, path=str(path.absolute())), name=DATABASE)
    return ds


def listen(port: int) -> socket.socket:
    """The listening socket, on the loopback address only; `port` 0 picks a free one."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise AgencyViewError(
            f"cannot listen on {HOST}:{port} ({error.strerror}); choose another with --port"
        ) from None
    return sock


def serve(
    path: Path,
    catalog: Catalog,
    *,
    port: int = DEFAULT_PORT,
    open_browser: bool = True,
    say: Callable[[str], None] = lambda line: print(line, flush=True),
    warn: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
) -> None:
    """Serve until Ctrl+C (or SIGTERM). The address and the sign-in link are said once the
    socket listens, so whatever reads them can connect at once; the browser is sent to
    the link. Request logging is off: a filter typed into Datasette (a client's name,
    say) travels in the address, and would be printed."""
    ds = build_datasette(path, catalog, read_columns(path, warn))
    import uvicorn

    database = ds.get_database(DATABASE)
    sock = listen(port)
    config = uvicorn.Config(
        ds.app(), log_level="warning", access_log=False, lifespan="on", workers=1
    )
    server = uvicorn.Server(config)

    def stop(signum: int, frame: FrameType | None) -> None:
        server.should_exit = True

    # Ours outside uvicorn's own (it hands the signal back to ours when it has shut
    # down): Ctrl+C or SIGTERM then ends the server, and nothing else, at any moment.
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        address = f"http://{HOST}:{sock.getsockname()[1]}"
        url = f"{address}/{DATABASE}"
        # Datasette's own sign-in for its root user (what `datasette --root` prints): the
        # link works once and leaves a signed cookie in the browser that used it.
        sign_in = f"{address}/-/auth-token?token={ds._root_token}"

        async def run() -> None:
            await ds.invoke_startup()
            # The views compile against this database, or it says so before serving.
            await database.execute("SELECT 1 FROM findings LIMIT 1")
            say(f"agency view (read-only) at {url}  (Ctrl+C to stop)")
            say(f"sign in (the link works once): {sign_in}")
            if open_browser:
                webbrowser.open(sign_in)
            await server.serve(sockets=[sock])

        asyncio.run(run())
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()
        database.close()
