"""The store refuses what the import would refuse, so whatever it stores exports and
imports again; a refusal is one StoreError naming the field, never quoting the value.

Before, `add_client` and `save_response` stored a birth date in the future, a follow-up
dated before its visit, NUL characters and text past the import's limits (their export was
then refused by import), and a lone surrogate raised UnicodeEncodeError. Every person here
is fictional.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from homecheck import limits
from homecheck.exchange import export_json, read_import
from homecheck.exchange import format as exchange_format
from homecheck.model import ActionOwner, Answer, Catalog, Priority
from homecheck.store import Store, StoreError

SECRET = "Gertrude Quillfeather"
ITEM = "bathroom.grab_bar"
SURROGATE = "\ud800"


def visit_of(store: Store, visit_date: date = date(2026, 11, 2)) -> int:
    client = store.add_client("Ada Example", birth_date=date(1941, 3, 28))
    visit = store.start_visit(
        client.id, visit_date=visit_date, sections=["bathroom"], content_hash="h"
    )
    store.save_response(visit.id, ITEM, Answer.HAZARD, note="Loose rail")
    return visit.id


def snapshot(store: Store) -> list[Any]:
    """Every row of every table: what must not change when a write is refused."""
    tables = [
        row[0] for row in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    ]
    return [
        (table, sorted(map(tuple, store.conn.execute(f"SELECT * FROM {table}"))))
        for table in sorted(tables)
    ]


def future() -> date:
    return date.today() + timedelta(days=1)


def replace_client(store: Store, visit_id: int, **changes: Any) -> object:
    client = store.get_client(store.get_visit(visit_id).client_id)
    return store.update_client(replace(client, **changes))


Write = Callable[[Store, int], object]

# Each write, with the field its refusal must name.
REFUSED: dict[str, tuple[Write, str]] = {
    "name too long": (lambda s, v: s.add_client(SECRET + "x" * 300), "name"),
    "name with NUL": (lambda s, v: s.add_client(SECRET + "\x00"), "name"),
    "name with a lone surrogate": (lambda s, v: s.add_client(SECRET + SURROGATE), "name"),
    "birth date in the future": (
        lambda s, v: s.add_client(SECRET, birth_date=future()),
        "birth date",
    ),
    "birth date before 1890": (
        lambda s, v: s.add_client(SECRET, birth_date=date(1889, 12, 31)),
        "birth date",
    ),
    "address too long": (lambda s, v: s.add_client("Bo", address=SECRET * 100), "address"),
    "contact with NUL": (lambda s, v: s.add_client("Bo", contact=SECRET + "\x00"), "contact"),
    "caregiver with a lone surrogate": (
        lambda s, v: s.add_client("Bo", caregiver=SECRET + "\udfff"),
        "caregiver",
    ),
    "notes too long": (lambda s, v: s.add_client("Bo", notes=SECRET * 1000), "notes"),
    "notes with a lone surrogate": (
        lambda s, v: s.add_client("Bo", notes=SECRET + SURROGATE),
        "notes",
    ),
    "edited notes with a lone surrogate": (
        lambda s, v: replace_client(s, v, notes=SECRET + SURROGATE),
        "notes",
    ),
    "edited birth date in the future": (
        lambda s, v: replace_client(s, v, birth_date=future()),
        "birth date",
    ),
    "visit date before 1900": (
        lambda s, v: s.start_visit(
            1, visit_date=date(1899, 12, 31), sections=["bathroom"], content_hash="h"
        ),
        "visit date",
    ),
    "visit date after 2200": (
        lambda s, v: s.start_visit(
            1, visit_date=date(2201, 1, 1), sections=["bathroom"], content_hash="h"
        ),
        "visit date",
    ),
    "assessor too long": (
        lambda s, v: s.start_visit(
            1,
            visit_date=date(2026, 11, 3),
            sections=["bathroom"],
            content_hash="h",
            assessor=SECRET * 20,
        ),
        "assessor",
    ),
    "assessor with a lone surrogate": (
        lambda s, v: s.start_visit(
            1,
            visit_date=date(2026, 11, 3),
            sections=["bathroom"],
            content_hash="h",
            assessor=SECRET + SURROGATE,
        ),
        "assessor",
    ),
    "follow-up dated before its visit": (
        lambda s, v: s.start_visit(
            1,
            visit_date=date(2026, 11, 1),
            sections=["bathroom"],
            content_hash="h",
            previous_visit_id=v,
        ),
        "visit date",
    ),
    "note with a lone surrogate": (
        lambda s, v: s.save_response(v, ITEM, note=SECRET + SURROGATE),
        "note",
    ),
    "note with NUL": (lambda s, v: s.save_response(v, ITEM, note=SECRET + "\x00"), "note"),
    "note too long": (lambda s, v: s.save_response(v, ITEM, note=SECRET * 1000), "note"),
    "new answer with a bad note": (
        lambda s, v: s.save_response(v, "bathroom.toilet_height", Answer.OK, note=SURROGATE),
        "note",
    ),
    "override reason with NUL": (
        lambda s, v: s.save_response(
            v, ITEM, priority_override=Priority.LOW, override_reason=SECRET + "\x00"
        ),
        "override reason",
    ),
    "recommendation too long": (
        lambda s, v: s.save_response(v, ITEM, recommendation=SECRET * 1000),
        "recommendation",
    ),
    "measurement NaN": (
        lambda s, v: s.save_response(v, ITEM, measurement=float("nan")),
        "measurement",
    ),
    "measurement infinite": (
        lambda s, v: s.save_response(v, ITEM, measurement=float("inf")),
        "measurement",
    ),
    "measurement negative": (
        lambda s, v: s.save_response(v, ITEM, measurement=-0.5),
        "measurement",
    ),
    "measurement 100,000": (
        lambda s, v: s.save_response(v, ITEM, measurement=100_000.0),
        "measurement",
    ),
    "action note with a lone surrogate": (
        lambda s, v: s.save_action(v, ITEM, ActionOwner.FAMILY, note=SECRET + SURROGATE),
        "action note",
    ),
    "action note too long": (
        lambda s, v: s.save_action(v, ITEM, ActionOwner.FAMILY, note=SECRET * 1000),
        "action note",
    ),
    "target date after 2200": (
        lambda s, v: s.save_action(v, ITEM, ActionOwner.FAMILY, target_date=date(2201, 1, 1)),
        "target date",
    ),
    "done date before 1900": (
        lambda s, v: s.save_action(v, ITEM, ActionOwner.FAMILY, done_date=date(1899, 1, 1)),
        "done date",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_write_is_one_line_naming_the_field_and_changes_nothing(
    store: Store, case: str
) -> None:
    write, field = REFUSED[case]
    visit_id = visit_of(store)
    before = snapshot(store)
    with pytest.raises(StoreError) as caught:
        write(store, visit_id)
    message = str(caught.value)
    assert message.startswith(field), message
    assert "\n" not in message
    assert "Gertrude" not in message and "Quillfeather" not in message
    assert SURROGATE not in message and "\x00" not in message
    assert snapshot(store) == before


def test_values_at_the_limits_are_stored_exported_and_imported_again(
    store: Store, mini_catalog: Catalog
) -> None:
    client = store.add_client(
        "A" * limits.SHORT_TEXT,
        birth_date=date.today(),
        address="B" * limits.MEDIUM_TEXT,
        contact="C" * limits.MEDIUM_TEXT,
        caregiver="D" * limits.MEDIUM_TEXT,
        notes="Zoë " * (limits.LONG_TEXT // 4),
        flags={"osteoporosis"},
    )
    first = store.start_visit(
        client.id,
        visit_date=limits.EARLIEST_DATE,
        sections=["bathroom"],
        content_hash="h" * limits.HASH_TEXT,
        assessor="E" * limits.SHORT_TEXT,
    )
    store.save_response(
        first.id,
        ITEM,
        Answer.HAZARD,
        note="n" * limits.LONG_TEXT,
        measurement=0.0,
        priority_override=Priority.HIGH,
        override_reason="r" * limits.LONG_TEXT,
        recommendation="😀" * limits.LONG_TEXT,
    )
    store.save_response(first.id, "bathroom.toilet_height", Answer.HAZARD, measurement=99_999.9)
    store.save_action(
        first.id,
        ITEM,
        ActionOwner.FAMILY,
        target_date=limits.LATEST_DATE,
        done_date=limits.EARLIEST_DATE,
        note="a" * limits.LONG_TEXT,
    )
    store.complete_visit(first.id)
    # A follow-up on the day of the visit it follows up is fine.
    store.start_visit(
        client.id,
        visit_date=limits.EARLIEST_DATE,
        sections=["bathroom"],
        content_hash="h",
        previous_visit_id=first.id,
    )
    store.add_client("Old Example", birth_date=limits.EARLIEST_BIRTH_DATE)

    records = read_import(export_json(store), mini_catalog)
    assert [r.client.name for r in records] == ["A" * limits.SHORT_TEXT, "Old Example"]
    assert records[0].visits[1].follow_up_of == 0


def test_a_visit_completed_after_the_clock_went_back_still_imports(
    store: Store, mini_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Import refuses `completed` before `created`; a clock set back must not store one."""
    visit_id = visit_of(store)
    created = store.get_visit(visit_id).created
    monkeypatch.setattr("homecheck.store.visits.now_stamp", lambda: "2001-01-01T00:00:00.000+00:00")
    completed = store.complete_visit(visit_id)
    assert completed.completed == created
    read_import(export_json(store), mini_catalog)


def test_import_and_the_store_share_one_set_of_limits() -> None:
    for name in (
        "EARLIEST_DATE",
        "LATEST_DATE",
        "EARLIEST_BIRTH_DATE",
        "MEASUREMENT_RANGE",
        "SHORT_TEXT",
        "MEDIUM_TEXT",
        "LONG_TEXT",
        "HASH_TEXT",
        "ID_TEXT",
    ):
        assert getattr(exchange_format, name) is getattr(limits, name), name


def test_a_refused_save_keeps_later_answers_on_their_items(store: Store) -> None:
    """A refusal before the transaction leaves nothing behind (no cached item key)."""
    visit_id = visit_of(store)
    with pytest.raises(StoreError):
        store.save_response(visit_id, "bathroom.toilet_height", Answer.OK, note=SURROGATE)
    store.save_response(visit_id, "bathroom.toilet_height", Answer.OK, note="fine")
    saved = store.responses(visit_id)
    assert saved["bathroom.toilet_height"].note == "fine"
    assert saved[ITEM].note == "Loose rail"
    json.dumps([r.note for r in saved.values()])
