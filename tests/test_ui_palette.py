"""The command palette: jump to an item by the words of its check, open a client by name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from homecheck.config import Config
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.ui.app import HomecheckApp
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.widgets.item_list import ItemList
from tests.ui_support import choose_in_palette, search_palette, until


def make_app(tmp_path: Path, store: Store, catalog: Catalog) -> HomecheckApp:
    config = Config(db_path=tmp_path / "h.db", reports_dir=tmp_path, db_is_default=False)
    return HomecheckApp(store=store, catalog=catalog, config=config)


async def open_new_visit(pilot: Pilot[None], store: Store, catalog: Catalog) -> None:
    """A client with a visit over every section, open on its visit screen."""
    client = store.add_client("Ada Example")
    visit = store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=[s.id for s in catalog.sections],
        content_hash="h",
    )
    await pilot.app.push_screen(VisitScreen(visit.id))
    await pilot.pause()


async def test_palette_jumps_to_an_item_by_its_words(
    tmp_path: Path, store: Store, catalog: Catalog
) -> None:
    app = make_app(tmp_path, store, catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_new_visit(pilot, store, catalog)
        hits = await search_palette(pilot, "toilet seat")
        assert hits and "The toilet seat is high enough" in hits[0]
        await choose_in_palette(pilot)
        screen = app.screen
        assert isinstance(screen, VisitScreen) and screen.section.id == "bathroom"
        items = screen.query_one(ItemList)
        assert items.highlighted is not None
        assert screen.items[items.highlighted].id == "bathroom.toilet_height"


async def test_palette_jump_shows_the_item_at_80x24(
    tmp_path: Path, store: Store, catalog: Catalog
) -> None:
    """An item far down its section is scrolled into view, not only highlighted."""
    app = make_app(tmp_path, store, catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_visit(pilot, store, catalog)
        await search_palette(pilot, "safety glass")
        await choose_in_palette(pilot)
        items = app.screen.query_one(ItemList)
        assert items.highlighted is not None and items.highlighted > 10
        row = items.highlighted
        await until(pilot, lambda: items.row_shown(row))


async def test_palette_lists_a_matching_section_first(
    tmp_path: Path, store: Store, mini_catalog: Catalog
) -> None:
    app = make_app(tmp_path, store, mini_catalog)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_new_visit(pilot, store, mini_catalog)
        hits = await search_palette(pilot, "bath")
        assert hits[0] == "Section: Bathroom"
        assert any("›" in hit for hit in hits[1:])


async def test_palette_needs_every_word(
    tmp_path: Path, store: Store, mini_catalog: Catalog
) -> None:
    """The fixture catalog has a toilet-seat item that the word "toilet" alone would find."""
    app = make_app(tmp_path, store, mini_catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_new_visit(pilot, store, mini_catalog)
        assert not any("›" in h for h in await search_palette(pilot, "toilet xylophone"))


async def test_palette_opens_a_client_by_name(
    tmp_path: Path, store: Store, mini_catalog: Catalog
) -> None:
    zoe = store.add_client("Zoë Ødegård-Nguyễn")
    store.add_client("Bea Example")
    app = make_app(tmp_path, store, mini_catalog)
    async with app.run_test(size=(120, 40)) as pilot:
        hits = await search_palette(pilot, "zoe")
        assert any("Zoë Ødegård-Nguyễn" in h for h in hits)
        index = next(i for i, h in enumerate(hits) if "Zoë" in h)
        for _ in range(index):
            await pilot.press("down")
        await choose_in_palette(pilot)
        assert isinstance(app.screen, ClientScreen) and app.screen.client_id == zoe.id
