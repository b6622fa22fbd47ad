"""The items of one section with their answers; repaints one row at a time."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from homecheck.model import Item, Response, SectionKind
from homecheck.ui.widgets.answer_style import BADGE_WIDTH, answer_badge


class ItemList(OptionList):
    """One option per applicable item; the badge shows the answer, a ✎ a note."""

    DEFAULT_CSS = """
    ItemList { height: 1fr; border: round $primary 40%; }
    ItemList:focus { border: round $primary; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = SectionKind.HOME
        self.plain = False
        self.items: tuple[Item, ...] = ()

    def show(
        self,
        items: tuple[Item, ...],
        responses: Mapping[str, Response],
        kind: SectionKind,
        *,
        plain: bool,
        highlight: int = 0,
    ) -> None:
        self.items, self.kind, self.plain = items, kind, plain
        self.clear_options()
        self.add_options(
            Option(self._prompt(item, responses.get(item.id)), id=item.id) for item in items
        )
        if items:
            self.highlighted = min(highlight, len(items) - 1)

    def repaint(self, index: int, response: Response | None) -> None:
        self.replace_option_prompt_at_index(index, self._prompt(self.items[index], response))

    def _prompt(self, item: Item, response: Response | None) -> Table:
        """Badge and text in two columns, so a wrapped check keeps its indent."""
        text = Text(item.plain if self.plain else item.check)
        if response is not None and response.note:
            text.append("  ✎", style="bold")
        if response is not None and response.measurement is not None and item.measure:
            text.append(f"  [{response.measurement:g} {item.measure.unit}]", style="italic")
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=BADGE_WIDTH, no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(answer_badge(self.kind, response.answer if response else None), text)
        return grid
