"""The checklist beside the agency database: item words and priorities, and the views the
canned queries read.

The database holds item ids only; what a finding is called, its section and its priority
live in the checklist files. Every connection the view opens gets them as an attached
in-memory database named `checklist`, filled from the loaded catalog, so nothing is ever
written to the clients' database or left on disk. TEMP views over both (`findings`,
`latest_visit`, `latest_completed`) then reproduce `rules.effective_priority` and
`rules.findings` in SQL, so the queries agree with the reports.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from homecheck.model import ActionOwner, AssessorRole, Audience, Catalog, Priority
from homecheck.rules import wording

SCHEMA = "checklist"

_TABLES = (
    "CREATE TABLE checklist.priorities (rank INTEGER PRIMARY KEY, name TEXT, label TEXT)",
    "CREATE TABLE checklist.sections (id TEXT PRIMARY KEY, title TEXT, kind TEXT,"
    " position INTEGER)",
    "CREATE TABLE checklist.items (id TEXT PRIMARY KEY, section_id TEXT, position INTEGER,"
    " check_text TEXT, finding TEXT, priority TEXT, priority_rank INTEGER)",
    "CREATE TABLE checklist.item_applies (item_id TEXT, flag TEXT, PRIMARY KEY (item_id, flag))",
    "CREATE TABLE checklist.item_raises (item_id TEXT, flag TEXT, priority_rank INTEGER,"
    " PRIMARY KEY (item_id, flag))",
    "CREATE TABLE checklist.flags (id TEXT PRIMARY KEY, label TEXT)",
    "CREATE TABLE checklist.owners (id TEXT PRIMARY KEY, label TEXT, position INTEGER)",
    "CREATE TABLE checklist.roles (id TEXT PRIMARY KEY, label TEXT)",
)

# A client's latest visit (any status: actions carry over to a follow-up when it starts,
# so the latest visit holds the current ones) and latest completed visit (what was last
# found). Ties on the date go to the later id, as the app orders visits.
_LATEST = """
CREATE TEMP VIEW {name} AS
SELECT v.client_id, v.id AS visit_id FROM main.visits v
WHERE {where} NOT EXISTS (
    SELECT 1 FROM main.visits w WHERE w.client_id = v.client_id {also}
    AND (w.visit_date > v.visit_date OR (w.visit_date = v.visit_date AND w.id > v.id)))
"""

# Flags and sections are stored as JSON arrays of catalog ids (plain words, no quotes), so
# a quoted id found in the text is an element: several times faster than json_each, and
# these run once per hazard in the database.
_HAS_FLAG = "instr(c.flags, '\"' || {}.flag || '\"') > 0"

# The profile's raise: the highest priority any of the client's flags gives the item.
_RAISED = (
    "(SELECT min(x.priority_rank) FROM checklist.item_raises x"  # noqa: S608 - constants
    f" WHERE x.item_id = i.id AND {_HAS_FLAG.format('x')})"
)

# Hazards on items in the visit's sections that apply to the client (rules.findings),
# with the effective priority: the assessor's override, else the item's own raised by
# the profile (rules.effective_priority). That rank is worked out once per hazard, in the
# join on `priorities`; who set it is read from the rank found (the profile raised it if
# it is above the item's own and the assessor did not set it).
_FINDINGS = f"""
CREATE TEMP VIEW findings AS
SELECT c.id AS client_id, c.name AS client, r.visit_id, v.visit_date,
    v.status AS visit_status, v.assessor, i.section_id, s.title AS section,
    s.position AS section_position, i.id AS item_id, i.position AS item_position,
    i.finding, i.priority AS default_priority, p.rank AS priority_rank,
    CASE WHEN r.priority_override IS NOT NULL THEN 'the assessor'
        WHEN p.rank < i.priority_rank THEN 'the client''s profile'
        ELSE 'the checklist'
    END AS priority_set_by,
    p.name AS priority, p.label AS priority_label
FROM main.responses r
JOIN main.item_keys k ON k.key = r.item_key
JOIN main.visits v ON v.id = r.visit_id
JOIN main.clients c ON c.id = v.client_id
JOIN checklist.items i ON i.id = k.item_id
JOIN checklist.sections s ON s.id = i.section_id
JOIN checklist.priorities p ON p.rank = CASE WHEN r.priority_override IS NOT NULL
    THEN (SELECT o.rank FROM checklist.priorities o WHERE o.name = r.priority_override)
    ELSE min(i.priority_rank, coalesce({_RAISED}, i.priority_rank))
END
WHERE r.answer = 'hazard'
AND instr(v.sections, '"' || i.section_id || '"') > 0
AND (NOT EXISTS (SELECT 1 FROM checklist.item_applies a WHERE a.item_id = i.id)
    OR EXISTS (SELECT 1 FROM checklist.item_applies a
        WHERE a.item_id = i.id AND {_HAS_FLAG.format("a")}))
"""  # noqa: S608 - fixed text: only the constants above are put in

VIEWS = (
    _LATEST.format(name="latest_visit", where="", also=""),
    _LATEST.format(
        name="latest_completed",
        where="v.status = 'completed' AND",
        also="AND w.status = 'completed'",
    ),
    _FINDINGS,
)


def attach_checklist(conn: sqlite3.Connection, catalog: Catalog) -> None:
    """Give one connection the checklist (in memory) and the TEMP views over both.

    Called before the connection is made query-only: both live outside the database file.
    """
    conn.execute(f"ATTACH DATABASE ':memory:' AS {SCHEMA}")
    for statement in _TABLES:
        conn.execute(statement)
    for table, rows in checklist_rows(catalog):
        marks = ",".join("?" * len(rows[0]))
        conn.executemany(f"INSERT INTO {SCHEMA}.{table} VALUES ({marks})", rows)  # noqa: S608
    for statement in VIEWS:
        conn.execute(statement)


def checklist_rows(catalog: Catalog) -> Iterator[tuple[str, list[tuple[object, ...]]]]:
    """Each lookup table's rows, from the catalog: clinician words, the finding as found."""
    yield "priorities", [(p.rank, p.value, p.label) for p in Priority]
    yield "sections", [(s.id, s.title, s.kind.value, s.order) for s in catalog.sections]
    items: list[tuple[object, ...]] = []
    applies: list[tuple[object, ...]] = []
    raises: list[tuple[object, ...]] = []
    for section in catalog.sections:
        for position, item in enumerate(section.items):
            words = wording(item, Audience.CLINICIAN)
            items.append(
                (
                    item.id,
                    section.id,
                    position,
                    words.check,
                    words.finding,
                    item.priority.value,
                    item.priority.rank,
                )
            )
            applies += [(item.id, flag) for flag in dict.fromkeys(item.applies_if)]
            best: dict[str, int] = {}
            for flag, priority in item.raise_if:
                best[flag] = min(best.get(flag, priority.rank), priority.rank)
            raises += list((item.id, flag, rank) for flag, rank in best.items())
    yield "items", items
    if applies:
        yield "item_applies", applies
    if raises:
        yield "item_raises", raises
    if catalog.flags:
        yield "flags", [(f.id, f.label) for f in catalog.flags.values()]
    yield "owners", [(o.value, o.label, n) for n, o in enumerate(ActionOwner)]
    yield "roles", [(r.value, r.label) for r in AssessorRole]
