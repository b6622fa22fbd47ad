"""The title bar draws the line Textual's Header draws, cell for cell, with one widget."""

from __future__ import annotations

from rich.style import Style
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import Header

from homecheck.ui.widgets.title_bar import TitleBar

LONG = "Ada Example-Longname, 12 Sample Lane, Exampletown, a long way out past the mill"


class _Bar(App[None]):
    def __init__(self, bar: type[Widget], sub_title: str) -> None:
        super().__init__()
        self._bar = bar
        self._sub_title = sub_title

    def compose(self) -> ComposeResult:
        yield self._bar()

    def on_mount(self) -> None:
        self.title = "homecheck"
        self.screen.sub_title = self._sub_title


Cell = tuple[str, object, object, bool, bool, bool, bool, bool]


def _cell(char: str, style: Style | None) -> Cell:
    """What a terminal shows in a cell: its character, background, the colour of a
    character that has one, and its attributes (not a style's bookkeeping: offsets for the
    mouse, attributes set off)."""
    style = style or Style()
    return (
        char,
        style.bgcolor,
        style.color if char.strip() else None,
        bool(style.bold),
        bool(style.dim),
        bool(style.italic),
        bool(style.underline),
        bool(style.reverse),
    )


WIDTHS = (20, 40, 80, 81, 120)
SUB_TITLES = ("", "Clients", LONG)


async def _lines(bar: type[Widget]) -> dict[tuple[int, str], list[Cell]]:
    """The bar's line at each width and with each sub-title, from one running app (the
    terminal resized and the sub-title set, as a screen sets it)."""
    app = _Bar(bar, "")
    lines = {}
    async with app.run_test(size=(WIDTHS[0], 6)) as pilot:
        for width in WIDTHS:
            await pilot.resize_terminal(width, 6)
            for sub_title in SUB_TITLES:
                app.screen.sub_title = sub_title
                await pilot.pause()
                strip = app.screen._compositor.render_strips()[0]
                lines[width, sub_title] = [
                    _cell(char, segment.style) for segment in strip for char in segment.text
                ]
    return lines


async def test_the_bar_draws_headers_line_at_every_width_and_title() -> None:
    ours, headers = await _lines(TitleBar), await _lines(Header)
    for case, line in headers.items():
        assert ours[case] == line, case
        assert len(line) == case[0]


async def test_a_click_on_the_icon_opens_the_palette_and_elsewhere_does_nothing() -> None:
    app = _Bar(TitleBar, "Clients")
    async with app.run_test(size=(80, 6)) as pilot:
        await pilot.click(TitleBar, offset=(40, 0))
        assert app.query_one(TitleBar).size.height == 1
        assert not isinstance(app.screen, CommandPalette)
        await pilot.hover(TitleBar, offset=(1, 0))
        assert app.query_one(TitleBar).tooltip == "Open the command palette"
        await pilot.click(TitleBar, offset=(1, 0))
        assert isinstance(app.screen, CommandPalette)


async def _hovered(bar: type[Widget]) -> list[Cell]:
    app = _Bar(bar, "Clients")
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.hover(bar, offset=(1, 0))
        strips = app.screen._compositor.render_strips()
        return [_cell(char, segment.style) for segment in strips[0] for char in segment.text]


async def test_the_icon_under_the_mouse_is_lit_as_headers_is() -> None:
    ours = await _hovered(TitleBar)
    assert ours == await _hovered(Header)
    assert ours[1][1] != ours[10][1]  # the icon's cell has another background
