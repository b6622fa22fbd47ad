"""The visit's sections with progress (answered / total) and hazards found."""

from __future__ import annotations

from rich.text import Text
from textual import events

from homecheck.display import visible
from homecheck.model import Audience, Section
from homecheck.rules import Progress, title
from homecheck.ui.widgets.row_list import RowList


class SectionList(RowList):
    """A sidebar: ✓ when a section is complete, a count of hazards (!) and of
    "Don't know" answers (?) when any."""

    DEFAULT_CSS = """
    SectionList { width: 34; }
    SectionList > .row-list--row { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections: tuple[Section, ...] = ()
        self.plain = False
        self._progress: list[Progress] = []
        self._legend_shown: str | None = None

    def show(self, sections: tuple[Section, ...], progress: list[Progress], *, plain: bool) -> None:
        self.sections, self.plain = sections, plain
        self._progress = list(progress)
        prompts = [self._prompt(s, p) for s, p in zip(sections, progress, strict=True)]
        if len(prompts) == self.row_count:
            for index, prompt in enumerate(prompts):
                self.update_row(index, prompt)
        else:
            self.set_rows(prompts, self.highlighted or 0)
        self._legend()

    def progress_of(self, index: int) -> Progress:
        """The progress the row `index` shows (what tests and callers can read back)."""
        return self._progress[index]

    def repaint(self, index: int, progress: Progress) -> None:
        self._progress[index] = progress
        self.update_row(index, self._prompt(self.sections[index], progress))
        self._legend()

    def _legend(self) -> None:
        """The marks the list shows, explained on its frame; a mark shown nowhere is not
        explained (a newcomer would look for it). The longest wording that fits: at 80
        columns the frame has 16 characters, and a cut legend ("?don'…") explains
        nothing; ✓ is left out first, as the one mark that explains itself."""
        done = any(p.complete for p in self._progress)
        hazards = any(p.hazards for p in self._progress)
        unknown = any(p.unknown for p in self._progress)
        forms = (
            (("✓ done", done), ("!hazards", hazards), ("?don't know", unknown)),
            (("!hazards", hazards), ("?don't know", unknown)),
            (("!hazard", hazards), ("?unsure", unknown)),
        )
        legends = [" ".join(words for words, shown in form if shown) for form in forms]
        width = self.outer_size.width
        room = width - 6 if width else 1_000
        legend = next((f for f in legends if len(f) <= room), legends[-1]) or None
        if legend != self._legend_shown:  # setting the frame's text repaints the list
            self._legend_shown = legend
            self.border_subtitle = legend

    def _prompt(self, section: Section, progress: Progress) -> Text:
        """One line: done mark, title cut to fit, answered/total (until done) and hazards at
        the right.

        Plain Text laid out here: a Rich table per row re-rendered on every answer was the
        most expensive thing a key press did."""
        # Done: the ✓ says every item is answered, and at 80 columns the title needs the room
        # ("✓ Stairs inside… !2", not "✓ St… 14/14 !2").
        counts = "" if progress.complete else f"{progress.answered}/{progress.total}"
        hazards = f"!{progress.hazards}" if progress.hazards else ""
        unknown = f"?{progress.unknown}" if progress.unknown else ""
        marks = [(counts, "dim"), (hazards, "bold red"), (unknown, "bold")]
        shown = [(mark, style) for mark, style in marks if mark]
        tail = sum(len(mark) + 1 for mark, _ in shown)
        # Row padding (2) and one spare column, so the line never wraps.
        width = max(12, (self.scrollable_content_region.width or 32) - 3)
        room = width - 2 - tail
        words = visible(title(section, Audience.of(plain=self.plain)))
        if len(words) > room:
            words = words[: max(room - 1, 1)] + "…"
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append("✓ " if progress.complete else "  ", style="bold green")
        text.append(words.ljust(room))
        for mark, style in shown:
            text.append(" ")
            text.append(mark, style=style)
        return text

    def on_resize(self, event: events.Resize) -> None:
        self._legend()

    def prompts_at_width(self, width: int) -> list[Text] | None:
        """Titles cut anew to the new width."""
        return [self._prompt(s, p) for s, p in zip(self.sections, self._progress, strict=True)]
