"""The plan: ranked findings, the household handout sorted by who acts, each thing said
once, the reader addressed, the landlord's letter. On a small fictional catalog
(tests/fixtures/plan) whose items carry every fall context and who-acts route."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pypdf
import pytest

from homecheck.checklists import load_catalog
from homecheck.model import ActionOwner, Answer, AssessorRole, Catalog, FixedBy, Visit
from homecheck.pdf import render_letter, render_pdf
from homecheck.report import (
    Audience,
    ReportData,
    build_letter,
    build_report_for_visit,
    load_visit,
    referral_for,
)
from homecheck.store import Store
from tests.pdf_reading import page_texts

PLAN_CHECKLISTS = Path(__file__).parent / "fixtures" / "plan"
FIXED = date(2026, 11, 2)
ALL_SECTIONS = (
    "person",
    "emergency",
    "floors",
    "stairs",
    "bathroom",
    "bedroom",
    "reach_high",
    "caregiving",
    "out_of_bed",
)


@pytest.fixture(scope="module")
def plan_catalog() -> Catalog:
    return load_catalog(PLAN_CHECKLISTS)


def visit_with(
    store: Store,
    flags: Iterable[str],
    hazards: Iterable[str],
    *,
    ok: Iterable[str] = (),
    sections: Iterable[str] = ALL_SECTIONS,
    role: AssessorRole = AssessorRole.OT,
    assessor: str = "Sam Example",
    name: str = "Ruth Example",
) -> Visit:
    client = store.add_client(name, birth_date=date(1940, 5, 1), flags=set(flags))
    visit = store.start_visit(
        client.id,
        visit_date=FIXED,
        sections=list(sections),
        content_hash="h",
        assessor=assessor,
        role=role,
    )
    for item_id in hazards:
        store.save_response(visit.id, item_id, Answer.HAZARD)
    for item_id in ok:
        store.save_response(visit.id, item_id, Answer.OK)
    return visit


def household(store: Store, catalog: Catalog, visit: Visit) -> ReportData:
    return build_report_for_visit(store, catalog, visit.id, audience=Audience.HOUSEHOLD)


def ids(entries: Iterable[object]) -> list[str]:
    return [getattr(e, "item_id") for e in entries]  # noqa: B009 - any entry type


NIGHT_FALLER = ("fall_past_year", "night_toileting")
NIGHT_HAZARDS = (
    "person.no_fall",
    "emergency.alarm",
    "floors.rugs",
    "stairs.rails",
    "bathroom.grab_rail",
    "bedroom.night_light",
    "bedroom.lamp",
)


def test_the_report_lists_findings_in_ranked_order_with_reasons(
    store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(store, NIGHT_FALLER, NIGHT_HAZARDS)
    data = build_report_for_visit(store, plan_catalog, visit.id)
    assert ids(data.findings) == [
        "bedroom.night_light",  # raised to high by night toileting: night route first
        "bedroom.lamp",
        "bathroom.grab_rail",
        "stairs.rails",
        "floors.rugs",
        "person.no_fall",  # high, but no fall context
        "emergency.alarm",  # medium
    ]
    first = data.findings[0]
    assert first.position == 1
    assert first.rank_reason.startswith("night-time route from bed to toilet; raised from medium")
    assert "gets up at night to use the toilet" in first.rank_reason


def test_a_finding_prints_its_phrase_and_keeps_the_criterion_for_the_item_list(
    store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(store, (), ("bathroom.grab_rail",))
    clinician = build_report_for_visit(store, plan_catalog, visit.id)
    (entry,) = clinician.findings
    assert entry.what == "No fixed rail at the bath entry"
    assert (
        entry.check == "Grab rail at the bath" and entry.hazard_if == "No fixed rail within reach."
    )
    rows = {r.item_id: r for s in clinician.appendix for r in s.rows}
    assert rows["bathroom.grab_rail"].criterion == "No fixed rail within reach."
    assert not clinician.with_appendix  # the item list is printed only when asked for
    (plain,) = household(store, plan_catalog, visit).findings
    assert plain.what == "There is no rail to hold at the bath"


def test_fix_first_never_holds_a_fact_about_the_person(store: Store, plan_catalog: Catalog) -> None:
    visit = visit_with(store, NIGHT_FALLER, NIGHT_HAZARDS)
    plan = household(store, plan_catalog, visit).plan
    assert plan is not None
    assert ids(plan.fix_first) == [
        "bedroom.night_light",
        "bedroom.lamp",
        "bathroom.grab_rail",  # a fitter's job in a home the family owns
        "stairs.rails",
        "floors.rugs",
    ]
    assert ids(plan.doctor) == ["person.no_fall"]
    assert ids(plan.then) == ["emergency.alarm"]
    assert plan.landlord == ()


def test_fix_first_is_three_to_five(store: Store, plan_catalog: Catalog) -> None:
    few = visit_with(store, (), ("emergency.alarm", "floors.cables", "bathroom.toilet_height"))
    plan = household(store, plan_catalog, few).plan
    assert plan is not None and len(plan.fix_first) == 3  # medium ones, to make three
    many = visit_with(store, NIGHT_FALLER, (*NIGHT_HAZARDS, "reach_high.no_climbing"))
    plan = household(store, plan_catalog, many).plan
    assert plan is not None and len(plan.fix_first) == 5


def test_a_renters_building_repairs_go_to_the_landlord(store: Store, plan_catalog: Catalog) -> None:
    visit = visit_with(store, ("rented",), ("stairs.rails", "stairs.lighting", "floors.rugs"))
    plan = household(store, plan_catalog, visit).plan
    assert plan is not None
    assert ids(plan.landlord) == ["stairs.rails", "stairs.lighting"]
    assert ids(plan.fix_first) == ["floors.rugs"]
    letter = build_letter(plan_catalog, load_visit(store, plan_catalog, visit.id))
    assert ids(letter.findings) == ["stairs.rails", "stairs.lighting"]


def test_an_action_a_landlord_took_on_goes_to_the_landlord(
    store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(store, (), ("bathroom.toilet_height", "floors.rugs"))
    store.save_action(visit.id, "bathroom.toilet_height", ActionOwner.LANDLORD)
    plan = household(store, plan_catalog, visit).plan
    assert plan is not None and ids(plan.landlord) == ["bathroom.toilet_height"]
    assert [d.id for d in plan.devices] == []  # the landlord fits the seat: nothing to get


def test_each_device_is_listed_once_with_the_findings_it_serves(
    store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(store, NIGHT_FALLER, NIGHT_HAZARDS)
    plan = household(store, plan_catalog, visit).plan
    assert plan is not None
    assert [d.id for d in plan.devices] == ["night_light", "grab_rail"]
    night_light = plan.devices[0]
    assert night_light.label == "Night light that plugs in"
    assert night_light.serves == (
        "It is dark on your way to the toilet at night",
        "You cannot reach a lamp from your bed",
    )


def test_a_renter_gets_no_grab_rail_to_buy(store: Store, plan_catalog: Catalog) -> None:
    visit = visit_with(store, ("rented",), ("bathroom.grab_rail", "bedroom.lamp"))
    plan = household(store, plan_catalog, visit).plan
    assert plan is not None and [d.id for d in plan.devices] == ["night_light"]


def test_a_shared_fix_is_said_once_and_referred_to(store: Store, plan_catalog: Catalog) -> None:
    visit = visit_with(store, (), ("floors.rugs", "floors.cables"))
    for audience in Audience:
        data = build_report_for_visit(store, plan_catalog, visit.id, audience=audience)
        rugs, cables = data.findings
        assert rugs.same_fix_as == "" and cables.same_fix_as == rugs.what


def test_what_was_not_checked_is_said(store: Store, plan_catalog: Catalog) -> None:
    sections = [s for s in ALL_SECTIONS if s != "stairs"]
    visit = visit_with(store, (), ("floors.rugs",), ok=("person.no_fall",), sections=sections)
    data = household(store, plan_catalog, visit)
    left = {n.section: n for n in data.not_checked}
    assert left["Stairs"].whole and left["Stairs"].items == ()
    assert left["About you"].items == ("Medicines checked in the past year",)
    assert not left["About you"].whole
    assert left["Floors"].items == ("No cables to trip on",)
    assert "For the person who helps" not in left  # not part of this client's visit


def test_what_was_not_checked_is_sorted_by_what_to_do_about_it(
    tmp_path: Path, store: Store, plan_catalog: Catalog
) -> None:
    """A caregiver checked three rooms: the rooms she left are hers to check next time,
    her "Don't know" answers are for a therapist, and the observed tasks are suggested
    once for a therapist's visit, not listed with the rooms she skipped."""
    visit = visit_with(
        store,
        ("caregiver_present",),
        ("stairs.rails",),
        ok=("stairs.lighting", "bathroom.grab_rail", "bathroom.toilet_height"),
        sections=("stairs", "bathroom", "bedroom"),
        role=AssessorRole.CAREGIVER,
        assessor="Sarah Example",
    )
    store.save_response(visit.id, "bedroom.lamp", Answer.UNKNOWN)
    data = household(store, plan_catalog, visit)
    assert data.by_family
    parts = [n.section for n in data.unchecked_parts]
    assert "Floors" in parts and "Getting out of bed" not in parts
    assert [n.section for n in data.unwatched_tasks] == ["Getting out of bed"]
    assert [n.section for n in data.dont_know] == ["Bedroom"]
    text, _ = pdf_text(render_pdf(data, tmp_path / "h.pdf"))
    part = text[text.index("Not checked this time") :]
    order = [
        "Parts not checked",
        "You can check them yourself next time.",
        "Floors",
        "Answered “Don't know”",
        "You could not tell whether these are so. Ask a therapist to check them with you.",
        "Ways of moving for a therapist to watch",
        "Getting out of bed",
    ]
    places = [part.index(words) for words in order]
    assert places == sorted(places)
    assert part.count("Getting out of bed") == 1
    assert text.count("home visit from an occupational or physical therapist") == 1


def test_a_therapists_visit_says_what_it_did_not_include(
    tmp_path: Path, store: Store, plan_catalog: Catalog
) -> None:
    sections = [s for s in ALL_SECTIONS if s not in ("stairs", "out_of_bed")]
    visit = visit_with(store, (), ("floors.rugs",), sections=sections)
    data = household(store, plan_catalog, visit)
    assert not data.by_family
    text, _ = pdf_text(render_pdf(data, tmp_path / "h.pdf"))
    assert "These were not checked on this visit" in text
    assert "yourself" not in text and "home visit from" not in text
    assert "These were not watched on this visit. Ask your therapist" in text
    clinician = build_report_for_visit(store, plan_catalog, visit.id)
    text, _ = pdf_text(render_pdf(clinician, tmp_path / "c.pdf"))
    assert "Not included in this visit: Indoor stairs." in text
    assert "Not answered: Person: fall-risk factors; Emergency and alarm;" in text
    assert "Observed tasks not included in this visit: Getting out of bed." in text
    assert "Not checked:" not in text


def test_the_first_page_counts_sections_and_tasks_left_out(
    tmp_path: Path, store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(store, (), ("stairs.rails",), sections=("stairs",))
    clinician = build_report_for_visit(store, plan_catalog, visit.id)
    out = render_pdf(clinician, tmp_path / "c.pdf")
    first = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    assert "Not included in this visit: 6 sections and 1 observed task" in first
    assert "Findings: 1 (1 high, 0 medium, 0 low priority), ranked by" in first
    # Sections in the visit but with nothing answered are not said to be left out.
    visit = visit_with(store, (), ("stairs.rails",), name="Vera Example")
    clinician = build_report_for_visit(store, plan_catalog, visit.id)
    out = render_pdf(clinician, tmp_path / "c2.pdf")
    first = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    assert "Not answered: 6 sections and 1 observed task" in first
    assert "Not included" not in first


def test_a_caregiver_is_named_with_the_person_and_gets_their_part(
    store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(
        store,
        ("caregiver_present",),
        ("caregiving.no_lifting", "floors.rugs"),
        role=AssessorRole.CAREGIVER,
        assessor="Sarah Example",
    )
    data = household(store, plan_catalog, visit)
    assert data.addressed_to == "For Ruth, and Sarah who helps at home"
    assert data.plan is not None and ids(data.plan.caregiver) == ["caregiving.no_lifting"]
    assert ids(data.plan.fix_first) == ["floors.rugs"]


def test_a_therapist_is_not_named_as_a_helper(store: Store, plan_catalog: Catalog) -> None:
    visit = visit_with(store, ("caregiver_present",), ("floors.rugs",))
    assert household(store, plan_catalog, visit).addressed_to == "For Ruth"
    clinician = build_report_for_visit(store, plan_catalog, visit.id)
    assert clinician.addressed_to == ""


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (AssessorRole.OT, "handyperson"),
        (AssessorRole.PT, "occupational therapist for rail position; handyperson"),
        (AssessorRole.CAREGIVER, "occupational therapist for rail position; handyperson"),
    ],
)
def test_never_a_referral_to_the_assessors_own_profession(
    store: Store, plan_catalog: Catalog, role: AssessorRole, expected: str
) -> None:
    visit = visit_with(store, (), ("bathroom.grab_rail",), role=role)
    data = build_report_for_visit(store, plan_catalog, visit.id)
    assert data.findings[0].referral == expected
    assert [who for who, _ in data.referrals] == expected.split("; ")


def test_referral_parts_are_dropped_only_for_the_own_profession() -> None:
    referral = "GP for pain review; physical therapist; occupational therapist (stairlift)"
    assert referral_for(referral, AssessorRole.PT) == (
        "GP for pain review; occupational therapist (stairlift)"
    )
    assert referral_for(referral, AssessorRole.OT) == "GP for pain review; physical therapist"
    assert referral_for(referral, AssessorRole.NURSE) == referral


def test_the_advice_variant_for_the_person_prints(store: Store, plan_catalog: Catalog) -> None:
    fragile = visit_with(store, ("osteoporosis",), ("reach_high.no_climbing",))
    (entry,) = household(store, plan_catalog, fragile).findings
    assert entry.recommendation == "Ask someone else to reach high things for you."
    active = visit_with(store, ("osteopenia",), ("reach_high.no_climbing",))
    (entry,) = household(store, plan_catalog, active).findings
    assert entry.recommendation.startswith("Use a steady step stool")
    data = household(store, plan_catalog, active)
    assert data.avoid == () and [p.title for p in data.keep] == ["Keep moderate impact"]


def test_a_movement_finding_is_shown_as_a_way_of_moving(
    store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(store, ("vertebral_fracture",), ("out_of_bed.no_sit_up", "out_of_bed.pace"))
    data = household(store, plan_catalog, visit)
    assert data.plan is not None
    assert ids(data.plan.moving) == ["out_of_bed.no_sit_up", "out_of_bed.pace"]
    assert all(f.fixed_by is FixedBy.THERAPIST for f in data.plan.moving)
    assert data.plan.fix_first == ()
    (technique,) = data.techniques
    assert technique.serves == ("You sit straight up from lying",)


def test_every_finding_is_in_exactly_one_group(store: Store, plan_catalog: Catalog) -> None:
    hazards = [i.id for s in plan_catalog.sections for i in s.items]
    flags = ("caregiver_present", "rented", "fall_past_year")
    visit = visit_with(store, flags, hazards, role=AssessorRole.CAREGIVER)
    data = household(store, plan_catalog, visit)
    assert data.plan is not None
    grouped = [e.item_id for _, group in data.plan.groups() for e in group]
    assert sorted(grouped) == sorted(ids(data.findings)) == sorted(hazards)


def pdf_text(path: Path) -> tuple[str, int]:
    pages = page_texts(path)
    return " ".join("\n".join(pages).split()), len(pages)


def test_the_handout_reads_as_a_plan(tmp_path: Path, store: Store, plan_catalog: Catalog) -> None:
    visit = visit_with(
        store,
        ("caregiver_present", "rented", *NIGHT_FALLER),
        (*NIGHT_HAZARDS, "caregiving.no_lifting", "out_of_bed.no_sit_up", "floors.cables"),
        role=AssessorRole.CAREGIVER,
        assessor="Sarah Example",
    )
    data = household(store, plan_catalog, visit)
    text, _ = pdf_text(render_pdf(data, tmp_path / "h.pdf"))
    headings = [
        "For Ruth, and Sarah who helps at home",
        "Fix these first",
        "Things to get",
        "Ask the landlord or building manager",
        "Talk to the doctor or pharmacist",
        "For Sarah, who helps",
        "Ways of moving",
    ]
    places = [text.index(h) for h in headings]
    assert places == sorted(places)
    assert text.count("Night light that plugs in") == 1
    assert text.count("Take loose rugs away.") == 1  # the cable refers to the rug's fix
    for word in ("the client", "Criterion", "Found:"):
        assert word not in text


def test_the_clinician_report_leads_with_a_page_to_sign(
    tmp_path: Path, store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(store, NIGHT_FALLER, NIGHT_HAZARDS, ok=("person.medicines",))
    data = build_report_for_visit(store, plan_catalog, visit.id)
    out = render_pdf(data, tmp_path / "c.pdf")
    first = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    assert "Most urgent, and why they rank first" in first
    assert "1. Route from bed to toilet dark at night [HIGH] — night-time route" in first
    assert "Completeness: 8 of 14 applicable items answered" in first  # what applies only
    assert "Signature" in first and "Referrals" in first
    assert "Partly checked" in first


def test_the_landlord_letter_is_one_page_about_the_building(
    tmp_path: Path, store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(
        store,
        ("rented", "osteoporosis", "fall_past_year"),
        ("stairs.rails", "stairs.lighting", "person.no_fall", "floors.rugs"),
    )
    letter = build_letter(plan_catalog, load_visit(store, plan_catalog, visit.id))
    text, pages = pdf_text(render_letter(letter, tmp_path / "l.pdf"))
    assert pages == 1
    assert "Rail on one side only" in text and "No switch at one end of the stairs" in text
    assert "Fit a second handrail." not in text  # advice for the household, not the landlord
    for private in ("Osteoporosis", "Fell in the past", "rug", "fall_past_year"):
        assert private not in text


def test_the_first_page_names_the_landlords_findings_and_the_command(
    tmp_path: Path, store: Store, plan_catalog: Catalog
) -> None:
    visit = visit_with(store, ("rented",), ("stairs.rails", "stairs.lighting"))
    out = render_pdf(build_report_for_visit(store, plan_catalog, visit.id), tmp_path / "c.pdf")
    first = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
    assert "For the landlord or building manager: findings 1, 2" in first
    assert f"(a one-page letter: homecheck report {visit.id} --audience landlord)" in first


def test_a_follow_up_marks_persisting_and_new_findings_in_the_plan(
    store: Store, plan_catalog: Catalog
) -> None:
    first = visit_with(store, (), ("floors.rugs", "stairs.rails"))
    store.complete_visit(first.id)
    later = store.start_visit(
        first.client_id,
        visit_date=date(2026, 12, 7),
        sections=list(ALL_SECTIONS),
        content_hash="h",
        previous_visit_id=first.id,
    )
    store.save_response(later.id, "floors.rugs", Answer.HAZARD)
    store.save_response(later.id, "stairs.rails", Answer.OK)
    store.save_response(later.id, "bedroom.lamp", Answer.HAZARD)
    data = build_report_for_visit(store, plan_catalog, later.id)
    assert {f.item_id: f.since for f in data.findings} == {
        "bedroom.lamp": "new",
        "floors.rugs": "persisting",
    }
    assert data.comparison is not None
    assert [c.what for c in data.comparison.resolved] == ["Rails on both sides"]  # as it is now


def test_the_report_command_writes_the_landlord_letter_and_the_appendix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from homecheck.cli import main

    db = tmp_path / "h.db"
    store = Store(db)
    rented = visit_with(store, ("rented",), ("stairs.rails", "floors.rugs"), name="Ada Example")
    owned = visit_with(store, (), ("stairs.rails",), name="Bea Example")
    store.close()
    base = ["--db", str(db), "--checklists", str(PLAN_CHECKLISTS), "report"]
    letter = tmp_path / "letter.pdf"
    assert main([*base, str(rented.id), "--audience", "landlord", "-o", str(letter)]) == 0
    text, pages = pdf_text(letter)
    assert pages == 1 and "Rail on one side only" in text and "Ada Example" in text
    assert main([*base, str(owned.id), "--audience", "landlord"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nothing for a landlord" in err and "Bea" not in err
    full = tmp_path / "full.pdf"
    assert main([*base, str(owned.id), "--appendix", "-o", str(full)]) == 0
    assert "Appendix: every item and its answer" in pdf_text(full)[0]
