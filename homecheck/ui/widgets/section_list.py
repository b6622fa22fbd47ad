"""The visit's sections with progress (answered / total) and hazards found."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from homecheck.model import Section
from homecheck.rules import Progress


class SectionList(OptionList):
    """A sidebar: ✓ when a section is complete, a count of hazards when any."""

    DEFAULT_CSS = """
    SectionList { width: 34; height: 1fr; border: round $primary 40%; }
    SectionList:focus { border: round $primary; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections: tuple[Section, ...] = ()
        self.plain = False

    def show(self, sections: tuple[Section, ...], progress: list[Progress], *, plain: bool) -> None:
        self.sections, self.plain = sections, plain
        self.clear_options()
        self.add_options(
            Option(self._prompt(s, p), id=s.id) for s, p in zip(sections, progress, strict=True)
        )

    def repaint(self, index: int, progress: Progress) -> None:
        self.replace_option_prompt_at_index(index, self._prompt(self.sections[index], progress))

    def _prompt(self, section: Section, progress: Progress) -> Table:
        """One line: done mark, title (cut to fit), answered/total and hazards."""
        mark = Text("✓" if progress.complete else " ", style="bold green")
        title = Text(
            section.plain_title if self.plain else section.title, no_wrap=True, overflow="ellipsis"
        )
        counts = Text(f"{progress.answered}/{progress.total}", style="dim")
        if progress.hazards:
            counts.append(f" !{progress.hazards}", style="bold red")
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(width=1)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(mark, title, counts)
        return grid
