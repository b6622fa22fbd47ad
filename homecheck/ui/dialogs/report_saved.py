"""Say where a report was written, until it is read: a toast that fades is easily missed."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from homecheck.display import visible
from homecheck.report.names import parse_report_name
from homecheck.ui import opener
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.key_footer import KeyFooter


class ReportSavedDialog(ModalScreen[None], StyledOnce[None]):
    """The file written and its folder, with keys to open either; Escape closes it.

    A dialog rather than a toast: a toast can only be dismissed with the mouse, and a
    caregiver who looked away would not know where the report went."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="close"),
        Binding("o", "open_report", "Open", id="open-report"),
        Binding("f", "open_folder", "Open folder", id="open-folder"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__(classes="dialog")
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            parsed = parse_report_name(self.path.name)
            kind = parsed[2].label if parsed else "Report"
            yield Label(f"{kind} saved", classes="dialog-title")
            text = (
                f"{self.path.name}\nin {self.path.parent}\n\n"
                "The client's screen lists every report written for their visits."
            )
            yield Static(visible(text, multiline=True), markup=False, id="message")
            yield Static("", id="open-problem", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Open (o)", variant="primary", id="open-report")
                yield Button("Folder (f)", id="open-folder")
                yield Button("Close (Esc)", id="close")
        # Its own keys at the foot: the screen under it binds `o` to something else.
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#open-report", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "open-report":
            self.action_open_report()
        elif event.button.id == "open-folder":
            self.action_open_folder()
        else:
            self.action_close()

    def action_open_report(self) -> None:
        self._open(self.path)

    def action_open_folder(self) -> None:
        self._open(self.path.parent)

    def _open(self, path: Path) -> None:
        problem = opener.open_path(path, app=self.app)
        if problem is None:
            self.dismiss(None)
        else:
            self.query_one("#open-problem", Static).update(problem)

    def action_close(self) -> None:
        self.dismiss(None)
