"""How an answer looks in a list: a fixed-width badge, so rows line up and scan fast."""

from __future__ import annotations

from rich.text import Text

from homecheck.model import Answer, SectionKind, answer_label

_BADGE_STYLE = {
    None: "dim",
    Answer.OK: "bold green",
    Answer.HAZARD: "bold red",
    Answer.NA: "italic",
}
_MARK = {None: "·", Answer.OK: "✓", Answer.HAZARD: "!", Answer.NA: "–"}
BADGE_WIDTH = 13


def answer_badge(kind: SectionKind, answer: Answer | None) -> Text:
    label = "" if answer is None else answer_label(kind, answer)
    text = f"{_MARK[answer]} {label}"
    return Text(text, style=_BADGE_STYLE[answer])
