"""Add a client with just a name (details and profile come on the client screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from homecheck.store import StoreError
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.visible_text import VisibleControls

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp


class NewClientDialog(ModalScreen[int | None], StyledOnce[int | None]):
    """Returns the new client's id, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self) -> None:
        super().__init__(classes="dialog")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label("New client", classes="dialog-title")
            yield Label("Full name")
            yield Input(placeholder="e.g. Ada Example", id="name", highlighter=VisibleControls())
            yield Label("", id="error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._add()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "add":
            self._add()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _add(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        error = self.query_one("#error", Label)
        if not name:
            error.update("Enter the client's name.")
            return
        app = cast("HomecheckApp", self.app)
        try:
            client = app.store.add_client(name)
        except StoreError as problem:
            error.update(str(problem))
            return
        self.dismiss(client.id)
