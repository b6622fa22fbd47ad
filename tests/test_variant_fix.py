"""Who acts and what is got follow the advice variant chosen for the person and home."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from homecheck import rules
from homecheck.checklists import ChecklistError, load_catalog
from homecheck.model import Advice, Answer, Audience, Catalog, FixedBy, Item, Priority
from homecheck.report import build_letter, build_report_for_visit, load_visit
from homecheck.store import Store
from tests.conftest import FIXTURES

RAIL = Item(
    id="bathroom.toilet_rail",
    section_id="bathroom",
    check="Rail by the toilet",
    plain="A rail by the toilet",
    hazard_if="No rail.",
    priority=Priority.HIGH,
    why="Rising from a toilet is a common fall.",
    recommend="Fit a rail.",
    fixed_by=FixedBy.BUILDING,
    devices=("grab_rail", "toilet_frame"),
    advice=(
        Advice(
            flags=("rented",),
            recommend="Ask the landlord to fit a rail; use a frame until then.",
            plain_recommend="Ask your landlord to fit a rail.",
            devices=("grab_rail",),
        ),
        Advice(
            flags=("lives_alone",),
            recommend="Fit a rail and tell a neighbour.",
            plain_recommend="Have a rail fitted.",
            fixed_by=FixedBy.HOUSEHOLD,
            devices=(),
        ),
    ),
)


def test_without_a_variant_the_items_owner_and_devices_hold() -> None:
    for situation in (None, rules.Situation(frozenset({"walker"}))):
        fix = rules.fix(RAIL, situation)
        assert fix.owner is FixedBy.BUILDING
        assert fix.devices == ("grab_rail", "toilet_frame")


def test_a_variant_replaces_only_what_it_sets() -> None:
    fix = rules.fix(RAIL, rules.Situation(frozenset({"rented"})))
    assert fix.owner is FixedBy.BUILDING  # not set: the item's
    assert fix.devices == ("grab_rail",)


def test_a_variant_can_name_no_devices_and_another_owner() -> None:
    fix = rules.fix(RAIL, rules.Situation(frozenset({"lives_alone"})))
    assert fix == rules.Fix(FixedBy.HOUSEHOLD, ())


PLAN = FIXTURES / "plan"
ALARM_VARIANT = """
[[item.advice]]
when = { flags = ["rented"] }
recommend = "Ask the landlord, in writing, to fit a rail."
plain_recommend = "Ask your landlord, in writing, to fit a rail."
"""


def _plan_copy(tmp_path: Path, variant: str) -> Path:
    """The plan fixture with a variant added to the last bathroom item (the toilet)."""
    target = tmp_path / "checklists"
    shutil.copytree(PLAN, target)
    bathroom = target / "sections" / "bathroom.toml"
    bathroom.write_text(bathroom.read_text() + variant)
    return target


def test_the_loader_reads_a_variants_owner_and_devices(tmp_path: Path) -> None:
    variant = ALARM_VARIANT + 'fixed_by = "building"\ndevices = []\n'
    catalog = load_catalog(_plan_copy(tmp_path, variant))
    item = catalog.items["bathroom.toilet_height"]
    assert item.fixed_by is FixedBy.HOUSEHOLD
    (advice,) = item.advice
    assert advice.fixed_by is FixedBy.BUILDING
    assert advice.devices == ()
    assert catalog.items["bathroom.grab_rail"].advice == ()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('fixed_by = "plumber"\n', "fixed_by: unknown value"),
        ('devices = ["jetpack"]\n', "devices: unknown device"),
    ],
)
def test_a_variants_unknown_owner_or_device_is_refused_with_the_place(
    tmp_path: Path, extra: str, message: str
) -> None:
    with pytest.raises(ChecklistError) as caught:
        load_catalog(_plan_copy(tmp_path, ALARM_VARIANT + extra))
    assert message in str(caught.value)
    assert "bathroom.toilet_height advice 1" in str(caught.value)
    assert "jetpack" not in str(caught.value).split(message)[0]


def test_a_renters_variant_sends_the_repair_to_the_landlord_with_its_fittings(
    tmp_path: Path, store: Store
) -> None:
    variant = ALARM_VARIANT + 'fixed_by = "building"\ndevices = ["grab_rail"]\n'
    catalog = load_catalog(_plan_copy(tmp_path, variant))
    client = store.add_client("Ruth Example", birth_date=date(1940, 5, 1), flags={"rented"})
    visit = store.start_visit(
        client.id, visit_date=date(2026, 11, 2), sections=["bathroom"], content_hash="h"
    )
    store.save_response(visit.id, "bathroom.toilet_height", Answer.HAZARD)
    data = build_report_for_visit(store, catalog, visit.id, audience=Audience.HOUSEHOLD)
    assert data.plan is not None
    assert [e.item_id for e in data.plan.landlord] == ["bathroom.toilet_height"]
    assert data.plan.devices == ()  # the landlord's fitting is asked for, not bought
    letter = build_letter(catalog, load_visit(store, catalog, visit.id))
    assert [(f.item_id, f.fittings) for f in letter.findings] == [
        ("bathroom.toilet_height", ("Grab bar (wall-fixed)",))
    ]


def test_an_owner_keeps_the_items_owner_and_devices(tmp_path: Path, store: Store) -> None:
    variant = ALARM_VARIANT + 'fixed_by = "building"\ndevices = ["grab_rail"]\n'
    catalog = load_catalog(_plan_copy(tmp_path, variant))
    client = store.add_client("Ruth Example", birth_date=date(1940, 5, 1), flags=set())
    visit = store.start_visit(
        client.id, visit_date=date(2026, 11, 2), sections=["bathroom"], content_hash="h"
    )
    store.save_response(visit.id, "bathroom.toilet_height", Answer.HAZARD)
    data = build_report_for_visit(store, catalog, visit.id, audience=Audience.HOUSEHOLD)
    assert data.plan is not None and data.plan.landlord == ()
    assert [d.id for d in data.plan.devices] == ["raised_toilet_seat"]


def test_a_renters_alarms_go_to_the_landlord_and_the_letter_asks_for_no_stopgap(
    store: Store, catalog: Catalog
) -> None:
    client = store.add_client("Ruth Example", birth_date=date(1940, 5, 1), flags={"rented"})
    visit = store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=["emergency", "bathroom", "floors"],
        content_hash="h",
    )
    found = ("emergency.smoke_alarms", "bathroom.grab_bar_toilet", "floors.cords_clear")
    for item_id in found:
        store.save_response(visit.id, item_id, Answer.HAZARD)
    data = build_report_for_visit(store, catalog, visit.id, audience=Audience.HOUSEHOLD)
    assert data.plan is not None
    landlord = [e.item_id for e in data.plan.landlord]
    assert sorted(landlord) == ["bathroom.grab_bar_toilet", "emergency.smoke_alarms"]
    assert [d.id for d in data.plan.devices] == ["cable_tidy"]  # the renter's own fix
    letter = build_letter(catalog, load_visit(store, catalog, visit.id))
    fittings = {f.item_id: f.fittings for f in letter.findings}
    assert "Toilet frame with arms" not in fittings["bathroom.grab_bar_toilet"]
    assert fittings["emergency.smoke_alarms"] == (catalog.devices["smoke_alarm"].label,)
