"""Enter a measurement for an item that has one; validated as a number in its unit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from homecheck.model import Measure
from homecheck.ui.styled_once import StyledOnce


class MeasureDialog(ModalScreen[float | None], StyledOnce[float | None]):
    """Returns the value, or None when cancelled. An empty value is not accepted."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, measure: Measure, value: float | None = None) -> None:
        super().__init__(classes="dialog")
        self.measure = measure
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(f"{self.measure.label} ({self.measure.unit})", classes="dialog-title")
            yield Static(self.measure.describe(), markup=False, classes="dialog-hint")
            initial = "" if self.value is None else f"{self.value:g}"
            yield Input(initial, placeholder=self.measure.unit, id="value")
            yield Label("", id="error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._save()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _save(self) -> None:
        text = self.query_one("#value", Input).value.strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            self.query_one("#error", Label).update(f"Enter a number in {self.measure.unit}.")
            return
        if not (0 <= value < 100_000):
            self.query_one("#error", Label).update("That value is out of range.")
            return
        self.dismiss(value)
