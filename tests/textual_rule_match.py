"""Match each widget against the CSS once per worker, not on every restyle.

Textual works out which CSS rules apply to a widget again for every restyle: each focus
change, hover, class change and mount, and for the 4 to 11 parts of an Input, DataTable
or OptionList (their component classes) every time the widget itself restyles. It keeps
what it found only for the length of one batch, and never for those parts. The matching
was about a quarter of what the UI tests cost, and the same widgets in the same states
come back in test after test.

Here the rules a match picks, as Textual works them out, are kept across restyles and
apps. What a match reads, and so the key: the rules that may apply to the widget, in the
stylesheet's order (Textual narrows them down by the widget's type, id and classes; each
rule by identity, kept alive with the key, and `textual_css_cache` makes apps share them),
and for every node from the app down to the widget its class (its CSS type names), id,
classes, and the value of every pseudo-class those rules name (focus, hover, first-child
and the rest, read as the match reads them). Nothing else reaches the match: same key,
same rules. Applying the rules to the widget, and restyling its parts, still happens
every time, as Textual does it. Tests only: an app restyles a handful of widgets per key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.css.model import RuleSet
from textual.css.styles import RulesMap
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

_apply = Stylesheet.apply
_replace_rules: Callable[..., None] = Stylesheet.__dict__["replace_rules"].__func__

_ORDER = frozenset({"first-of-type", "last-of-type", "first-child", "last-child", "empty"})
_NOTHING: Any = object()

# Each distinct list of rules (by the identity of its rule sets, which it keeps alive), as
# a small number.
_rule_lists: dict[tuple[int, ...], tuple[int, list[RuleSet]]] = {}
# (stylesheet's rules, widget class, id, classes) -> (the rules that may apply, in the
# stylesheet's order; the pseudo-classes they name; the 4 flags Textual sets from them).
_candidates: dict[tuple[Any, ...], tuple[int, tuple[str, ...], tuple[bool, ...]]] = {}
# (rules that may apply, every node's class, id, classes and pseudo-classes) -> the rules
# Textual picked (None: none).
_matched: dict[tuple[Any, ...], RulesMap | None] = {}
# The nodes being applied whose rules are being noted, innermost last.
_noting: list[tuple[DOMNode, list[RulesMap | None]]] = []


def _number(rules: list[RuleSet]) -> int:
    ids = tuple(map(id, rules))
    entry = _rule_lists.get(ids)
    if entry is None:
        entry = _rule_lists[ids] = (len(_rule_lists), list(rules))
    return entry[0]


def _rule_list(stylesheet: Stylesheet) -> int:
    rules = stylesheet.rules
    kept = stylesheet.__dict__.get("_homecheck_rule_list")
    if kept is None or kept[0] is not rules:
        kept = stylesheet.__dict__["_homecheck_rule_list"] = (rules, _number(rules))
    return int(kept[1])


def _candidates_for(stylesheet: Stylesheet, node: DOMNode) -> tuple[Any, ...]:
    """The rules that may apply to the node, as Textual narrows them down (new widget
    types add rules, in the order they first appear: only these ones matter here)."""
    key = (_rule_list(stylesheet), type(node), node._id, frozenset(node._classes))
    found = _candidates.get(key)
    if found is None:
        rules_map = stylesheet.rules_map
        limit = {
            rule for name in rules_map.keys() & node._selector_names for rule in rules_map[name]
        }
        rules = [rule for rule in reversed(stylesheet.rules) if rule in limit]
        pseudo: set[str] = set().union(*[rule.pseudo_classes for rule in rules])
        flags = (
            "hover" in pseudo,
            "focus-within" in pseudo,
            not pseudo.isdisjoint(_ORDER),
            "odd" in pseudo or "even" in pseudo,
        )
        found = _candidates[key] = (_number(rules), tuple(sorted(pseudo)), flags)
    return found


def _state(node: DOMNode, pseudo: tuple[str, ...]) -> tuple[Any, ...]:
    checks: dict[str, Callable[[Any], bool]] = node._PSEUDO_CLASSES
    return (
        type(node),
        node._id,
        frozenset(node._classes),
        tuple(check(node) if (check := checks.get(name)) else None for name in pseudo),
    )


def _apply_matched_once(
    self: Stylesheet,
    node: DOMNode,
    *,
    animate: bool = False,
    cache: dict[tuple[Any, ...], RulesMap] | None = None,
) -> None:
    rules_number, pseudo, flags = _candidates_for(self, node)
    try:
        key = (rules_number, *[_state(path_node, pseudo) for path_node in node.css_path_nodes])
    except Exception:  # a pseudo-class that cannot be read yet: Textual's own path decides
        _apply(self, node, animate=animate, cache=cache)
        return
    rules = _matched.get(key, _NOTHING)
    if rules is _NOTHING:
        noted: list[RulesMap | None] = [None]
        _noting.append((node, noted))
        try:
            _apply(self, node, animate=animate, cache=cache)
        finally:
            _noting.pop()
        _matched[key] = noted[0]
        return
    (
        node._has_hover_style,
        node._has_focus_within,
        node._has_order_style,
        node._has_odd_or_even,
    ) = flags
    if rules is not None:
        self.replace_rules(node, rules, animate=animate)
    self._process_component_classes(node)


def _replace_rules_noted(
    cls: type[Stylesheet], node: DOMNode, rules: RulesMap, animate: bool = False
) -> None:
    if _noting and _noting[-1][0] is node:
        _noting[-1][1][0] = rules
    _replace_rules(cls, node, rules, animate)


def install() -> None:
    Stylesheet.apply = _apply_matched_once  # type: ignore[method-assign]
    Stylesheet.replace_rules = classmethod(_replace_rules_noted)  # type: ignore[method-assign,assignment]
