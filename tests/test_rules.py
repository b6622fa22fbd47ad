"""Clinical logic: what applies, priority for this person, order, precautions."""

from __future__ import annotations

from dataclasses import replace

from homecheck import rules
from homecheck.model import (
    Answer,
    Audience,
    Catalog,
    Item,
    Priority,
    Response,
    Section,
    SectionKind,
)


def response(
    item_id: str,
    answer: Answer = Answer.HAZARD,
    *,
    priority_override: Priority | None = None,
    override_reason: str = "",
    recommendation: str = "",
) -> Response:
    return Response(
        visit_id=1,
        item_id=item_id,
        answer=answer,
        priority_override=priority_override,
        override_reason=override_reason,
        recommendation=recommendation,
    )


def test_walker_item_applies_only_with_a_walker(mini_catalog: Catalog) -> None:
    bathroom = mini_catalog.section("bathroom")
    assert "bathroom.walker_space" not in [
        i.id for i in rules.applicable_items(bathroom, frozenset())
    ]
    with_walker = rules.applicable_items(bathroom, frozenset({"walker"}))
    assert "bathroom.walker_space" in [i.id for i in with_walker]


def test_living_alone_raises_the_alarm_item_and_says_why(mini_catalog: Catalog) -> None:
    alarm = mini_catalog.items["bathroom.alarm"]
    assert rules.profile_priority(alarm, frozenset()) == (Priority.MEDIUM, ())
    assert rules.profile_priority(alarm, frozenset({"lives_alone"})) == (
        Priority.HIGH,
        ("lives_alone",),
    )


def test_findings_sorted_by_priority_then_section_then_item(mini_catalog: Catalog) -> None:
    sections = mini_catalog.sections
    responses = {
        "bathroom.toilet_height": response("bathroom.toilet_height"),
        "out_of_bed.no_sit_up": response("out_of_bed.no_sit_up"),
        "bathroom.grab_bar": response("bathroom.grab_bar"),
        "bathroom.alarm": response("bathroom.alarm", Answer.OK),
    }
    found = rules.findings(mini_catalog, sections, frozenset({"vertebral_fracture"}), responses)
    assert [f.item.id for f in found] == [
        "bathroom.grab_bar",  # high
        "out_of_bed.no_sit_up",  # raised to high by the vertebral fracture, later section
        "bathroom.toilet_height",  # medium
    ]
    assert found[1].raised_by == ("vertebral_fracture",)


def test_override_wins_over_the_profile(mini_catalog: Catalog) -> None:
    responses = {
        "bathroom.grab_bar": response(
            "bathroom.grab_bar",
            priority_override=Priority.LOW,
            override_reason="walk-in shower used",
        )
    }
    (finding,) = rules.findings(mini_catalog, mini_catalog.sections, frozenset(), responses)
    assert finding.priority is Priority.LOW and finding.overridden


def test_edited_recommendation_replaces_the_catalog_text(mini_catalog: Catalog) -> None:
    responses = {
        "bathroom.grab_bar": response("bathroom.grab_bar", recommendation="Bar left of tap")
    }
    (finding,) = rules.findings(mini_catalog, mini_catalog.sections, frozenset(), responses)
    assert finding.recommendation == "Bar left of tap"


def test_hidden_items_are_not_findings(mini_catalog: Catalog) -> None:
    responses = {"bathroom.walker_space": response("bathroom.walker_space")}
    assert rules.findings(mini_catalog, mini_catalog.sections, frozenset(), responses) == []


def test_precautions_never_restrict_without_a_fracture(mini_catalog: Catalog) -> None:
    def ids(*flags: str) -> set[str]:
        return {p.id for p in rules.precautions_for(mini_catalog, frozenset(flags))}

    assert ids() == set()
    assert ids("osteopenia") == {"keep_moderate_impact"}
    assert ids("osteoporosis") == {"avoid_loaded_flexion", "keep_moderate_impact"}
    assert ids("osteoporosis", "vertebral_fracture") == {
        "avoid_loaded_flexion",
        "limit_high_impact",
    }


def test_progress_and_next_unanswered(mini_catalog: Catalog) -> None:
    bathroom = mini_catalog.section("bathroom")
    items = rules.applicable_items(bathroom, frozenset())
    responses = {"bathroom.grab_bar": response("bathroom.grab_bar")}
    progress = rules.progress(bathroom, frozenset(), responses)
    assert (progress.answered, progress.total, progress.hazards) == (1, 3, 1)
    assert rules.next_unanswered(items, responses, 0) == 1
    assert rules.next_unanswered(items, responses, 2) == 1  # wraps round
    every = {i.id: response(i.id, Answer.OK) for i in items}
    assert rules.next_unanswered(items, every, 0) is None


def test_incomplete_sections_count_what_is_unanswered_and_skip_the_recheck(
    mini_catalog: Catalog,
) -> None:
    bathroom = mini_catalog.section("bathroom")
    previous = {"bathroom.grab_bar": response("bathroom.grab_bar")}
    recheck = rules.recheck_section(mini_catalog, previous, frozenset())
    assert recheck is not None
    sections = (recheck, *mini_catalog.sections)
    every = {
        item.id: response(item.id, Answer.OK)
        for section in mini_catalog.sections
        for item in rules.applicable_items(section, frozenset())
    }
    assert rules.incomplete_sections(sections, frozenset(), every) == ()
    del every["bathroom.grab_bar"]
    ((section, progress),) = rules.incomplete_sections(sections, frozenset(), every)
    assert section is bathroom
    assert progress.total - progress.answered == 1


def test_techniques_and_referrals_follow_the_findings(mini_catalog: Catalog) -> None:
    responses = {
        "out_of_bed.no_sit_up": response("out_of_bed.no_sit_up"),
        "bathroom.alarm": response("bathroom.alarm"),
    }
    found = rules.findings(mini_catalog, mini_catalog.sections, frozenset(), responses)
    assert [t.id for t in rules.techniques_for(mini_catalog, found)] == ["log_roll_out_of_bed"]
    ((who, group),) = rules.referrals(found)
    assert who == "alarm service" and group[0].item.id == "bathroom.alarm"


def test_default_sections_follow_section_flags(catalog: Catalog) -> None:
    mobility = catalog.section("mobility")
    assert mobility.applies_if
    assert "mobility" not in rules.default_sections(catalog, frozenset())
    assert "mobility" in rules.default_sections(catalog, frozenset({"walker"}))


def _item() -> Item:
    return Item(
        id="kitchen.reach",
        section_id="kitchen",
        check="Daily items within reach",
        plain="Things you use every day are easy to reach",
        hazard_if="Daily items above shoulder height.",
        priority=Priority.MEDIUM,
        why="Reaching up unbalances.",
        recommend="Move daily items to waist height.",
        plain_recommend="Keep what you use every day at waist height.",
        raise_if=(("walker", Priority.HIGH),),
    )


def test_effective_priority_is_the_item_own_without_profile_or_override() -> None:
    decision = rules.effective_priority(_item(), frozenset(), response("kitchen.reach"))
    assert decision.priority is Priority.MEDIUM and decision.profile is Priority.MEDIUM
    assert not decision.overridden and decision.raised_by == ()
    assert decision.reason({}) == ""


def test_effective_priority_raised_by_the_profile_says_why(mini_catalog: Catalog) -> None:
    decision = rules.effective_priority(_item(), frozenset({"walker"}), None)
    assert decision.priority is Priority.HIGH and decision.raised_by == ("walker",)
    label = mini_catalog.flags["walker"].label
    assert decision.reason(mini_catalog.flags) == f"Raised from medium because: {label}"


def test_effective_priority_override_wins_over_the_profile(mini_catalog: Catalog) -> None:
    overridden = response(
        "kitchen.reach", priority_override=Priority.LOW, override_reason="shelves lowered"
    )
    decision = rules.effective_priority(_item(), frozenset({"walker"}), overridden)
    assert decision.priority is Priority.LOW and decision.overridden
    assert decision.profile is Priority.HIGH and decision.raised_by == ("walker",)
    assert decision.reason(mini_catalog.flags) == "Priority set by the assessor: shelves lowered"
    silent = response("kitchen.reach", priority_override=Priority.LOW)
    assert rules.effective_priority(_item(), frozenset(), silent).reason({}) == (
        "Priority set by the assessor: set by the assessor"
    )


def test_wording_for_each_audience() -> None:
    clinician = rules.wording(_item(), Audience.CLINICIAN)
    assert clinician.check == "Daily items within reach"
    assert clinician.recommend == "Move daily items to waist height."
    assert not clinician.edited
    household = rules.wording(_item(), Audience.HOUSEHOLD, response("kitchen.reach"))
    assert household.check == "Things you use every day are easy to reach"
    assert household.recommend == "Keep what you use every day at waist height."
    assert household.why == "Reaching up unbalances." and not household.edited
    # No plain recommendation in the catalog: the household reads the clinical one.
    bare = rules.wording(replace(_item(), plain_recommend=""), Audience.HOUSEHOLD)
    assert bare.recommend == "Move daily items to waist height."


def test_wording_applies_the_visit_edited_recommendation_for_every_audience() -> None:
    edited = response("kitchen.reach", recommendation="Lower the left cupboard shelf")
    for audience in Audience:
        words = rules.wording(_item(), audience, edited)
        assert words.recommend == "Lower the left cupboard shelf" and words.edited


def test_priority_counts_every_priority_high_first(mini_catalog: Catalog) -> None:
    responses = {
        "bathroom.grab_bar": response("bathroom.grab_bar"),
        "bathroom.toilet_height": response("bathroom.toilet_height"),
        "bathroom.alarm": response("bathroom.alarm"),
    }
    found = rules.findings(mini_catalog, mini_catalog.sections, frozenset(), responses)
    counts = rules.priority_counts(found)
    assert list(counts.items()) == [(Priority.HIGH, 1), (Priority.MEDIUM, 2), (Priority.LOW, 0)]


def test_intro_for_each_audience() -> None:
    section = Section(
        id="stairs",
        title="Indoor stairs",
        plain_title="Stairs",
        kind=SectionKind.HOME,
        order=10,
        items=(_item(),),
        intro="Watch the client go up and down.",
        plain_intro="Ask them to show you how they use the stairs.",
    )
    assert rules.intro(section, Audience.CLINICIAN) == "Watch the client go up and down."
    assert rules.intro(section, Audience.HOUSEHOLD) == (
        "Ask them to show you how they use the stairs."
    )
    # No plain intro: the household reads the clinical one rather than nothing.
    bare = replace(section, plain_intro="")
    assert rules.intro(bare, Audience.HOUSEHOLD) == "Watch the client go up and down."
