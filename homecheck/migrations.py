"""Schema versions, applied in order. A released migration is never edited: add a new one.

The version lives in SQLite's `user_version`, so a database knows its own schema without
an extra table, and a newer homecheck's database can be refused before anything is touched.
"""

from __future__ import annotations

import secrets
import sqlite3
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def _v2_compact_answers(db: sqlite_utils.Database) -> None:
    """Answers and history in about a third of the space (budget: 12 KB a visit).

    Item ids become small integer keys, times become integer milliseconds, and the history
    is keyed by (visit, sequence) WITHOUT ROWID, so it needs no separate index.
    """
    db.execute("CREATE TABLE item_keys (key INTEGER PRIMARY KEY, item_id TEXT NOT NULL UNIQUE)")
    db.execute(
        "INSERT INTO item_keys (item_id) SELECT item_id FROM responses"
        " UNION SELECT item_id FROM response_log"
    )
    db.execute(
        """
        CREATE TABLE responses_v2 (
            visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            item_key INTEGER NOT NULL REFERENCES item_keys(key),
            answer TEXT NOT NULL CHECK (answer IN ('ok', 'hazard', 'na')),
            note TEXT NOT NULL DEFAULT '',
            measurement REAL,
            priority_override TEXT,
            override_reason TEXT NOT NULL DEFAULT '',
            recommendation TEXT NOT NULL DEFAULT '',
            updated INTEGER NOT NULL,
            PRIMARY KEY (visit_id, item_key)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        "INSERT INTO responses_v2 SELECT r.visit_id, k.key, r.answer, r.note, r.measurement,"
        " r.priority_override, r.override_reason, r.recommendation,"
        " CAST(round((julianday(r.updated) - 2440587.5) * 86400000) AS INTEGER)"
        " FROM responses r JOIN item_keys k ON k.item_id = r.item_id"
    )
    db.execute(
        """
        CREATE TABLE response_log_v2 (
            visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            item_key INTEGER NOT NULL REFERENCES item_keys(key),
            answer TEXT,
            note TEXT NOT NULL DEFAULT '',
            measurement REAL,
            priority_override TEXT,
            override_reason TEXT NOT NULL DEFAULT '',
            recommendation TEXT NOT NULL DEFAULT '',
            changed INTEGER NOT NULL,
            PRIMARY KEY (visit_id, seq)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        "INSERT INTO response_log_v2 SELECT l.visit_id,"
        " row_number() OVER (PARTITION BY l.visit_id ORDER BY l.id), k.key, l.answer, l.note,"
        " l.measurement, l.priority_override, l.override_reason, l.recommendation,"
        " CAST(round((julianday(l.changed) - 2440587.5) * 86400000) AS INTEGER)"
        " FROM response_log l JOIN item_keys k ON k.item_id = l.item_id"
    )
    db.execute("DROP TRIGGER response_log_append_only")
    db.execute("DROP TABLE responses")
    db.execute("DROP TABLE response_log")
    db.execute("ALTER TABLE responses_v2 RENAME TO responses")
    db.execute("ALTER TABLE response_log_v2 RENAME TO response_log")
    db.execute(
        """
        CREATE TRIGGER response_log_append_only BEFORE UPDATE ON response_log
        BEGIN SELECT RAISE(ABORT, 'response_log is append-only'); END
        """
    )


def _v3_list_indexes(db: sqlite_utils.Database) -> None:
    """The home screen lists 200 of 10,000 clients in a few milliseconds: clients by name
    from an index, and the (few) visits in progress from a partial index."""
    db.execute("CREATE INDEX clients_name ON clients(name COLLATE NOCASE, id)")
    db.execute("CREATE INDEX visits_in_progress ON visits(client_id) WHERE status = 'in-progress'")


def _v4_follow_ups_and_actions(db: sqlite_utils.Database) -> None:
    """A follow-up visit points at the visit it re-checks; findings can carry an action."""
    db.execute(
        "ALTER TABLE visits ADD COLUMN previous_visit_id INTEGER"
        " REFERENCES visits(id) ON DELETE SET NULL"
    )
    db.execute(
        """
        CREATE TABLE actions (
            visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            item_key INTEGER NOT NULL REFERENCES item_keys(key),
            owner TEXT NOT NULL CHECK (owner IN
                ('client', 'family', 'handyperson', 'landlord', 'therapist', 'other')),
            target_date TEXT,
            done_date TEXT,
            note TEXT NOT NULL DEFAULT '',
            updated INTEGER NOT NULL,
            PRIMARY KEY (visit_id, item_key)
        ) WITHOUT ROWID
        """
    )


def _v5_unknown_answer(db: sqlite_utils.Database) -> None:
    """A fourth answer, "Don't know", stored as 'unknown'.

    SQLite cannot change a CHECK constraint in place, so the answers move to a table with
    the wider one (SQLite's documented way to alter a table); every row is kept as it was.
    """
    db.execute(
        """
        CREATE TABLE responses_v5 (
            visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            item_key INTEGER NOT NULL REFERENCES item_keys(key),
            answer TEXT NOT NULL CHECK (answer IN ('ok', 'hazard', 'na', 'unknown')),
            note TEXT NOT NULL DEFAULT '',
            measurement REAL,
            priority_override TEXT,
            override_reason TEXT NOT NULL DEFAULT '',
            recommendation TEXT NOT NULL DEFAULT '',
            updated INTEGER NOT NULL,
            PRIMARY KEY (visit_id, item_key)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        "INSERT INTO responses_v5 (visit_id, item_key, answer, note, measurement,"
        " priority_override, override_reason, recommendation, updated)"
        " SELECT visit_id, item_key, answer, note, measurement, priority_override,"
        " override_reason, recommendation, updated FROM responses"
    )
    db.execute("DROP TABLE responses")
    db.execute("ALTER TABLE responses_v5 RENAME TO responses")


def _v6_visit_log(db: sqlite_utils.Database) -> None:
    """Completing and reopening a visit are kept in an append-only log of their own: the
    answers' history is per item, and reopening is a deliberate act worth an audit trail.

    Visits already completed get their completion as the first entry.
    """
    db.execute(
        """
        CREATE TABLE visit_log (
            visit_id INTEGER NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            event TEXT NOT NULL CHECK (event IN ('completed', 'reopened')),
            changed INTEGER NOT NULL,
            PRIMARY KEY (visit_id, seq)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        "INSERT INTO visit_log SELECT id, 1, 'completed',"
        " CAST(round((julianday(completed) - 2440587.5) * 86400000) AS INTEGER)"
        " FROM visits WHERE status = 'completed' AND completed != ''"
    )
    db.execute(
        """
        CREATE TRIGGER visit_log_append_only BEFORE UPDATE ON visit_log
        BEGIN SELECT RAISE(ABORT, 'visit_log is append-only'); END
        """
    )


def _v7_stable_ids(db: sqlite_utils.Database) -> None:
    """Clients and visits get a random UUID that export and import keep, so the same client
    or visit is recognised in any database it reaches; the integer ids stay internal.

    Answers and actions need no column (it would cost about 11 KB a visit, near the whole
    budget of 12): each is identified by its visit's UUID and its item id.

    With a stable UUID, de-identified exports of one client can be told to be the same;
    each client therefore also gets the one number of days (1 to 730, drawn with
    `secrets`) that every de-identified export of it moves its dates by, so that
    comparing repeat exports cannot narrow the dates down.
    """
    db.conn.create_function("homecheck_uuid4", 0, lambda: str(uuid.uuid4()))
    db.conn.create_function("homecheck_shift", 0, lambda: 1 + secrets.randbelow(730))
    for table in ("clients", "visits"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN uuid TEXT")
        db.execute(f"UPDATE {table} SET uuid = homecheck_uuid4()")  # noqa: S608 (fixed names)
        db.execute(f"CREATE UNIQUE INDEX {table}_uuid ON {table}(uuid)")
    db.execute("ALTER TABLE clients ADD COLUMN date_shift INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE clients SET date_shift = homecheck_shift()")


Migration = Callable[["sqlite_utils.Database"], None]

# Index i holds the migration that takes a database from version i to version i + 1.
MIGRATIONS: tuple[Migration, ...] = (
    _v1_initial,
    _v2_compact_answers,
    _v3_list_indexes,
    _v4_follow_ups_and_actions,
    _v5_unknown_answer,
    _v6_visit_log,
    _v7_stable_ids,
)

LATEST_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection | sqlite_utils.Database) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(db: sqlite_utils.Database) -> int:
    """Apply every pending migration, each in its own transaction; return the new version."""
    version = schema_version(db)
    while version < LATEST_VERSION:
        with db.atomic():
            MIGRATIONS[version](db)
            version += 1
            db.execute(f"PRAGMA user_version = {version}")
    return version
