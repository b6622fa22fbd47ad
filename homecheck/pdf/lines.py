"""Paragraphs broken into lines as reportlab breaks them, with less repeated work.

Imported when a report is made, never at startup (it imports reportlab). Nothing here
changes a word, a line or a page: the same comparisons and the same lines, done once.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import paragraph
from reportlab.platypus.paragraph import Paragraph

_STYLE_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


def same_frag(f: Any, g: Any) -> bool:
    """Whether two pieces of a line are drawn in the same style: reportlab's own pure-Python
    comparison (the fallback in reportlab/lib/rl_accel.py).

    rl_accel's C version asks each piece for attributes it seldom has, and every miss
    raises and clears an AttributeError; it runs once per word laid out, and took a tenth
    of a 40-finding report's time. Reading the attribute dicts gives the same answer."""
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    return [fd.get(k) for k in _STYLE_KEYS] == [gd.get(k) for k in _STYLE_KEYS]


# Paragraph.breakLines looks the comparison up in its module: installed once, on import.
paragraph.sameFrag = same_frag  # type: ignore[attr-defined]  # reportlab's own, not in stubs


class KeptParagraph(Paragraph):
    """A Paragraph that keeps its lines for the width it last broke them at.

    reportlab breaks the lines again on every `wrap`, and a paragraph is wrapped more than
    once at one width: KeepInFrame (the clinician's first page) wraps each paragraph to
    measure it and again to draw it, and a paragraph moved whole to the next page is
    wrapped in both frames. Text and style never change, so the lines depend on the width
    alone. Kept: key the width, lifetime this paragraph, and only while reportlab still
    holds those lines (`split` drops them to move a paragraph on)."""

    _kept: tuple[float, Any, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        kept = self._kept
        if kept is not None and kept[0] == availWidth and self.__dict__.get("blPara") is kept[1]:
            self.width, self.height = kept[2]
            return kept[2]
        size = super().wrap(availWidth, availHeight)
        lines = self.__dict__.get("blPara")
        self._kept = (availWidth, lines, size) if lines is not None else None
        return size
