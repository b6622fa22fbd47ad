"""The row list draws its rows as lines: wrapping, repaints, scrolling, focus and mouse colours."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.color import Color
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Input

from homecheck.ui.widgets.row_list import RowList
from tests.ui_support import until

SIZE = (40, 12)
"""A list 40 columns wide (38 inside its frame, 36 for text) and 10 lines high."""


class ListAndField(App[None]):
    def __init__(self, prompts: list[Text], highlight: int = 2) -> None:
        super().__init__()
        self.prompts = prompts
        self.highlight = highlight
        self.events: list[RowList.Highlighted | RowList.Selected] = []

    def compose(self) -> ComposeResult:
        yield RowList()
        yield Input()

    def on_mount(self) -> None:
        self.query_one(RowList).set_rows(self.prompts, highlight=self.highlight)
        self.query_one(Input).focus()

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        self.events.append(event)


def rows_of(count: int) -> list[Text]:
    return [Text(f"row {n}") for n in range(count)]


def line(rows: RowList, y: int) -> Strip:
    """Line `y` of the list's view, as it draws it."""
    return rows.render_line(y)


def background(strip: Strip) -> str:
    style = next(iter(strip)).style
    assert style is not None and style.bgcolor is not None
    return Color.from_rich_color(style.bgcolor).hex


def style_of(strip: Strip, word: str) -> Style:
    for segment in strip:
        if word in segment.text:
            assert segment.style is not None
            return segment.style
    raise AssertionError(f"{word!r} not drawn")


def blended(rows: RowList, variable: str) -> str:
    """The colour a translucent theme colour takes over the list's own background."""
    base = rows.background_colors[1]
    return (base + Color.parse(rows.app.get_css_variables()[variable])).hex


async def settle(pilot: Pilot[None]) -> RowList:
    rows = pilot.app.query_one(RowList)
    await until(pilot, lambda: rows.row_count > 0 and rows.virtual_size.height > 0)
    await pilot.pause()
    return rows


async def test_the_highlighted_row_follows_the_lists_focus_and_the_others_stay() -> None:
    prompts = rows_of(5)
    prompts[2] = Text.assemble("row 2 ", ("hazard", "bold red"))
    app = ListAndField(prompts)
    async with app.run_test(size=SIZE) as pilot:
        rows = await settle(pilot)
        variables = app.get_css_variables()

        def backgrounds() -> list[str]:
            return [background(line(rows, y)) for y in range(5)]

        blurred = backgrounds()
        assert blurred[2] == blended(rows, "block-cursor-blurred-background")
        blurred_frame = rows.styles.border_top
        rows.focus()
        await pilot.pause()
        focused = backgrounds()
        # The frame says which list has the keys.
        assert rows.styles.border_top != blurred_frame
        assert rows.styles.border_top[1] == Color.parse(variables["primary"])
        assert focused[2] == variables["block-cursor-background"]
        # The cursor's colours alone on its row: no red on the cursor's fill, bold kept.
        hazard = style_of(line(rows, 2), "hazard")
        assert hazard.bold and Color.from_rich_color(hazard.color) != Color.parse("red")
        assert Color.from_rich_color(hazard.color) == Color.from_rich_color(
            style_of(line(rows, 2), "row").color
        )
        # Rows the cursor is not on look the same either way.
        assert blurred[:2] + blurred[3:] == focused[:2] + focused[3:]
        assert focused[0] != focused[2]
        # Off the cursor the prompt keeps its own colours.
        rows.highlighted = 0
        await pilot.pause()
        off_cursor = style_of(line(rows, 2), "hazard")
        assert off_cursor.bold and off_cursor.color is not None
        assert off_cursor.color.number == Style.parse("red").color.number  # type: ignore[union-attr]


async def test_rows_of_several_lines_and_long_rows_wrap_at_the_lists_width() -> None:
    long = "a long check " * 6  # 78 characters: three lines of 36
    app = ListAndField([Text("first\nsecond"), Text(long.strip()), Text("last")], highlight=0)
    async with app.run_test(size=SIZE) as pilot:
        rows = await settle(pilot)
        drawn = [line(rows, y).text for y in range(7)]
        assert drawn[0] == " first" + " " * 32 and drawn[1].startswith(" second")
        assert [text.strip() for text in drawn[2:5]] == [
            "a long check a long check a long",
            "check a long check a long check a",
            "long check",
        ]
        assert all(len(text) == 38 for text in drawn)
        assert drawn[5].strip() == "last" and drawn[6].strip() == ""
        assert rows.virtual_size.height == 6


async def test_update_row_repaints_the_row_and_moves_the_rows_below_when_its_lines_change() -> None:
    app = ListAndField(rows_of(4), highlight=3)
    async with app.run_test(size=SIZE) as pilot:
        rows = await settle(pilot)
        rows.update_row(1, Text("row one"))
        await pilot.pause()
        assert rows.virtual_size.height == 4
        assert line(rows, 1).text.strip() == "row one"
        rows.update_row(1, Text("row one\nand its second line"))
        await pilot.pause()
        assert rows.virtual_size.height == 5
        assert [line(rows, y).text.strip() for y in range(5)] == [
            "row 0",
            "row one",
            "and its second line",
            "row 2",
            "row 3",
        ]
        assert background(line(rows, 4)) == blended(rows, "block-cursor-blurred-background")
        rows.update_row(1, Text("row 1"))
        await pilot.pause()
        assert rows.virtual_size.height == 4 and line(rows, 1).text.strip() == "row 1"
        assert rows.prompt(1).plain == "row 1"


async def test_a_far_highlight_is_scrolled_into_view_before_and_after_the_first_layout() -> None:
    app = ListAndField(rows_of(60), highlight=45)
    async with app.run_test(size=SIZE) as pilot:
        rows = await settle(pilot)
        await until(pilot, lambda: rows.row_shown(45))
        assert not rows.row_shown(0)
        rows.set_rows(rows_of(80), highlight=70)
        await until(pilot, lambda: rows.row_shown(70))
        rows.focus()
        await pilot.press("home")
        await until(pilot, lambda: rows.row_shown(0) and rows.highlighted == 0)
        await pilot.press("end")
        await until(pilot, lambda: rows.row_shown(79) and rows.highlighted == 79)
        await pilot.press("up")
        assert rows.highlighted == 78 and rows.row_shown(78)


async def test_a_click_highlights_the_row_focuses_the_list_and_selects() -> None:
    app = ListAndField([Text("zero"), Text("one\nstill one"), Text("two")], highlight=0)
    async with app.run_test(size=SIZE) as pilot:
        rows = await settle(pilot)
        assert not rows.has_focus
        await pilot.click(RowList, offset=(5, 3))  # inside the frame: line 2, row 1's second
        await pilot.pause()
        assert rows.highlighted == 1 and rows.has_focus
        assert [(event.control, event.index) for event in app.events] == [(rows, 1)]
        await pilot.press("enter")
        await pilot.pause()
        assert [event.index for event in app.events] == [1, 1]


async def test_the_row_under_the_mouse_is_lit_and_the_wheel_scrolls() -> None:
    app = ListAndField(rows_of(30), highlight=0)
    async with app.run_test(size=SIZE) as pilot:
        rows = await settle(pilot)
        plain = background(line(rows, 3))
        await pilot.hover(RowList, offset=(5, 4))  # row 3
        await pilot.pause()
        assert background(line(rows, 3)) == blended(rows, "block-hover-background") != plain
        assert background(line(rows, 4)) == plain
        await pilot.hover(Input)
        await pilot.pause()
        assert background(line(rows, 3)) == plain
        await pilot.hover(RowList, offset=(5, 4))
        # The pilot has no wheel of its own: its helper sends the event a wheel would.
        await pilot._post_mouse_events([events.MouseScrollDown], RowList, offset=(5, 4))
        await until(pilot, lambda: rows.scroll_y > 0)
        top = round(rows.scroll_y)
        rows.render_lines(rows.size.region)  # drawing keeps the view where the wheel put it
        assert round(rows.scroll_y) == top
        assert line(rows, 0).text.strip() == f"row {top}"
        # The hover follows the row now under the still mouse.
        assert background(line(rows, 3)) == blended(rows, "block-hover-background")
        assert line(rows, 3).text.strip() == f"row {top + 3}"
        assert background(line(rows, 2)) == plain


async def test_a_row_that_brings_a_scrollbar_has_the_rows_wrapped_at_the_width_it_leaves() -> None:
    full = "x" * 36  # the whole text width without a scrollbar
    app = ListAndField([Text(full), *rows_of(9)], highlight=0)
    async with app.run_test(size=(40, 15)) as pilot:  # 10 lines inside the frame
        rows = await settle(pilot)
        assert rows.virtual_size.height == 10 and not rows.show_vertical_scrollbar
        rows.update_row(5, Text("row 5\nand a line more"))
        await pilot.pause()
        assert rows.show_vertical_scrollbar
        width = rows.scrollable_content_region.width
        assert line(rows, 0).text == " " + full[: width - 2] + " "
        assert line(rows, 1).text.strip() == full[width - 2 :]
        assert rows.virtual_size.height == 12
