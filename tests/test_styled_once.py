"""A new screen's widgets are styled once, with the breakpoint classes they will keep."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections import Counter
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

import homecheck.ui
from homecheck.ui.styled_once import StyledOnce


class Plain(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("one")
        yield Static("two")


class Once(StyledOnce[None]):
    def compose(self) -> ComposeResult:
        yield Static("one")
        yield Static("two")


class Breakpoints(App[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012


async def styled(screen: Screen[None], size: tuple[int, int]) -> tuple[Counter[int], Screen[Any]]:
    """How often each of the screen's Statics was styled while it was pushed and shown."""
    counts: Counter[int] = Counter()
    apply = Stylesheet.apply

    def counting(self: Stylesheet, node: DOMNode, *args: Any, **kwargs: Any) -> None:
        if isinstance(node, Static):
            counts[id(node)] += 1
        apply(self, node, *args, **kwargs)

    app = Breakpoints()
    async with app.run_test(size=size) as pilot:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Stylesheet, "apply", counting)
            await app.push_screen(screen)
            await pilot.pause()
        return counts, app.screen


async def test_a_new_screen_is_styled_once_with_its_breakpoint_classes() -> None:
    counts, screen = await styled(Once(), (80, 24))
    assert sorted(counts.values()) == [1, 1]
    assert {"-narrow", "-short"} <= screen.classes
    counts, screen = await styled(Once(), (120, 40))
    assert sorted(counts.values()) == [1, 1]
    assert {"-wide", "-tall"} <= screen.classes and not {"-narrow", "-short"} & screen.classes
    # What Textual does without it: three passes.
    counts, _ = await styled(Plain(), (80, 24))
    assert sorted(counts.values()) == [3, 3]


def screen_classes() -> list[type[Screen[Any]]]:
    found = []
    for module in pkgutil.walk_packages(homecheck.ui.__path__, "homecheck.ui."):
        for _, cls in inspect.getmembers(importlib.import_module(module.name), inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__.startswith("homecheck.ui"):
                found.append(cls)
    return sorted(set(found), key=lambda cls: cls.__name__)


def test_every_screen_is_styled_once_and_a_dialog_keeps_the_modal_look() -> None:
    classes = [cls for cls in screen_classes() if cls is not StyledOnce]
    assert len(classes) >= 15
    for cls in classes:
        assert issubclass(cls, StyledOnce), cls.__name__
        if issubclass(cls, ModalScreen):
            # Textual takes CSS from the first base only: ModalScreen's backdrop.
            assert ModalScreen in cls._css_bases(cls), cls.__name__


async def laid_out(screen: Screen[None]) -> int:
    """Layouts of any screen while `screen` is pushed over another and shown."""
    count = 0
    refresh_layout = Screen._refresh_layout

    def counting(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        nonlocal count
        count += 1
        refresh_layout(self, *args, **kwargs)

    app = Breakpoints()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(Plain())
        await pilot.pause()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Screen, "_refresh_layout", counting)
            await app.push_screen(screen)
            await pilot.pause()
    return count


async def test_a_new_screen_is_laid_out_once_and_the_screen_under_it_not_again() -> None:
    assert await laid_out(Plain()) - await laid_out(Once()) == 2


async def test_a_terminal_resize_still_lays_out_and_refits_the_breakpoints() -> None:
    app = Breakpoints()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = Once()
        await app.push_screen(screen)
        await pilot.pause()
        assert {"-narrow", "-short"} <= screen.classes
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert {"-wide", "-tall"} <= screen.classes
        assert screen.outer_size == (120, 40)
        assert screen.query_one(Static).size.width == 120
