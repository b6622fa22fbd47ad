"""The UI tests' kept handler look-ups find the handlers Textual's own walk finds.

Every person here is fictional.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Button

from homecheck.config import Config
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.ui.screens.review import ReviewScreen
from tests import textual_dispatch
from tests.ui_support import every_section_visit, make_app, open_visit


def _found(walk: Iterable[tuple[type, Callable[..., Any]]]) -> list[tuple[type, Any, Any]]:
    return [(cls, method.__func__, method.__self__) for cls, method in walk]  # type: ignore[attr-defined]


async def _compared(
    store: Store, catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, int]:
    """(messages, messages whose handlers differ) over home, a visit and its review."""
    counts = [0, 0]

    def comparing(
        self: MessagePump, method_name: str, message: Message
    ) -> Iterator[tuple[type, Callable[..., Any]]]:
        textual = _found(textual_dispatch._get_dispatch_methods(self, method_name, message))
        kept = _found(textual_dispatch._dispatch_methods_walked_once(self, method_name, message))
        counts[0] += 1
        counts[1] += textual != kept
        yield from textual_dispatch._dispatch_methods_walked_once(self, method_name, message)

    visit_id = every_section_visit(store, catalog)
    monkeypatch.setattr(MessagePump, "_get_dispatch_methods", comparing)
    app = make_app(store, catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab")
        await open_visit(pilot, visit_id)
        await pilot.press("down", "1", "tab", "down")
        await app.push_screen(ReviewScreen(visit_id))
        await pilot.pause()
        await pilot.press("tab", "down", "escape")
        await pilot.pause()
    return counts[0], counts[1]


async def test_every_message_finds_the_handlers_textual_finds(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages, differing = await _compared(store, mini_catalog, config, monkeypatch)
    assert messages > 500
    assert differing == 0


async def test_a_walk_in_another_order_is_found_out(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison above can fail: base classes' handlers first, here."""
    walk = textual_dispatch._walk
    monkeypatch.setattr(textual_dispatch, "_walks", {})
    monkeypatch.setattr(textual_dispatch, "_walk", lambda *key: tuple(reversed(walk(*key))))
    _, differing = await _compared(store, mini_catalog, config, monkeypatch)
    assert differing > 0


class Base(Button):
    ran: list[str]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.ran.append("base")


class Stopping(Base):
    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.ran.append("stopping")
        event.prevent_default()


class Handlers(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.ran: list[str] = []

    def compose(self) -> ComposeResult:
        for widget in (Base("a", id="a"), Stopping("b", id="b")):
            widget.ran = self.ran
            yield widget

    @on(Button.Pressed, "#a")
    def pressed_a(self) -> None:
        self.ran.append("on #a")

    @on(Button.Pressed)
    def pressed_any(self) -> None:
        self.ran.append("on any")

    def on_button_pressed(self) -> None:
        self.ran.append("named")


async def test_selectors_prevent_default_and_a_swapped_handler_still_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = Handlers()
    async with app.run_test() as pilot:
        await pilot.click("#a")
        await pilot.click("#b")
        await pilot.pause()
    assert app.ran == ["base", "on #a", "on any", "named", "stopping", "on any", "named"]
    monkeypatch.setattr(Base, "on_button_pressed", lambda self, event: self.ran.append("new"))
    app = Handlers()
    async with app.run_test() as pilot:
        await pilot.click("#a")
        await pilot.pause()
    assert app.ran == ["new", "on #a", "on any", "named"]
