"""reportlab's line breaking, with its per-word costs cut: the same comparisons and the
same measurements, so not a word, a line or a page changes.

Imported when a report is made, never at startup (it imports reportlab).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph

_STYLE_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


def same_frag(f: Any, g: Any) -> bool:
    """Whether two pieces of a line are drawn in the same style: reportlab's own pure-Python
    comparison (the fallback in reportlab/lib/rl_accel.py).

    rl_accel's C version asks each piece for attributes it seldom has, and every miss
    raises and clears an AttributeError; it runs once per word laid out, and took about a
    fifth of a 40-finding report's time. Reading the attribute dicts gives the same answer."""
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    return [fd.get(k) for k in _STYLE_KEYS] == [gd.get(k) for k in _STYLE_KEYS]


# Font metrics as breakLines asks for them: each word's width, the width of a space in the
# same font and size again for every word, and the font's ascent and descent for every
# word, each through a chain of lookups. Kept by their arguments (text, font name, size)
# for one document: `measure_afresh` empties them when a build starts, so memory stays a
# document's worth and each report (and the benchmark) does its own measuring. A value
# cannot change meanwhile: a font name is registered once per process.
string_width = lru_cache(maxsize=None)(pdfmetrics.stringWidth)
ascent_descent = lru_cache(maxsize=None)(pdfmetrics.getAscentDescent)


def measure_afresh() -> None:
    """Start a document with no metrics kept (see `string_width`)."""
    string_width.cache_clear()
    ascent_descent.cache_clear()


# Paragraph.breakLines looks these up in its own module (names reportlab's stubs leave
# out): installed once, on import.
paragraph.sameFrag = same_frag  # type: ignore[attr-defined]
paragraph.stringWidth = string_width  # type: ignore[attr-defined]
paragraph.getAscentDescent = ascent_descent  # type: ignore[attr-defined]
