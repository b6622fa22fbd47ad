"""A visit reopens just after the item answered last, by time, not at the first gap."""

from __future__ import annotations

from homecheck.model import Answer, Catalog, Response
from homecheck.ui.visit_walk import resume_position

NONE: frozenset[str] = frozenset()


def answered(*items: str) -> dict[str, Response]:
    """Responses saved one after another, in the order given."""
    return {
        item: Response(1, item, Answer.OK, updated=f"2026-05-01T10:00:0{n}.000+00:00")
        for n, item in enumerate(items)
    }


def test_nothing_answered_starts_at_the_first_item(mini_catalog: Catalog) -> None:
    assert resume_position(mini_catalog.sections, NONE, {}) == (0, 0)


def test_resumes_after_a_skipped_section(mini_catalog: Catalog) -> None:
    bed, bathroom = mini_catalog.section("out_of_bed"), mini_catalog.section("bathroom")
    sections = (bed, bathroom)  # the bed left for later, the bathroom begun
    assert resume_position(sections, NONE, answered("bathroom.grab_bar")) == (1, 1)


def test_by_time_not_by_order(mini_catalog: Catalog) -> None:
    bathroom = (mini_catalog.section("bathroom"),)
    responses = answered("bathroom.alarm", "bathroom.grab_bar")
    assert resume_position(bathroom, NONE, responses) == (0, 1)
    assert resume_position(bathroom, NONE, answered("bathroom.toilet_height")) == (0, 2)


def test_a_finished_section_moves_on(mini_catalog: Catalog) -> None:
    sections = (mini_catalog.section("bathroom"), mini_catalog.section("out_of_bed"))
    responses = answered("bathroom.grab_bar", "out_of_bed.no_sit_up")
    assert resume_position(sections, NONE, responses) == (0, 1)  # wraps to the gap


def test_all_answered_stays_after_the_last(mini_catalog: Catalog) -> None:
    sections = (mini_catalog.section("bathroom"), mini_catalog.section("out_of_bed"))
    responses = answered(
        "out_of_bed.no_sit_up", "bathroom.alarm", "bathroom.toilet_height", "bathroom.grab_bar"
    )
    assert resume_position(sections, NONE, responses) == (0, 1)


def test_equal_stamps_take_the_later_place(mini_catalog: Catalog) -> None:
    bathroom = (mini_catalog.section("bathroom"),)
    same = {
        item: Response(1, item, Answer.OK, updated="2026-05-01T10:00:00.000+00:00")
        for item in ("bathroom.grab_bar", "bathroom.toilet_height")
    }
    assert resume_position(bathroom, NONE, same) == (0, 2)
