"""A few Markdown constructs drawn as one widget, in the theme's colours.

Why not Textual's `Markdown`: it makes a widget of every block, list marker and table
cell; the help was about 190 widgets and opening it cost most of a second. This draws the
same text as one widget: headings, paragraphs, numbered and bullet lists, tables,
**bold**, *italic* and `code` (shown as a key). A quote, code block, rule, HTML or other
bullet in the source is an error, so a help edit cannot silently come out garbled.

The parser is a small one for this subset: markdown-it (what Textual parses with) takes
longer to import than the whole help takes to draw.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.geometry import Size
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from homecheck.display import visible

Run = tuple[str, frozenset[str]]
"""Some text and its marks: "strong", "em", "code"."""
Runs = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """`#` (1, drawn centred) or `##` and deeper (underlined)."""

    level: int
    runs: Runs


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Lines up to a blank one, joined and wrapped anew to the width."""

    runs: Runs


@dataclass(frozen=True, slots=True)
class ListBlock:
    """`1.` or `-` items; an item's blocks are the lines indented under its marker."""

    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A `|` table: the first column holds keys, the others say what they do."""

    head: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]


Block = Heading | Paragraph | ListBlock | TableBlock

_LOOK = ("h1", "h2", "key", "marker", "table-head", "table-border", "selected")
_HEADING = re.compile(r"(#{1,6}) (.*)")
_ITEM = re.compile(r"(\d+)\. |- ")
_DELIMITER = re.compile(r":?-+:?")
_UNDRAWN = re.compile(r">|```|~~~|[*+] |(-{3,}|\*{3,}|_{3,})\s*$|<[a-zA-Z/!]")
_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*|\*([^*]+)\*")


class MarkdownError(ValueError):
    """The source uses a construct this widget does not draw."""


@lru_cache(maxsize=8)
def parse_markdown(source: str) -> tuple[Block, ...]:
    """The blocks of `source`; cached, as the same text is drawn again."""
    return tuple(_blocks(source.splitlines(), 1))


def _blocks(lines: list[str], first_line: int) -> list[Block]:
    """`lines` as blocks; `first_line` is the first one's number in the source, for errors."""
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
        elif heading := _HEADING.fullmatch(line):
            blocks.append(Heading(len(heading[1]), _runs(heading[2])))
            index += 1
        elif line.startswith("|"):
            end = _run_end(lines, index, lambda text: text.startswith("|"))
            blocks.append(_table(lines[index:end], first_line + index))
            index = end
        elif _ITEM.match(line):
            listed, index = _list(lines, index, first_line)
            blocks.append(listed)
        elif line.startswith(" ") or _UNDRAWN.match(line):
            raise MarkdownError(f"line {first_line + index}: not a construct drawn here")
        else:
            end = _run_end(lines, index, _plain_line)
            blocks.append(Paragraph(_runs(" ".join(text.strip() for text in lines[index:end]))))
            index = end
    return blocks


def _plain_line(text: str) -> bool:
    return bool(text.strip()) and not (
        _HEADING.fullmatch(text) or text.startswith("|") or _ITEM.match(text)
    )


def _run_end(lines: list[str], index: int, belongs: Callable[[str], bool]) -> int:
    while index < len(lines) and belongs(lines[index]):
        index += 1
    return index


def _list(lines: list[str], index: int, first_line: int) -> tuple[ListBlock, int]:
    """Items with the first one's marker: each the lines indented under it, blank ones
    among them, drawn as blocks of their own."""
    first = _ITEM.match(lines[index])
    assert first is not None
    ordered = first[1] is not None
    items: list[tuple[Block, ...]] = []
    while index < len(lines) and (item := _ITEM.match(lines[index])):
        if (item[1] is not None) != ordered:
            break
        indent = " " * item.end()
        body_line = first_line + index
        body = [lines[index][item.end() :]]
        index += 1
        while index < len(lines):
            following = lines[index]
            if following.startswith(indent):
                body.append(following[len(indent) :])
            elif not following.strip() and _run_end(lines, index, _blank) < len(lines):
                if not lines[_run_end(lines, index, _blank)].startswith(indent):
                    break
                body.append("")
            else:
                break
            index += 1
        items.append(tuple(_blocks(body, body_line)))
    return ListBlock(ordered, int(first[1] or 1), tuple(items)), index


def _blank(text: str) -> bool:
    return not text.strip()


def _table(lines: list[str], index: int) -> TableBlock:
    """A table's lines, the first at line `index`: heads, the dashes line, the rows."""
    rows = [tuple(cell.strip() for cell in line.strip().strip("|").split("|")) for line in lines]
    if len(rows) < 2 or not all(_DELIMITER.fullmatch(cell) for cell in rows[1]):
        raise MarkdownError(f"line {index}: a table without its heads' line")
    if any(len(row) != len(rows[0]) for row in rows):
        raise MarkdownError(f"line {index}: a table's rows differ in length")
    return TableBlock(
        tuple(_runs(cell) for cell in rows[0]),
        tuple(tuple(_runs(cell) for cell in row) for row in rows[2:]),
    )


def _runs(text: str, marks: frozenset[str] = frozenset()) -> Runs:
    """`code` first (its text is shown as written), then **bold** and *italic*, nested."""
    runs: list[Run] = []
    done = 0
    for found in _INLINE.finditer(text):
        if found.start() > done:
            runs.append((text[done : found.start()], marks))
        if found[1] is not None:
            runs.append((found[1], marks | {"code"}))
        elif found[2] is not None:
            runs.extend(_runs(found[2], marks | {"strong"}))
        else:
            runs.extend(_runs(found[3], marks | {"em"}))
        done = found.end()
    if done < len(text):
        runs.append((text[done:], marks))
    return tuple(runs)


@dataclass(frozen=True, slots=True)
class _Look:
    """The theme's style of each part, read from the widget's component classes."""

    h1: Style
    h2: Style
    key: Style
    marker: Style
    table_head: Style
    table_border: Style
    selected: Style


_GAP = "  "
"""Between a table's keys and what they do."""
_BAR = " \N{BOX DRAWINGS LIGHT VERTICAL} "
"""Between two descriptions side by side."""


class _Page:
    """The blocks laid out in lines, once per width; each line drawn when first shown,
    once per base style. Only the lines on the screen are drawn: the help is some 170
    lines and shows about 20."""

    def __init__(
        self, blocks: tuple[Block, ...], look: _Look, values: Mapping[str, str], console: Console
    ) -> None:
        self._blocks = blocks
        self.look = look
        self._values = values
        self._console = console
        self._key_width = max(
            (cell_len(self._plain(row[0])) for table in self._tables() for row in table.rows),
            default=0,
        )
        self._laid_out: dict[int, list[Text]] = {}
        self._drawn: dict[tuple[int, Style, int], Strip] = {}
        self._mark_styles: dict[frozenset[str], Style] = {}

    def lines(self, width: int) -> list[Text]:
        if width not in self._laid_out:
            self._laid_out[width] = self._page_lines(width)
        return self._laid_out[width]

    def strip(self, y: int, width: int, base: Style, selection: Selection | None) -> Strip:
        """Line `y` at `width`; each character carries its place, so that text can be
        selected with the mouse (and copied: the reports folder, say)."""
        lines = self.lines(width)
        if y >= len(lines):
            return Strip.blank(width, base)
        if selection is not None and (span := selection.get_span(y)) is not None:
            # Not Textual's selection colours: on its half-transparent blue, headings
            # were 3.5:1, and white 4.3:1 in high contrast.
            start, end = span
            line = lines[y].copy()
            line.stylize(self.look.selected, start, len(line) if end == -1 else end)
            return self._strip(line, y, base)
        if (width, base, y) not in self._drawn:
            self._drawn[width, base, y] = self._strip(lines[y], y, base)
        return self._drawn[width, base, y]

    def _strip(self, line: Text, y: int, base: Style) -> Strip:
        segments = Segment.apply_style(line.render(self._console), base)
        return Strip(list(segments)).apply_offsets(0, y)

    def _tables(self) -> list[TableBlock]:
        """The tables at the top level (a table in a list item keeps its own key width)."""
        return [block for block in self._blocks if isinstance(block, TableBlock)]

    def _plain(self, runs: Runs) -> str:
        return "".join(self._fill(text) for text, _ in runs)

    def _fill(self, text: str) -> str:
        for name, value in self._values.items():
            text = text.replace(name, value)
        return text

    def _text(self, runs: Runs, style: Style | None = None) -> Text:
        """The runs as one Text, `style` a span under theirs (a Text's own style is not
        drawn by `Text.render`, which the lines go through)."""
        spans = [] if style is None else [Span(0, 0, style)]
        parts: list[str] = []
        end = 0
        for content, marks in runs:
            filled = self._fill(content)
            start, end = end, end + len(filled)
            if marks:
                spans.append(Span(start, end, self._mark_style(marks)))
            parts.append(filled)
        if style is not None:
            spans[0] = Span(0, end, style)
        return Text("".join(parts), spans=spans, end="")

    def _mark_style(self, marks: frozenset[str]) -> Style:
        if marks not in self._mark_styles:
            style = Style(bold="strong" in marks or None, italic="em" in marks or None)
            self._mark_styles[marks] = style + self.look.key if "code" in marks else style
        return self._mark_styles[marks]

    def _page_lines(self, width: int) -> list[Text]:
        """Every block's lines, a blank line between blocks; a list is indented."""
        lines: list[Text] = []
        for block in self._blocks:
            if lines:
                lines.append(Text())
            if isinstance(block, ListBlock):
                lines += [Text("  ").append_text(line) for line in self._lines(block, width - 2)]
            else:
                lines += self._lines(block, width)
        return lines

    def _lines(self, block: Block, width: int) -> list[Text]:
        width = max(width, 1)
        if isinstance(block, Heading):
            if block.level == 1:
                return list(
                    self._text(block.runs, self.look.h1).wrap(
                        self._console, width, justify="center"
                    )
                )
            return self._wrap(self._text(block.runs, self.look.h2), width)
        if isinstance(block, Paragraph):
            return self._wrap(self._text(block.runs), width)
        if isinstance(block, ListBlock):
            return self._list_lines(block, width)
        return self._table_lines(block, width)

    def _list_lines(self, block: ListBlock, width: int) -> list[Text]:
        """Each item's blocks beside its number or bullet, lines after the first under
        the first's text."""
        markers = [
            f"{number}." if block.ordered else "\N{BULLET}"
            for number, _ in enumerate(block.items, block.start)
        ]
        marker_width = max(cell_len(marker) for marker in markers)
        hang = " " * (marker_width + 1)
        lines: list[Text] = []
        for marker, item in zip(markers, block.items, strict=True):
            body = [line for part in item for line in self._lines(part, width - marker_width - 1)]
            for index, line in enumerate(body or [Text()]):
                lead = Text.assemble((marker.rjust(marker_width), self.look.marker), " ")
                lines.append((lead if index == 0 else Text(hang)).append_text(line))
        return lines

    def _table_lines(self, block: TableBlock, width: int) -> list[Text]:
        """The heads, a rule, then the rows: keys in a column as wide as the widest key in
        any table (so every table's descriptions start at the same place), the
        descriptions sharing the rest. Two descriptions side by side get a line between
        them and a blank line between rows, so neither reads on into the other."""
        columns = len(block.head)
        own = max((cell_len(self._plain(row[0])) for row in block.rows), default=1)
        key_width = min(max(self._key_width, own), width // 3) if columns > 1 else width - 1
        rest = width - 1 - key_width - len(_GAP) - len(_BAR) * (columns - 2)
        shares = max(columns - 1, 1)
        widths = [key_width] + [rest // shares + (i < rest % shares) for i in range(columns - 1)]
        bar = Text.assemble((_BAR, self.look.table_border))
        gaps = [Text()] + [Text(_GAP)] + [bar] * (columns - 2)
        head = [self._text(runs, self.look.table_head) for runs in block.head]
        lines = self._row_lines(head, widths, gaps)
        rule = "\N{BOX DRAWINGS LIGHT HORIZONTAL}" * width
        for column in range(2, columns):
            at = 1 + sum(widths[:column]) + len(_GAP) + len(_BAR) * (column - 2) + 1
            rule = rule[:at] + "\N{BOX DRAWINGS LIGHT VERTICAL AND HORIZONTAL}" + rule[at + 1 :]
        lines.append(Text.assemble((rule, self.look.table_border)))
        between = self._row_lines([Text()] * columns, widths, gaps)
        for number, row in enumerate(block.rows):
            if number and columns > 2:
                lines += between
            lines += self._row_lines([self._text(runs) for runs in row], widths, gaps)
        return lines

    def _wrap(self, text: Text, width: int) -> list[Text]:
        """`text` in lines of `width` cells; most table cells fit, and wrapping costs."""
        if text.cell_len <= width:
            return [text]
        return list(text.wrap(self._console, max(width, 1)))

    def _row_lines(self, cells: list[Text], widths: list[int], gaps: list[Text]) -> list[Text]:
        """One table row: each cell wrapped in its column, the columns side by side."""
        wrapped = [self._wrap(cell, w) for cell, w in zip(cells, widths, strict=True)]
        lines: list[Text] = []
        for y in range(max(len(cell) for cell in wrapped)):
            line = Text(" ")
            for cell, cell_width, gap in zip(wrapped, widths, gaps, strict=True):
                part = cell[y] if y < len(cell) else Text()
                line.append_text(gap).append_text(part)
                line.append(" " * (cell_width - part.cell_len))
            line.rstrip()
            lines.append(line)
        return lines


class MarkdownText(Widget):
    """Markdown source drawn as one widget; `{name}` in it shows `values[name]` as typed.

    A value is put in after parsing and drawn through `visible`: a folder named with
    backticks, brackets or control characters shows as it is, never as markup.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {f"markdown-text--{name}" for name in _LOOK}

    DEFAULT_CSS = """
    MarkdownText { height: auto; }
    MarkdownText > .markdown-text--h1 { color: $text-primary; text-style: bold; }
    MarkdownText > .markdown-text--h2 { color: $text-primary; text-style: bold underline; }
    MarkdownText > .markdown-text--key { color: $text-warning; background: $warning 10%; }
    MarkdownText > .markdown-text--marker { color: $text-primary; }
    MarkdownText > .markdown-text--table-head { color: $text-primary; text-style: bold; }
    MarkdownText > .markdown-text--table-border { color: $primary; }
    MarkdownText > .markdown-text--selected { color: $text; background: $primary; }
    """

    def __init__(
        self, source: str, values: Mapping[str, str] | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._blocks = parse_markdown(source)
        self._values = {f"{{{name}}}": visible(value) for name, value in (values or {}).items()}
        self._page: _Page | None = None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._current_page().lines(width))

    def render_line(self, y: int) -> Strip:
        page = self._current_page()
        return page.strip(y, self.size.width, self.visual_style.rich_style, self.text_selection)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        lines = self._current_page().lines(self.size.width)
        return selection.extract("\n".join(line.plain.rstrip() for line in lines)), "\n"

    def _current_page(self) -> _Page:
        """The page in the theme's colours now: a new theme lays it out anew."""
        look = _Look(*(self._style(name) for name in _LOOK))
        if self._page is None or self._page.look != look:
            self._page = _Page(self._blocks, look, self._values, self.app.console)
        return self._page

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"markdown-text--{name}")
