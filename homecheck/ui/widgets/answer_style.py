"""How an answer looks in a list: a fixed-width badge, so rows line up and scan fast."""

from __future__ import annotations

from rich.text import Text

from homecheck.model import Answer, SectionKind, answer_label

_BADGE_STYLE = {
    None: "dim",
    Answer.OK: "bold green",
    Answer.HAZARD: "bold red",
    Answer.NA: "italic",
    Answer.UNKNOWN: "bold",
}
# A mark and a word for every answer, so no answer is told apart by colour alone.
_MARK = {None: "·", Answer.OK: "✓", Answer.HAZARD: "!", Answer.NA: "–", Answer.UNKNOWN: "?"}
BADGE_WIDTH = 13


def answer_badge(kind: SectionKind, answer: Answer | None) -> Text:
    """The mark and word, padded to BADGE_WIDTH; the style covers this span only."""
    label = "" if answer is None else answer_label(kind, answer)
    badge = Text()
    badge.append(f"{_MARK[answer]} {label}", style=_BADGE_STYLE[answer])
    badge.append(" " * max(1, BADGE_WIDTH + 1 - badge.cell_len))
    return badge
