"""Text as it is shown: made safe for a terminal, and counts as a person says them.

Stored text stays exact, only what is drawn changes.

A name or note typed or imported by anyone may carry control characters: an escape
sequence can retitle the terminal, erase a row or move the cursor, and a bidirectional
override can reorder what is read. Everything homecheck prints to a terminal or draws in
the TUI passes through `visible()`, which turns each such character into a visible stand-in.
"""

from __future__ import annotations

import re

# C0 controls (0x00-0x1F), DEL, C1 controls (0x80-0x9F), the bidirectional embedding,
# override and isolate controls, and lone surrogates (unprintable, unencodable).
_OTHER = "\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[\x00-\x1f{_OTHER}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHER}]")
_REPLACEMENT = "\N{REPLACEMENT CHARACTER}"


def _stand_in(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # Control Pictures: ESC shows as ␛
    if code == 0x7F:
        return "\N{SYMBOL FOR DELETE}"
    return _REPLACEMENT


def visible(text: str, *, multiline: bool = False) -> str:
    """`text` with every control character shown as a harmless visible stand-in.

    With `multiline`, newlines and tabs are kept (notes shown in a text area);
    otherwise they are shown as stand-ins too, so one value stays on one line.
    """
    pattern = _UNSAFE_KEEPING_LINES if multiline else _UNSAFE
    return pattern.sub(_stand_in, text)


def counted(number: int, noun: str) -> str:
    """A count as a person says it, "1 finding", "2 findings": the one wording of a count
    for the CLI, the screens, the reports and the import summary (regular nouns only)."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
