"""Helpers the UI tests share: build the app, open a visit, read and drive the item list."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Label

from homecheck.config import Config
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.ui.app import HomecheckApp
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.widgets.item_list import ItemList


def make_app(store: Store, catalog: Catalog, config: Config) -> HomecheckApp:
    return HomecheckApp(store=store, catalog=catalog, config=config)


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


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("space" if ch == " " else ch for ch in text))
    await pilot.pause()


def label_text(label: Label) -> str:
    return str(label.content)
