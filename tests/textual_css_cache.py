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
# Each distinct set of theme variables, as a small number: sorting and hashing the 150 or
# so variables for every CSS source on every parse (each new widget type parses again)
# cost as much as the parses saved.
_variable_sets: dict[tuple[tuple[str, str], ...], int] = {}


def _variables_number(self: Stylesheet) -> int:
    variables = self._variables
    kept = self.__dict__.get("_homecheck_variables")
    if kept is None or kept[0] is not variables or kept[1] != variables:
        key = tuple(sorted(variables.items()))
        number = _variable_sets.setdefault(key, len(_variable_sets))
        kept = self.__dict__["_homecheck_variables"] = (variables, dict(variables), number)
    return int(kept[2])


def _shared_parse_rules(
    self: Stylesheet,
    css: str,
    read_from: Any,
    is_default_rules: bool = False,
    tie_breaker: int = 0,
    scope: str = "",
) -> list[RuleSet]:
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_number(self))
    rules = _parsed.get(key)
    if rules is None:
        rules = _parsed[key] = _parse_rules(
            self, css, read_from, is_default_rules, tie_breaker, scope
        )
    return rules


def install() -> None:
    Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]
