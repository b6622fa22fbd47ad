"""The App: receives its Store, Catalog and Config, and owns themes and the palette."""

from __future__ import annotations

from types import TracebackType
from typing import ClassVar

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.theme import Theme

from homecheck.config import Config
from homecheck.display import visible
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


class CrashReport(Exception):
    """What a crash shows: the error's type and where it happened, never a value.

    Textual prints an unhandled error as a traceback with every frame's local variables
    (8.2.8 hard-codes `show_locals=True` in `App._fatal_error`, with no setting to turn it
    off): a client's name or notes would reach the terminal and any log of it. Textual
    prints an error that has `__rich__` by rendering just that, so this stands in for it.
    """

    def __init__(self, error: BaseException) -> None:
        self.summary = f"{type(error).__name__} at {crash_place(error.__traceback__)}"
        super().__init__(self.summary)

    def __rich__(self) -> Text:
        return Text(
            f"homecheck: internal error ({self.summary}). Every answer given was already"
            " saved. Please report this line.",
            style="bold red",
        )


def crash_place(trace: TracebackType | None) -> str:
    """'module:function:line' of the innermost homecheck frame (else the innermost one),
    read from code objects only: no frame's variables are looked at."""
    innermost = ours = ""
    while trace is not None:
        frame = trace.tb_frame
        module = str(frame.f_globals.get("__name__", "?"))
        innermost = f"{module}:{frame.f_code.co_name}:{trace.tb_lineno}"
        if module == "homecheck" or module.startswith("homecheck."):
            ours = innermost
        trace = trace.tb_next
    return ours or innermost or "an unknown place"


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

    def format_title(self, title: str, sub_title: str) -> Content:
        """Titles carry client names: drawn with control characters made visible."""
        return super().format_title(visible(title), visible(sub_title))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A toast may quote stored text: never markup, control characters made visible."""
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def _handle_exception(self, error: Exception) -> None:
        """Every unhandled error ends the app with status 1 (Textual's own handling),
        reported by CrashReport: type and place only. Each answer is committed as it is
        given, so nothing is left half-saved. Textual has no public hook for this."""
        report = CrashReport(error)
        report.__cause__ = error  # for a test's traceback only; never printed by the app
        super()._handle_exception(report)

    def show_error(self, message: str) -> None:
        """A problem the user must see: a dialog, never a traceback."""
        from homecheck.ui.dialogs.message import MessageDialog

        self.push_screen(MessageDialog("Problem", message))
