"""The items of one section with their answers; repaints one row at a time."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.content import Content

from homecheck.display import visible
from homecheck.model import Audience, Item, Response, SectionKind
from homecheck.rules import wording
from homecheck.ui.widgets.answer_style import BADGE_WIDTH, answer_badge
from homecheck.ui.widgets.row_list import RowList

_MIN_TEXT_WIDTH = 16


class ItemList(RowList):
    """One row per applicable item; the badge shows the answer, a ✎ a note.

    Prompts are plain Text wrapped here with a hanging indent (so a long check stays clear
    of the badge column), re-wrapped when the width changes.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = SectionKind.HOME
        self.plain = False
        self.items: tuple[Item, ...] = ()
        self._responses: Mapping[str, Response] = {}
        self._wrap_width = 0
        self._person = ""
        self._noted = False
        """Whether a row shows ✎, so its legend is on the frame."""

    def show(
        self,
        items: tuple[Item, ...],
        responses: Mapping[str, Response],
        kind: SectionKind,
        *,
        plain: bool,
        highlight: int = 0,
        person: str = "",
    ) -> None:
        """`person`: the full name of the person checked; in plain words, whose "you" the
        questions say is named once on the list's frame (the first name only)."""
        self.items, self.kind, self.plain = items, kind, plain
        self._person = person if plain else ""
        self._title_you()
        self._responses = responses
        self._wrap_width = self._text_width()
        self.set_rows([self._prompt(item, responses.get(item.id)) for item in items], highlight)
        self._legend()

    def repaint(self, index: int, response: Response | None) -> None:
        self.update_row(index, self._prompt(self.items[index], response))
        self._legend(index, response)

    def _legend(self, index: int | None = None, response: Response | None = None) -> None:
        """What ✎ means, on the frame, only while a row shows one (`response`: the one
        row `index` now shows): a legend for a mark that is nowhere in the list has a
        newcomer looking for it."""
        shown = (
            response if position == index else self._responses.get(item.id)
            for position, item in enumerate(self.items)
        )
        noted = any(row is not None and row.note for row in shown)
        if noted != self._noted:  # setting the frame's text repaints the whole list
            self._noted = noted
            self.border_subtitle = "✎ has a note (e adds one)" if noted else None

    def _title_you(self) -> None:
        """Who "you" is, on the frame: the longest form that fits."""
        if not self._person.strip():
            self.border_title = None
            return
        width = self.outer_size.width  # the frame: its corners and a rule each side
        room = width - 6 if width else 1_000
        forms = you_means(self._person)
        self.border_title = next((f for f in forms if f.cell_length <= room), forms[-1])

    def on_resize(self, event: events.Resize) -> None:
        self._title_you()

    def prompts_at_width(self, width: int) -> list[Text] | None:
        """Wrapped anew for the new width, the hanging indent kept."""
        self._wrap_width = self._text_width()
        return [self._prompt(item, self._responses.get(item.id)) for item in self.items]

    def _text_width(self) -> int:
        """Columns left for the check's words after the badge, padding and scrollbar."""
        return max(_MIN_TEXT_WIDTH, self.scrollable_content_region.width - BADGE_WIDTH - 4)

    def _prompt(self, item: Item, response: Response | None) -> Text:
        words = visible(wording(item, Audience.of(plain=self.plain)).check)
        lines = textwrap.wrap(words, self._wrap_width or 60) or [""]
        text = answer_badge(self.kind, response.answer if response else None)
        text.append(lines[0])
        for line in lines[1:]:
            text.append("\n" + " " * (BADGE_WIDTH + 1) + line)
        if response is not None and response.note:
            text.append("  ✎", style="bold")
        if response is not None and response.measurement is not None and item.measure:
            text.append(f"  [{response.measurement:g} {item.measure.unit}]", style="italic")
        return text


_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame"})


def first_name(name: str) -> str:
    """What to call the person on screen: the first given name ("Zoë" of "Zoë Ødegård");
    "Marlow, Edith" gives "Edith"; a title keeps the surname ("Mrs Marlow")."""
    family, comma, given = name.partition(",")
    words = (given if comma and given.strip() else family).split()
    if not words:
        return name.strip()
    if words[0].rstrip(".").lower() in _TITLES and len(words) > 1:
        return f"{words[0]} {words[-1]}"
    return words[0]


def you_means(name: str) -> tuple[Content, ...]:
    """The plain questions speak to the person at home as "you", while a family member may
    be the one answering: this says once, on the list, who "you" is; longest form first.
    The name is drawn as text, never markup, with control characters made visible; it is
    not logged."""
    who = (visible(first_name(name)), "bold")
    return (
        Content.assemble('In these questions "you" means ', who, ": answer for ", who),
        Content.assemble('"You" means ', who, ": answer for ", who),
        Content.assemble('"You" means ', who),
    )
