"""Schema versions, applied in order. A released migration is never edited: add a new one.

The version lives in SQLite's `user_version`, so a database knows its own schema without
an extra table, and a newer homecheck's database can be refused before anything is touched.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils


def _v1_initial(db: sqlite_utils.Database) -> None:
    """Clients, visits, responses, the append-only response log and small settings."""
    db.execute(
        """
        CREATE TABLE clients (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            birth_date TEXT,
            address TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            caregiver TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            flags TEXT NOT NULL DEFAULT '[]',
            search_text TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE visits (
            id INTEGER PRIMARY KEY,
            client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
            visit_date TEXT NOT NULL,
            assessor TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL,
            mode TEXT NOT NULL,
            status TEXT NOT NULL,
            sections TEXT NOT NULL DEFAULT '[]',
            content_hash TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL,
            completed TEXT NOT NULL DEFAULT '',
            amended INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute("CREATE INDEX visits_client ON visits(client_id, visit_date)")
    db.execute(
        """
        CREATE TABLE responses (
            visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            answer TEXT NOT NULL CHECK (answer IN ('ok', 'hazard', 'na')),
            note TEXT NOT NULL DEFAULT '',
            measurement REAL,
            priority_override TEXT,
            override_reason TEXT NOT NULL DEFAULT '',
            recommendation TEXT NOT NULL DEFAULT '',
            updated TEXT NOT NULL,
            PRIMARY KEY (visit_id, item_id)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        """
        CREATE TABLE response_log (
            id INTEGER PRIMARY KEY,
            visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            item_id TEXT NOT NULL,
            answer TEXT,
            note TEXT NOT NULL DEFAULT '',
            measurement REAL,
            priority_override TEXT,
            override_reason TEXT NOT NULL DEFAULT '',
            recommendation TEXT NOT NULL DEFAULT '',
            changed TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX response_log_visit ON response_log(visit_id, item_id)")
    db.execute(
        """
        CREATE TRIGGER response_log_append_only BEFORE UPDATE ON response_log
        BEGIN SELECT RAISE(ABORT, 'response_log is append-only'); END
        """
    )
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")


Migration = Callable[[sqlite_utils.Database], None]

# Index i holds the migration that takes a database from version i to version i + 1.
MIGRATIONS: tuple[Migration, ...] = (_v1_initial,)

LATEST_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    row = db.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def schema_version_of(path: object) -> int:
    """The schema version of a database file, read without migrating it."""
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every pending migration, each in its own transaction; return the new version."""
    version = schema_version(db)
    while version < LATEST_VERSION:
        with db.atomic():
            MIGRATIONS[version](db)
            version += 1
            db.execute(f"PRAGMA user_version = {version}")
    return version
