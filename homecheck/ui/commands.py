"""Command-palette providers: open a client, start one, jump to a section or an item."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp


class ClientCommands(Provider):
    """New client, and open any client by name."""

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    def _open(self, client_id: int) -> None:
        from homecheck.ui.screens.client import ClientScreen

        self.app.push_screen(ClientScreen(client_id))

    def _new(self) -> None:
        from homecheck.ui.dialogs.new_client import NewClientDialog
        from homecheck.ui.screens.client import ClientScreen

        def created(client_id: int | None) -> None:
            if client_id is not None:
                self.app.push_screen(ClientScreen(client_id))

        self.app.push_screen(NewClientDialog(), created)

    async def discover(self) -> Hits:
        yield DiscoveryHit("New client", self._new, help="Add a client and open their record")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        score = matcher.match("New client")
        if score > 0:
            yield Hit(score, matcher.highlight("New client"), self._new, help="Add a client")
        for client in self.homecheck.store.list_clients(query, limit=20):
            text = f"Open client: {client.name}"
            yield Hit(
                max(matcher.match(text), 0.5),
                matcher.highlight(text),
                partial(self._open, client.id),
                help=client.address or None,
            )


class VisitCommands(Provider):
    """On a visit: jump to any section or any item by its words."""

    def _targets(self) -> list[tuple[str, str, str | None]]:
        from homecheck.ui.screens.visit import VisitScreen

        screen = self.screen
        if not isinstance(screen, VisitScreen):
            return []
        return screen.jump_targets()

    def _jump(self, section_id: str, item_id: str | None) -> None:
        from homecheck.ui.screens.visit import VisitScreen

        if isinstance(self.screen, VisitScreen):
            self.screen.jump_to(section_id, item_id)

    async def discover(self) -> Hits:
        for text, section_id, item_id in self._targets():
            if item_id is None:
                yield DiscoveryHit(text, partial(self._jump, section_id, None))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, section_id, item_id in self._targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self._jump, section_id, item_id))
