"""What a caregiver's walk-through in a browser (and at 80x24) found on the client list,
the client and the visit setup, kept fixed: letters for the keys a browser keeps, a click
that opens, a quick way to tick a few sections, labels read whole, a report opened in the
browser. Every person here is fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Label, SelectionList, Static

from homecheck.config import Config
from homecheck.model import Catalog, SectionKind
from homecheck.settings import Checker, Settings, save_settings
from homecheck.store import Store
from homecheck.ui import opener
from homecheck.ui.app import HIGH_CONTRAST, HomecheckApp
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.home import HomeScreen
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from homecheck.ui.widgets.check_marks import SwitchBox
from homecheck.ui.widgets.client_list import ClientList
from tests.ui_support import choose_in_palette, footer_text, make_app, search_palette, until

SMALL = (80, 24)
DAY = date(2026, 11, 2)
BROWSER_KEPT = ("ctrl+n", "ctrl+t", "ctrl+w", "ctrl+q", "ctrl+tab")


def _as_caregiver(config: Config, tmp_path: Path) -> Config:
    path = tmp_path / "settings.toml"
    save_settings(path, Settings(checker=Checker.CAREGIVER))
    return replace(config, settings_path=path)


def _completed_visit(store: Store, catalog: Catalog, name: str = "Edna Example") -> int:
    client = store.add_client(name)
    visit = store.start_visit(
        client.id,
        visit_date=DAY,
        sections=[s.id for s in catalog.sections],
        content_hash=catalog.content_hash,
    )
    store.complete_visit(visit.id)
    return client.id


async def _client_screen(app: HomecheckApp, pilot: Any, client_id: int) -> ClientScreen:
    app.open_client(client_id)
    await until(pilot, lambda: isinstance(app.screen, ClientScreen))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ClientScreen)
    return screen


def _keys(screen_or_app: Any) -> dict[str, str]:
    """Every key bound on a screen (or the App), with its action."""
    found = {}
    for binding in screen_or_app.BINDINGS:
        for key in binding.key.split(","):
            found[key.strip()] = binding.action
    return found


def test_every_action_a_browser_would_keep_has_a_plain_key() -> None:
    """Ctrl+N, Ctrl+T, Ctrl+W, Ctrl+Q, Ctrl+Tab never reach the app in a browser: each
    action bound to one of them has another key that is not a Ctrl key, on its screen or
    (for the App's) on the client list, where one starts."""
    for owner in (ClientScreen, VisitSetupScreen, HomeScreen):
        keys = _keys(owner)
        for kept in BROWSER_KEPT:
            if kept in keys:
                others = [k for k, a in keys.items() if a == keys[kept] and "ctrl" not in k]
                assert others, f"{owner.__name__}: {kept} has no plain key"
    home = {action.removeprefix("app."): key for key, action in _keys(HomeScreen).items()}
    for key, action in _keys(HomecheckApp).items():
        if key in BROWSER_KEPT:
            assert action in home, f"the App's {key} has no plain key on the client list"
    # Every Ctrl key on these screens has a plain one beside it.
    for owner in (ClientScreen, VisitSetupScreen):
        keys = _keys(owner)
        for key, action in keys.items():
            if key.startswith("ctrl+") and action != "save":
                assert any(a == action and "ctrl" not in k for k, a in keys.items()), key


async def test_the_client_screen_shows_and_takes_its_letters(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """The footer and the visits list show v and u, not Ctrl+N and Ctrl+F; v starts a
    visit from the visits list; typed in a field it is a letter; a click on the footer's
    key starts a visit even from a field (a browser user's way)."""
    client_id = _completed_visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _client_screen(app, pilot, client_id)
        shown = footer_text(pilot)
        assert "v New visit" in shown and "u Follow-up" in shown and "r Resume" in shown
        assert "Ctrl+N" not in shown and "Ctrl+F" not in shown
        titles = " ".join(
            str(label.content) for label in screen.query(".pane-title").results(Label)
        )
        assert "v new visit" in titles and "Ctrl+N" not in titles
        assert "click or Enter" in titles

        name = screen.query_one("#field-name", Input)
        name.focus()
        await pilot.press("end", "v")
        assert name.value == "Edna Examplev" and app.screen is screen
        await pilot.press("backspace")
        # In a field the letter is the field's: the footer shows the Ctrl key, which a
        # click sends even where a browser keeps it.
        assert "Ctrl+N New visit" in footer_text(pilot)
        app.simulate_key("ctrl+n")
        await until(pilot, lambda: isinstance(app.screen, VisitSetupScreen))
        assert name.value == "Edna Example"
        app.pop_screen()
        await until(pilot, lambda: app.screen is screen)
        screen.query_one("#visits", DataTable).focus()
        await pilot.press("u")  # a follow-up of the completed visit
        await until(pilot, lambda: isinstance(app.screen, VisitSetupScreen))
        setup = app.screen
        assert isinstance(setup, VisitSetupScreen) and setup.previous_visit_id is not None


async def test_a_click_on_the_highlighted_row_opens_it(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the client list a click opens the client; on the client, a click on the
    highlighted visit or report opens it, wherever on its row; a click on another row
    highlights it first. Enter still opens."""
    _completed_visit(store, mini_catalog)
    name = f"homecheck-{DAY.isoformat()}-visit-1-household.pdf"
    (config.reports_dir / name).write_bytes(b"%PDF-1.4\n")
    launched: list[Path] = []
    monkeypatch.setattr(opener, "launch", launched.append)  # never a real viewer
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.screen.query(ClientList).first().option_count == 1)
        await pilot.click(ClientList, offset=(4, 1))
        await until(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.pause()
        reports = app.screen.query_one("#reports", DataTable)
        assert reports.cursor_coordinate.column == 0
        # The report's file name, in the third column, on the highlighted row.
        await pilot.click(reports, offset=(50, 1))
        await until(pilot, lambda: bool(launched))
        assert launched == [config.reports_dir / name]
        assert any(f"Opening {name}" in n.message for n in app._notifications)
        # The visit row, clicked on its date: the cell under the cursor (Textual's own).
        visits = app.screen.query_one("#visits", DataTable)
        await pilot.click(visits, offset=(30, 1))
        await until(pilot, lambda: not isinstance(app.screen, ClientScreen))


async def test_a_report_opens_in_the_browser_when_served(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `homecheck serve` (Textual's web driver) a report goes to the person's
    browser, inline as a PDF, under a name a header can carry; nothing is launched on the
    computer; the message says where it opens."""
    client_id = _completed_visit(store, mini_catalog, "Zoë Ødegård-Nguyễn")
    name = f"homecheck-{DAY.isoformat()}-visit-1-household.pdf"
    (config.reports_dir / name).write_bytes(b"%PDF-1.4\n")
    launched: list[Path] = []
    delivered: list[tuple[Path, dict[str, Any]]] = []
    monkeypatch.setattr(opener, "launch", launched.append)
    monkeypatch.setattr(HomecheckApp, "is_web", property(lambda self: True))

    def deliver(self: HomecheckApp, path: Path, **options: Any) -> str:
        delivered.append((path, options))
        return "key"

    monkeypatch.setattr(HomecheckApp, "deliver_binary", deliver)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _client_screen(app, pilot, client_id)
        screen.query_one("#reports", DataTable).focus()
        await pilot.press("enter")
        await until(pilot, lambda: bool(delivered))
    assert launched == []
    path, options = delivered[0]
    assert path == config.reports_dir / name
    assert options["open_method"] == "browser"
    assert options["mime_type"] == "application/pdf"
    assert options["save_filename"] == name
    assert any("in a new browser tab" in n.message for n in app._notifications)


def test_outside_a_browser_nothing_is_delivered(tmp_path: Path) -> None:
    report = tmp_path / "r.pdf"
    report.write_bytes(b"%PDF-1.4\n")
    assert not opener.in_browser(None)
    assert opener.browser_file_name(Path("Zoë's; (1).pdf")) == "Zo__s___1_.pdf"


async def test_three_rooms_in_a_few_presses(
    store: Store, catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    """x unticks all, r keeps the rooms only, a ticks all, each also a visible button;
    then three rooms are three ticks. The caregiver's defaults are unchanged."""
    config = _as_caregiver(config, tmp_path)
    client = store.add_client("Edna Example")
    app = make_app(store, catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        app.start_visit(client.id)
        await until(pilot, lambda: isinstance(app.screen, VisitSetupScreen))
        await pilot.pause()
        screen = app.screen
        sections = screen.query_one("#sections", SelectionList)
        defaults = set(sections.selected)
        assert defaults  # the caregiver's defaults, as before
        homes = {s.id for s in catalog.sections if s.kind is SectionKind.HOME}
        sections.focus()
        await pilot.press("x")
        assert sections.selected == []
        await pilot.press("r")
        assert set(sections.selected) == homes
        await pilot.press("a")
        assert len(sections.selected) == len(catalog.sections)
        await pilot.click("#tick-none")
        assert sections.selected == []
        assert app.focused is sections
        # Three rooms: the first three in the list.
        await pilot.press("home", "space", "down", "space", "down", "space")
        assert len(sections.selected) == 3
        await pilot.click("#tick-rooms")
        assert set(sections.selected) == homes
        for button in ("#tick-none", "#tick-rooms", "#tick-all", "#start"):
            assert screen.query_one(button).region.bottom <= SMALL[1] - 1, button
        assert "s Start visit" in footer_text(pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, VisitScreen))
    visit = store.open_visit(client.id)
    assert visit is not None and set(visit.sections) == homes


async def test_profile_labels_read_whole_at_every_width(
    store: Store, catalog: Catalog, config: Config, tmp_path: Path
) -> None:
    """The plain-word flags are long: each is shown whole (wrapped where needed), never
    cut, from 80 to 200 columns. One app, its terminal resized to each width."""
    config = _as_caregiver(config, tmp_path)
    client = store.add_client("Edna Example")
    app = make_app(store, catalog, config)
    async with app.run_test(size=(80, 40)) as pilot:
        screen = await _client_screen(app, pilot, client.id)
        for width in (80, 100, 142, 200):
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            assert app.size.width == width
            boxes = list(screen.query(SwitchBox))
            assert boxes, width
            for box in boxes:
                assert box.region.right <= width, (width, box.text)
                lines = [strip.text for strip in box.render_lines(box.region.reset_offset)]
                shown = " ".join(line.strip() for line in lines)
                assert " ".join(box.text.split()) in " ".join(shown.split()), (width, box.text)
                assert "…" not in shown, (width, box.text)


async def test_at_80x24_the_client_form_shows_its_first_field_with_its_label(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """One pane scrolls (not two small ones), and a focused field shows with its label."""
    client = store.add_client("Edna Example")
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _client_screen(app, pilot, client.id)
        assert app.focused is screen.query_one("#field-birth_date", Input)
        body = screen.query_one("#client-body")
        # The form's title, the first field and its label, and the focused one under it.
        assert body.region.contains_region(screen.query(".pane-title").first(Label).region)
        for field in ("name", "birth_date"):
            box = screen.query_one(f"#field-{field}", Input)
            assert box.parent is not None
            label = box.parent.query_one(".field-label", Label)
            for widget in (label, box):
                assert body.region.contains_region(widget.region), widget
        # Further down and back: each field's label shows with it.
        for field in ("notes", "name"):
            box = screen.query_one(f"#field-{field}", Input)
            box.focus()
            await pilot.pause()
            await pilot.pause()
            assert box.parent is not None
            label = box.parent.query_one(".field-label", Label)
            assert body.region.contains_region(label.region), field
            assert body.region.contains_region(box.region), field


async def test_the_empty_hint_is_above_where_messages_show(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """The first run's message shows at the bottom right: the empty list's hint is at the
    top, under the column heads, so the message never covers it."""
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        hint = app.screen.query_one("#clients-empty", Static)
        assert "Press n" in str(hint.render())
        assert hint.region.y <= 6 and hint.region.height >= 1
        # Messages stack from the bottom right, over the footer's row: a first-run message
        # (three or four rows at 80 columns) stays well below the hint.
        assert hint.region.bottom <= SMALL[1] - 10
        assert app.screen.query_one(ClientList).region.y > hint.region.y


async def test_c_on_the_client_list_switches_high_contrast(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("c")
        assert app.theme == HIGH_CONTRAST.name
        await pilot.press("ctrl+t")
        assert app.theme != HIGH_CONTRAST.name
        # And from the palette, on any screen.
        assert any("High contrast" in hit for hit in await search_palette(pilot, "contrast"))
        await choose_in_palette(pilot)
        assert app.theme == HIGH_CONTRAST.name
