"""The visit screen's detail pane: the same words the reports print, for each audience."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App, ComposeResult
from textual.widgets import Static

from homecheck.checklists import load_catalog
from homecheck.model import Answer, Response, SectionKind
from homecheck.ui.widgets.item_detail import ItemDetail
from tests.conftest import MINI_CHECKLISTS

# An item with both recommendations, so each audience's own text can be told apart.
ITEM = replace(
    load_catalog(MINI_CHECKLISTS).items["bathroom.grab_bar"],
    plain_recommend="Have a handle fitted by the bath.",
    plain_finding="No handle to hold at the bath",
)


class DetailApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ItemDetail()


async def shown(response: Response | None, *, plain: bool) -> str:
    app = DetailApp()
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(ItemDetail).show(ITEM, response, SectionKind.HOME, plain=plain)
        await pilot.pause()
        body = app.query_one("#detail-body", Static)
        return " ".join(str(line) for line in body.content.renderables)  # type: ignore[union-attr]


async def test_plain_wording_shows_the_edited_recommendation() -> None:
    """The household handout prints the visit's edited advice; the pane must say the same."""
    edited = Response(1, ITEM.id, Answer.HAZARD, recommendation="Lower the left shelf")
    text = await shown(edited, plain=True)
    assert "What to do: Lower the left shelf" in text
    assert "Have a handle fitted" not in text


async def test_each_audience_without_an_edit_reads_the_catalog() -> None:
    plain = await shown(Response(1, ITEM.id, Answer.HAZARD), plain=True)
    assert "What to do: Have a handle fitted by the bath." in plain
    assert plain.startswith("A handle to hold at the bath")
    clinical = await shown(None, plain=False)
    assert "Recommend: Fit a grab bar at the bath entry." in clinical
    assert clinical.startswith("Grab bar at the bath")


async def test_a_plain_hazard_names_the_problem_once() -> None:
    """In plain words the finding and what to check for are one phrase: a hazard shows
    it once, as the problem; unanswered, it is what to check for."""
    hazard = await shown(Response(1, ITEM.id, Answer.HAZARD), plain=True)
    assert hazard.count(ITEM.plain_finding) == 1, hazard
    assert "The problem: " in hazard and "Check for: " not in hazard
    unanswered = await shown(None, plain=True)
    assert f"Check for: {ITEM.plain_finding}" in unanswered
    clinical = await shown(Response(1, ITEM.id, Answer.HAZARD), plain=False)
    assert "Found: " in clinical and "Hazard if: " in clinical


async def test_the_pane_takes_the_lines_its_text_needs_and_lays_out_only_then() -> None:
    """Showing the next item lays the screen out again only when its text needs a
    different number of lines than shown; what it needs, it always gets."""
    app = DetailApp()
    long_note = Response(1, ITEM.id, Answer.HAZARD, note="a long note " * 40)
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.query_one(ItemDetail)
        body = app.query_one("#detail-body", Static)

        def needed() -> int:
            return body.get_content_height(detail.content_region.size, app.size, body.size.width)

        layouts = 0
        for response in (None, long_note, long_note, None, None):
            detail.show(ITEM, response, SectionKind.HOME, plain=False)
            layouts += int(body._layout_required)  # asked for by this show
            await pilot.pause()
            assert body.size.height == needed()
        assert layouts == 3  # empty to short, short to long, long to short
