"""Ask before a deliberate step (completing with items unanswered, reopening a visit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from homecheck.display import visible
from homecheck.model import Audience, Section
from homecheck.rules import Progress, title
from homecheck.ui.styled_once import StyledOnce


class ConfirmDialog(ModalScreen[bool], StyledOnce[bool]):
    """Returns True for the confirm button (or its key pressed again), False for Go back
    or Escape: a key pressed by mistake never does the step."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "go_back", "Go back", id="go-back"),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        confirm: str,
        *,
        key: str = "",
        focus_confirm: bool = False,
    ) -> None:
        """`key` (the key that opened the dialog) confirms when pressed again; the focus
        starts on Go back unless `focus_confirm`, so Enter alone does not confirm."""
        super().__init__(classes="dialog")
        self.title_text = title
        self.message = message
        self.confirm = confirm
        self.key = key
        self.focus_confirm = focus_confirm

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(visible(self.message, multiline=True), markup=False, id="message")
            with Horizontal(classes="dialog-buttons"):
                label = f"{self.confirm} ({self.key})" if self.key else self.confirm
                yield Button(label, variant="warning", id="confirm")
                yield Button("Go back (Esc)", variant="primary", id="go-back")

    def on_mount(self) -> None:
        self.query_one("#confirm" if self.focus_confirm else "#go-back", Button).focus()

    def on_key(self, event: events.Key) -> None:
        if self.key and event.key == self.key:
            event.stop()
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

    def action_go_back(self) -> None:
        self.dismiss(False)


_LISTED = 5
"""Sections named one per line; more are summed up in one line, so the dialog fits 80x24."""


def complete_dialog(
    incomplete: Sequence[tuple[Section, Progress]], audience: Audience
) -> ConfirmDialog:
    """Ask before completing a visit with items unanswered, naming the sections left
    incomplete in the visit's words (a caregiver's visit in plain words)."""
    plain = audience is Audience.HOUSEHOLD
    lines = []
    for section, progress in incomplete[:_LISTED]:
        missing = progress.total - progress.answered
        if plain:
            lines.append(f"  {title(section, audience)}: {missing} not answered")
        else:
            lines.append(f"  {title(section, audience)}: {missing} of {progress.total} unanswered")
    rest = incomplete[_LISTED:]
    if rest:
        count = sum(p.total - p.answered for _, p in rest)
        parts = "parts" if plain else "sections"
        lines.append(f"  and {len(rest)} more {parts} ({count} not answered)")
    if plain:
        title_text = "Finish this check with questions not answered?"
        head = "These parts still have questions without an answer:"
        tail = "What is not answered has not been checked. You can reopen the check later."
    else:
        title_text = "Complete the visit with items unanswered?"
        head = "Sections left incomplete:"
        tail = "Unanswered items count as not checked. A completed visit can be reopened."
    message = "\n".join([head, *lines, "", tail])
    return ConfirmDialog(title_text, message, "Complete anyway", key="c")
