"""The Store: round trips, the audit log, durability settings, permissions, migrations."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from homecheck import migrations
from homecheck.model import Answer, AssessorRole, Client, Priority, Visit, VisitMode, VisitStatus
from homecheck.store import Store, StoreError, search_key

FIXED = date(2026, 11, 2)


def new_visit(store: Store, name: str = "Ada Example", **client: Any) -> tuple[Client, Visit]:
    c = store.add_client(name, **client)
    v = store.start_visit(c.id, visit_date=FIXED, sections=["bathroom"], content_hash="abc")
    return c, v


def test_client_round_trip_keeps_unicode_and_flags(store: Store) -> None:
    client = store.add_client(
        "Zoë Ødegård-Nguyễn",
        birth_date=date(1940, 2, 29),
        address="12 Rue <Test> & Co\nFlat 2",
        flags={"osteoporosis", "walker"},
    )
    again = store.get_client(client.id)
    assert again == client
    assert again.name == "Zoë Ødegård-Nguyễn" and again.flags == {"osteoporosis", "walker"}


def test_client_needs_a_name(store: Store) -> None:
    with pytest.raises(StoreError):
        store.add_client("   ")


def test_search_is_substring_case_and_accent_insensitive(store: Store) -> None:
    store.add_client("Zoë Ødegård-Nguyễn", address="Larch Row")
    store.add_client("Bea Example", address="Oak Lane")
    assert [c.client.name for c in store.client_overviews("zoe")] == ["Zoë Ødegård-Nguyễn"]
    assert [c.client.name for c in store.client_overviews("NGUYEN")] == ["Zoë Ødegård-Nguyễn"]
    assert [c.client.name for c in store.client_overviews("oak")] == ["Bea Example"]
    assert search_key("Ødegård") == "ødegard"


def test_clients_with_open_visits_come_first(store: Store) -> None:
    store.add_client("Aaron Example")
    _, visit = new_visit(store, "Zed Example")
    overviews = store.client_overviews()
    assert [o.client.name for o in overviews] == ["Zed Example", "Aaron Example"]
    assert overviews[0].open_visit_id == visit.id


def test_visit_round_trip_and_assessor_is_remembered(store: Store) -> None:
    client = store.add_client("Ada Example")
    visit = store.start_visit(
        client.id,
        visit_date=FIXED,
        sections=["bathroom", "stairs"],
        content_hash="abc123",
        assessor="Sam Example",
        role=AssessorRole.PT,
        mode=VisitMode.VIDEO,
    )
    assert store.get_visit(visit.id) == visit
    assert visit.sections == ("bathroom", "stairs") and visit.content_hash == "abc123"
    assert store.last_assessor() == ("Sam Example", AssessorRole.PT)
    assert store.open_visit(client.id) == visit
    done = store.complete_visit(visit.id)
    assert done.status is VisitStatus.COMPLETED and store.open_visit(client.id) is None


def test_save_response_changes_only_what_is_passed(store: Store) -> None:
    _, visit = new_visit(store)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    store.save_response(visit.id, "bathroom.grab_bar", note="Rug <hall> & Zoë")
    store.save_response(visit.id, "bathroom.grab_bar", measurement=39.5)
    store.save_response(
        visit.id, "bathroom.grab_bar", priority_override=Priority.LOW, override_reason="rarely used"
    )
    saved = store.responses(visit.id)["bathroom.grab_bar"]
    assert saved.answer is Answer.HAZARD
    assert saved.note == "Rug <hall> & Zoë"
    assert saved.measurement == 39.5
    assert saved.priority_override is Priority.LOW and saved.override_reason == "rarely used"


def test_details_need_an_answer_first(store: Store) -> None:
    _, visit = new_visit(store)
    with pytest.raises(StoreError, match="answer the item"):
        store.save_response(visit.id, "bathroom.grab_bar", note="x")
    assert store.responses(visit.id) == {}


def test_clearing_removes_the_row_but_the_log_keeps_history(store: Store) -> None:
    _, visit = new_visit(store)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.OK)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    assert store.save_response(visit.id, "bathroom.grab_bar", None) is None
    assert store.responses(visit.id) == {}
    history = store.response_history(visit.id, "bathroom.grab_bar")
    assert [h.answer for h in history] == [Answer.OK, Answer.HAZARD, None]
    assert all(h.changed for h in history)


def test_response_log_is_append_only(store: Store) -> None:
    _, visit = new_visit(store)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.OK)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.conn.execute("UPDATE response_log SET answer = 'hazard'")


def test_editing_a_completed_visit_marks_it_amended(store: Store) -> None:
    _, visit = new_visit(store)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.OK)
    store.complete_visit(visit.id)
    assert not store.get_visit(visit.id).amended
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    assert store.get_visit(visit.id).amended


def test_unknown_visit_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no visit with id 99"):
        store.save_response(99, "bathroom.grab_bar", Answer.OK)


def test_file_database_is_durable_and_private(tmp_path: Path) -> None:
    path = tmp_path / "homecheck.db"
    store = Store(path)
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    _, visit = new_visit(store)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    for name in os.listdir(tmp_path):
        mode = stat.S_IMODE((tmp_path / name).stat().st_mode)
        assert mode & 0o077 == 0, (name, oct(mode))
    store.close()
    reopened = Store(path)
    assert reopened.responses(visit.id)["bathroom.grab_bar"].answer is Answer.HAZARD
    reopened.close()


def test_schema_is_at_the_latest_version(store: Store) -> None:
    assert migrations.schema_version(store.db) == migrations.LATEST_VERSION


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer homecheck"):
        Store(path)
    assert path.read_bytes() == before


def test_newer_database_is_refused_before_anything_about_it_changes(tmp_path: Path) -> None:
    """A newer homecheck's database in rollback-journal mode: refused with its journal
    mode, bytes and folder exactly as they were (no switch to WAL, no -wal or -shm)."""
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert before[18:20] == b"\x01\x01"  # rollback journal, as SQLite's header says
    with pytest.raises(StoreError, match="newer homecheck"):
        Store(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["future.db"]
    with pytest.raises(StoreError, match="newer homecheck"):
        Store(path, read_only=True)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["future.db"]


def test_an_existing_database_is_made_private_and_the_store_says_so(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    Store(path).close()
    for name in ("h.db", "h.db-wal", "h.db-shm"):
        (tmp_path / name).touch()
        (tmp_path / name).chmod(0o644)
    store = Store(path)
    assert store.notices == (f"made {path} readable by you only",)
    store.close()
    for name in ("h.db", "h.db-wal", "h.db-shm"):
        if (tmp_path / name).exists():
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    again = Store(path)
    assert again.notices == ()
    again.close()


def test_a_read_only_database_keeps_its_read_only_bits_when_made_private(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    Store(path).close()
    path.chmod(0o444)
    store = Store(path, read_only=True)
    assert store.notices == (f"made {path} readable by you only",)
    store.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o400


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list: milk, eggs\n")
    with pytest.raises(StoreError, match="not a homecheck database"):
        Store(path)
    assert path.read_text() == "shopping list: milk, eggs\n"


def test_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "such" / "folder" / "h.db")
