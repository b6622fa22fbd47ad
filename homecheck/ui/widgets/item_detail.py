"""The selected item in full: what counts as a hazard, why, and what will be recommended."""

from __future__ import annotations

from rich.console import Group
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.strip import Strip

from homecheck import rules
from homecheck.display import visible
from homecheck.model import (
    Answer,
    Audience,
    Item,
    Priority,
    Response,
    SectionKind,
    answer_label,
)
from homecheck.ui.widgets.steady_scroll_view import SteadyScrollView


class ItemDetail(SteadyScrollView):
    """Read-only; the screen calls `show` whenever the highlighted item changes.

    It draws its text as lines itself, in a pane of fixed size that scrolls. Before, the
    text was a widget in a scrolling container: an item needing other lines than the one
    before was a layout of the whole screen (most keys, as the cursor moves on), and its
    text was wrapped once to measure it and again to draw it. Here an item's text is
    wrapped once for the width, and only what the pane scrolls over changes.
    """

    DEFAULT_CSS = """
    ItemDetail {
        height: 14;
        border: round $secondary 50%;
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content: Group | None = None
        self._lines: list[Strip] = []
        self._wrapped_for: tuple[int, Style] | None = None
        """The width and base style `_lines` were drawn at; None: to draw again."""

    @property
    def text(self) -> str:
        """What the pane says, line by line as wrapped (what tests can read back)."""
        return "\n".join(strip.text.rstrip() for strip in self._lines)

    @property
    def content(self) -> Group | None:
        """The item's lines as given to the pane, before wrapping; None when empty."""
        return self._content

    def show(
        self,
        item: Item | None,
        response: Response | None,
        kind: SectionKind,
        *,
        plain: bool,
        priority: Priority | None = None,
        priority_note: str = "",
        last_visit: str = "",
        action: str = "",
        situation: rules.Situation | None = None,
    ) -> None:
        """`priority_note` (the reason from `PriorityDecision.reason`), `last_visit` and
        `action` are worded by the screen; empty means: not shown. The item's own words
        come from `rules.wording`, as in the reports, with the advice variant that
        `situation` (the client's flags and the visit's answers) chooses."""
        if item is None:
            self._set_content(None)
            return
        lines: list[Text] = []
        state = answer_label(kind, response.answer if response else None)
        audience = Audience.of(plain=plain)
        words = rules.wording(item, audience, response, situation)
        lines.append(Text(visible(words.check), style="bold"))
        found = response is not None and response.answer is Answer.HAZARD
        if found:
            lines.append(_field(_FOUND[audience], words.finding))
        labels = _LABELS[audience]
        if not (found and words.hazard_if == words.finding):  # plain words: one phrase
            lines.append(_field(labels[0], words.hazard_if))
        lines.append(_field(labels[1], words.why))
        lines.append(_field(labels[2], words.recommend))
        if item.measure:
            measured = ""
            if response is not None and response.measurement is not None:
                measured = f" — measured {response.measurement:g} {item.measure.unit}"
            lines.append(_field("Measure (m)", item.measure.describe() + measured))
        if item.referral:
            lines.append(_field("Refer to", item.referral))
        summary = f"{state}"
        if response is not None and response.answer is Answer.UNKNOWN:
            summary += " (the reports list it as still to check)"
        if priority is not None:
            summary += f" · priority {priority.label}"
        if priority_note:
            summary += f" ({priority_note})"
        lines.append(_field("Answer", summary))
        if response is not None and response.note:
            lines.append(_field("Note", response.note))
        if last_visit:
            lines.append(_field("Last visit", last_visit))
        if action:
            lines.append(_field("Action", action))
        self._set_content(Group(*lines))

    def _set_content(self, content: Group | None) -> None:
        """Show `content` from its top; the same text as shown is not wrapped again (a
        section shown, or an item re-shown after its row repainted, gives it twice)."""
        self.scroll_to(0, 0, animate=False, immediate=True)
        if _same(content, self._content):
            return
        self._content = content
        self._wrapped_for = None
        self._sync()
        self.refresh()

    # -- drawing ---------------------------------------------------------------------------

    def _sync(self) -> None:
        """Wrap the text anew if the width for it or the colours changed, and tell the
        scrollbar how many lines there are, without a layout of the screen.

        Text that comes to need the scrollbar is wrapped again at once at the width it
        leaves (and text that no longer needs it, at the width it gives back)."""
        for _ in range(2):
            width = self.scrollable_content_region.width
            style = self.visual_style.rich_style
            if not width or self._wrapped_for == (width, style):
                return
            self._wrapped_for = (width, style)
            self._lines = self._wrap(width, style)
            size = Size(width, len(self._lines))
            if size != self.virtual_size:
                self.set_reactive(ItemDetail.virtual_size, size)
                self._scroll_update(size)

    def _wrap(self, width: int, style: Style) -> list[Strip]:
        """The text's lines at `width`, drawn as Textual's Static draws a Rich renderable."""
        if self._content is None:
            return []
        app = self.app
        options = app.console_options.update(highlight=False, width=width, height=None)
        segments = app.console.render(self.post_render(self._content, style), options)
        lines = Segment.split_and_crop_lines(segments, width, include_new_lines=False, pad=False)
        return [Strip(line) for line in lines]

    def _on_resize(self, event: events.Resize) -> None:
        self._sync()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._sync()  # a new width, or a new theme's colours
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        if 0 <= line < len(self._lines):
            return self._lines[line]
        return _NO_TEXT  # filled in the pane's background, as its padding is


_NO_TEXT = Strip([])


def _same(new: Group | None, old: Group | None) -> bool:
    """Whether two contents are the same words in the same styles, line by line."""
    if new is None or old is None:
        return new is old
    return [_look(line) for line in new.renderables] == [_look(line) for line in old.renderables]


def _look(line: object) -> object:
    return (line.plain, line.style, line.spans) if isinstance(line, Text) else line


# Field labels for the hazard definition, the reason and the advice, by audience.
_LABELS = {
    Audience.CLINICIAN: ("Hazard if", "Why", "Recommend"),
    Audience.HOUSEHOLD: ("Check for", "Why it matters", "What to do"),
}
# The problem as found, shown once the item is answered as a hazard.
_FOUND = {Audience.CLINICIAN: "Found", Audience.HOUSEHOLD: "The problem"}


def _field(label: str, value: str) -> Text:
    """The label bold, the value plain (a base style would embolden the whole line).

    Values include notes, reasons and edited advice: drawn through `visible`."""
    return Text.assemble((f"{label}: ", "bold"), visible(value, multiline=True))
