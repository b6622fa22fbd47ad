"""The head of the section on screen: its name, where it is in the visit, what each
answer key means here, and its how-to."""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from homecheck import rules
from homecheck.display import visible
from homecheck.model import ANSWER_KEYS, Audience, Section, SectionKind, answer_meaning


class SectionHead(Static):
    """The keys' meanings are spelt out here ("n Does not apply here") because the footer
    only has room for a short label at 80 columns."""

    def show(
        self, section: Section, audience: Audience, *, position: int, count: int, list_hidden: bool
    ) -> None:
        """`position` counts from 1; `list_hidden`: the section list is hidden (b)."""
        # Two spaces apart, as the footer sets its keys: the longest set, a re-check's,
        # then fits one line at 80 columns.
        labels = "  ".join(
            f"{letter} {answer_meaning(section.kind, answer)}" for answer, letter, _ in ANSWER_KEYS
        )
        where = f"{position} of {count}"
        if list_hidden:
            where += "; b shows the list"
        # The keys on a line of their own: run on after the title they broke mid-list
        # ("· d" at one line's end, "Don't know" on the next) at any width.
        head = f"[b]{_escaped(rules.title(section, audience))}[/b]   ({where})"
        head += f"\n[dim]{labels}[/dim]"
        intro = rules.intro(section, audience)
        if section.kind is SectionKind.RECHECK:
            intro += " Changed? h, then ↑ and e for a note on what changed."
        if intro:
            head += f"\n{_escaped(intro.strip())}"
        self.update(head)


def _escaped(text: str) -> str:
    """Checklist text drawn as typed inside the head's own markup."""
    return escape(visible(text, multiline=True))
