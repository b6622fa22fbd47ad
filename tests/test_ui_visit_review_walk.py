"""What a caregiver's walk-through of the visit and the review found, kept fixed: messages
that never cover what is read, legends only for marks shown, Esc after completing goes to
the client, and no table scrolling sideways at 80x24. Every person here is fictional."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Label, TextArea

from homecheck.config import Config
from homecheck.model import (
    ANSWER_KEYS,
    Answer,
    AssessorRole,
    Catalog,
    SectionKind,
    VisitStatus,
    answer_meaning,
)
from homecheck.store import Store
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.review import ReviewScreen
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.widgets import review_tables
from homecheck.ui.widgets.item_list import ItemList
from homecheck.ui.widgets.section_head import SectionHead
from homecheck.ui.widgets.section_list import SectionList
from homecheck.ui.widgets.status_line import StatusLine
from tests.ui_support import make_app, open_visit, until

SMALL = (80, 24)
DAY = date(2026, 11, 2)


def _visit(store: Store, catalog: Catalog) -> tuple[int, int]:
    """A caregiver's visit of every fixture section: (client id, visit id)."""
    client = store.add_client("Edna Example")
    visit = store.start_visit(
        client.id,
        visit_date=DAY,
        sections=[s.id for s in catalog.sections],
        content_hash=catalog.content_hash,
        role=AssessorRole.CAREGIVER,
    )
    return client.id, visit.id


async def test_review_messages_never_cover_the_recommendation(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    _, visit_id = _visit(store, mini_catalog)
    store.save_response(visit_id, "bathroom.grab_bar", Answer.HAZARD)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        review = ReviewScreen(visit_id)
        await app.push_screen(review)
        await pilot.pause()
        status = review.query_one(StatusLine)
        assert not status.display  # nothing to say: no line taken
        await pilot.press("c", "c")  # items unanswered: asked, then completed anyway
        await pilot.pause()
        assert store.get_visit(visit_id).status is VisitStatus.COMPLETED
        assert status.message.startswith("Visit completed.")
        assert status.display
        assert not app.screen.query("Toast"), "a toast would be drawn over the text"
        detail = review.query_one("#finding-detail-scroll").region
        assert detail.height and not detail.overlaps(status.region)
        assert "What to do" not in status.message  # the detail is untouched
        assert "Recommendation" in str(review.query_one("#finding-detail").render())


async def test_visit_messages_take_a_line_of_their_own(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    _, visit_id = _visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        screen = await open_visit(pilot, visit_id)
        for _ in screen.items:
            await pilot.press("s")
        await pilot.pause()
        status = screen.query_one(StatusLine)
        assert "all answered" in status.message
        assert not status.region.overlaps(screen.query_one("#detail").region)
        assert not app.screen.query("Toast")


async def test_legends_only_for_the_marks_shown(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    _, visit_id = _visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_visit(pilot, visit_id)
        items, sections = screen.query_one(ItemList), screen.query_one(SectionList)
        assert not items.border_subtitle  # no note anywhere: no ✎ to explain
        assert not sections.border_subtitle  # nothing done, no hazard yet
        await pilot.press("h")
        await pilot.pause()
        assert str(sections.border_subtitle) == "!hazards"
        for _ in screen.items[1:]:
            await pilot.press("s")
        await pilot.pause()
        assert str(sections.border_subtitle) == "✓ done !hazards"

        await pilot.press("v")
        await pilot.pause()
        title = str(app.screen.query_one("#findings-title", Label).content)
        assert "✎" not in title
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        items.highlighted = 0
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(TextArea).insert("Loose mat by the bath")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(items.border_subtitle) == "✎ has a note (e adds one)"

        await pilot.press("v")
        await pilot.pause()
        title = str(app.screen.query_one("#findings-title", Label).content)
        assert "✎ has a note" in title


async def test_esc_after_completing_on_the_review_goes_to_the_client(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """A caregiver who has completed the visit and written the handout goes back to the
    client (its reports listed) in one Esc; a therapist checking a visit in progress goes
    back to the visit."""
    client_id, visit_id = _visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        app.open_client(client_id)
        await until(pilot, lambda: isinstance(app.screen, ClientScreen))
        app.open_visit(visit_id)
        await until(pilot, lambda: isinstance(app.screen, VisitScreen))
        visit_screen = app.screen
        await pilot.press("h", "v")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("escape")  # in progress: back to the visit, as it was
        await pilot.pause()
        assert app.screen is visit_screen

        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("c", "c")
        await pilot.pause()
        assert store.get_visit(visit_id).status is VisitStatus.COMPLETED
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ClientScreen))
        assert visit_screen not in app.screen_stack

        # Reopened on the review, the visit is in progress again: Esc returns to it.
        app.open_visit(visit_id)
        await until(pilot, lambda: isinstance(app.screen, VisitScreen))
        reopened_visit = app.screen
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("o", "enter")
        await pilot.pause()
        assert store.get_visit(visit_id).status is VisitStatus.IN_PROGRESS
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is reopened_visit


async def test_no_table_scrolls_sideways_on_the_review_at_80x24(
    store: Store, catalog: Catalog, config: Config
) -> None:
    """A long unanswered question gave its table a sideways scrollbar: a stray "▏" over
    the footer. Each column is cut to the width, with "…". The shipped checklists, for
    their long questions."""
    _, visit_id = _visit(store, catalog)
    first = next(item for s in catalog.sections for item in s.items if not item.applies_if)
    store.save_response(visit_id, first.id, Answer.HAZARD)
    app = make_app(store, catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        review = ReviewScreen(visit_id)
        await app.push_screen(review)
        await pilot.pause()
        for table in review.query(DataTable):
            if table.display:
                assert table.virtual_size.width <= table.scrollable_content_region.width
                assert not table.show_horizontal_scrollbar


async def test_no_table_scrolls_sideways_on_a_follow_ups_review_at_80x24(
    store: Store, catalog: Catalog, config: Config
) -> None:
    """The comparison's change column is wider than the priority's: it overflowed by as
    much, and drew a stray "▎" above the footer on its tab."""
    client_id, first_id = _visit(store, catalog)
    finding = next(item for s in catalog.sections for item in s.items if not item.applies_if)
    store.save_response(first_id, finding.id, Answer.HAZARD)
    store.complete_visit(first_id)
    follow_up = store.start_visit(
        client_id,
        visit_date=date(2026, 12, 2),
        sections=[s.id for s in catalog.sections],
        content_hash=catalog.content_hash,
        role=AssessorRole.CAREGIVER,
        previous_visit_id=first_id,
    )
    store.save_response(follow_up.id, finding.id, Answer.HAZARD)
    app = make_app(store, catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        review = ReviewScreen(follow_up.id)
        await app.push_screen(review)
        await pilot.pause()
        for key, table_id in (("right_square_bracket", "#comparison"), ("]", "#unanswered")):
            await pilot.press(key)
            await pilot.pause()
            table = review.query_one(table_id, DataTable)
            assert table.row_count
            assert table.virtual_size.width <= table.scrollable_content_region.width, table_id


async def test_each_answer_keys_meaning_on_a_line_of_its_own(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """The meanings ran on after the section's name and broke mid-list ("· d" / "Don't
    know"), at 80 and at 120 columns."""
    _, visit_id = _visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_visit(pilot, visit_id)
        lines = str(screen.query_one(SectionHead).render()).splitlines()
        assert lines[0].startswith("Bathroom")
        assert lines[1] == "s Safe  h Hazard  n Does not apply here  d Don't know"


async def test_review_counts_read_as_said(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """ "1 finding", not "1 findings"; a caregiver's questions left unanswered are
    questions, and once completed they are not checked rather than "not answered yet"."""
    _, visit_id = _visit(store, mini_catalog)
    applicable = [i for s in mini_catalog.sections for i in s.items if not i.applies_if]
    store.save_response(visit_id, applicable[0].id, Answer.HAZARD)
    for item in applicable[1:-1]:
        store.save_response(visit_id, item.id, Answer.OK)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        review = ReviewScreen(visit_id)
        await app.push_screen(review)
        await pilot.pause()
        summary = str(review.query_one("#review-summary").render())
        assert "1 finding " in summary and "1 not answered" in summary
        assert str(review.query_one("#unanswered-title", Label).content) == "Not answered yet"
        await pilot.press("c", "c")
        await pilot.pause()
        said = review.query_one(StatusLine).message
        assert said.startswith("Visit completed. 1 question was left unanswered.")
        title = str(review.query_one("#unanswered-title", Label).content)
        assert title == "Not answered: not checked"


async def test_the_section_legend_is_never_cut(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """With hazards and "Don't know" answers both shown, "!hazards ?don't know" was cut to
    "?don'…" at 80 columns: a shorter wording fits whole there."""
    _, visit_id = _visit(store, mini_catalog)
    for size, legend in ((SMALL, "!hazard ?unsure"), ((120, 40), "!hazards ?don't know")):
        app = make_app(store, mini_catalog, config)
        async with app.run_test(size=size) as pilot:
            screen = await open_visit(pilot, visit_id)
            if not screen.responses:
                await pilot.press("h", "d")
                await pilot.pause()
            sections = screen.query_one(SectionList)
            assert str(sections.border_subtitle) == legend
            assert len(legend) <= sections.outer_size.width - 6


async def test_a_completed_visit_says_so_in_its_title(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    _, visit_id = _visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_visit(pilot, visit_id)
        assert screen.sub_title == "Edna Example · 2026-11-02"
        await pilot.press("c", "c")  # asked (items unanswered), then completed anyway
        await pilot.pause()
        assert screen.sub_title == "Edna Example · 2026-11-02 · completed"


def test_every_kinds_answer_keys_fit_one_line_at_80_columns() -> None:
    """80 columns less the section list (22) and the head's left padding (1): 57. The
    re-check's keys ("n No longer applies") broke "Don't / know" over two lines."""
    for kind in SectionKind:
        keys = "  ".join(
            f"{letter} {answer_meaning(kind, answer)}" for answer, letter, _ in ANSWER_KEYS
        )
        assert len(keys) <= 57, kind


@pytest.mark.parametrize("size", [SMALL, (120, 40)])
async def test_the_note_mark_on_a_long_finding_is_never_cut(
    store: Store, catalog: Catalog, config: Config, size: tuple[int, int]
) -> None:
    """✎ leads the finding's text: at its end, a finding cut at 80 columns took it along."""
    client = store.add_client("Edna Example")
    visit = store.start_visit(
        client.id, visit_date=DAY, sections=["person"], content_hash=catalog.content_hash
    )
    item = catalog.items["person.medicines_reviewed"]
    store.save_response(visit.id, item.id, Answer.HAZARD, note="Two sleeping tablets")
    app = make_app(store, catalog, config)
    async with app.run_test(size=size) as pilot:
        await app.push_screen(ReviewScreen(visit.id))
        await until(pilot, lambda: app.screen.query_one("#findings", DataTable).row_count == 1)
        region = app.screen.query_one("#findings", DataTable).content_region
        strips = app.screen._compositor.render_strips()[region.y : region.bottom]
        rows = ["".join(s.text for s in strip.crop(region.x, region.right)) for strip in strips]
        row = next(line for line in rows if "High" in line or "Medium" in line or "Low" in line)
        assert f"✎ {item.finding[:12]}" in row
        if size[0] < review_tables.WIDE:  # the case this guards: the text cut at its end
            assert "…" in row and item.finding not in row
