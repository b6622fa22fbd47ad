"""The App: receives its Store, Catalog and Config, and owns themes, the palette and
navigation: the one module that imports screens, so that screens never import one another."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from rich.terminal_theme import TerminalTheme
from rich.text import Text
from textual._ansi_theme import MONOKAI
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES, Theme

from homecheck.config import Config
from homecheck.display import visible
from homecheck.model import Catalog
from homecheck.settings import Checker, Settings, SettingsError, load_settings, save_settings
from homecheck.store import Store, StoreError
from homecheck.ui.commands import ClientCommands, VisitCommands

if TYPE_CHECKING:
    from homecheck.ui.screens.review import ReviewScreen
    from homecheck.ui.screens.visit import VisitScreen

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

DEFAULT = replace(BUILTIN_THEMES["textual-dark"], name="homecheck-dark", primary="#0166B3")
"""Textual's dark theme with its blue a little darker: light text on the list cursor and
on buttons reaches 4.5:1 (3.8:1 before); text in that blue is drawn as $text-primary."""

DEFAULT_THEME = DEFAULT.name

_MONOKAI_RED = (0xF4, 0x00, 0x5F)
_LIGHTER_RED = (0xFF, 0x4F, 0x88)
_ANSI: list[tuple[int, int, int]] = [
    _LIGHTER_RED if (c.red, c.green, c.blue) == _MONOKAI_RED else (c.red, c.green, c.blue)
    for c in (MONOKAI.ansi_colors[index] for index in range(16))
]
_BACK, _FORE = MONOKAI.background_color, MONOKAI.foreground_color
ANSI_COLOURS = TerminalTheme(
    (_BACK.red, _BACK.green, _BACK.blue), (_FORE.red, _FORE.green, _FORE.blue), _ANSI[:8], _ANSI[8:]
)
"""Textual's ANSI colours with its red lighter: "bold red" hazards were 4.47:1 on the
background, under 4.5:1 on panels."""

HELP_SCREEN = "help"


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
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012 - textual's API
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
        self._returns_to: WeakKeyDictionary[ReviewScreen, VisitScreen] = WeakKeyDictionary()
        """A review opened from its visit's screen, and that screen, still under it."""
        self.settings = Settings()
        """Who is checking and the theme, as remembered."""
        self._settings_problem = self._read_settings()
        self.register_theme(DEFAULT)
        self.register_theme(HIGH_CONTRAST)
        self.ansi_theme_dark = ANSI_COLOURS
        self._start_in(HIGH_CONTRAST if self.settings.high_contrast else DEFAULT)

    def _start_in(self, theme: Theme) -> None:
        """Be in `theme` before anything is styled.

        Set through `self.theme` once running, the theme's watcher parses every style
        sheet again and restyles the screen: at start-up that was a second parse, about a
        tenth of what a launch costs. This is what the watcher does, minus that refresh,
        while the app's first styling is still to come."""
        self.set_reactive(App.theme, theme.name)
        self.update_classes(
            {f"-theme-{theme.name}": True, "-dark-mode": theme.dark, "-light-mode": not theme.dark},
            update=False,
        )

    async def on_mount(self) -> None:
        from homecheck.ui.screens.home import HomeScreen

        first_run = self._first_run()
        shown = self.push_screen(HomeScreen())
        if first_run:
            await shown  # the welcome goes over a home screen fully mounted, not half-way
            self.ask_who_is_checking()

    # -- who is checking: asked on the first run, remembered, changed from the home list --

    def _read_settings(self) -> str | None:
        """Read the remembered settings; a damaged file is the one line that says so."""
        path = self.config.settings_path
        if path is None:
            return None
        try:
            self.settings = load_settings(path)
        except SettingsError as problem:
            return str(problem)
        return None

    def _first_run(self) -> bool:
        """Ask who is checking on an empty database with no choice remembered, and
        whenever the settings file is damaged (said in one line)."""
        if self.config.settings_path is None:
            return False
        if self._settings_problem is not None:
            self.notify(
                f"{self._settings_problem}; please choose again who is checking.",
                severity="warning",
            )
            return True
        if self.settings.checker is not None:
            return False
        try:
            return not self.store.client_overviews(limit=1)
        except StoreError:
            return False  # the home screen says what is wrong with the database

    def ask_who_is_checking(self, *, changing: bool = False) -> None:
        """The welcome screen; the choice is kept for this session and remembered."""
        from homecheck.ui.screens.welcome import WelcomeScreen

        def chosen(checker: Checker | None) -> None:
            if checker is not None:
                self.checker_chosen(checker)

        self.push_screen(WelcomeScreen(current=self.settings.checker, changing=changing), chosen)

    def checker_chosen(self, checker: Checker) -> None:
        self.settings = replace(self.settings, checker=checker)
        said = (
            "Checking as a family caregiver: plain words."
            if checker is Checker.CAREGIVER
            else "Checking as a professional: clinical wording."
        )
        self._save_settings()
        self.notify(f"{said} W on the client list changes it.", timeout=6)

    def _save_settings(self) -> None:
        """Remember `self.settings`; a folder that cannot be written is said in one line."""
        path = self.config.settings_path
        if path is not None:
            try:
                save_settings(path, self.settings)
            except OSError:
                self.notify(
                    f"Could not save the choice in {path}: it holds until you quit.",
                    severity="warning",
                )

    # -- navigation: screens ask for a place, the App knows which screen shows it -------
    # Screens are imported where they are first shown: importing them all up front would
    # add about 0.2 s to the launch.

    def open_client(self, client_id: int) -> None:
        from homecheck.ui.screens.client import ClientScreen

        self.push_screen(ClientScreen(client_id))

    def new_client(self) -> None:
        """Ask for the new client's details, then open their record."""
        from homecheck.ui.dialogs.new_client import NewClientDialog

        def created(client_id: int | None) -> None:
            if client_id is not None:
                self.open_client(client_id)

        self.push_screen(NewClientDialog(), created)

    def start_visit(self, client_id: int, *, follow_up_of: int | None = None) -> None:
        """The visit's setup; `follow_up_of` is the completed visit it re-checks."""
        from homecheck.ui.screens.visit_setup import VisitSetupScreen

        self.push_screen(VisitSetupScreen(client_id, previous_visit_id=follow_up_of))

    def visit_started(self, visit_id: int) -> None:
        """The new visit takes the setup screen's place: Back goes to the client."""
        from homecheck.ui.screens.visit import VisitScreen

        self.switch_screen(VisitScreen(visit_id))

    def open_visit(self, visit_id: int) -> None:
        from homecheck.ui.screens.visit import VisitScreen

        self.push_screen(VisitScreen(visit_id))

    def open_review(self, visit_id: int, *, over: VisitScreen | None = None) -> None:
        """`over`: the visit's own screen it is opened from, which going to an item returns
        to (place and answers kept) instead of opening the visit anew."""
        from homecheck.ui.screens.review import ReviewScreen

        review = ReviewScreen(visit_id)
        if over is not None:
            self._returns_to[review] = over
        self.push_screen(review)

    def leave_review(self, review: ReviewScreen) -> None:
        """Esc on a review: back to the visit it was opened from while the visit is in
        progress (a therapist checking before going on); once it is completed, to the
        client, where its reports are listed, rather than through the finished visit."""
        visit_screen = self._returns_to.pop(review, None)
        self.pop_screen()
        if visit_screen is not None and review.completed and self.screen is visit_screen:
            self.pop_screen()

    def go_to_item(self, review: ReviewScreen, section_id: str, item_id: str) -> None:
        """From a review to an item on its visit: back to the visit screen it was opened
        from, else the visit opened in the review's place."""
        from homecheck.ui.screens.visit import VisitScreen

        visit_screen = self._returns_to.pop(review, None)
        if visit_screen is not None:
            self.pop_screen()
            visit_screen.jump_to(section_id, item_id)
            return
        screen = VisitScreen(review.visit_id)
        self.switch_screen(screen)
        review.call_after_refresh(screen.jump_to, section_id, item_id)

    def action_help(self) -> None:
        """The help is drawn once and kept: shown again, nothing of it is laid out anew."""
        from homecheck.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        if not self.is_screen_installed(HELP_SCREEN):
            self.install_screen(HelpScreen(), HELP_SCREEN)
        self.push_screen(HELP_SCREEN)

    def get_key_display(self, binding: Binding) -> str:
        """Keys as the screens, buttons and help write them (Ctrl+N, F1, Esc): Textual's
        "^n" is a terminal convention that means nothing to someone new to one."""
        shown = super().get_key_display(binding)
        if shown.startswith("^") and len(shown) > 1:
            return f"Ctrl+{shown[1:].upper()}"
        if shown in {"esc", "tab", "enter"} or (shown[:1] == "f" and shown[1:].isdigit()):
            return shown.capitalize() if shown[:1] != "f" else shown.upper()
        return shown

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's, and high contrast on any screen: in a browser Ctrl+T opens a tab."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "High contrast",
            "High-contrast colours on or off, remembered (Ctrl+T; c on the client list)",
            self.action_toggle_contrast,
        )

    def action_toggle_contrast(self) -> None:
        """Switch theme, and remember it: someone who needs high contrast needs it from the
        first screen of the next start."""
        high = self.theme != HIGH_CONTRAST.name
        self.theme = HIGH_CONTRAST.name if high else DEFAULT_THEME
        self.settings = replace(self.settings, high_contrast=high)
        self._save_settings()

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
