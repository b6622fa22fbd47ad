"""At 80x24 every key the footer shows is whole, on every screen and every section kind,
and F1 Help is always one of them. Read from where the footer places each key, checked
against the line it draws. Every person here is fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise
from pathlib import Path

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import DataTable

from homecheck.config import Config
from homecheck.model import Answer, AssessorRole, Catalog, SectionKind
from homecheck.store import Store
from homecheck.ui.app import HomecheckApp
from homecheck.ui.dialogs.action import ActionDialog
from homecheck.ui.dialogs.text_entry import TextEntryDialog
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.help import HelpScreen
from homecheck.ui.screens.home import HomeScreen
from homecheck.ui.screens.review import ReviewScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from homecheck.ui.screens.welcome import WelcomeScreen
from homecheck.ui.widgets.key_footer import KeyFooter
from tests.ui_support import make_app, open_visit, until

SMALL = (80, 24)
DAY = date(2026, 11, 2)


def footer_keys(app: HomecheckApp) -> list[tuple[str, int, int]]:
    """(what a key says, its first column, the column after it) for each key drawn: the
    footer's own placing of each key, checked against the line it draws."""
    footer = app.screen.query_one(KeyFooter)
    keys, palette = footer.shown()
    line = footer.render_lines(Region(0, 0, footer.size.width, 1))[0]
    drawn = []
    for key in [*keys, *([palette] if palette else [])]:
        text = line.crop(key.start, key.end).text.strip()
        assert text == key.label, f"{key.label!r} drawn as {text!r}"
        drawn.append((text, footer.region.x + key.start, footer.region.x + key.end))
    return drawn


async def settled(pilot: Pilot[None]) -> None:
    """The footer is laid out and shows the screen's keys."""

    def ready() -> bool:
        footers = pilot.app.screen.query(KeyFooter)
        return bool(footers) and footers.first().size.width > 0 and bool(footers.first().shown()[0])

    await until(pilot, ready)
    await pilot.pause()


def assert_fits(app: HomecheckApp, where: str, *, help_key: str = "F1 Help") -> list[str]:
    keys = footer_keys(app)
    width = app.size.width
    said = [text for text, _, _ in keys]
    assert keys, where
    for text, left, right in keys:
        assert left >= 0 and right <= width, f"{where}: {text!r} at {left}-{right}"
    spans = sorted((left, right) for _, left, right in keys)
    for (_, end), (start, _) in pairwise(spans):
        assert end <= start, f"{where}: keys overlap in {said}"
    assert help_key in said, f"{where}: {said}"
    return said


def _visit_with_every_kind(store: Store, catalog: Catalog, role: AssessorRole) -> int:
    """A follow-up of a visit with one finding: a re-check section, then every kind."""
    client = store.add_client("Ada Example")
    sections = [section.id for section in catalog.sections]
    first = store.start_visit(
        client.id,
        visit_date=DAY,
        sections=sections,
        content_hash=catalog.content_hash,
        role=role,
    )
    item = catalog.sections[0].items[0]
    store.save_response(first.id, item.id, answer=Answer.HAZARD)
    store.complete_visit(first.id)
    follow_up = store.start_visit(
        client.id,
        visit_date=DAY,
        sections=sections,
        content_hash=catalog.content_hash,
        role=role,
        previous_visit_id=first.id,
    )
    return follow_up.id


async def _check_visit(pilot: Pilot[None], app: HomecheckApp, visit_id: int) -> None:
    screen = await open_visit(pilot, visit_id)
    kinds = {section.kind: index for index, section in reversed(list(enumerate(screen.sections)))}
    assert set(kinds) == set(SectionKind)
    for kind, index in kinds.items():
        screen._show_section(index)
        await settled(pilot)
        said = assert_fits(app, f"visit, {kind.value} section")
        assert said[0].startswith("s "), said  # the answers come first, whole
        assert sum(text[:2] in {"s ", "h ", "n ", "d "} for text in said) == 4, said
        assert any(text.startswith("] ") for text in said), said
        assert any(text.startswith("v ") for text in said), said


async def test_every_footer_key_fits_at_80_columns(
    store: Store, catalog: Catalog, config: Config
) -> None:
    visit_id = _visit_with_every_kind(store, catalog, AssessorRole.OT)
    client_id = store.get_visit(visit_id).client_id
    app = make_app(store, catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await settled(pilot)
        assert_fits(app, "home")

        app.open_client(client_id)
        await until(pilot, lambda: isinstance(app.screen, ClientScreen))
        await settled(pilot)
        # Keys as the screens write them: the letter that also works in a browser.
        assert "v New visit" in assert_fits(app, "client")
        app.screen.query_one("#reports", DataTable).focus()  # adds f Folder
        await settled(pilot)
        assert "f Folder" in assert_fits(app, "client, on the reports")

        app.start_visit(client_id)
        await until(pilot, lambda: isinstance(app.screen, VisitSetupScreen))
        await settled(pilot)
        assert_fits(app, "visit setup")
        app.pop_screen()

        await _check_visit(pilot, app, visit_id)

        await app.push_screen(ReviewScreen(visit_id))
        await settled(pilot)
        assert_fits(app, "review")
        store.complete_visit(visit_id)
        await app.pop_screen()
        await app.push_screen(ReviewScreen(visit_id))  # completed: Reopen, not Complete
        await settled(pilot)
        assert_fits(app, "review, completed")

        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await settled(pilot)
        assert_fits(app, "help", help_key="Esc Close")


async def test_a_caregivers_visit_and_the_welcome_fit_at_80_columns(
    store: Store, catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    visit_id = _visit_with_every_kind(store, catalog, AssessorRole.CAREGIVER)
    app = make_app(store, catalog, replace(config, settings_path=tmp_path / "settings.toml"))
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.ask_who_is_checking(changing=True)
        await until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await settled(pilot)
        assert_fits(app, "welcome")
        await pilot.press("1")
        await _check_visit(pilot, app, visit_id)
        await _check_dialogs(pilot, app)


async def _check_dialogs(pilot: Pilot[None], app: HomecheckApp) -> None:
    """Under a dialog the screen's footer said "s Safe" while s typed an s in the note."""
    for dialog in (TextEntryDialog("Note", "", "A check"), ActionDialog("A finding")):
        await app.push_screen(dialog)
        await settled(pilot)
        said = assert_fits(app, type(dialog).__name__, help_key="Esc Cancel")
        assert said[:2] == ["Ctrl+S Save", "Esc Cancel"], said
        app.pop_screen()
        await pilot.pause()


async def test_a_wide_footer_shows_every_key_of_a_visit(
    store: Store, catalog: Catalog, config: Config
) -> None:
    """From 100 columns Note is there on a task section too; the palette's hint is the
    first thing to go where the keys need its room. One app, resized: a terminal made
    wider lays the footer out as one started at that size."""
    visit_id = _visit_with_every_kind(store, catalog, AssessorRole.OT)
    app = make_app(store, catalog, config)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_visit(pilot, visit_id)
        for size in ((100, 30), (120, 40)):
            await pilot.resize_terminal(*size)
            for kind in SectionKind:
                index = next(i for i, s in enumerate(screen.sections) if s.kind is kind)
                screen._show_section(index)
                await settled(pilot)
                assert app.size == size
                said = assert_fits(app, f"{size}: {kind.value}")
                assert "e Note" in said, said
            if size[0] >= 120:
                assert "Ctrl+P palette" in said


async def test_a_click_on_a_key_presses_it_and_between_keys_nothing(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """A click is a key press in a browser, where some keys never arrive: the footer is one
    widget, so the key under the pointer is found by its columns."""
    client = store.add_client("Ada Example")
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        footer = app.screen.query_one(KeyFooter)
        keys, palette = footer.shown()
        assert palette is not None
        new_client = next(key for key in keys if key.label == "n New client")
        await pilot.click(KeyFooter, offset=(new_client.start + 1, 0))
        await until(pilot, lambda: not isinstance(app.screen, HomeScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        # Between two keys nothing is pressed.
        gap = next(x for x in range(footer.size.width) if footer._entry_at(x) is None)
        await pilot.click(KeyFooter, offset=(gap, 0))
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.click(KeyFooter, offset=(palette.start, 0))
        await until(pilot, lambda: not isinstance(app.screen, HomeScreen))
    assert store.get_client(client.id) == client
