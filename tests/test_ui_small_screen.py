"""What the walk-through at 80x24 found, kept fixed: each section's how-to read whole, the
buttons of every dialog on screen, section names readable once done, and words for a
family member. Every person here is fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Static

from homecheck import rules
from homecheck.config import Config
from homecheck.model import Answer, AssessorRole, Audience, Catalog, Priority, SectionKind
from homecheck.rules import Progress
from homecheck.settings import Checker, Settings, save_settings
from homecheck.store import Store
from homecheck.ui import opener
from homecheck.ui.app import HomecheckApp
from homecheck.ui.dialogs.action import ActionDialog
from homecheck.ui.dialogs.confirm import complete_dialog
from homecheck.ui.dialogs.priority import PriorityDialog
from homecheck.ui.dialogs.text_entry import TextEntryDialog
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.home import HomeScreen
from homecheck.ui.screens.review import ReviewScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from homecheck.ui.widgets.section_list import SectionList
from tests.ui_support import make_app, open_visit, until

SMALL = (80, 24)
DAY = date(2026, 11, 2)


def _caregiver_visit(store: Store, catalog: Catalog) -> int:
    client = store.add_client("Edna Example")
    kinds = (SectionKind.HOME, SectionKind.PERSON)
    visit = store.start_visit(
        client.id,
        visit_date=DAY,
        sections=[s.id for s in catalog.sections if s.kind in kinds],
        content_hash=catalog.content_hash,
        role=AssessorRole.CAREGIVER,
    )
    return visit.id


def _inside(app: HomecheckApp) -> None:
    """Every button of the dialog on show lies whole inside its box and the screen."""
    dialog = app.screen
    assert isinstance(dialog, ModalScreen)
    box = dialog.query_one(".dialog-box").content_region
    buttons = list(dialog.query(Button))
    assert buttons
    for button in buttons:
        region = button.region
        assert box.contains_region(region), f"{type(dialog).__name__}: {button.label}"
        assert region.bottom <= app.size.height


async def test_a_caregiver_reads_each_sections_how_to_and_every_dialogs_buttons_at_80x24(
    store: Store, catalog: Catalog, config: Config
) -> None:
    """The head (title, what each key means, the how-to) was cut after three lines of
    how-to: "...then stay close while the" and no more. And the note's Save and Cancel
    fell below the bottom of the screen: every dialog's buttons are checked over the same
    visit (each failure names its section or its dialog)."""
    visit_id = _caregiver_visit(store, catalog)
    bathroom = catalog.section("bathroom")
    item = bathroom.items[0]
    long = "Your stairs are well lit, and you can switch the light on at the top and the bottom"
    progress = [(s, Progress(0, len(s.items), 0)) for s in catalog.sections[:8]]
    dialogs: list[ModalScreen[Any]] = [
        TextEntryDialog("Note", "", long),
        ActionDialog(long),
        PriorityDialog(Priority.HIGH, None, "", item=long),
        complete_dialog(progress, Audience.HOUSEHOLD),
    ]
    app = make_app(store, catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_visit(pilot, visit_id)
        head = screen.query_one("#section-head", Static)
        for index, section in enumerate(screen.sections):
            screen._show_section(index)
            await pilot.pause()
            needed = head.get_content_height(head.size, head.size, head.size.width)
            assert needed <= head.size.height, section.id
            assert rules.intro(section, Audience.HOUSEHOLD).strip()  # there is a how-to

        store.save_response(visit_id, item.id, answer=Answer.HAZARD)
        for dialog in dialogs:
            await app.push_screen(dialog)
            await pilot.pause()
            _inside(app)
            app.pop_screen()
            await pilot.pause()


async def test_the_sidebar_names_a_done_section(
    store: Store, catalog: Catalog, config: Config
) -> None:
    """At 80 columns "✓ St… 14/14 !2" hid which section was done: the ✓ says it is."""
    visit_id = _caregiver_visit(store, catalog)
    app = make_app(store, catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_visit(pilot, visit_id)
        index = next(i for i, s in enumerate(screen.sections) if s.id == "stairs")
        screen._show_section(index)
        await pilot.pause()
        for count in range(len(screen.items)):
            await pilot.press("s" if count % 3 else "h")
        sidebar = screen.query_one(SectionList)
        await until(pilot, lambda: sidebar.progress_of(index).complete)
        row = sidebar.prompt(index).plain
        assert row.startswith("✓ Stairs insi"), row
        assert "/" not in row and "!" in row


@pytest.mark.parametrize("checker", [Checker.CAREGIVER, Checker.PROFESSIONAL])
async def test_words_for_who_is_checking(
    store: Store, mini_catalog: Catalog, config: Config, tmp_path: Path, checker: Checker
) -> None:
    """A family member is asked for their name, not an "assessor", and the empty client
    list does not send them to the command line."""
    path = tmp_path / "settings.toml"
    save_settings(path, replace(Settings(), checker=checker))
    app = make_app(store, mini_catalog, replace(config, settings_path=path))
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        empty = str(app.screen.query_one("#clients-empty", Static).render())
        client = store.add_client("Edna Example")
        app.start_visit(client.id)
        await until(pilot, lambda: isinstance(app.screen, VisitSetupScreen))
        await pilot.pause()
        labels = [str(label.render()) for label in app.screen.query(".field-label").results(Label)]
    if checker is Checker.CAREGIVER:
        assert "person whose home you are checking" in empty and "demo" not in empty
        assert "Your name" in labels and "Assessor" not in labels
    else:
        assert "homecheck demo" in empty
        assert "Assessor" in labels


async def test_back_on_the_client_a_report_just_written_is_highlighted(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Coming back from writing the handout, the cursor sat in an empty form field, some
    25 Tab presses from the reports list: the new report now has the focus, Enter opens it."""
    client = store.add_client("Edna Example")
    visit = store.start_visit(
        client.id,
        visit_date=DAY,
        sections=[s.id for s in mini_catalog.sections],
        content_hash=mini_catalog.content_hash,
        role=AssessorRole.CAREGIVER,
    )
    launched: list[Path] = []
    monkeypatch.setattr(opener, "launch", launched.append)  # never a real viewer
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SMALL) as pilot:
        app.open_client(client.id)
        await until(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.pause()
        before = app.focused
        await app.push_screen(ReviewScreen(visit.id))
        name = f"homecheck-{DAY.isoformat()}-visit-{visit.id}-household.pdf"
        (config.reports_dir / name).write_bytes(b"%PDF-1.4\n")
        app.pop_screen()
        await until(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.pause()
        table = app.screen.query_one("#reports", DataTable)
        assert app.focused is table and before is not table
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        assert key == str(config.reports_dir / name)
        await pilot.press("enter")  # opened in the viewer (stubbed), and said
        assert launched == [config.reports_dir / name]
        assert any(f"Opening {name}" in n.message for n in app._notifications)

        # Nothing new written: coming back leaves the focus where it was.
        app.screen.query_one("#field-address", Input).focus()
        await app.push_screen(ReviewScreen(visit.id))
        app.pop_screen()
        await until(pilot, lambda: isinstance(app.screen, ClientScreen))
        await pilot.pause()
        assert isinstance(app.focused, Input) and app.focused.id == "field-address"
