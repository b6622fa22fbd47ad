"""Advice variants: the first that fits the person and the home prints, else the item's own."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from homecheck import rules
from homecheck.checklists import load_catalog
from homecheck.model import (
    Advice,
    Answer,
    Audience,
    FallContext,
    FixedBy,
    Item,
    Priority,
    Response,
)
from tests.conftest import MINI_CHECKLISTS

LADDER = Item(
    id="garden.ladder",
    section_id="garden",
    check="Ladder set up safely",
    plain="The ladder is safe",
    hazard_if="Ladder on soft ground.",
    priority=Priority.MEDIUM,
    why="Falls from ladders injure.",
    recommend="Set the ladder on firm ground with someone footing it.",
    plain_recommend="Put the ladder on firm ground and have someone hold it.",
    finding="Ladder used on soft ground, alone",
    plain_finding="You use a ladder on soft ground, alone",
    plain_why="A fall from a ladder can break bones.",
    advice=(
        Advice(
            flags=("osteoporosis", "vertebral_fracture"),
            not_flags=("hip_precautions",),
            recommend="Hand ladder jobs to someone else.",
            plain_recommend="Ask someone else to do ladder jobs.",
            why="A fall from height breaks fragile bones.",
        ),
        Advice(
            answers=(("garden.shed", Answer.NA),),
            recommend="Keep the ladder out of the way.",
            plain_recommend="Store the ladder away.",
            plain_why="It is in the way.",
        ),
    ),
)


def situation(*flags: str, **answers: Answer) -> rules.Situation:
    return rules.Situation(frozenset(flags), {f"garden.{k}": v for k, v in answers.items()})


def test_without_a_situation_the_items_own_text_prints() -> None:
    words = rules.wording(LADDER, Audience.CLINICIAN)
    assert words.recommend == LADDER.recommend
    assert words.finding == "Ladder used on soft ground, alone"


def test_a_flag_variant_prints_for_a_person_with_any_of_its_flags() -> None:
    words = rules.wording(LADDER, Audience.CLINICIAN, situation=situation("vertebral_fracture"))
    assert words.recommend == "Hand ladder jobs to someone else."
    assert words.why == "A fall from height breaks fragile bones."


def test_not_flags_rule_a_variant_out() -> None:
    fits = situation("osteoporosis", "hip_precautions")
    assert rules.chosen_advice(LADDER, fits) is None
    assert rules.wording(LADDER, Audience.CLINICIAN, situation=fits).recommend == LADDER.recommend


def test_osteopenia_alone_gets_the_default_not_the_ban() -> None:
    words = rules.wording(LADDER, Audience.HOUSEHOLD, situation=situation("osteopenia"))
    assert words.recommend == LADDER.plain_recommend
    assert words.why == LADDER.plain_why


def test_an_answer_variant_needs_the_named_answer() -> None:
    assert rules.chosen_advice(LADDER, situation(shed=Answer.OK)) is None
    chosen = rules.chosen_advice(LADDER, situation(shed=Answer.NA))
    assert chosen is LADDER.advice[1]


def test_all_flags_needs_every_one_of_them() -> None:
    both = Advice(
        all_flags=("hip_precautions", "cognitive_impairment"),
        recommend="One step at a time, hip rules first.",
        plain_recommend="One step at a time.",
    )
    item = dataclasses.replace(LADDER, advice=(both, *LADDER.advice))
    assert rules.chosen_advice(item, situation("hip_precautions")) is None
    assert rules.chosen_advice(item, situation("hip_precautions", "cognitive_impairment")) is both


def test_the_first_matching_variant_wins() -> None:
    both = situation("osteoporosis", shed=Answer.NA)
    assert rules.chosen_advice(LADDER, both) is LADDER.advice[0]


def test_household_words_come_from_the_variant_and_its_plain_why() -> None:
    words = rules.wording(LADDER, Audience.HOUSEHOLD, situation=situation(shed=Answer.NA))
    assert words.recommend == "Store the ladder away."
    assert words.why == "It is in the way."
    assert words.finding == "You use a ladder on soft ground, alone"


def test_a_variant_with_its_own_why_does_not_borrow_the_items_plain_why() -> None:
    words = rules.wording(LADDER, Audience.HOUSEHOLD, situation=situation("osteoporosis"))
    assert words.why == "A fall from height breaks fragile bones."


def test_a_family_member_checks_for_the_problem_in_plain_words() -> None:
    assert rules.wording(LADDER, Audience.HOUSEHOLD).hazard_if == LADDER.plain_finding
    assert rules.wording(LADDER, Audience.CLINICIAN).hazard_if == LADDER.hazard_if


def test_the_assessors_edit_still_wins_over_a_variant() -> None:
    edited = Response(1, LADDER.id, Answer.HAZARD, recommendation="Sell the ladder.")
    words = rules.wording(LADDER, Audience.HOUSEHOLD, edited, situation("osteoporosis"))
    assert (words.recommend, words.edited) == ("Sell the ladder.", True)


def test_situation_of_takes_the_flags_and_every_answer() -> None:
    responses = {"garden.shed": Response(1, "garden.shed", Answer.NA)}
    made = rules.Situation.of(["walker"], responses)
    assert (made.flags, made.answers) == (frozenset({"walker"}), {"garden.shed": Answer.NA})


def test_the_loader_reads_variants_context_and_devices(tmp_path: Path) -> None:
    target = tmp_path / "checklists"
    shutil.copytree(MINI_CHECKLISTS, target)
    (target / "devices.toml").write_text(
        '[[device]]\nid = "grab_rail"\nlabel = "Grab bar"\nplain = "Grab rail"\n'
    )
    (target / "sections" / "garden.toml").write_text(
        """
[section]
id = "garden"
title = "Garden"
kind = "home"
order = 90

[[item]]
id = "garden.step"
check = "Rail at the garden step"
plain = "There is a rail at the garden step"
hazard_if = "No rail at a step of two risers or more."
priority = "medium"
why = "Steps without rails cause falls."
recommend = "Fit a rail."
plain_recommend = "Have a rail fitted."
finding = "No rail at the garden step"
plain_finding = "There is no rail at the garden step"
context = "stairs"
fixed_by = "building"
devices = ["grab_rail"]

[[item.advice]]
when = { flags = ["walker"], answers = { "bathroom.grab_bar" = "hazard" } }
recommend = "Fit rails on both sides."
plain_recommend = "Have rails fitted on both sides."
"""
    )
    catalog = load_catalog(target)
    item = catalog.items["garden.step"]
    assert item.context is FallContext.STAIRS
    assert item.fixed_by is FixedBy.BUILDING
    assert item.devices == ("grab_rail",)
    assert catalog.devices["grab_rail"].plain == "Grab rail"
    (variant,) = item.advice
    assert variant.flags == ("walker",)
    assert variant.answers == (("bathroom.grab_bar", Answer.HAZARD),)
    # A home item with no fixed_by is the household's; the mini catalog's person and
    # movement sections default to the doctor and the therapist.
    assert catalog.items["bathroom.grab_bar"].fixed_by is FixedBy.HOUSEHOLD
    assert catalog.items["bathroom.grab_bar"].context is None
