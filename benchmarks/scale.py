"""A generated database: N clients, M completed visits of K answers each, quick to make.

Rows go in with set-based SQL in a few large transactions (with synchronous off while
generating), so 10,000 clients and 50,000 visits take seconds, not minutes. The schema is
homecheck's own: the file is made by opening a Store first.
"""

from __future__ import annotations

import random
import sqlite3
import uuid
from datetime import date, timedelta
from pathlib import Path

from homecheck import rules
from homecheck.checklists import load_catalog
from homecheck.model import ActionOwner, Answer, Catalog
from homecheck.store import Store, now_ms, search_key

FIRST = [
    "Ada",
    "Bea",
    "Cal",
    "Dora",
    "Eli",
    "Fay",
    "Gus",
    "Hal",
    "Ida",
    "Jo",
    "Kit",
    "Lou",
    "Mae",
    "Ned",
    "Ola",
    "Pip",
    "Quin",
    "Ray",
    "Sue",
    "Tam",
    "Una",
    "Vic",
    "Wyn",
    "Zoë",
]
LAST = [
    "Example",
    "Sample",
    "Testing",
    "Placeholder",
    "Fictional",
    "Dummy",
    "Ødegård",
    "Nguyễn",
    "Marlow",
    "Rivera",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Kowalski",
]
STREETS = ["Larch Row", "Oak Lane", "Mill Street", "Station Road", "Hill View", "Quay Side"]


def generate(
    path: Path, *, clients: int, visits: int, items_per_visit: int = 150, seed: int = 7
) -> Path:
    """Make `path` (replacing it) and return it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    Store(path).close()
    catalog = load_catalog()
    item_ids = list(catalog.items)[:items_per_visit]
    sections = [s.id for s in catalog.sections]
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")  # a throwaway file: no journal while filling
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO item_keys (item_id) VALUES (?)", [(i,) for i in item_ids])
    stamp = "2026-01-01T09:00:00.000+00:00"
    rows = []
    for n in range(clients):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {n}"
        address = f"{rng.randint(1, 200)} {rng.choice(STREETS)}"
        rows.append((name, address, search_key(name, address), stamp, stamp, _uuid(rng)))
    conn.executemany(
        "INSERT INTO clients (name, address, search_text, created, updated, uuid)"
        " VALUES (?,?,?,?,?,?)",
        rows,
    )
    start = date(2024, 1, 1)
    visit_rows = [
        (
            1 + v % clients,
            (start + timedelta(days=v % 900)).isoformat(),
            "Sam Example",
            "occupational-therapist",
            "in-person",
            "completed",
            _json(sections),
            catalog.content_hash,
            stamp,
            stamp,
            _uuid(rng),
        )
        for v in range(visits)
    ]
    conn.executemany(
        "INSERT INTO visits (client_id, visit_date, assessor, role, mode, status, sections,"
        " content_hash, created, completed, uuid) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        visit_rows,
    )
    ms = now_ms()
    # One template visit of answers, copied to every visit with set-based SQL.
    conn.execute("CREATE TEMP TABLE template (item_key INTEGER, answer TEXT, seq INTEGER)")
    conn.executemany(
        "INSERT INTO template VALUES (?,?,?)",
        [(k + 1, "hazard" if k % 4 == 0 else "ok", k + 1) for k in range(len(item_ids))],
    )
    conn.execute(
        "INSERT INTO responses (visit_id, item_key, answer, updated)"
        " SELECT v.id, t.item_key, t.answer, ? FROM visits v, template t"
        " ORDER BY v.id, t.item_key",
        (ms,),
    )
    conn.execute(
        "INSERT INTO response_log (visit_id, seq, item_key, answer, changed)"
        " SELECT v.id, t.seq, t.item_key, t.answer, ? FROM visits v, template t"
        " ORDER BY v.id, t.seq",
        (ms,),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return path


def _uuid(rng: random.Random) -> str:
    """A version 4 UUID from the generator's seed, so the file is the same every time."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _json(values: list[str]) -> str:
    import json

    return json.dumps(values)


def cached(folder: Path, *, clients: int, visits: int, items_per_visit: int = 150) -> Path:
    """Reuse a database made earlier with the same shape (and generator version)."""
    folder.mkdir(parents=True, exist_ok=True)
    from homecheck.migrations import LATEST_VERSION

    # The schema version is in the name: an older file would be migrated (and backed up)
    # in place on opening, which is not what a benchmark should measure or leave behind.
    path = folder / f"scale-schema{LATEST_VERSION}-{clients}-{visits}-{items_per_visit}.db"
    if not path.exists():
        generate(path, clients=clients, visits=visits, items_per_visit=items_per_visit)
    return path


def findings_visit(store: Store, catalog: Catalog, *, actions: bool = False) -> int:
    """The report and export rows' visit: a client with osteoporosis living alone, the
    first sections that hold 150 applicable items, every fourth item a hazard with a note
    (38 findings), the rest safe; with `actions`, an action on every fourth finding.
    Completed; returns its id."""
    client = store.add_client("Bench Example", flags={"osteoporosis", "lives_alone"})
    chosen, count = [], 0
    for section in catalog.sections:
        chosen.append(section.id)
        count += len(rules.applicable_items(section, client.flags))
        if count >= 150:
            break
    visit = store.start_visit(
        client.id, visit_date=date(2026, 1, 1), sections=chosen, content_hash=catalog.content_hash
    )
    items = [
        i
        for s in rules.visit_sections(catalog, chosen)
        for i in rules.applicable_items(s, client.flags)
    ][:150]
    for n, item in enumerate(items):
        if n % 4:
            store.save_response(visit.id, item.id, Answer.OK)
            continue
        note = "Seen during the visit; discussed with the client."
        store.save_response(visit.id, item.id, Answer.HAZARD, note=note)
        if actions and n % 16 == 0:
            store.save_action(visit.id, item.id, ActionOwner.FAMILY, target_date=date(2026, 2, 1))
    store.complete_visit(visit.id)
    return visit.id
