"""Share Textual's parsed CSS between the apps the UI tests start, one parse per worker.

Each `HomecheckApp` builds a new `Stylesheet`, whose parse cache lives and dies with it,
so every UI test parsed the same app and widget CSS again: about a tenth of a second of
CPU per app, a fifth of what a short UI test costs. Parsed rules depend only on the CSS
text, where it was read from, its scope and the theme's variables, so the key holds all
of them; the rules are read, never changed, once parsed. Tests only: the app itself
starts once per run and gains nothing from this.
"""

from __future__ import annotations

from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

_parsed: dict[tuple[Any, ...], list[RuleSet]] = {}
_parse_rules = Stylesheet._parse_rules


def _shared_parse_rules(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    variables = tuple(sorted(self._variables.items()))
    key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
    rules = _parsed.get(key)
    if rules is None:
        rules = _parsed[key] = _parse_rules(
            self, css, read_from, is_default_rules, tie_breaker, scope
        )
    return rules


def install() -> None:
    Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]
