"""A scrolling column of form fields that is not itself a Tab stop."""

from __future__ import annotations

from textual.containers import VerticalScroll


class FormColumn(VerticalScroll, can_focus=False):
    """Tab goes from field to field; the column still scrolls to the focused field.

    A plain VerticalScroll takes focus, so Tab first landed on an invisible container and
    the next thing typed went into the wrong field.
    """
