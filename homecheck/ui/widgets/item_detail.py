"""The selected item in full: what counts as a hazard, why, and what will be recommended."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widgets import Static

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


class ItemDetail(VerticalScroll):
    """Read-only; the screen calls `show` whenever the highlighted item changes."""

    DEFAULT_CSS = """
    ItemDetail { height: 14; border: round $secondary 50%; padding: 0 1; }
    ItemDetail > Static { width: 1fr; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="detail-body")

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
        body = self.query_one("#detail-body", Static)
        if item is None:
            body.update("")
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
        _update(body, Group(*lines), self.content_region.size)
        self.scroll_home(animate=False)


def _update(body: Static, content: Group, container: Size) -> None:
    """Show `content`; lay the screen out again only if it needs other lines than shown.

    The pane's size is fixed, so only its text's height can need a layout, and a layout
    is of the whole screen: after every answer, as the cursor moves on, it was most of what
    showing the next item cost."""
    body.update(content, layout=False)
    width, height = body.size
    if not width or body.get_content_height(container, body.app.size, width) != height:
        body.refresh(layout=True)


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
