"""Boxes that change only when meant to, and show their state in characters, not colour."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist


class SwitchBox(Checkbox, inherit_bindings=False):
    """Space or a click changes it; Enter never does. Drawn `[x] label` or `[ ] label`.

    Textual's Checkbox also toggles on Enter, so an Enter pressed to "go on" silently
    switched a flag that shapes the advice; and it tells on from off by colour alone.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_button", "Switch", show=False),
        Binding("enter", "explain", show=False),
    ]
    BUTTON_LEFT = ""
    BUTTON_INNER = ""
    BUTTON_RIGHT = ""

    def __init__(
        self, text: str, value: bool = False, *, id: str | None = None, classes: str = ""
    ) -> None:
        self.text = text
        """The label without its mark, as the flag is named."""
        super().__init__(self._marked(value), value, id=id, classes=classes)

    def _marked(self, value: bool) -> Content:
        # Content, not a markup string: "[x]" would be read as a style tag.
        return Content(f"[{'x' if value else ' '}] {self.text}")

    def watch_value(self) -> None:
        self.label = self._marked(self.value)
        super().watch_value()

    def action_explain(self) -> None:
        self.notify(f"Space switches {self.text} on or off.", timeout=3)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """As many lines as the label takes where its style wraps it (a long plain-word
        flag on a narrow screen): Textual's toggle is always one line high."""
        if self.styles.text_wrap != "wrap":
            return super().get_content_height(container, viewport, width)
        return Widget.get_content_height(self, container, viewport, width)


class MarkedRadio(RadioButton):
    """A RadioButton drawn `(•) label` or `( ) label`: Textual's tells them apart by colour."""

    BUTTON_LEFT = ""
    BUTTON_INNER = ""
    BUTTON_RIGHT = ""

    def __init__(self, text: str, value: bool = False, *, id: str | None = None) -> None:
        self.text = text
        """The label without its mark."""
        super().__init__(self._marked(value), value, id=id)

    def _marked(self, value: bool) -> Content:
        return Content(f"({'•' if value else ' '}) {self.text}")

    def watch_value(self) -> None:
        self.label = self._marked(self.value)
        super().watch_value()


class TickList(SelectionList[str]):
    """A SelectionList drawn `[x]` / `[ ]`, where Enter explains instead of toggling.

    Textual draws every box the same and tells ticked from not by colour alone.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "explain", show=False)]

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        try:
            value = self.get_option_at_index(index).value
        except OptionDoesNotExist:
            return strip
        if len(segments) < 4:
            return strip
        # The first three segments are Textual's box; the fourth, a space in the row's style.
        mark = "[x]" if value in self.selected else "[ ]"
        style = (segments[3].style or Style()) + Style(meta={"option": index})
        return Strip([Segment(mark, style), *segments[3:]], strip.cell_length)

    def action_explain(self) -> None:
        self.notify("Space ticks or unticks a section.", timeout=3)
