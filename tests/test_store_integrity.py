"""Nothing held in memory outlives a rolled-back transaction: after any failed write, the
next answers land on the items they were given for. Every person here is fictional."""

from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from homecheck.model import Answer, Catalog
from homecheck.store import Store, StoreError

FIXED = date(2026, 11, 2)
BATH = "bathroom.grab_bar_bath_shower"
TOILET = "bathroom.grab_bar_toilet"


def new_visit(store: Store) -> int:
    client = store.add_client("Ada Example")
    visit = store.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    return visit.id


def stored_answers(path: Path | str, visit_id: int) -> dict[str, str]:
    """What is on disk, read by a connection of its own (not the store under test)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(
            "SELECT k.item_id, r.answer FROM responses r JOIN item_keys k ON k.key = r.item_key"
            " WHERE r.visit_id = ?",
            (visit_id,),
        ).fetchall()
    finally:
        conn.close()
    return dict(rows)


def fail_on_note(store: Store, note: str) -> None:
    """A trigger that fails the write (mid-transaction, after the item key was made)."""
    store.conn.execute(
        "CREATE TEMP TRIGGER fail_on_note BEFORE INSERT ON response_log"
        f" WHEN NEW.note = '{note}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    )


def test_a_refused_detail_does_not_move_later_answers(file_store: Store) -> None:
    """The reproduction from issue 11: the bath bar's refused note, then two answers."""
    visit_id = new_visit(file_store)
    with pytest.raises(StoreError, match="answer the item"):
        file_store.save_response(visit_id, BATH, note="x")
    file_store.save_response(visit_id, TOILET, Answer.OK)
    file_store.save_response(visit_id, BATH, Answer.HAZARD)
    assert stored_answers(file_store.path, visit_id) == {TOILET: "ok", BATH: "hazard"}
    saved = file_store.responses(visit_id)
    assert saved[TOILET].answer is Answer.OK and saved[BATH].answer is Answer.HAZARD


def test_a_sqlite_failure_mid_transaction_does_not_move_later_answers(file_store: Store) -> None:
    visit_id = new_visit(file_store)
    fail_on_note(file_store, "boom")
    with pytest.raises(StoreError, match="injected failure"):
        file_store.save_response(visit_id, BATH, Answer.HAZARD, note="boom")
    for n in range(3):
        file_store.save_response(visit_id, f"bathroom.other{n}", Answer.NA)
    file_store.save_response(visit_id, BATH, Answer.HAZARD, note="after")
    assert stored_answers(file_store.path, visit_id) == {
        "bathroom.other0": "na",
        "bathroom.other1": "na",
        "bathroom.other2": "na",
        BATH: "hazard",
    }
    assert file_store.responses(visit_id)[BATH].note == "after"


def test_a_full_disk_does_not_move_later_answers(file_store: Store) -> None:
    """SQLite's own 'disk full' (SQLITE_FULL) half-way through a save."""
    visit_id = new_visit(file_store)
    conn = file_store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(StoreError, match="disk is full"):
        file_store.save_response(visit_id, BATH, Answer.HAZARD, note="n" * 20_000)
    conn.execute("PRAGMA max_page_count = 1073741823")
    file_store.save_response(visit_id, TOILET, Answer.OK)
    file_store.save_response(visit_id, BATH, Answer.HAZARD)
    assert stored_answers(file_store.path, visit_id) == {TOILET: "ok", BATH: "hazard"}


def test_a_failed_action_does_not_move_later_answers(file_store: Store) -> None:
    from homecheck.model import ActionOwner

    visit_id = new_visit(file_store)
    file_store.conn.execute(
        "CREATE TEMP TRIGGER fail_action BEFORE INSERT ON actions"
        " WHEN NEW.note = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    )
    with pytest.raises(StoreError):
        file_store.save_action(visit_id, BATH, ActionOwner.FAMILY, note="boom")
    file_store.save_response(visit_id, TOILET, Answer.OK)
    file_store.save_response(visit_id, BATH, Answer.HAZARD)
    assert stored_answers(file_store.path, visit_id) == {TOILET: "ok", BATH: "hazard"}


def test_a_rolled_back_atomic_block_does_not_move_later_answers(file_store: Store) -> None:
    """Writes that succeeded inside an outer transaction are undone with it, keys too."""
    visit_id = new_visit(file_store)
    with pytest.raises(RuntimeError), file_store.atomic():
        file_store.save_response(visit_id, BATH, Answer.HAZARD)
        raise RuntimeError("caller gave up")
    assert file_store.responses(visit_id) == {}
    file_store.save_response(visit_id, TOILET, Answer.OK)
    file_store.save_response(visit_id, BATH, Answer.HAZARD)
    assert stored_answers(file_store.path, visit_id) == {TOILET: "ok", BATH: "hazard"}


def test_a_failure_caught_inside_an_atomic_block_undoes_only_its_own_part(
    file_store: Store,
) -> None:
    visit_id = new_visit(file_store)
    fail_on_note(file_store, "boom")
    with file_store.atomic():
        file_store.save_response(visit_id, TOILET, Answer.OK)
        with pytest.raises(StoreError):
            file_store.save_response(visit_id, BATH, Answer.HAZARD, note="boom")
        file_store.save_response(visit_id, "bathroom.other", Answer.NA)
    file_store.save_response(visit_id, BATH, Answer.HAZARD)
    assert stored_answers(file_store.path, visit_id) == {
        TOILET: "ok",
        "bathroom.other": "na",
        BATH: "hazard",
    }


def test_many_failures_and_saves_interleaved_match_a_model(file_store: Store) -> None:
    """A fixed pseudo-random run of saves, a third of them failing mid-transaction: the
    database always equals what the successful saves said."""
    visit_id = new_visit(file_store)
    fail_on_note(file_store, "boom")
    chooser = random.Random(11)
    items = [f"bathroom.item{n}" for n in range(40)]
    expected: dict[str, str] = {}
    for _ in range(300):
        item = chooser.choice(items)
        answer = chooser.choice([Answer.OK, Answer.HAZARD, Answer.NA])
        if chooser.random() < 0.33:
            with pytest.raises(StoreError):
                file_store.save_response(visit_id, item, answer, note="boom")
        else:
            file_store.save_response(visit_id, item, answer)
            expected[item] = answer.value
    assert stored_answers(file_store.path, visit_id) == expected
    reopened = Store(file_store.path)
    try:
        assert {k: r.answer.value for k, r in reopened.responses(visit_id).items()} == expected
    finally:
        reopened.close()


def test_a_failed_demo_leaves_nothing_behind(file_store: Store, catalog: Catalog) -> None:
    """The demo is one transaction: a failure half-way through its answers leaves no
    client, no visit and no answer, and the next demo is whole and correct."""
    from homecheck.demo import DEMO_HAZARDS, add_demo

    file_store.conn.execute(
        "CREATE TEMP TRIGGER fail_midway BEFORE INSERT ON response_log"
        " WHEN (SELECT count(*) FROM response_log) >= 20"
        " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    )
    with pytest.raises(StoreError, match="injected failure"):
        add_demo(file_store, catalog, visit_date=FIXED)
    conn = sqlite3.connect(file_store.path)
    try:
        for table in ("clients", "visits", "responses", "response_log", "item_keys"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
    finally:
        conn.close()
    file_store.conn.execute("DROP TRIGGER temp.fail_midway")
    client, visit = add_demo(file_store, catalog, visit_date=FIXED)
    assert [c.id for c in file_store.list_clients()] == [client.id]
    saved = stored_answers(file_store.path, visit.id)
    assert len(saved) > 20
    assert {item for item, answer in saved.items() if answer == "hazard"} <= set(DEMO_HAZARDS)
    assert saved["bathroom.grab_bar_bath_shower"] == "hazard"


def test_writes_after_sqlite_rolled_back_an_atomic_block_are_refused(file_store: Store) -> None:
    """After an I/O error SQLite may roll the whole transaction back by itself; a later
    write in the same block must not commit on its own."""
    visit_id = new_visit(file_store)
    with pytest.raises(StoreError, match="earlier error"), file_store.atomic():
        file_store.save_response(visit_id, BATH, Answer.HAZARD)
        file_store.conn.execute("ROLLBACK")  # as SQLite does after SQLITE_IOERR
        file_store.save_response(visit_id, TOILET, Answer.OK)
    assert stored_answers(file_store.path, visit_id) == {}
    file_store.save_response(visit_id, "bathroom.other", Answer.NA)
    file_store.save_response(visit_id, BATH, Answer.HAZARD)
    assert stored_answers(file_store.path, visit_id) == {"bathroom.other": "na", BATH: "hazard"}
