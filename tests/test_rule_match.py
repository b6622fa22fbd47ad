"""The UI tests' kept CSS matches style every widget as Textual's own matching does.

Every person here is fictional.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot

from homecheck.config import Config
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.ui.screens.review import ReviewScreen
from tests import textual_rule_match
from tests.ui_support import every_section_visit, make_app, open_visit


def _styles(app: App[Any]) -> list[Any]:
    """Each node's CSS rules, the flags its rules set, and its parts' rules, in DOM order."""
    found: list[Any] = []
    for screen in app.screen_stack:
        for node in [app, *screen.walk_children(with_self=True)]:
            found.append(
                (
                    node,
                    dict(node._css_styles._rules),
                    (node._has_hover_style, node._has_order_style, node._has_odd_or_even),
                    {
                        part: dict(styles.base._rules)
                        for part, styles in node._component_styles.items()
                    },
                )
            )
    return found


def _as_textual_styles_it(app: App[Any]) -> list[Any]:
    """The same, after Textual's own matching has styled every node again."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "apply", textual_rule_match._apply)
        for screen in app.screen_stack:
            app.stylesheet.update_nodes([app, *screen.walk_children(with_self=True)])
    return _styles(app)


class _Counting(dict[Any, Any]):
    hits = 0

    def get(self, key: Any, default: Any = None) -> Any:
        found = super().get(key, default)
        _Counting.hits += found is not default
        return found


async def _walk(pilot: Pilot[None], visit_id: int, differences: list[int]) -> None:
    """Home, focus moves, hover, a visit, its review: compare the styles at each step."""

    async def check() -> None:
        await pilot.pause()
        kept = _styles(pilot.app)
        again = _as_textual_styles_it(pilot.app)
        differences.append(sum(a != b for a, b in zip(kept, again, strict=True)))

    app = pilot.app
    await check()
    for _ in range(3):
        await pilot.press("tab")
        await check()
    await pilot.hover(offset=(5, 3))
    await check()
    await pilot.hover(offset=(40, 12))
    await check()
    await open_visit(pilot, visit_id)
    await check()
    await pilot.press("down", "down", "tab")
    await check()
    await app.push_screen(ReviewScreen(visit_id))
    await check()
    await pilot.press("tab", "tab")
    await check()
    await app.pop_screen()
    await check()


async def test_kept_matches_style_every_widget_as_textual_does(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit_id = every_section_visit(store, mini_catalog)
    monkeypatch.setattr(textual_rule_match, "_matched", _Counting(textual_rule_match._matched))
    _Counting.hits = 0
    differences: list[int] = []
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await _walk(pilot, visit_id, differences)
    assert _Counting.hits > 50  # the kept matches were used, not only made
    assert differences == [0] * len(differences)


async def test_a_key_without_the_pseudo_classes_gives_other_styles(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison above finds a wrong match: here focus and hover are left out."""
    visit_id = every_section_visit(store, mini_catalog)
    state = textual_rule_match._state
    monkeypatch.setattr(textual_rule_match, "_matched", {})
    monkeypatch.setattr(textual_rule_match, "_state", lambda node, pseudo: state(node, ())[:3])
    differences: list[int] = []
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await _walk(pilot, visit_id, differences)
    assert any(differences)
