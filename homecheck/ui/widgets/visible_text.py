"""Stored text drawn harmlessly: control characters as stand-ins, markup never parsed.

A name or note may hold terminal escapes (typed, pasted or imported). `display.visible`
turns each control character into one visible stand-in, so the text keeps its length and
an input's cursor stays where it was. Input widgets still edit the exact stored value;
only what they draw changes.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import TextArea

from homecheck.display import visible


class VisibleControls(Highlighter):
    """For an Input: draws its value with visible stand-ins, the value itself unchanged."""

    def highlight(self, text: Text) -> None:
        text.plain = visible(text.plain)


class VisibleTextArea(TextArea):
    """A TextArea that edits the exact text and draws each line through `visible`."""

    def get_line(self, line_index: int) -> Text:
        line = self.document.get_line(line_index)
        return Text(visible(line, multiline=True), end="", no_wrap=True)


def cell(text: str) -> Text:
    """A DataTable cell: a plain string there is parsed as markup, a Text is not."""
    return Text(visible(text), end="")
