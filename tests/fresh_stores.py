"""Each in-memory Store a test opens starts as a copy of one migrated once per process.

Opening an empty database runs every migration, about 8 ms, and tests open a new store
hundreds of times. A copy made with SQLite's backup is the same database (schema, indexes,
`user_version`) in a tenth of that. Tests only, and only for in-memory stores; files are
opened, checked and migrated as the app does, and tests/test_store*.py and
tests/test_*migration* cover the migrations themselves.
"""

from __future__ import annotations

import sqlite3

from homecheck import migrations
from homecheck.store.connection import MEMORY, Connection

_connect = Connection._connect
_template: list[sqlite3.Connection] = []


def _template_connection() -> sqlite3.Connection:
    if not _template:
        _template.append(Connection().conn)  # migrated by the app's own code, once
    return _template[0]


def _connect_from_template(self: Connection) -> sqlite3.Connection:
    conn = _connect(self)
    if self.path == MEMORY and not self.read_only:
        _template_connection().backup(conn)
    return conn


def install() -> None:
    template = _template_connection()  # before the patch: a store migrated from empty
    assert migrations.schema_version(template) == migrations.LATEST_VERSION
    Connection._connect = _connect_from_template  # type: ignore[method-assign]
