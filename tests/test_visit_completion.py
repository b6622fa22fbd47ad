"""Completing and reopening a visit: logged, and changes after completion mark it amended."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from homecheck.model import (
    Answer,
    Client,
    ImportRecord,
    ImportVisit,
    Visit,
    VisitEventKind,
    VisitStatus,
)
from homecheck.store import Store, StoreError

FIXTURE_DBS = Path(__file__).parent / "fixtures" / "databases"


def _visit(store: Store) -> int:
    client = store.add_client("Ada Example")
    visit = store.start_visit(
        client.id, visit_date=date(2026, 11, 2), sections=["bathroom"], content_hash="abc"
    )
    store.save_response(visit.id, "bathroom.grab_bar", Answer.OK)
    return visit.id


def test_reopening_is_logged_and_puts_the_visit_back_in_progress(store: Store) -> None:
    visit_id = _visit(store)
    store.complete_visit(visit_id)
    store.complete_visit(visit_id)  # completing again changes nothing
    reopened = store.reopen_visit(visit_id)
    assert reopened.status is VisitStatus.IN_PROGRESS and reopened.completed == ""
    assert not reopened.amended  # nothing has changed yet
    assert store.complete_visit(visit_id).completed
    events = [e.event for e in store.visit_history(visit_id)]
    assert events == [VisitEventKind.COMPLETED, VisitEventKind.REOPENED, VisitEventKind.COMPLETED]
    assert all(e.changed for e in store.visit_history(visit_id))


def test_a_change_after_reopening_marks_the_visit_amended(store: Store) -> None:
    visit_id = _visit(store)
    store.complete_visit(visit_id)
    store.reopen_visit(visit_id)
    store.save_response(visit_id, "bathroom.grab_bar", Answer.HAZARD)
    assert store.get_visit(visit_id).amended
    assert store.complete_visit(visit_id).amended  # kept when completed again


def test_only_a_completed_visit_can_be_reopened(store: Store) -> None:
    visit_id = _visit(store)
    with pytest.raises(StoreError, match="not completed"):
        store.reopen_visit(visit_id)
    with pytest.raises(StoreError, match="no visit with id 99"):
        store.reopen_visit(99)
    assert store.visit_history(visit_id) == []


def test_the_visit_log_is_append_only(store: Store) -> None:
    visit_id = _visit(store)
    store.complete_visit(visit_id)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.conn.execute("UPDATE visit_log SET event = 'reopened'")


def test_upgrading_logs_the_completion_of_visits_completed_before(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(FIXTURE_DBS / "schema-v4.db", db)
    with closing(sqlite3.connect(db)) as conn, conn:
        conn.execute(
            "UPDATE visits SET status = 'completed', completed = '2026-11-01T10:00:00.000+00:00'"
        )
    store = Store(db)
    try:
        (visit,) = store.list_visits()
        (event,) = store.visit_history(visit.id)
        assert event.event is VisitEventKind.COMPLETED
        assert event.changed == "2026-11-01T10:00:00.000+00:00"
    finally:
        store.close()


def test_an_imported_completed_visit_starts_its_log_with_the_completion(store: Store) -> None:
    completed = "2026-11-02T10:01:44.001+00:00"
    visit = Visit(
        id=0,
        client_id=0,
        visit_date=date(2026, 11, 2),
        status=VisitStatus.COMPLETED,
        created="2026-11-02T09:12:03.120+00:00",
        completed=completed,
    )
    record = ImportRecord(Client(id=0, name="Ada Example"), (ImportVisit(visit),))
    (client_id,) = store.import_records([record])
    (imported,) = store.list_visits(client_id)
    (event,) = store.visit_history(imported.id)
    assert (event.event, event.changed) == (VisitEventKind.COMPLETED, completed)
