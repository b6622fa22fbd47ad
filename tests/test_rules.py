"""Clinical logic: what applies, priority for this person, order, precautions."""

from __future__ import annotations

from homecheck import rules
from homecheck.model import Answer, Priority, Response


def response(item_id: str, answer: Answer = Answer.HAZARD, **kw) -> Response:
    return Response(visit_id=1, item_id=item_id, answer=answer, **kw)


def test_walker_item_applies_only_with_a_walker(mini_catalog) -> None:
    bathroom = mini_catalog.section("bathroom")
    assert "bathroom.walker_space" not in [
        i.id for i in rules.applicable_items(bathroom, frozenset())
    ]
    with_walker = rules.applicable_items(bathroom, frozenset({"walker"}))
    assert "bathroom.walker_space" in [i.id for i in with_walker]


def test_living_alone_raises_the_alarm_item_and_says_why(mini_catalog) -> None:
    alarm = mini_catalog.items["bathroom.alarm"]
    assert rules.profile_priority(alarm, frozenset()) == (Priority.MEDIUM, ())
    assert rules.profile_priority(alarm, frozenset({"lives_alone"})) == (
        Priority.HIGH,
        ("lives_alone",),
    )


def test_findings_sorted_by_priority_then_section_then_item(mini_catalog) -> None:
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


def test_override_wins_over_the_profile(mini_catalog) -> None:
    responses = {
        "bathroom.grab_bar": response(
            "bathroom.grab_bar",
            priority_override=Priority.LOW,
            override_reason="walk-in shower used",
        )
    }
    (finding,) = rules.findings(mini_catalog, mini_catalog.sections, frozenset(), responses)
    assert finding.priority is Priority.LOW and finding.overridden


def test_edited_recommendation_replaces_the_catalog_text(mini_catalog) -> None:
    responses = {
        "bathroom.grab_bar": response("bathroom.grab_bar", recommendation="Bar left of tap")
    }
    (finding,) = rules.findings(mini_catalog, mini_catalog.sections, frozenset(), responses)
    assert finding.recommendation == "Bar left of tap"


def test_hidden_items_are_not_findings(mini_catalog) -> None:
    responses = {"bathroom.walker_space": response("bathroom.walker_space")}
    assert rules.findings(mini_catalog, mini_catalog.sections, frozenset(), responses) == []


def test_precautions_never_restrict_without_a_fracture(mini_catalog) -> None:
    def ids(*flags: str) -> set[str]:
        return {p.id for p in rules.precautions_for(mini_catalog, frozenset(flags))}

    assert ids() == set()
    assert ids("osteopenia") == {"keep_moderate_impact"}
    assert ids("osteoporosis") == {"avoid_loaded_flexion", "keep_moderate_impact"}
    assert ids("osteoporosis", "vertebral_fracture") == {
        "avoid_loaded_flexion",
        "limit_high_impact",
    }


def test_progress_and_next_unanswered(mini_catalog) -> None:
    bathroom = mini_catalog.section("bathroom")
    items = rules.applicable_items(bathroom, frozenset())
    responses = {"bathroom.grab_bar": response("bathroom.grab_bar")}
    progress = rules.progress(bathroom, frozenset(), responses)
    assert (progress.answered, progress.total, progress.hazards) == (1, 3, 1)
    assert rules.next_unanswered(items, responses, 0) == 1
    assert rules.next_unanswered(items, responses, 2) == 1  # wraps round
    every = {i.id: response(i.id, Answer.OK) for i in items}
    assert rules.next_unanswered(items, every, 0) is None


def test_techniques_and_referrals_follow_the_findings(mini_catalog) -> None:
    responses = {
        "out_of_bed.no_sit_up": response("out_of_bed.no_sit_up"),
        "bathroom.alarm": response("bathroom.alarm"),
    }
    found = rules.findings(mini_catalog, mini_catalog.sections, frozenset(), responses)
    assert [t.id for t in rules.techniques_for(mini_catalog, found)] == ["log_roll_out_of_bed"]
    ((who, group),) = rules.referrals(found)
    assert who == "alarm service" and group[0].item.id == "bathroom.alarm"


def test_default_sections_follow_section_flags(catalog) -> None:
    mobility = catalog.section("mobility")
    assert mobility.applies_if
    assert "mobility" not in rules.default_sections(catalog, frozenset())
    assert "mobility" in rules.default_sections(catalog, frozenset({"walker"}))
