"""Command-palette providers: open a client, start one, jump to a section or an item."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from homecheck.display import visible
from homecheck.store import search_key

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp


class ClientCommands(Provider):
    """New client, and open any client by name."""

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            "New client", self.homecheck.new_client, help="Add a client and open their record"
        )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        score = matcher.match("New client")
        if score > 0:
            yield Hit(
                score,
                matcher.highlight("New client"),
                self.homecheck.new_client,
                help="Add a client",
            )
        for client in self.homecheck.store.list_clients(query, limit=20):
            text = f"Open client: {visible(client.name)}"
            address = visible(client.address.replace("\n", ", "))
            yield Hit(
                max(matcher.match(text), 0.5),
                _highlight(matcher, text),
                partial(self.homecheck.open_client, client.id),
                help=escape(address) if address else None,
            )


@runtime_checkable
class Jumpable(Protocol):
    """A screen with places to jump to (the visit screen): named here, not imported, so
    that only the App imports screens."""

    def jump_targets(self) -> list[tuple[str, str, str | None]]:
        """(text shown, section id, item id or None for the section itself)."""
        ...

    def jump_to(self, section_id: str, item_id: str | None) -> None: ...


class VisitCommands(Provider):
    """On a visit: jump to any section or any item by the words of its check.

    Every typed word must appear in the target (case and accents ignored). Textual's
    fuzzy matcher explores every alignment of the query in each candidate; over ~250 long
    checks that took seconds per keystroke, so it is not used here.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._targets: list[tuple[str, str, str, str | None]] = []

    async def startup(self) -> None:
        screen = self.screen
        if isinstance(screen, Jumpable):
            self._targets = [
                (text, search_key(text), section_id, item_id)
                for text, section_id, item_id in screen.jump_targets()
            ]

    def _jump(self, section_id: str, item_id: str | None) -> None:
        if isinstance(self.screen, Jumpable):
            self.screen.jump_to(section_id, item_id)

    async def discover(self) -> Hits:
        for text, _, section_id, item_id in self._targets:
            if item_id is None:
                yield DiscoveryHit(Content(visible(text)), partial(self._jump, section_id, None))

    async def search(self, query: str) -> Hits:
        words = search_key(query).split()
        if not words:
            return
        phrase = " ".join(words)
        hits = []
        for text, key, section_id, item_id in self._targets:
            if all(word in key for word in words):
                score = _score(key, words, phrase)
                # A section the words name comes before its items ("bath" lists the
                # bathroom itself first, then what is in it): above any item's score.
                if item_id is None:
                    score += SECTION_FIRST
                hits.append((score, text, section_id, item_id))
        hits.sort(key=lambda hit: -hit[0])
        for score, text, section_id, item_id in hits[:MAX_HITS]:
            shown = Content(visible(_shorten(text)))
            yield Hit(score, shown, partial(self._jump, section_id, item_id), text)


MAX_HITS = 40
SECTION_FIRST = 1.0
"""Added to a matching section's score: item scores are at most 1."""


def _highlight(matcher: Matcher, text: str) -> Content:
    """`matcher.highlight` without its markup parsing: a name is text, never markup
    (`[@click=app.quit]` in a name would be a live link, `[2K` a parse error)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _score(key: str, words: list[str], phrase: str) -> float:
    """Higher for the words together as typed, for whole-word starts, and for early."""
    starts = sum(1 for w in words if f" {w}" in f" {key}")
    first = min(key.find(w) for w in words)
    return 0.5 * (phrase in key) + 0.3 * starts / len(words) + 0.2 * (1 - first / max(len(key), 1))


def _shorten(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
