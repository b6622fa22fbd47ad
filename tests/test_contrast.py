"""Every text the app draws, in both themes, has a WCAG 2.x contrast ratio of at least 4.5:1.

Why read the drawn screen rather than the theme variables: what reaches the terminal is the
theme's variables blended through translucent backgrounds, widget defaults we never wrote
(Input placeholders, footer keys, DataTable cursors, toasts, buttons) and the Rich styles
of our own lists ("bold red", "dim"). So one headless run opens each screen, reads the
colours of every cell that shows a character from the compositor's strips in the theme it
was opened in, switches theme as Ctrl+T does and reads them again: the pairs are the ones
drawn, not the ones we thought of. (A switch restyles a screen for a fraction of what
opening it again would cost; the views alternate, so each theme also has half of them
opened in it.)

Textual turns "dim" in a widget's content into a blended colour itself, and that colour is
what is checked. A segment that still carries the terminal's dim attribute (its look is
the terminal's) is taken as blended half-way to its background, as xterm.js (the browser
in `homecheck serve`) draws it, the dimmest of the common ones. Box-drawing and block
characters (borders, scrollbars, bars) are graphics, not text, and are left out.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rich.segment import Segment
from textual.color import Color
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen

from homecheck.config import Config
from homecheck.model import Catalog, Measure, Priority, SectionKind
from homecheck.store import Store
from homecheck.ui.app import DEFAULT_THEME, HIGH_CONTRAST, HomecheckApp
from homecheck.ui.dialogs.action import ActionDialog
from homecheck.ui.dialogs.confirm import ConfirmDialog
from homecheck.ui.dialogs.measure import MeasureDialog
from homecheck.ui.dialogs.message import MessageDialog
from homecheck.ui.dialogs.new_client import NewClientDialog
from homecheck.ui.dialogs.note_answer import NoteAnswerDialog
from homecheck.ui.dialogs.priority import PriorityDialog
from homecheck.ui.dialogs.report_saved import ReportSavedDialog
from homecheck.ui.dialogs.text_entry import TextEntryDialog
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.review import ReviewScreen
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from homecheck.ui.screens.welcome import WelcomeScreen
from homecheck.ui.widgets.status_line import StatusLine
from tests.test_ui_snapshots import add_clients, answer_some
from tests.ui_support import make_app

AA_NORMAL_TEXT = 4.5
DIM_BLEND = 0.5
_GRAPHICS = {chr(code) for code in range(0x2500, 0x25A0)} | set(" ▔▁▏▕▎▍▌▋▊▉")


def relative_luminance(color: Color) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast_ratio(first: Color, second: Color) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert round(contrast_ratio(Color(0, 0, 0), Color(255, 255, 255)), 2) == 21.0
    assert round(contrast_ratio(Color(118, 118, 118), Color(255, 255, 255)), 2) == 4.54


def drawn_pair(segment: Segment, screen_background: Color) -> tuple[Color, Color] | None:
    """The foreground and background a segment's characters are seen in, or None for a
    segment with no text character."""
    if segment.control or not set(segment.text) - _GRAPHICS or segment.style is None:
        return None
    style = segment.style
    background = screen_background
    if style.bgcolor is not None and style.bgcolor.triplet is not None:
        background = Color.from_rich_color(style.bgcolor)
    foreground = Color(255, 255, 255)
    if style.color is not None and style.color.triplet is not None:
        foreground = Color.from_rich_color(style.color)
    if style.reverse:
        foreground, background = background, foreground
    if style.dim:
        foreground = background.blend(foreground, DIM_BLEND)
    return foreground, background


Failures = dict[tuple[str, str, str], tuple[float, str]]


def collect(app: HomecheckApp, view: str, failures: Failures, seen: Failures) -> None:
    """Record the lowest ratio of every colour pair drawn on the current screen."""
    screen = app.screen
    screen_background = screen.styles.background
    # A dialog's own box only: the screen under it shows through, faded, and is not read.
    boxes = list(screen.query(".dialog-box, #help-body")) if isinstance(screen, ModalScreen) else []
    left, top, width, height = boxes[0].region if boxes else screen.region
    strips = screen._compositor.render_strips()[top : top + height]
    for strip in strips:
        for segment in strip.crop(left, left + width):
            pair = drawn_pair(segment, screen_background)
            if pair is None:
                continue
            ratio = contrast_ratio(*pair)
            key = (f"{app.theme} / {view}", pair[0].hex, pair[1].hex)
            sample = segment.text.strip()[:24]
            if key not in seen or ratio < seen[key][0]:
                seen[key] = (ratio, sample)
            if ratio < AA_NORMAL_TEXT and key not in failures:
                failures[key] = (ratio, sample)


Opener = Callable[[Pilot[None]], Awaitable[None]]
STAYS = "stays"
"""Marks a view reached with keys on the screen before it, which stays open for it."""


def pushing(factory: Callable[[], Screen[Any]], *keys: str) -> Opener:
    """Open a screen as the app would, then press `keys`."""

    async def open_view(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(factory())
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return open_view


def pressing(*keys: str) -> Opener:
    """Press `keys` on the screen shown."""

    async def press_keys(pilot: Pilot[None]) -> None:
        await pilot.press(*keys)
        await pilot.pause()

    return press_keys


def saying(open_view: Opener) -> Opener:
    """`open_view`, which must leave a message on the screen's status line."""

    async def open_and_check(pilot: Pilot[None]) -> None:
        await open_view(pilot)
        assert pilot.app.screen.query_one(StatusLine).message, "no message drawn"

    return open_and_check


THEMES = (DEFAULT_THEME, HIGH_CONTRAST.name)


async def collect_in_both_themes(
    app: HomecheckApp, pilot: Pilot[None], view: str, failures: Failures, seen: Failures
) -> None:
    """Read the view in the theme it was opened in, then in the other one. The next view
    opens in that other theme."""
    collect(app, view, failures, seen)
    app.theme = THEMES[1 - THEMES.index(app.theme)]
    await pilot.pause()
    collect(app, view, failures, seen)


async def test_every_drawn_text_meets_aa_in_both_themes(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    people = add_clients(store, mini_catalog)
    answer_some(store, people["visit"].id)
    app = make_app(store, mini_catalog, config)
    views: list[tuple[str, Opener | None]] = [
        ("home", None),
        ("client", pushing(lambda: ClientScreen(people["ada"].id))),
        ("visit setup", pushing(lambda: VisitSetupScreen(people["bea"].id))),
        ("visit, sections focused", pushing(lambda: VisitScreen(people["visit"].id), "tab")),
        # The same visit screen, the focus back on the items, two up.
        (f"visit {STAYS}", pressing("shift+tab", "up", "up")),
        ("review", pushing(lambda: ReviewScreen(people["visit"].id))),
        # Each screen's status line: information (o on a visit in progress), a warning
        # (p on the item the visit resumes at, not answered yet).
        ("review, status line", saying(pushing(lambda: ReviewScreen(people["visit"].id), "o"))),
        ("visit, status warning", saying(pushing(lambda: VisitScreen(people["visit"].id), "p"))),
        ("new client dialog", pushing(NewClientDialog)),
        ("confirm dialog", pushing(lambda: ConfirmDialog("Complete?", "Two left.", "Complete"))),
        ("welcome", pushing(WelcomeScreen)),
        # Its "Remove action" button is disabled: no action yet.
        ("action dialog", pushing(lambda: ActionDialog("Grab bar at the bath"))),
        ("priority dialog", pushing(lambda: PriorityDialog(Priority.HIGH, None, "A fall risk."))),
        ("measure dialog", pushing(lambda: MeasureDialog(Measure("Seat height", "cm")))),
        ("note dialog", pushing(lambda: TextEntryDialog("Note", hint="Say what you saw."))),
        # On an item not answered yet: the answers under the note, "Don't know" primary.
        ("note and answer", pushing(lambda: NoteAnswerDialog(SectionKind.HOME, "Say it."))),
        ("message dialog", pushing(lambda: MessageDialog("Nothing to open", "No report yet."))),
        ("report saved", pushing(lambda: ReportSavedDialog(config.reports_dir / "r.pdf"))),
    ]
    failures: Failures = {}
    seen: Failures = {}
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert app.theme == DEFAULT_THEME
        pushed = False
        for view, open_view in views:
            stays = view.endswith(STAYS)
            if pushed and not stays:
                app.pop_screen()
                await pilot.pause()
                pushed = False
            if open_view is not None:
                await open_view(pilot)
                pushed = pushed or not stays
            await collect_in_both_themes(app, pilot, view.removesuffix(f" {STAYS}"), failures, seen)
        if pushed:
            app.pop_screen()
            await pilot.pause()
        await pilot.press("slash")  # the search field focused, empty: its placeholder
        # Shown for longer than the default 5 s: they are read twice, on a busy machine too.
        app.notify("Saved a note", title="Saved", timeout=60)
        app.notify("Could not write", severity="error", timeout=60)
        app.notify("Nothing to open", severity="warning", timeout=60)
        await pilot.pause()
        await pilot.pause()  # the toasts are mounted on the next refresh
        assert app.screen.query("Toast"), "no toast drawn"
        await collect_in_both_themes(app, pilot, "home, search focused, toasts", failures, seen)
        assert len(app.screen.query("Toast")) == 3, "a toast went before it was read"
        app.clear_notifications()
        await pilot.press("escape", "f1")
        await pilot.pause()
        await collect_in_both_themes(app, pilot, "help", failures, seen)
        app.pop_screen()
        await pilot.pause()
    for (where, fg, bg), (ratio, sample) in sorted(seen.items()):
        print(f"{ratio:5.2f}  {where}: {fg} on {bg}  {sample!r}")
    report = "\n".join(
        f"{ratio:.2f} {where}: {fg} on {bg} ({sample!r})"
        for (where, fg, bg), (ratio, sample) in sorted(failures.items())
    )
    assert not failures, f"below {AA_NORMAL_TEXT}:1\n{report}"
