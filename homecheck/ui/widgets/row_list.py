"""A keyboard-and-mouse list drawn as lines by one widget, so changing one row repaints one row.

Textual's OptionList re-renders every visible option whenever any prompt changes; on the
visit screen that happened on every answer and cost most of a key press. A widget per row
(a Static each) fixed that, but sixty-odd rows were sixty-odd widgets to style on mount, lay
out on every layout and walk on every focus change, most of the cost of opening a visit.
Here the list draws its rows itself: each row's lines are cached for the width they were
wrapped at, an update repaints that row's lines alone, and only a change in its number of
lines touches the list's height, without a layout of the screen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import ClassVar, cast

from rich.cells import cell_len
from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Padding, RenderOptions, Visual

from homecheck.ui.widgets.steady_scroll_view import SteadyScrollView

_ROW = "row-list--row"
_CURSOR = "row-list--cursor"
_HOVER = "row-list--hover"


class RowList(SteadyScrollView, can_focus=True):
    """Rows from `set_rows`; Up/Down/Home/End move the highlight, Enter selects it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {_ROW, _CURSOR, _HOVER}
    """A row, the highlighted row and the row under the mouse: the theme gives their
    colours."""

    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        border: round $primary 40%;
        overflow-x: hidden;
        overflow-y: auto;
    }
    RowList:focus { border: round $primary; }
    RowList > .row-list--row { padding: 0 1; }
    RowList > .row-list--cursor { background: $block-cursor-blurred-background; }
    RowList:focus > .row-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    RowList > .row-list--hover { background: $block-hover-background; }
    """

    highlighted: reactive[int | None] = reactive(None, always_update=True)

    class Highlighted(Message):
        """The highlight moved to `index`."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> RowList:
            return self.row_list

    class Selected(Message):
        """Enter or a click on row `index`."""

        def __init__(self, row_list: RowList, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.index = index

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._prompts: list[Text] = []
        self._width = 0
        """The width (scrollable content) the rows below were wrapped at; 0 before the
        list has a size."""
        self._heights: list[int] = []
        self._starts: list[int] = [0]
        """The first line of each row, then the line after the last row."""
        self._strips: dict[tuple[int, bool, object], list[Strip]] = {}
        """Each row's lines at `_width`, by row, cursor or not, and colours."""
        self._hover: int | None = None
        self._mouse_y: int | None = None

    @property
    def row_count(self) -> int:
        return len(self._prompts)

    def prompt(self, index: int) -> Text:
        """The text row `index` shows (what tests and callers can read back)."""
        return self._prompts[index]

    def row_shown(self, index: int) -> bool:
        """Whether all of row `index` is in the list's view."""
        if not self._width or index >= len(self._heights):
            return False
        top = self._starts[index]
        view = self.scrollable_content_region.height
        return self.scroll_y <= top and top + self._heights[index] <= self.scroll_y + view

    def set_rows(self, prompts: Sequence[Text], highlight: int | None = 0) -> None:
        """Replace every row (a new section); keeps the view at the highlighted row."""
        self._prompts = list(prompts)
        self._strips.clear()
        self._hover = None
        self._heights, self._starts = [], [0]
        self.highlighted = (
            None if not self._prompts or highlight is None else min(highlight, len(prompts) - 1)
        )
        self._sync_width(new_rows=True)

    def update_row(self, index: int, prompt: Text) -> None:
        """Repaint one row; the list's height changes only if the row's lines do."""
        self._prompts[index] = prompt
        self._forget(index)
        if not self._width:
            return
        before = self._heights[index]
        (after,) = self._measure_rows(index)
        if after == before:
            self.refresh_lines(self._starts[index], after)
            return
        self._heights[index] = after
        self._place_rows()
        self.refresh()
        if self.scrollable_content_region.width != self._width:
            self._sync_width()  # the rows came to need a scrollbar, or no longer do
        elif self.highlighted is not None and self.highlighted >= index:
            self._reveal()

    def prompts_at_width(self, width: int) -> Sequence[Text] | None:
        """The rows' prompts remade for a new `width` (the list's text columns), for a list
        that lays its rows out to fit; None keeps them and wraps them anew."""
        return None

    # -- layout ---------------------------------------------------------------------------

    def _sync_width(self, *, new_rows: bool = False) -> None:
        """Wrap every row anew when the width for text changed (a resize, or a scrollbar
        that came or went) or the rows are `new_rows`.

        Rows that come to need a scrollbar are wrapped again at once at the width it
        leaves, rather than drawn too wide for a frame."""
        placed = False
        for _ in range(2):
            width = self.scrollable_content_region.width
            if width and width != self._width:
                self._width = width
                remade = self.prompts_at_width(width)
                if remade is not None:
                    self._prompts = list(remade)
            elif not (width and new_rows):
                break
            new_rows, placed = False, True
            self._strips.clear()
            self._heights = self._measure_rows()
            self._place_rows()
            self.refresh()
        if placed:
            self._reveal()

    def _measure_rows(self, *indexes: int) -> list[int]:
        """How many lines rows `indexes` (all by default) take at the current width.

        A row whose lines all fit is counted, not drawn: opening a section draws only the
        rows in view. A line that may wrap (too long, or with characters of unsure width)
        is drawn to count it, the one way to match the drawing."""
        rules = self.get_component_styles(_ROW)
        room = self._width - rules.padding.width
        wraps = rules.text_wrap != "nowrap"
        heights = []
        for index in indexes or range(self.row_count):
            lines = self._prompts[index].plain.split("\n")
            if not wraps or all(line.isprintable() and cell_len(line) <= room for line in lines):
                heights.append(len(lines))
            else:
                heights.append(len(self._row_strips(index)))
        return heights

    def _place_rows(self) -> None:
        """Where each row starts, and the list's height, set without asking the screen for a
        layout: the list's own size is unchanged, only what it scrolls over."""
        starts = [0]
        for height in self._heights:
            starts.append(starts[-1] + height)
        self._starts = starts
        size = Size(self._width, starts[-1])
        if size != self.virtual_size:
            self.set_reactive(RowList.virtual_size, size)
            self._scroll_update(size)

    def _on_resize(self, event: events.Resize) -> None:
        """A list made shorter (the details under it grew for the new item) keeps its
        highlighted row in view."""
        self._sync_width()
        self._reveal()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._sync_width()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        index = self._row_at(line)
        if index is None:
            width = self.scrollable_content_region.width
            return Strip.blank(width, self.get_visual_style(_ROW).rich_style)
        strips = self._row_strips(index)
        offset = line - self._starts[index]
        if offset < len(strips):
            return strips[offset]
        return Strip.blank(self._width, self.get_visual_style(_ROW).rich_style)

    def _row_at(self, line: int) -> int | None:
        if not self._width or not 0 <= line < self._starts[-1]:
            return None
        return bisect_right(self._starts, line) - 1

    def _row_strips(self, index: int) -> list[Strip]:
        """Row `index`'s lines at the current width in its current colours, cached."""
        components: tuple[str, ...] = (_ROW,)
        cursor = index == self.highlighted
        if cursor:
            components += (_CURSOR,)
        if index == self._hover and not (cursor and self.has_focus):
            components += (_HOVER,)
        style = self.get_visual_style(*components)
        key = (index, cursor, style)
        strips = self._strips.get(key)
        if strips is None:
            prompt = self._prompts[index]
            content = Content.from_rich_text(
                _shapes_only(prompt) if cursor else prompt, console=self.app.console
            )
            rules = self.get_component_styles(_ROW)
            visual: Visual = Padding(content, rules.padding) if rules.padding else content
            width = self._width
            strips = [
                strip.extend_cell_length(width, style.rich_style)
                for strip in visual.render_strips(
                    width, None, style, RenderOptions(self._get_style, cast(RulesMap, rules))
                )
            ] or [Strip.blank(width, style.rich_style)]
            self._strips[key] = strips
        return strips

    def _forget(self, index: int) -> None:
        for key in [key for key in self._strips if key[0] == index]:
            del self._strips[key]

    def _repaint(self, index: int | None) -> None:
        if index is not None and self._width and index < len(self._heights):
            self.refresh_lines(self._starts[index], self._heights[index])

    def _reveal(self) -> None:
        """Scroll the highlighted row into view, once the list knows where its rows are."""
        index = self.highlighted
        if index is None or index >= len(self._heights) or not self.container_size:
            return  # _sync_width calls again once the rows have their places
        region = Region(0, self._starts[index], self._width, self._heights[index])
        self.scroll_to_region(region, animate=False, immediate=True)

    # -- highlight and focus --------------------------------------------------------------

    def validate_highlighted(self, value: int | None) -> int | None:
        if value is None or not self._prompts:
            return None
        return max(0, min(value, len(self._prompts) - 1))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if old != new:
            self._repaint(old)
        if new is None:
            return
        self._repaint(new)
        self._reveal()
        self.post_message(self.Highlighted(self, new))

    def action_move(self, step: int) -> None:
        if self._prompts:
            current = self.highlighted if self.highlighted is not None else -step
            self.highlighted = current + step

    def action_jump(self, index: int) -> None:
        if self._prompts:
            self.highlighted = index if index >= 0 else len(self._prompts) - 1

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    # -- mouse ----------------------------------------------------------------------------

    def _row_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None or offset.x >= self.scrollable_content_region.width:
            return None
        return self._row_at(offset.y + self.scroll_offset.y)

    async def _on_click(self, event: events.Click) -> None:
        index = self._row_under(event)
        if index is not None:
            event.stop()
            self.highlighted = index
            self.focus()
            self.post_message(self.Selected(self, index))

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        offset = event.get_content_offset(self)
        self._mouse_y = None if offset is None else offset.y
        self._hover_over(self._row_under(event))

    def _on_leave(self, event: events.Leave) -> None:
        self._mouse_y = None
        self._hover_over(None)

    def watch_scroll_y(self, old: float, new: float) -> None:
        """The wheel moves the rows under a still mouse: the hover follows the row."""
        super().watch_scroll_y(old, new)
        if self._mouse_y is not None:
            self._hover_over(self._row_at(self._mouse_y + round(new)))

    def _hover_over(self, index: int | None) -> None:
        if index != self._hover:
            old, self._hover = self._hover, index
            self._repaint(old)
            self._repaint(index)


def _shapes_only(prompt: Text) -> Text:
    """`prompt` with bold and italic kept and every colour and dim dropped: on the cursor's
    fill a red hazard count or a dim address fell below a 4.5:1 contrast. Marks and words,
    not colour, say what an answer is, so nothing is lost."""

    def shape(style: str | Style) -> Style:
        parsed = Style.parse(style) if isinstance(style, str) else style
        return Style(bold=parsed.bold, italic=parsed.italic)

    plain = prompt.copy()
    plain.style = shape(prompt.style)
    plain.spans = [Span(span.start, span.end, shape(span.style)) for span in prompt.spans]
    return plain
