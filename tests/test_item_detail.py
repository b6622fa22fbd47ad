"""The visit screen's detail pane: the same words the reports print, for each audience."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App, ComposeResult

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
        content = app.query_one(ItemDetail).content
        assert content is not None
        return " ".join(str(line) for line in content.renderables)


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


async def test_the_pane_scrolls_over_the_lines_its_text_needs_without_a_layout() -> None:
    """Showing the next item lays the screen out again only when its scrollbar comes or
    goes: the pane's size is fixed, only what it scrolls over changes. It scrolls over
    every line of the text as wrapped (the scrollbar's width taken off when the text needs
    it), and starts at the top."""
    app = DetailApp()
    long_note = Response(1, ITEM.id, Answer.HAZARD, note="a long note " * 80)
    async with app.run_test(size=(100, 30)) as pilot:
        detail = app.query_one(ItemDetail)
        await pilot.pause()
        layouts: list[int] = []
        step = [0]  # which show the layouts counted came after
        relayout = app.screen._refresh_layout

        def counted(*args: Any, **kwargs: Any) -> None:
            layouts.append(step[0])
            relayout(*args, **kwargs)

        app.screen._refresh_layout = counted  # type: ignore[method-assign]
        for index, response in enumerate((None, long_note, long_note, None, None)):
            step[0] = index
            detail.show(ITEM, response, SectionKind.HOME, plain=False)
            await pilot.pause()
            width = detail.scrollable_content_region.width
            content = detail.content
            assert content is not None
            wrapped = app.console.render_lines(content, app.console.options.update_width(width))
            assert detail.virtual_size.height == len(wrapped)
            assert detail.text.splitlines()[0] == str(content.renderables[0])
            assert detail.scroll_y == 0
            long = response is long_note
            assert detail.show_vertical_scrollbar is long
            assert width == detail.content_region.width - (2 if long else 0)
            detail.scroll_end(animate=False, immediate=True)
            await pilot.pause()
        assert set(layouts) == {1, 3}  # the scrollbar came, and went
