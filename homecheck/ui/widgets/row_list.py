"""A keyboard-and-mouse list whose rows are widgets, so changing one row repaints one row.

Textual's OptionList re-renders every visible option whenever any prompt changes; on the
visit screen that happened on every answer and cost most of a key press. Here a row is a
Static: an update repaints that row alone, and asks for a relayout only when the number of
lines it needs has changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Span, Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Static


class ListRow(Static):
    """One row; knows its index so a click can say which row it was."""

    DEFAULT_CSS = """
    ListRow { width: 1fr; height: auto; padding: 0 1; }
    ListRow.-highlighted { background: $block-cursor-blurred-background; }
    ListRow:hover { background: $block-hover-background; }
    """

    def __init__(self, prompt: Text, index: int) -> None:
        super().__init__(prompt)
        self.prompt = prompt
        self.index = index
        self.line_count = _lines(prompt)

    def on_resize(self) -> None:
        parent = self.parent
        if isinstance(parent, RowList):
            parent._reveal(self)

    def render(self) -> Text:
        """The highlighted row in the cursor's colours alone: a red hazard count or a dim
        address on the cursor's fill fell below a 4.5:1 contrast. Marks and words, not
        colour, say what an answer is, so nothing is lost."""
        return _shapes_only(self.prompt) if self.has_class("-highlighted") else self.prompt

    def on_click(self, event: events.Click) -> None:
        parent = self.parent
        if isinstance(parent, RowList):
            event.stop()
            parent.highlighted = self.index
            parent.focus()
            parent.post_message(RowList.Selected(parent, self.index))


class RowList(VerticalScroll, can_focus=True):
    """Rows from `set_rows`; Up/Down/Home/End move the highlight, Enter selects it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    DEFAULT_CSS = """
    RowList { height: 1fr; border: round $primary 40%; }
    RowList:focus { border: round $primary; }
    /* Here, not in ListRow's CSS: Textual scopes a widget's rules to selectors starting
       with it, and there this rule never matched. */
    RowList:focus > ListRow.-highlighted {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
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
        self._rows: list[ListRow] = []
        self._reveal_pending = False

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def set_rows(self, prompts: Sequence[Text], highlight: int | None = 0) -> None:
        """Replace every row (a new section); keeps the view at the highlighted row."""
        for row in self._rows:
            row.remove()
        self._rows = [ListRow(prompt, index) for index, prompt in enumerate(prompts)]
        if self._rows:
            self.mount_all(self._rows)
        self.highlighted = (
            None if not self._rows or highlight is None else min(highlight, len(self._rows) - 1)
        )
        # Until the new rows are laid out the list has no place for them, and a scroll to
        # a row further down goes nowhere: the highlighted row scrolls once it has a size.
        self._reveal_pending = self.highlighted is not None

    def _reveal(self, row: ListRow) -> None:
        """The new highlighted row has its place (ListRow.on_resize): bring it into view."""
        if self._reveal_pending and row.index == self.highlighted:
            self._reveal_pending = False
            self.call_after_refresh(self.scroll_to_widget, row, animate=False)

    def update_row(self, index: int, prompt: Text) -> None:
        """Repaint one row; relayout only if it now needs a different number of lines."""
        row = self._rows[index]
        row.prompt = prompt
        lines = _lines(prompt)
        row.update(prompt, layout=lines != row.line_count)
        row.line_count = lines

    def watch_has_focus(self, has_focus: bool) -> None:
        """Restyle the list and its highlighted row: the only rules that name the list's
        focus (`RowList:focus`, `RowList:focus ListRow.-highlighted`). Textual restyles
        every row, a few dozen on a visit, each time focus moves in or out."""
        nodes: list[Widget] = [self]
        if self.highlighted is not None and self.highlighted < len(self._rows):
            nodes.append(self._rows[self.highlighted])
        self.app.stylesheet.update_nodes(nodes, animate=True)

    def validate_highlighted(self, value: int | None) -> int | None:
        if value is None or not self._rows:
            return None
        return max(0, min(value, len(self._rows) - 1))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if old is not None and old < len(self._rows) and old != new:
            self._rows[old].remove_class("-highlighted")
        if new is None:
            return
        row = self._rows[new]
        row.add_class("-highlighted")
        self.call_after_refresh(self.scroll_to_widget, row, animate=False)
        self.post_message(self.Highlighted(self, new))

    def action_move(self, step: int) -> None:
        if self._rows:
            current = self.highlighted if self.highlighted is not None else -step
            self.highlighted = current + step

    def action_jump(self, index: int) -> None:
        if self._rows:
            self.highlighted = index if index >= 0 else len(self._rows) - 1

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))


def _lines(prompt: Text) -> int:
    return prompt.plain.count("\n") + 1


def _shapes_only(prompt: Text) -> Text:
    """`prompt` with bold and italic kept and every colour and dim dropped."""

    def shape(style: str | Style) -> Style:
        parsed = Style.parse(style) if isinstance(style, str) else style
        return Style(bold=parsed.bold, italic=parsed.italic)

    plain = prompt.copy()
    plain.style = shape(prompt.style)
    plain.spans = [Span(span.start, span.end, shape(span.style)) for span in prompt.spans]
    return plain
