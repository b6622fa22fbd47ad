"""The first run at 80x24 asks who is checking, both ways in. Every person here is fictional."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

from textual.widgets import Select

from homecheck import rules
from homecheck.config import Config
from homecheck.model import AssessorRole, Catalog, SectionKind
from homecheck.settings import Checker, load_settings
from homecheck.store import Store
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.home import HomeScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from homecheck.ui.screens.welcome import WelcomeScreen
from homecheck.ui.widgets.check_marks import SwitchBox, TickList
from tests.ui_support import make_app, until


def _setup_state(app: object) -> tuple[str, set[str]]:
    """The role chosen and the sections ticked on the visit setup screen shown."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, VisitSetupScreen)
    role = str(screen.query_one("#role", Select).value)
    return role, {str(s) for s in screen.query_one("#sections", TickList).selected}


async def test_first_run_as_a_caregiver(
    store: Store, catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    """Empty database: the welcome asks; `1` remembers a caregiver, privately, and a visit
    then starts as a caregiver's with the home and person sections, no observed tasks."""
    path = tmp_path / "config" / "settings.toml"
    app = make_app(store, catalog, replace(config, settings_path=path))
    async with app.run_test() as pilot:
        await until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert load_settings(path).checker is Checker.CAREGIVER
        assert stat.S_IMODE(path.stat().st_mode) == 0o600

        client = store.add_client("Ada Example")
        app.start_visit(client.id)
        await until(
            pilot, lambda: isinstance(app.screen, VisitSetupScreen) and app.focused is not None
        )
        await pilot.pause()
        role, ticked = _setup_state(app)
        kinds = {s.id: s.kind for s in catalog.sections}
        assert role == AssessorRole.CAREGIVER.value
        assert "person" in ticked
        assert {kinds[s] for s in ticked} == {SectionKind.HOME, SectionKind.PERSON}
        assert any(k is SectionKind.BODY_MECHANICS for k in kinds.values())  # offered, unticked

        # The client's profile switches read in plain words, as the handout prints them.
        app.pop_screen()
        app.open_client(client.id)
        await until(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.pause()
        box = app.screen.query_one("#flag-vertebral_fracture", SwitchBox)
        assert box.text == catalog.flags["vertebral_fracture"].plain


async def test_first_run_as_a_professional_after_a_damaged_file_then_changed_later(
    store: Store, mini_catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    """A damaged settings file is said in one line and asked again; Enter on the second way
    is a professional (visits as today); W on the client list reopens the question, where
    Escape keeps the choice."""
    path = tmp_path / "settings.toml"
    path.write_text("checker = [")
    app = make_app(store, mini_catalog, replace(config, settings_path=path))
    async with app.run_test() as pilot:
        await until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1
        assert "cannot be read" in messages[0]
        assert "\n" not in messages[0]
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert load_settings(path).checker is Checker.PROFESSIONAL

        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, WelcomeScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert app.settings.checker is Checker.PROFESSIONAL

        client = store.add_client("Bea Sample", flags={"walker"})
        app.start_visit(client.id)
        await until(
            pilot, lambda: isinstance(app.screen, VisitSetupScreen) and app.focused is not None
        )
        await pilot.pause()
        role, ticked = _setup_state(app)
        assert role == AssessorRole.OT.value
        assert ticked == set(rules.default_sections(mini_catalog, client.flags))
