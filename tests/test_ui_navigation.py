"""The App owns navigation: every path between screens, and what each one returns to.

Every person here is fictional.
"""

from __future__ import annotations

from datetime import date

from homecheck import rules
from homecheck.config import Config
from homecheck.model import Answer, Catalog
from homecheck.store import Store
from homecheck.ui.commands import ClientCommands
from homecheck.ui.dialogs.new_client import NewClientDialog
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.home import HomeScreen
from homecheck.ui.screens.review import ReviewScreen
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from tests.ui_support import highlighted_item, make_app, shows_item, type_text, until

SIZE = (120, 40)


async def test_home_client_setup_visit_review_and_back(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, VisitSetupScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        visit_screen = app.screen
        assert isinstance(visit_screen, VisitScreen)
        # The visit takes the setup's place: Back from it goes to the client.
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, ClientScreen, VisitScreen]
        first_item = highlighted_item(pilot)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is visit_screen
        assert highlighted_item(pilot) == first_item
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen) and app.screen.client_id == client.id
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_review_from_client_then_from_the_visit_it_opened(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """From a client, an item opens the visit in the review's place; a review opened from
    that visit screen then returns to it rather than stacking a second visit screen."""
    client = store.add_client("Ada Example")
    visit = store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=rules.default_sections(mini_catalog, client.flags),
        content_hash=mini_catalog.content_hash,
    )
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    store.complete_visit(visit.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        app.open_client(client.id)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")
        await until(pilot, lambda: shows_item(pilot, "bathroom.grab_bar"))
        visit_screen = app.screen
        assert isinstance(visit_screen, VisitScreen)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is visit_screen
        assert highlighted_item(pilot) == "bathroom.grab_bar"
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, ClientScreen, VisitScreen]


async def test_palette_new_client_opens_their_record(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        provider = ClientCommands(app.screen)
        hits = [hit async for hit in provider.discover()]
        assert [str(hit.prompt) for hit in hits] == ["New client"]
        hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, NewClientDialog)
        await type_text(pilot, "Ada Example")
        await pilot.press("enter")
        await pilot.pause()
        clients = store.list_clients()
        assert isinstance(app.screen, ClientScreen)
        assert [app.screen.client_id] == [c.id for c in clients]
