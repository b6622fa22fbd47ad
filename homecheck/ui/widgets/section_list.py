"""The visit's sections with progress (answered / total) and hazards found."""

from __future__ import annotations

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

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - textual's name
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

    def _prompt(self, section: Section, progress: Progress) -> Text:
        mark = "✓" if progress.complete else " "
        title = section.plain_title if self.plain else section.title
        text = Text(f"{mark} ", style="bold green")
        text.append(title)
        text.append(f"\n   {progress.answered}/{progress.total}", style="dim")
        if progress.hazards:
            text.append(f"  ! {progress.hazards}", style="bold red")
        return text
