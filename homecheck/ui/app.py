"""The App: receives its Store, Catalog and Config, and owns themes and the palette."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import Theme

from homecheck.config import Config
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.ui.commands import ClientCommands, VisitCommands

HIGH_CONTRAST = Theme(
    name="homecheck-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFFFF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF00",
    warning="#FFFF00",
    error="#FF5555",
    dark=True,
)

DEFAULT_THEME = "textual-dark"


class HomecheckApp(App[None]):
    """Home fall-risk assessment: clients, visits, answers and reports."""

    TITLE = "homecheck"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {ClientCommands, VisitCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012 - textual's API
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", id="help"),
        Binding("ctrl+t", "toggle_contrast", "High contrast", show=False, id="contrast"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="quit"),
    ]

    def __init__(self, *, store: Store, catalog: Catalog, config: Config) -> None:
        super().__init__()
        self.store = store
        self.catalog = catalog
        self.config = config

    def on_mount(self) -> None:
        from homecheck.ui.screens.home import HomeScreen

        self.register_theme(HIGH_CONTRAST)
        self.theme = DEFAULT_THEME
        self.push_screen(HomeScreen())

    def action_help(self) -> None:
        from homecheck.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    def show_error(self, message: str) -> None:
        """A problem the user must see: a dialog, never a traceback."""
        from homecheck.ui.dialogs.message import MessageDialog

        self.push_screen(MessageDialog("Problem", message))
