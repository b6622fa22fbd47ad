"""Override an item's priority for this visit, with the reason the report will print."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Static

from homecheck.model import Priority
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.check_marks import MarkedRadio
from homecheck.ui.widgets.visible_text import VisibleControls


@dataclass(frozen=True, slots=True)
class PriorityChoice:
    """None as priority means: back to the checklist's (and profile's) priority."""

    priority: Priority | None
    reason: str


class PriorityDialog(ModalScreen[PriorityChoice | None], StyledOnce[PriorityChoice | None]):
    """Returns the choice, or None when cancelled. An override needs a reason."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(
        self, default: Priority, current: Priority | None, reason: str, *, item: str = ""
    ) -> None:
        super().__init__(classes="dialog")
        self.item = item
        """The item's check as the screen shows it: which item this priority is for."""
        self.default = default
        self.current = current
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("Priority for this visit", classes="dialog-title")
            if self.item:
                yield Static(self.item, markup=False, id="item", classes="dialog-item")
            yield Static(
                f"Checklist priority for this client: {self.default.label}", classes="dialog-hint"
            )
            with RadioSet(id="choice"):
                yield MarkedRadio(
                    "Use the checklist priority", value=self.current is None, id="default"
                )
                for priority in Priority:
                    yield MarkedRadio(
                        priority.label, value=self.current is priority, id=priority.value
                    )
            yield Label("Reason (printed in the report)")
            yield Input(self.reason, id="reason", highlighter=VisibleControls())
            yield Label("", id="error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _save(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        chosen = None if pressed is None or pressed.id == "default" else Priority(pressed.id)
        reason = self.query_one("#reason", Input).value.strip()
        if chosen is not None and not reason:
            self.query_one("#error", Label).update("Give a reason for the change.")
            return
        self.dismiss(PriorityChoice(chosen, reason if chosen else ""))
