"""Who acts and what is got follow the advice variant chosen for the person and home."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from homecheck import rules
from homecheck.checklists import ChecklistError, load_catalog
from homecheck.model import (
    Advice,
    Answer,
    AssessorRole,
    Audience,
    Catalog,
    FixedBy,
    Item,
    Priority,
)
from homecheck.pdf import render_pdf
from homecheck.report import build_letter, build_report_for_visit, load_visit, without_letter_offer
from homecheck.store import Store
from tests.conftest import FIXTURES
from tests.pdf_reading import page_texts

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


def _renters_landlord_advice(catalog: Catalog) -> list[tuple[str, str]]:
    """Every renter's variant whose item the landlord fixes, in household words."""
    found = []
    for item in catalog.items.values():
        for advice in item.advice:
            if RENTED not in advice.flags + advice.all_flags:
                continue
            if (advice.fixed_by or item.fixed_by) is FixedBy.BUILDING:
                found.append((item.id, advice.plain_recommend))
    return found


RENTED = "rented"


def test_under_the_landlord_heading_only_the_letter_offer_is_left_out(catalog: Catalog) -> None:
    advice = _renters_landlord_advice(catalog)
    assert len(advice) >= 42
    offered = 0
    for item_id, text in advice:
        short = without_letter_offer(text)
        assert "write a letter" not in short, item_id
        assert short.startswith(text[:20]), item_id  # the ask itself still leads
        if short != text:
            offered += 1
            assert len(text) - len(short) < 100, item_id  # one sentence, no more
    assert offered > 10


def test_without_letter_offer_keeps_a_text_with_nothing_else() -> None:
    offer = "Your occupational therapist can write a letter to help."
    assert without_letter_offer(offer) == offer
    assert without_letter_offer(f"Ask for a rail. {offer} Hold on.") == "Ask for a rail. Hold on."


@pytest.mark.parametrize(
    ("role", "said"),
    [
        (AssessorRole.OT, "Your occupational therapist can also write a letter"),
        (AssessorRole.CAREGIVER, "ask your doctor how to see one"),
    ],
)
def test_the_handout_offers_the_therapists_letter_once(
    tmp_path: Path, store: Store, catalog: Catalog, role: AssessorRole, said: str
) -> None:
    client = store.add_client("Ruth Example", birth_date=date(1940, 5, 1), flags={"rented"})
    visit = store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=["bathroom", "stairs"],
        content_hash="h",
        assessor="Sam Example",
        role=role,
    )
    for item_id in ("bathroom.grab_bar_toilet", "stairs.rails_both_sides"):
        store.save_response(visit.id, item_id, Answer.HAZARD)
    data = build_report_for_visit(store, catalog, visit.id, audience=Audience.HOUSEHOLD)
    path = render_pdf(data, tmp_path / "plan.pdf")
    text = " ".join(" ".join(page.split()) for page in page_texts(path))
    assert text.count("write a letter") == 1
    assert said in text
    assert text.count("Ask your landlord or building manager, in writing") == 2
    # Screens and the clinician's report keep each bullet whole.
    assert all("write a letter" in e.recommendation for e in data.findings)
