"""Stored text with terminal escapes or markup is drawn harmlessly and literally.

A name holding `ESC ] 0 ; ... BEL` retitled the terminal and `ESC [ 2K` erased a row;
`[@click=app.quit]` in a name is Textual markup that a Static or a palette hit would act
on. Everything stored is drawn through `display.visible()` and never as markup, while
the stored text stays exact. Every person here is fictional.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date

import pytest
from textual.app import App
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input, TextArea

from homecheck.config import Config
from homecheck.model import ActionOwner, Answer, Catalog, Client, Priority
from homecheck.store import Store
from homecheck.ui.dialogs.action import ActionDialog
from homecheck.ui.dialogs.priority import PriorityDialog
from homecheck.ui.dialogs.text_entry import TextEntryDialog
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.review import ReviewScreen
from tests.ui_support import choose_in_palette, make_app, open_visit, search_palette

ESC, BEL = "\x1b", "\x07"
RETITLE = f"{ESC}]0;PWNED{BEL}"
ERASE = f"{ESC}[2K"
MARKUP = "[b]Loud[/b]"
CLICK = "[@click=app.quit]Quit[/]"
NAME = f"Ann{RETITLE}Example{ERASE}{MARKUP}{CLICK}"
SHOWN_NAME = f"Ann␛]0;PWNED␇Example␛[2K{MARKUP}{CLICK}"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def hostile(tag: str) -> str:
    """A distinct hostile value per field, so each can be found on screen."""
    return f"{tag}{ERASE}[i]{tag}Mark[/i]{RETITLE}"


@dataclass
class Hostile:
    client: Client
    visit_id: int


@pytest.fixture
def hostile_visit(store: Store, mini_catalog: Catalog) -> Hostile:
    client = store.add_client(
        NAME,
        birth_date=date(1941, 3, 28),
        address=hostile("Address") + "\nFlat 2",
        contact=hostile("Contact"),
        caregiver=hostile("Carer"),
        notes=hostile("Notes") + "\nsecond line",
    )
    visit = store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=[s.id for s in mini_catalog.sections],
        content_hash="h",
        assessor=hostile("Assessor"),
    )
    item = "bathroom.grab_bar"
    store.save_response(visit.id, item, Answer.HAZARD, note=hostile("Note") + "\nmore")
    store.save_response(
        visit.id,
        item,
        priority_override=Priority.LOW,
        override_reason=hostile("Reason"),
        recommendation=hostile("Advice"),
    )
    store.save_action(visit.id, item, ActionOwner.FAMILY, note=hostile("Action"))
    return Hostile(client, visit.id)


def drawn(app: App[None]) -> str:
    """What every widget of the screen renders, line by line, and the whole screen.

    The screenshot first: it draws the screen with the screens below it, and a widget's
    lines drawn alone after it are those it drew there.
    """
    screenshot = app.export_screenshot()
    assert ESC not in screenshot
    lines = []
    for widget in app.screen.walk_children(Widget, with_self=True):
        width, height = widget.size
        if widget.display and width and height:
            lines += [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]
    lines.append(html.unescape(re.sub(r"<[^>]+>", "", screenshot)).replace("\xa0", " "))
    return "\n".join(lines)


def assert_harmless(app: App[None], *tags: str, name: bool = False) -> None:
    text = drawn(app)
    assert not CONTROL.search(text), repr(CONTROL.search(text))
    for tag in tags:
        # Shown, literally: the markup as typed, each control character as a stand-in
        # (the start of it: a narrow field shows no more).
        assert f"{tag}␛[2K[i]{tag}" in text, tag
    if name:
        assert SHOWN_NAME in text


async def test_home_client_visit_and_review_draw_stored_text_harmlessly(
    store: Store, mini_catalog: Catalog, config: Config, hostile_visit: Hostile
) -> None:
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert_harmless(app, "Address")  # the client list, names cut to fit a column
        assert SHOWN_NAME[:30] in drawn(app)

        await app.push_screen(ClientScreen(hostile_visit.client.id))
        await pilot.pause()
        assert_harmless(app, "Address", "Contact", "Carer", "Notes", "Assessor", name=True)

        visit = await open_visit(pilot, hostile_visit.visit_id)
        visit.jump_to("bathroom", "bathroom.grab_bar")
        await pilot.pause()
        assert_harmless(app, "Note", "Reason", "Advice", "Action", name=True)

        await app.push_screen(ReviewScreen(hostile_visit.visit_id))
        await pilot.pause()
        assert_harmless(app, "Note", "Reason", "Advice", "Action", name=True)
        assert app.is_running, "markup in a name acted as a link"
    # Drawing never changed what is stored.
    assert store.get_client(hostile_visit.client.id) == hostile_visit.client


async def test_dialogs_edit_the_real_value_and_draw_it_harmlessly(
    store: Store, mini_catalog: Catalog, config: Config, hostile_visit: Hostile
) -> None:
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await open_visit(pilot, hostile_visit.visit_id)
        screen.jump_to("bathroom", "bathroom.grab_bar")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TextEntryDialog)
        assert app.screen.query_one("#text", TextArea).text == hostile("Note") + "\nmore"
        assert_harmless(app, "Note")
        await pilot.press("escape")
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PriorityDialog)
        assert_harmless(app, "Reason")
        await pilot.press("escape")
        await app.push_screen(ReviewScreen(hostile_visit.visit_id))
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionDialog)
        assert_harmless(app, "Action")
        await pilot.press("ctrl+s")
        await pilot.pause()
    # Saving the dialog unchanged keeps the exact stored text.
    assert store.actions(hostile_visit.visit_id)["bathroom.grab_bar"].note == hostile("Action")


async def test_a_field_edits_the_exact_stored_value(
    store: Store, mini_catalog: Catalog, config: Config, hostile_visit: Hostile
) -> None:
    """The stand-ins are only drawn: typing at the end of a name keeps its real characters."""
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(160, 40)) as pilot:
        await app.push_screen(ClientScreen(hostile_visit.client.id))
        await pilot.pause()
        name = app.screen.query_one("#field-name", Input)
        assert name.value == NAME
        name.focus()
        await pilot.press("end", "x")
        await pilot.pause()
        assert_harmless(app)
    assert store.get_client(hostile_visit.client.id).name == NAME + "x"


async def test_the_palette_shows_a_name_literally(
    store: Store, mini_catalog: Catalog, config: Config, hostile_visit: Hostile
) -> None:
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(160, 40)) as pilot:
        await search_palette(pilot, "Ann")
        assert_harmless(app, "Address", name=True)
        await choose_in_palette(pilot)
        assert isinstance(app.screen, ClientScreen)
        assert SHOWN_NAME in drawn(app)  # the title
