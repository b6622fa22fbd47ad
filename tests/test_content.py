"""Guards on the shipped clinical content (checklists/), not on the code that loads it.

Each test names the clinical promise it protects, so a failing test tells a content author
what a therapist would lose: a missing section, an unusable measure, a caregiver-facing
phrase that says nothing, or advice that restricts someone who does not need it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from homecheck import rules
from homecheck.model import Catalog, Item, PrecautionKind, SectionKind

BONE_FLAGS = frozenset(
    {
        "osteoporosis",
        "osteopenia",
        "vertebral_fracture",
        "hip_fracture",
        "other_fragility_fracture",
        "multiple_fragility_fractures",
    }
)

HOME_SECTIONS = (
    "entrance",
    "floors",
    "stairs",
    "outdoor_steps",
    "living",
    "kitchen",
    "bathroom",
    "bedroom",
    "lighting",
    "laundry",
    "garden",
    "footwear",
    "mobility",
    "emergency",
    "pets",
)

# Body-mechanics tasks whose risk is mainly spinal loading: on by default only with a bone flag.
SPINAL_TASK_SECTIONS = (
    "posture",
    "hip_hinge",
    "floor_pickup",
    "lifting",
    "push_pull",
    "reach_low",
    "cleaning",
    "laundry_task",
    "bed_making",
    "sink_dishwasher",
    "groceries",
    "heavy_work",
    "gardening",
    "cough_sneeze",
    "into_bed",
    "car_transfer",
    "carrying",
    "exercise_classes",
)
# Falls-relevant tasks: on by default for everyone.
FALLS_TASK_SECTIONS = ("out_of_bed", "sit_to_stand", "floor_transfer", "turning", "reach_high")
BODY_MECHANICS_SECTIONS = SPINAL_TASK_SECTIONS + FALLS_TASK_SECTIONS

TECHNIQUE_IDS = (
    "log_roll_out_of_bed",
    "into_bed_and_rolling",
    "hip_hinge",
    "floor_pickup",
    "lifting_a_load",
    "carrying_a_load",
    "push_pull",
    "sit_to_stand",
    "floor_down_and_up",
    "step_to_turn",
    "cough_sneeze_brace",
    "car_transfer",
)

# Ids the demo (homecheck/demo.py) answers; renaming one silently empties the demo report.
DEMO_ITEM_IDS = (
    "person.no_fall_past_year",
    "person.medicines_reviewed",
    "floors.rugs_secure",
    "stairs.rails_both_sides",
    "bathroom.grab_bar_bath_shower",
    "bathroom.toilet_height",
    "bedroom.night_light",
    "emergency.personal_alarm",
    "reach_high.no_climbing",
    "out_of_bed.no_sit_up",
    "lifting.back_straight",
    "gardening.kneel_or_sit_not_stoop",
    "cough_sneeze.brace_upright",
)

# name -> (item id, words the measure label must contain, unit)
REQUIRED_MEASURES = {
    "toilet seat height": ("bathroom.toilet_height", ("seat",), "cm"),
    "bed height": ("bedroom.bed_height", ("mattress",), "cm"),
    "chair seat height": ("living.chair_seat_height", ("seat height",), "cm"),
    "stair rise": ("stairs.step_rise", ("rise",), "cm"),
    "stair going": ("stairs.step_going", ("going",), "cm"),
    "handrail height": ("stairs.rail_height", ("rail height",), "cm"),
    "route clear width": ("floors.route_width_aid", ("width",), "cm"),
    "walker door clear width": ("mobility.door_width_walker", ("door width",), "cm"),
    "wheelchair door clear width": ("mobility.door_width_wheelchair", ("door width",), "cm"),
    "hot water temperature": ("bathroom.hot_water_temperature", ("hot water",), "°C"),
}

EMPTY_PHRASES = (
    "be careful",
    "take care",
    "consider safety",
    "be safe",
    "use caution",
    "exercise caution",
    "be cautious",
)

PRESCRIBED_EXERCISES = ("straight-leg raise", "straight leg raise", "crunches", "sit-ups")


def _all_items(catalog: Catalog) -> Iterator[Item]:
    for section in catalog.sections:
        yield from section.items


def _all_texts(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """Every piece of wording in the content, labelled with where it lives."""
    for section in catalog.sections:
        for name in ("title", "plain_title", "intro", "plain_intro"):
            yield f"{section.id}.{name}", getattr(section, name)
        for item in section.items:
            for name in (
                "check",
                "plain",
                "hazard_if",
                "why",
                "recommend",
                "plain_recommend",
                "referral",
                "no_technique",
            ):
                yield f"{item.id}.{name}", getattr(item, name)
            if item.measure:
                yield f"{item.id}.measure", item.measure.label
            for source in item.sources:
                yield f"{item.id}.sources", source
    for technique in catalog.techniques.values():
        for name in ("title", "plain_title", "purpose"):
            yield f"{technique.id}.{name}", getattr(technique, name)
        for index, text in enumerate(technique.steps + technique.tips):
            yield f"{technique.id}[{index}]", text
    for precaution in catalog.precautions:
        for name in ("title", "text", "plain", "why"):
            yield f"{precaution.id}.{name}", getattr(precaution, name)
    for flag in catalog.flags.values():
        yield f"flag {flag.id}", flag.label + " " + flag.plain


# ---------------------------------------------------------------- size and structure


def test_catalog_is_big_enough_for_a_full_home_visit(catalog: Catalog) -> None:
    assert len(catalog.items) >= 180


def test_every_required_text_field_is_filled_in(catalog: Catalog) -> None:
    empty = [
        f"{item.id}.{name}"
        for item in _all_items(catalog)
        for name in ("id", "check", "plain", "hazard_if", "why", "recommend")
        if not getattr(item, name).strip()
    ]
    empty += [f"section {s.id}" for s in catalog.sections if not (s.title.strip() and s.items)]
    assert empty == []


def test_item_ids_are_unique_so_answers_never_collide(catalog: Catalog) -> None:
    ids = [item.id for item in _all_items(catalog)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []
    assert len(ids) == len(catalog.items)


def test_every_item_id_starts_with_its_section_id(catalog: Catalog) -> None:
    wrong = [
        item.id
        for section in catalog.sections
        for item in section.items
        if not item.id.startswith(section.id + ".") or item.section_id != section.id
    ]
    assert wrong == []


def test_demo_item_ids_still_exist(catalog: Catalog) -> None:
    missing = [item_id for item_id in DEMO_ITEM_IDS if item_id not in catalog.items]
    assert missing == []


@pytest.mark.parametrize("section_id", ("person", *HOME_SECTIONS, *BODY_MECHANICS_SECTIONS))
def test_required_section_is_present(catalog: Catalog, section_id: str) -> None:
    section = catalog.section(section_id)
    if section_id == "person":
        expected = SectionKind.PERSON
    elif section_id in HOME_SECTIONS:
        expected = SectionKind.HOME
    else:
        expected = SectionKind.BODY_MECHANICS
    assert section.kind is expected
    assert section.items


def test_all_body_mechanics_tasks_are_covered(catalog: Catalog) -> None:
    """The 22 tasks of the reference table, plus exercise classes and sport (issue 13)."""
    assert len(set(BODY_MECHANICS_SECTIONS)) == 23
    shipped = {s.id for s in catalog.sections if s.kind is SectionKind.BODY_MECHANICS}
    assert shipped == set(BODY_MECHANICS_SECTIONS)


# ---------------------------------------------------------------- techniques and flags


@pytest.mark.parametrize("technique_id", TECHNIQUE_IDS)
def test_technique_exists_with_enough_steps_to_follow(catalog: Catalog, technique_id: str) -> None:
    technique = catalog.techniques[technique_id]
    assert len(technique.steps) >= 4
    assert all(step.strip() for step in technique.steps)


def test_every_body_mechanics_finding_links_a_technique_or_says_why_not(catalog: Catalog) -> None:
    missing = []
    for section in catalog.sections:
        if section.kind is not SectionKind.BODY_MECHANICS:
            continue
        for item in section.items:
            if item.technique:
                if item.technique not in catalog.techniques:
                    missing.append(f"{item.id}: unknown technique {item.technique}")
            elif not item.no_technique.strip():
                missing.append(item.id)
    assert missing == []


def test_every_flag_named_in_the_content_is_declared(catalog: Catalog) -> None:
    used: set[str] = set()
    for section in catalog.sections:
        used.update(section.applies_if)
        for item in section.items:
            used.update(item.applies_if)
            used.update(flag for flag, _ in item.raise_if)
    for precaution in catalog.precautions:
        used.update(precaution.applies_if)
        used.update(precaution.unless)
    assert used - set(catalog.flags) == set()
    assert set(catalog.flags) >= BONE_FLAGS


# ---------------------------------------------------------------- measures


@pytest.mark.parametrize("name", sorted(REQUIRED_MEASURES))
def test_key_dimension_is_measured_not_eyeballed(catalog: Catalog, name: str) -> None:
    item_id, label_words, unit = REQUIRED_MEASURES[name]
    item = catalog.items[item_id]
    assert item.measure is not None, f"{name}: {item_id} has no measure"
    label = item.measure.label.lower()
    assert all(word in label for word in label_words), f"{name}: label {item.measure.label!r}"
    assert item.measure.unit == unit


def test_measure_thresholds_match_the_hazard_definition(catalog: Catalog) -> None:
    """A second assessor reading hazard_if must reach the same verdict as the measure."""
    mismatched = []
    for item in _all_items(catalog):
        measure = item.measure
        if measure is None:
            continue
        for bound in (measure.hazard_below, measure.hazard_above):
            if bound is not None and f"{bound:g}" not in item.hazard_if:
                mismatched.append(f"{item.id}: {bound:g} not in hazard_if")
    assert mismatched == []


def test_toilet_and_chair_seat_thresholds_agree(catalog: Catalog) -> None:
    toilet = catalog.items["bathroom.toilet_height"].measure
    chair = catalog.items["living.chair_seat_height"].measure
    assert toilet is not None and chair is not None
    assert toilet.hazard_below == chair.hazard_below == 43


# ---------------------------------------------------------------- referrals and defaults


def test_every_person_level_finding_says_who_to_refer_to(catalog: Catalog) -> None:
    missing = [item.id for item in catalog.section("person").items if not item.referral.strip()]
    assert missing == []


@pytest.mark.parametrize("section_id", SPINAL_TASK_SECTIONS)
def test_spinal_loading_tasks_default_on_for_bone_flags_only(
    catalog: Catalog, section_id: str
) -> None:
    section = catalog.section(section_id)
    assert set(section.applies_if) >= BONE_FLAGS
    assert not rules.section_included_by_default(section, frozenset())
    for flag in BONE_FLAGS:
        assert rules.section_included_by_default(section, frozenset({flag}))


@pytest.mark.parametrize("section_id", FALLS_TASK_SECTIONS)
def test_falls_tasks_default_on_for_everyone(catalog: Catalog, section_id: str) -> None:
    assert rules.section_included_by_default(catalog.section(section_id), frozenset())


# ---------------------------------------------------------------- precautions: never over-restrict


def _precaution_ids(catalog: Catalog, *flags: str) -> dict[str, PrecautionKind]:
    chosen = rules.precautions_for(catalog, frozenset(flags))
    return {p.id: p.kind for p in chosen}


def test_osteopenia_alone_gets_no_avoid_advice(catalog: Catalog) -> None:
    chosen = _precaution_ids(catalog, "osteopenia")
    assert PrecautionKind.AVOID not in chosen.values()


def test_osteopenia_alone_is_encouraged_to_keep_moderate_impact(catalog: Catalog) -> None:
    assert "keep_moderate_impact" in _precaution_ids(catalog, "osteopenia")


def test_spinal_fracture_limits_high_impact_and_drops_moderate_impact_advice(
    catalog: Catalog,
) -> None:
    chosen = _precaution_ids(catalog, "osteoporosis", "vertebral_fracture")
    assert chosen.get("limit_high_impact") is PrecautionKind.AVOID
    assert "keep_moderate_impact" not in chosen


def test_client_without_flags_gets_no_avoid_advice(catalog: Catalog) -> None:
    chosen = _precaution_ids(catalog)
    assert PrecautionKind.AVOID not in chosen.values()


def test_impact_limit_is_only_for_spinal_or_multiple_fractures(catalog: Catalog) -> None:
    for flag in BONE_FLAGS - {"vertebral_fracture", "multiple_fragility_fractures"}:
        assert "limit_high_impact" not in _precaution_ids(catalog, flag), flag


def test_every_avoid_precaution_names_the_flags_that_call_for_it(catalog: Catalog) -> None:
    blanket = [
        p.id for p in catalog.precautions if p.kind is PrecautionKind.AVOID and not p.applies_if
    ]
    assert blanket == []


# ---------------------------------------------------------------- wording


def test_no_empty_safety_phrases_anywhere(catalog: Catalog) -> None:
    found = [
        f"{where}: {phrase!r}"
        for where, text in _all_texts(catalog)
        for phrase in EMPTY_PHRASES
        if phrase in text.lower()
    ]
    assert found == []


def test_recommendations_never_prescribe_flexion_exercises(catalog: Catalog) -> None:
    found = [
        f"{item.id}: {word!r}"
        for item in _all_items(catalog)
        for text in (item.recommend, item.plain_recommend)
        for word in PRESCRIBED_EXERCISES
        if word in text.lower()
    ]
    keep_texts = [
        (p.id, p.text + " " + p.plain) for p in catalog.precautions if p.kind is PrecautionKind.KEEP
    ]
    found += [
        f"{pid}: {word!r}"
        for pid, text in keep_texts
        for word in PRESCRIBED_EXERCISES
        if word in text.lower()
    ]
    assert found == []


def test_cross_references_name_sections_that_exist(catalog: Catalog) -> None:
    """'... scored in the X section' must name X by a title the assessor can find."""
    titles = sorted({s.title for s in catalog.sections}, key=len, reverse=True)
    not_a_reference = ("this", "their own", "its own", "those", "any", "torn")
    broken = []
    for where, text in _all_texts(catalog):
        for match in re.finditer(r" sections?\b", text):
            before = text[: match.start()]
            if before.endswith(not_a_reference) or re.match(r" \d", text[match.end() :]):
                continue
            named = False
            while True:
                title = next((t for t in titles if before.endswith(t)), None)
                if title is None:
                    break
                named = True
                before = before[: -len(title)]
                for joiner in (", ", " and "):
                    if before.endswith(joiner):
                        before = before[: -len(joiner)]
                        break
                else:
                    break
            if not (named and before.endswith("the ")):
                broken.append(f"{where}: ...{text[max(0, match.start() - 50) : match.end()]}")
    assert broken == []


def test_plain_wording_avoids_clinical_jargon(catalog: Catalog) -> None:
    jargon = re.compile(
        r"flexion|ambulat|\bADLs?\b|end-range|propriocep|orthostatic|thoracic|lumbar|kyphos",
        re.IGNORECASE,
    )
    found = [
        f"{item.id}: {match.group(0)!r}"
        for item in _all_items(catalog)
        for text in (item.plain, item.plain_recommend)
        for match in jargon.finditer(text)
    ]
    clinical_recommend = [
        item.id
        for item in _all_items(catalog)
        if jargon.search(item.recommend) and not item.plain_recommend
    ]
    assert found == []
    assert clinical_recommend == []
