"""Helpers the UI tests share: build the app, open a visit, read and drive the item list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Label, TextArea

from homecheck.config import Config
from homecheck.model import AssessorRole, Catalog
from homecheck.store import Store
from homecheck.ui.app import HomecheckApp
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.widgets.item_list import ItemList
from homecheck.ui.widgets.key_footer import KeyFooter
from tests import settled_waits

# At most this many idle passes for the app to reach a state a test waits for.
_PASSES = 200


def make_app(store: Store, catalog: Catalog, config: Config) -> HomecheckApp:
    return HomecheckApp(store=store, catalog=catalog, config=config)


def every_section_visit(store: Store, catalog: Catalog) -> int:
    """A caregiver's visit of every section of `catalog`, for a new fictional client."""
    client = store.add_client("Edna Example")
    return store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=[s.id for s in catalog.sections],
        content_hash=catalog.content_hash,
        role=AssessorRole.CAREGIVER,
    ).id


async def open_visit(pilot: Pilot[None], visit_id: int) -> VisitScreen:
    await pilot.app.push_screen(VisitScreen(visit_id))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, VisitScreen)
    return screen


def item_list(pilot: Pilot[None]) -> ItemList:
    return pilot.app.screen.query_one(ItemList)


def highlighted_item(pilot: Pilot[None]) -> str:
    items = item_list(pilot)
    assert items.highlighted is not None
    return items.items[items.highlighted].id


def shows_item(pilot: Pilot[None], item_id: str) -> bool:
    """The visit screen is shown with `item_id` highlighted: a state for `until`."""
    screen = pilot.app.screen
    if not isinstance(screen, VisitScreen) or not screen.is_mounted:
        return False
    items = screen.query_one(ItemList)
    highlighted = items.highlighted
    return highlighted is not None and items.items[highlighted].id == item_id


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Enter text in the focused field at its cursor, as typing it would, in one step.

    Each simulated key press costs a screen refresh and an idle wait; where the text, not
    the typing, is under test, inserting it at the cursor is the same edit at a fraction of
    the cost. Other focused widgets still get real key presses.
    """
    await pilot.pause()  # a focus() just called takes effect once its message is handled
    field = pilot.app.focused
    if isinstance(field, Input):
        if field.selection.is_empty:
            field.insert_text_at_cursor(text)
        else:
            field.replace(text, *field.selection)
    elif isinstance(field, TextArea):
        field.replace(text, *field.selection, maintain_selection_offset=False)
    else:
        await pilot.press(*("space" if ch == " " else ch for ch in text))
    await pilot.pause()


def label_text(label: Label) -> str:
    return str(label.content)


def footer_text(pilot: Pilot[None]) -> str:
    """The keys the screen's footer shows, as drawn."""
    keys, palette = pilot.app.screen.query_one(KeyFooter).shown()
    return " ".join(key.label for key in keys + ([palette] if palette else []))


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    """Let the app work until `condition` holds: a count of passes, never a clock wait.

    Each pass lets the app's next timer fire (the visit's detail delay, a debounce) and waits
    for the app to go idle (`settled_waits`), so on a slow machine the passes take longer
    rather than running out.
    """
    for _ in range(_PASSES):
        if condition():
            return
        await pilot.pause()
        if condition():
            return
        await settled_waits.next_timer()
    assert condition(), "the app never reached the state the test waits for"


async def search_palette(pilot: Pilot[None], text: str) -> list[str]:
    """Open the command palette, type `text`, and return the hits once the search is done."""
    await pilot.press("ctrl+p")
    await until(
        pilot,
        lambda: (
            isinstance(pilot.app.screen, CommandPalette) and isinstance(pilot.app.focused, Input)
        ),
    )
    await type_text(pilot, text)  # one search for the whole text, not one per key
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    options = pilot.app.screen.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def choose_in_palette(pilot: Pilot[None]) -> None:
    """Run the highlighted palette hit and wait until the palette has gone and its work is done."""
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def detail_shown(pilot: Pilot[None]) -> None:
    """Wait until the visit screen's detail pane has followed the cursor (after DETAIL_DELAY)."""
    screen = pilot.app.screen
    if isinstance(screen, VisitScreen):
        await until(pilot, lambda: screen._detail_timer is None)
        await pilot.pause()
