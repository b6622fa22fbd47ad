"""Stable identities and the merging import (issue 16): UUIDs made once and kept, the
same client or visit recognised in any database, each item keeping its later change."""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from homecheck import migrations
from homecheck.exchange import ExchangeError, export_data, export_json, read_import
from homecheck.model import Answer, Catalog, VisitStatus
from homecheck.store import Store, StoreError, response_uuid

FIXTURE_DBS = Path(__file__).parent / "fixtures" / "databases"
TODAY = date(2026, 11, 20)
CLIENT_UUID = "0b6f3c52-8f1e-4d0a-9c3b-5e7a1d2f4c60"
VISIT_UUID = "7d2e9a41-5c3b-4f6e-8a1d-0c9b2e3f4a57"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Answers saved one millisecond apart, in the order they are saved."""
    now = [1_790_000_000_000]

    def tick() -> int:
        now[0] += 1
        return now[0]

    monkeypatch.setattr("homecheck.store.answers.now_ms", tick)
    yield now


def answer(item: str, value: str, when: str, note: str = "") -> dict[str, Any]:
    return {
        "answer": value,
        "note": note,
        "measurement": None,
        "priority_override": None,
        "override_reason": "",
        "recommendation": "",
        "updated": when,
    }


def change(item: str, value: str | None, when: str, note: str = "") -> dict[str, Any]:
    return {
        "item_id": item,
        "answer": value,
        "note": note,
        "measurement": None,
        "priority_override": None,
        "override_reason": "",
        "recommendation": "",
        "changed": when,
    }


def document(visit: dict[str, Any], *, client_uuid: str = CLIENT_UUID) -> dict[str, Any]:
    return {
        "format": "homecheck",
        "format_version": 2,
        "exported": "2026-11-20T10:00:00.000+00:00",
        "clients": [
            {
                "uuid": client_uuid,
                "name": "Nell Example",
                "flags": [],
                "updated": "2026-11-01T09:00:00.000+00:00",
                "visits": [visit],
            }
        ],
    }


def visit(*, responses: dict[str, Any], history: list[Any], **more: Any) -> dict[str, Any]:
    return {
        "uuid": VISIT_UUID,
        "date": "2026-11-02",
        "role": "occupational-therapist",
        "mode": "in-person",
        "status": "in-progress",
        "sections": ["bathroom"],
        "created": "2026-11-02T09:00:00.000+00:00",
        "completed": "",
        "follow_up_of": None,
        "responses": responses,
        "history": history,
        **more,
    }


T1 = "2026-11-02T09:10:00.000+00:00"
T2 = "2026-11-02T09:20:00.000+00:00"
T3 = "2026-11-02T09:30:00.000+00:00"
GRAB = "bathroom.grab_bar"


def base_visit() -> dict[str, Any]:
    """The visit as both devices had it: the grab bar a hazard at T1."""
    return visit(
        responses={GRAB: answer(GRAB, "hazard", T1)},
        history=[change(GRAB, "hazard", T1)],
    )


def merge(store: Store, catalog: Catalog, *docs: dict[str, Any]) -> Any:
    files = [
        (f"f{n}", read_import(json.dumps(d), catalog, today=TODAY)) for n, d in enumerate(docs)
    ]
    return store.import_files(files)


# -- the migration ---------------------------------------------------------------------


def test_schema_v7_gives_every_older_client_and_visit_a_uuid(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(FIXTURE_DBS / "schema-v6.db", db)
    store = Store(db)
    (client,) = store.list_clients()
    (visit_row,) = store.list_visits(client.id)
    assert uuid.UUID(client.uuid).version == 4
    assert uuid.UUID(visit_row.uuid).version == 4
    assert store.responses(visit_row.id)[GRAB].answer is Answer.HAZARD
    indexes = {row[1] for row in store.conn.execute("PRAGMA index_list(visits)")}
    assert "visits_uuid" in indexes
    store.close()
    backup = sqlite3.connect(f"{db}.v6.bak")
    assert migrations.schema_version(backup) == 6
    backup.close()


def test_a_uuid_is_made_once_and_kept(store: Store) -> None:
    client = store.add_client("Nell Example")
    visit_row = store.start_visit(
        client.id, visit_date=date(2026, 11, 2), sections=["bathroom"], content_hash="h"
    )
    edited = store.update_client(client.__class__(**{**_fields(client), "address": "2 Elm"}))
    assert edited.uuid == client.uuid and client.uuid != visit_row.uuid
    with pytest.raises(StoreError), store.atomic():
        store.conn.execute("UPDATE visits SET uuid = ? WHERE id = ?", (client.uuid, visit_row.id))
        store.conn.execute(
            "INSERT INTO visits (client_id, visit_date, role, mode, status, created, uuid)"
            " VALUES (?, '2026-11-03', 'nurse', 'phone', 'in-progress', '', ?)",
            (client.id, client.uuid),
        )


def _fields(obj: Any) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in obj.__slots__}


def test_an_answer_uuid_is_derived_from_its_visit_and_item() -> None:
    first = response_uuid(VISIT_UUID, GRAB)
    assert first == response_uuid(VISIT_UUID, GRAB)
    assert first != response_uuid(VISIT_UUID, "bathroom.alarm")
    assert uuid.UUID(first).version == 5


# -- export and import keep them -------------------------------------------------------


def test_export_writes_uuids_and_a_second_import_adds_nothing(
    store: Store, mini_catalog: Catalog, clock: list[int]
) -> None:
    client = store.add_client("Nell Example")
    visit_row = store.start_visit(
        client.id, visit_date=date(2026, 11, 2), sections=["bathroom"], content_hash="h"
    )
    store.save_response(visit_row.id, GRAB, Answer.HAZARD, note="Nell's note")
    data = export_data(store)
    assert data["clients"][0]["uuid"] == client.uuid
    assert data["clients"][0]["visits"][0]["uuid"] == visit_row.uuid
    records = read_import(json.dumps(data), mini_catalog)

    other = Store()
    first = other.import_files([("a", records)])
    assert (first.new_clients, first.new_visits) == (1, 1)
    second = other.import_files([("a", records)])
    assert second.line() == ("clients: 0 new, 1 unchanged; visits: 0 new, 1 unchanged; 0 conflicts")
    (copy_client,) = other.list_clients()
    (copy_visit,) = other.list_visits(copy_client.id)
    assert (copy_client.uuid, copy_visit.uuid) == (client.uuid, visit_row.uuid)
    assert len(other.response_history(copy_visit.id)) == 1
    # Exported again, the copy is the same document.
    again = export_data(other)
    assert again["clients"] == data["clients"]
    other.close()


def test_a_deidentified_export_keeps_the_uuids(store: Store) -> None:
    client = store.add_client("Nell Example")
    store.start_visit(client.id, visit_date=date(2026, 11, 2), sections=[], content_hash="h")
    data = export_data(store, deidentify=True)
    entry = data["clients"][0]
    assert entry["uuid"] == client.uuid and entry["name"] == "Client 1"
    assert entry["visits"][0]["uuid"] == store.list_visits(client.id)[0].uuid


def test_a_file_without_uuids_imports_as_new(store: Store, mini_catalog: Catalog) -> None:
    old = document(base_visit())
    old["format_version"] = 1
    del old["clients"][0]["uuid"], old["clients"][0]["updated"]
    del old["clients"][0]["visits"][0]["uuid"]
    merge(store, mini_catalog, old)
    merge(store, mini_catalog, old)
    clients = store.list_clients()
    assert len(clients) == 2  # nothing to recognise them by
    assert all(uuid.UUID(c.uuid).version == 4 for c in clients)
    assert len({v.uuid for v in store.list_visits()}) == 2


# -- merging -----------------------------------------------------------------------------


def test_changes_on_two_devices_keep_the_later_and_both_in_history(
    store: Store, mini_catalog: Catalog
) -> None:
    one = document(
        visit(
            responses={GRAB: answer(GRAB, "ok", T2, note="fitted")},
            history=[change(GRAB, "hazard", T1), change(GRAB, "ok", T2, note="fitted")],
        )
    )
    two = document(
        visit(
            responses={GRAB: answer(GRAB, "na", T3)},
            history=[change(GRAB, "hazard", T1), change(GRAB, "na", T3)],
        )
    )
    summary = merge(store, mini_catalog, one, two)
    (conflict,) = summary.conflicts
    assert (conflict.item_id, conflict.kept, conflict.other) == (GRAB, T3, T2)
    assert "fitted" not in conflict.line() and "Nell" not in conflict.line()
    assert conflict.line() == (
        f"conflict: visit {VISIT_UUID} item {GRAB}: kept the change of {T3}; the change of"
        f" {T2} is in the history"
    )
    (visit_row,) = store.list_visits()
    assert store.responses(visit_row.id)[GRAB].answer is Answer.NA
    assert [c.answer for c in store.response_history(visit_row.id)] == [
        Answer.HAZARD,
        Answer.OK,
        Answer.NA,
    ]
    # The other order gives the same answer, and the database the same way.
    other = Store()
    merge(other, mini_catalog, two)
    again = merge(other, mini_catalog, one)
    assert len(again.conflicts) == 1 and again.updated_visits == 1
    (other_visit,) = other.list_visits()
    assert other.responses(other_visit.id)[GRAB].answer is Answer.NA
    assert len(other.response_history(other_visit.id)) == 3
    other.close()


def test_a_change_made_after_seeing_the_other_is_no_conflict(
    store: Store, mini_catalog: Catalog
) -> None:
    later = document(
        visit(
            responses={GRAB: answer(GRAB, "ok", T2)},
            history=[change(GRAB, "hazard", T1), change(GRAB, "ok", T2)],
        )
    )
    merge(store, mini_catalog, document(base_visit()))
    summary = merge(store, mini_catalog, later)
    assert summary.conflicts == [] and summary.updated_visits == 1
    # The older file again changes nothing.
    assert merge(store, mini_catalog, document(base_visit())).unchanged_visits == 1
    (visit_row,) = store.list_visits()
    assert store.responses(visit_row.id)[GRAB].answer is Answer.OK
    assert len(store.response_history(visit_row.id)) == 2


def test_an_item_cleared_later_stays_cleared(store: Store, mini_catalog: Catalog) -> None:
    cleared = document(
        visit(responses={}, history=[change(GRAB, "hazard", T1), change(GRAB, None, T2)])
    )
    merge(store, mini_catalog, document(base_visit()), cleared)
    (visit_row,) = store.list_visits()
    assert store.responses(visit_row.id) == {}


def test_completed_on_one_device_is_completed_and_answers_after_it_amend(
    store: Store, mini_catalog: Catalog
) -> None:
    done = base_visit()
    done.update(status="completed", completed=T2)
    still_open = visit(
        responses={GRAB: answer(GRAB, "ok", T3)},
        history=[change(GRAB, "hazard", T1), change(GRAB, "ok", T3)],
    )
    merge(store, mini_catalog, document(done), document(still_open))
    (visit_row,) = store.list_visits()
    assert visit_row.status is VisitStatus.COMPLETED and visit_row.completed == T2
    assert visit_row.amended
    assert [e.event.value for e in store.visit_history(visit_row.id)] == ["completed"]


def test_the_later_client_details_win(store: Store, mini_catalog: Catalog) -> None:
    first = document(base_visit())
    moved = copy.deepcopy(first)
    moved["clients"][0].update(address="2 Elm Road", updated="2026-11-05T09:00:00.000+00:00")
    merge(store, mini_catalog, moved, first)
    (client,) = store.list_clients()
    assert client.address == "2 Elm Road"


def test_follow_up_points_at_the_merged_visit(store: Store, mini_catalog: Catalog) -> None:
    merge(store, mini_catalog, document(base_visit()))
    both = document(base_visit())
    follow_up = visit(responses={}, history=[], follow_up_of=0)
    follow_up.update(uuid="3c1b8e57-2a4d-4f09-b6e2-9d0a7c5f1e38", date="2026-11-20")
    both["clients"][0]["visits"].append(follow_up)
    summary = merge(store, mini_catalog, both)
    assert (summary.new_visits, summary.unchanged_visits) == (1, 1)
    first, later = sorted(store.list_visits(), key=lambda v: v.visit_date)
    assert later.previous_visit_id == first.id


# -- what is refused -------------------------------------------------------------------


def test_a_uuid_twice_in_one_file_is_refused_by_place(mini_catalog: Catalog) -> None:
    doc = document(base_visit())
    doc["clients"].append(copy.deepcopy(doc["clients"][0]))
    doc["clients"][1]["uuid"] = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
    with pytest.raises(ExchangeError, match=r"clients\[1\]\.visits\[0\]\.uuid: the same UUID"):
        read_import(json.dumps(doc), mini_catalog, today=TODAY)


def test_the_store_refuses_a_uuid_twice_in_one_file_too(
    store: Store, mini_catalog: Catalog
) -> None:
    """Records that did not come through the reader are guarded as well: nothing written."""
    (record,) = read_import(json.dumps(document(base_visit())), mini_catalog, today=TODAY)
    with pytest.raises(StoreError, match=r"^f: clients\[1\]\.uuid: given twice"):
        store.import_files([("f", [record, record])])
    twice = dataclasses.replace(record, visits=record.visits * 2)
    with pytest.raises(StoreError, match=r"^clients\[0\]\.visits\[1\]\.uuid: given twice"):
        store.import_records([twice])
    assert store.list_clients() == []


@pytest.mark.parametrize("bad", ["not-a-uuid", "7d2e9a41-5c3b-4f6e-8a1d-0c9b2e3f4a5", 17])
def test_a_malformed_uuid_is_refused_by_place(mini_catalog: Catalog, bad: Any) -> None:
    doc = document(base_visit())
    doc["clients"][0]["visits"][0]["uuid"] = bad
    with pytest.raises(ExchangeError) as caught:
        read_import(json.dumps(doc), mini_catalog, today=TODAY)
    assert str(caught.value).startswith("clients[0].visits[0].uuid: expected a UUID")
    assert str(bad) not in str(caught.value)


def test_upper_case_uuids_are_kept_in_lower_case(mini_catalog: Catalog) -> None:
    doc = document(base_visit(), client_uuid=CLIENT_UUID.upper())
    [record] = read_import(json.dumps(doc), mini_catalog, today=TODAY)
    assert record.client.uuid == CLIENT_UUID


def test_a_visit_under_another_client_writes_nothing(store: Store, mini_catalog: Catalog) -> None:
    merge(store, mini_catalog, document(base_visit()))
    elsewhere = document(base_visit(), client_uuid="9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")
    fresh = document(
        visit(responses={}, history=[], uuid="3c1b8e57-2a4d-4f09-b6e2-9d0a7c5f1e38"),
        client_uuid="1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b",
    )
    with pytest.raises(StoreError, match="belongs to another client"):
        merge(store, mini_catalog, fresh, elsewhere)
    assert len(store.list_clients()) == 1
    with pytest.raises(
        StoreError, match=r"f1: clients\[0\]\.visits\[0\]\.uuid: this visit belongs to another"
    ):
        merge(Store(), mini_catalog, document(base_visit()), elsewhere)


def test_import_text_round_trips_through_uuids(store: Store, mini_catalog: Catalog) -> None:
    merge(store, mini_catalog, document(base_visit()))
    text = export_json(store)
    assert VISIT_UUID in text and CLIENT_UUID in text


# -- de-identified exports of one client line up ----------------------------------------


def test_repeat_deidentified_exports_shift_by_the_same_days(
    store: Store, mini_catalog: Catalog
) -> None:
    """With a stable UUID two de-identified exports are known to be the same client: a new
    random shift each time would let them be compared to narrow the true dates down."""
    merge(store, mini_catalog, document(base_visit()))
    first = export_data(store, deidentify=True)
    second = export_data(store, deidentify=True)
    assert first["clients"] == second["clients"]
    assert "date_shift" not in first["clients"][0]
    plain = export_data(store)["clients"][0]
    assert 1 <= plain["date_shift"] <= 730
    shifted = first["clients"][0]["visits"][0]["date"]
    assert (date.fromisoformat("2026-11-02") - date.fromisoformat(shifted)).days == plain[
        "date_shift"
    ]
    # And a central database that imports the same de-identified export twice adds nothing.
    central = Store()
    merge(central, mini_catalog, first)
    again = merge(central, mini_catalog, second)
    assert (again.unchanged_clients, again.unchanged_visits, again.conflicts) == (1, 1, [])
    central.close()


def test_the_shift_travels_with_a_full_export(store: Store, mini_catalog: Catalog) -> None:
    """Laptop B, given laptop A's client, de-identifies it by A's days."""
    client = store.add_client("Nell Example")
    laptop_b = Store()
    merge(laptop_b, mini_catalog, export_data(store))
    (copy_client,) = laptop_b.list_clients()
    assert copy_client.date_shift == client.date_shift
    from_b = export_data(laptop_b, deidentify=True)["clients"]
    assert from_b == export_data(store, deidentify=True)["clients"]
    laptop_b.close()


@pytest.mark.parametrize(("bad", "got"), [(731, "a number out of that range"), ("9", "text")])
def test_a_bad_shift_is_refused_by_place(mini_catalog: Catalog, bad: Any, got: str) -> None:
    doc = document(base_visit())
    doc["clients"][0]["date_shift"] = bad
    with pytest.raises(ExchangeError) as caught:
        read_import(json.dumps(doc), mini_catalog, today=TODAY)
    assert str(caught.value) == (
        f"clients[0].date_shift: expected a whole number of days from 1 to 730, got {got}"
    )


def test_saving_unchanged_details_keeps_the_updated_time(store: Store) -> None:
    """The import takes the details changed last, so a save that changes nothing must not
    make them look newer."""
    client = store.add_client("Nell Example", address="1 Oak Lane")
    assert store.update_client(client).updated == client.updated
    moved = store.update_client(client.__class__(**{**_fields(client), "address": "2 Elm"}))
    assert moved.address == "2 Elm"
