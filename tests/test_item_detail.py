"""The visit screen's detail pane: the same words the reports print, for each audience."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

from homecheck.model import Answer, Item, Priority, Response, SectionKind
from homecheck.ui.widgets.item_detail import ItemDetail

ITEM = Item(
    id="kitchen.reach",
    section_id="kitchen",
    check="Daily items within reach",
    plain="Things you use every day are easy to reach",
    hazard_if="Daily items above shoulder height.",
    priority=Priority.MEDIUM,
    why="Reaching up unbalances.",
    recommend="Move daily items to waist height.",
    plain_recommend="Keep what you use every day at waist height.",
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
    assert "Keep what you use every day" not in text


async def test_each_audience_without_an_edit_reads_the_catalog() -> None:
    plain = await shown(Response(1, ITEM.id, Answer.HAZARD), plain=True)
    assert "What to do: Keep what you use every day at waist height." in plain
    assert plain.startswith("Things you use every day")
    clinical = await shown(None, plain=False)
    assert "Recommend: Move daily items to waist height." in clinical
    assert clinical.startswith("Daily items within reach")
