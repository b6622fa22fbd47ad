"""What the store refuses shows in the TUI as one clear line; nothing stored changes and
the app keeps running.

A lone surrogate can reach the app by pasting (a terminal hands over what it is given);
before, saving it raised UnicodeEncodeError out of the store, and a refused note was gone
with its editor. Every person is fictional.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input, Label, Static, TextArea

from homecheck.config import Config
from homecheck.model import Answer, Catalog
from homecheck.store import Store
from homecheck.ui.dialogs.message import MessageDialog
from homecheck.ui.dialogs.text_entry import TextEntryDialog
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from tests.ui_support import label_text, make_app, open_visit, type_text

SIZE = (120, 40)
ITEM = "bathroom.grab_bar"


def message_of(dialog: MessageDialog) -> str:
    return str(dialog.query_one("#message", Static).content)


async def test_a_note_with_a_lone_surrogate_is_one_line_and_stores_nothing(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit = store.start_visit(
        client.id, visit_date=date(2026, 11, 2), sections=["bathroom"], content_hash="h"
    )
    store.save_response(visit.id, ITEM, Answer.HAZARD, note="Loose rail")
    before = store.response_history(visit.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_visit(pilot, visit.id)
        screen.jump_to("bathroom", ITEM)
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TextEntryDialog)
        app.screen.query_one(TextArea).text = "Gertrude pasted \ud800 this"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        message = message_of(app.screen)
        assert message == "note: text contains a lone surrogate (not Unicode) at character 17"
        await pilot.press("enter")
        await pilot.pause()
        # The typed note is not lost: its editor is back, to correct it.
        assert isinstance(app.screen, TextEntryDialog)
        assert app.screen.query_one(TextArea).text == "Gertrude pasted \ud800 this"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        assert app.is_running
    assert store.responses(visit.id)[ITEM].note == "Loose rail"
    assert store.response_history(visit.id) == before


async def test_a_pasted_name_with_a_lone_surrogate_is_one_line_and_stores_nothing(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example", birth_date=date(1941, 3, 28))
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        name = app.screen.query_one("#field-name", Input)
        name.value = "Ada \udc80Example"
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        message = message_of(app.screen)
        assert message == "name: text contains a lone surrogate (not Unicode) at character 5"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        assert app.is_running
    assert store.get_client(client.id) == client


async def test_a_birth_date_in_the_future_is_marked_and_not_stored(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example", birth_date=date(1941, 3, 28))
    tomorrow = date.today() + timedelta(days=1)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#field-birth_date", Input)
        field.focus()
        await pilot.press("end", "backspace")  # 1941-03-2: refused as it is typed
        await pilot.pause()
        field.value = tomorrow.isoformat()[:-1]
        await type_text(pilot, tomorrow.isoformat()[-1])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert label_text(screen.query_one("#error-birth_date", Label)) == (
            "The birth date is in the future."
        )
        assert app.screen is screen and app.is_running
    assert store.get_client(client.id) == client


async def test_a_visit_date_past_2200_is_one_line_and_starts_no_visit(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, VisitSetupScreen)
        setup.query_one("#visit-date", Input).value = "2201-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)
        assert message_of(app.screen) == (
            "visit date: expected a date from 1900-01-01 to 2200-12-31"
        )
        await pilot.press("enter")
        await pilot.pause()
        screen: object = app.screen  # the dialog has closed: mypy kept the narrowed type
        assert screen is setup and app.is_running
    assert store.list_visits(client.id) == []
