"""Edit a multi-line text (a note, a recommendation); Ctrl+S saves, Escape cancels."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from homecheck.display import visible
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.visible_text import VisibleTextArea


class TextEntryDialog(ModalScreen[str | None], StyledOnce[str | None]):
    """Returns the edited text, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, title: str, text: str = "", hint: str = "") -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.text = text
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            if self.hint:
                yield Static(visible(self.hint), markup=False, classes="dialog-hint")
            yield VisibleTextArea(self.text, id="text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")
        # Its own keys at the foot, not those of the screen under it ("s Safe" types an s).
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
