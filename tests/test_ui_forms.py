"""The forms at 80x24: where focus starts, Tab order, and switches that change only when meant to.

Every person here is fictional.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from textual.widget import Widget
from textual.widgets import DataTable, Input

from homecheck import rules
from homecheck.config import Config
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from homecheck.ui.widgets.check_marks import SwitchBox, TickList
from homecheck.ui.widgets.form_column import FormColumn
from tests.ui_support import footer_text, make_app, until


def shown_in(column: Widget, field: Widget) -> Callable[[], bool]:
    """Whether `field` lies wholly inside the visible part of `column`: a state for `until`."""
    return lambda: column.region.contains_region(field.region)


async def test_new_client_starts_after_the_name_and_tabs_down_the_screen(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """The name was just typed: focus waits in the birth date, and Tab goes downwards, each
    focused field in view; a client with visits starts on the visits."""
    client = store.add_client("Ada Example")
    app = make_app(store, mini_catalog, config)
    async with app.run_test() as pilot:
        await app.push_screen(ClientScreen(client.id))
        await until(pilot, lambda: app.focused is not None and app.focused.id == "field-birth_date")
        column = app.screen.query_one("#client-details", FormColumn)
        order = []
        for _ in range(5):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.focused
            assert focused is not None and focused.id
            order.append(focused.id)
            if isinstance(focused, Input):
                await until(pilot, shown_in(column, focused))
        assert order == [
            "field-address",
            "field-contact",
            "field-caregiver",
            "field-notes",
            "flag-osteoporosis",
        ]

    visit = store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=rules.default_sections(mini_catalog, client.flags),
        content_hash=mini_catalog.content_hash,
    )
    assert visit.id
    app = make_app(store, mini_catalog, config)
    async with app.run_test() as pilot:
        await app.push_screen(ClientScreen(client.id))
        await until(pilot, lambda: isinstance(app.focused, DataTable))


async def test_profile_switch_changes_with_space_only_and_says_so(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = store.add_client("Ada Example")
    app = make_app(store, mini_catalog, config)
    said: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: Any) -> None:
        said.append(message)
        notify(message, **kwargs)

    monkeypatch.setattr(app, "notify", record)
    async with app.run_test() as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        box = app.screen.query_one("#flag-lives_alone", SwitchBox)
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert box.value is False
        assert store.get_client(client.id).flags == frozenset()
        assert str(box.label) == "[ ] Lives alone"
        assert said == ["Space switches Lives alone on or off."]

        await pilot.press("space")
        await until(pilot, lambda: store.get_client(client.id).flags == {"lives_alone"})
        assert str(box.label) == "[x] Lives alone"
        assert said[-1] == "Lives alone: on"
        await pilot.press("space")
        await until(pilot, lambda: store.get_client(client.id).flags == frozenset())
        assert said[-1] == "Lives alone: off"


async def test_a_client_opened_and_left_unchanged_is_not_written(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a client fills the form, and each field says it changed: only a real change
    is written (a write is a transaction flushed to disk), and it keeps the client's uuid."""
    client = store.add_client("Ada Example", birth_date=date(1941, 3, 28), address="1 Lane\nTown")
    written: list[str] = []
    update = store.update_client

    def noted(changed: Any) -> Any:
        written.append(changed.name)
        return update(changed)

    monkeypatch.setattr(store, "update_client", noted)
    app = make_app(store, mini_catalog, config)
    async with app.run_test() as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ClientScreen)
        assert written == []

        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        name = app.screen.query_one("#field-name", Input)
        name.value = "Ada Examplé"
        await pilot.pause()
        assert written == ["Ada Examplé"]
    saved = store.get_client(client.id)
    assert (saved.name, saved.uuid, saved.address) == ("Ada Examplé", client.uuid, "1 Lane\nTown")


async def test_visit_setup_focus_and_section_ticks(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """No assessor yet: focus in the name. Remembered: in the sections, ticked in
    characters, where Enter explains and Space ticks."""
    client = store.add_client("Ada Example")
    app = make_app(store, mini_catalog, config)
    async with app.run_test() as pilot:
        await app.push_screen(VisitSetupScreen(client.id))
        await until(pilot, lambda: app.focused is not None and app.focused.id == "assessor")

    store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=["bathroom"],
        content_hash=mini_catalog.content_hash,
        assessor="Pat Tester",
    )
    app = make_app(store, mini_catalog, config)
    async with app.run_test() as pilot:
        await app.push_screen(VisitSetupScreen(client.id))
        await until(pilot, lambda: isinstance(app.focused, TickList))
        sections = app.screen.query_one("#sections", TickList)
        first = str(sections.get_option_at_index(0).value)
        assert first in sections.selected
        assert sections.render_line(0).text.startswith("[x] ")
        await pilot.press("enter")
        await pilot.pause()
        assert first in sections.selected
        await pilot.press("space")
        await until(pilot, lambda: first not in sections.selected)
        assert sections.render_line(0).text.startswith("[ ] ")


async def test_visit_setup_name_first_then_enter_to_the_ticks(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """A first visit: the name takes the letters (x, r, a among them) and the footer
    offers Ctrl+S and Enter, not letters; Enter goes on to the sections, where one x
    unticks all and the footer names the letter keys; s starts with the name typed."""
    client = store.add_client("Ada Example", flags=["walker"])
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(VisitSetupScreen(client.id))
        await until(pilot, lambda: app.focused is not None and app.focused.id == "assessor")
        sections = app.screen.query_one("#sections", TickList)
        ticked = list(sections.selected)
        assert ticked
        keys = footer_text(pilot)
        assert "To the sections" in keys and "Ctrl+S Start visit" in keys
        assert "Untick all" not in keys
        await pilot.press("R", "a", "x")
        await pilot.pause()
        assert app.screen.query_one("#assessor", Input).value == "Rax"
        assert list(sections.selected) == ticked

        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.focused, TickList))
        keys = footer_text(pilot)
        assert "x Untick all" in keys and "s Start visit" in keys
        assert "To the sections" not in keys
        await pilot.press("x")
        await until(pilot, lambda: not sections.selected)
        await pilot.press("space", "s")
        await until(pilot, lambda: bool(store.list_visits(client.id)))
        assert store.list_visits(client.id)[0].assessor == "Rax"
