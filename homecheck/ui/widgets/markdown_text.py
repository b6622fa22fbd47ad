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
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual.widget import Widget

from homecheck.display import visible

Run = tuple[str, frozenset[str]]
"""Some text and its marks: "strong", "em", "code"."""
Runs = tuple[Run, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    runs: Runs


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: Runs


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    start: int
    items: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True, slots=True)
class TableBlock:
    head: tuple[Runs, ...]
    rows: tuple[tuple[Runs, ...], ...]


Block = Heading | Paragraph | ListBlock | TableBlock

_LOOK = ("h1", "h2", "key", "marker", "table-head", "table-border")
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


_GAP = "  "
"""Between a table's columns."""


class _Page:
    """The blocks laid out in lines, once per width: Textual draws a widget again on every
    refresh, and laying the help out takes longer than opening its screen."""

    def __init__(self, blocks: tuple[Block, ...], look: _Look, values: Mapping[str, str]):
        self._blocks = blocks
        self._look = look
        self._values = values
        self._key_width = max(
            (cell_len(self._plain(row[0])) for table in self._tables() for row in table.rows),
            default=0,
        )
        self._laid_out: dict[int, list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if width not in self._laid_out:
            segments: list[Segment] = []
            for line in self._page_lines(console, width):
                segments.extend(line.render(console))
                segments.append(Segment.line())
            self._laid_out[width] = segments
        yield from self._laid_out[width]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(self._key_width + 10, options.max_width), options.max_width)

    def _tables(self) -> list[TableBlock]:
        return [block for block in self._blocks if isinstance(block, TableBlock)]

    def _plain(self, spans: Runs) -> str:
        return "".join(self._fill(text) for text, _ in spans)

    def _fill(self, text: str) -> str:
        for name, value in self._values.items():
            text = text.replace(name, value)
        return text

    def _text(self, spans: Runs, style: Style | None = None) -> Text:
        """`style` as a span under the others: a line without spans is drawn without its
        own style (`Text.render`)."""
        text = Text(end="")
        for content, marks in spans:
            span_style = Style(bold="strong" in marks or None, italic="em" in marks or None)
            if "code" in marks:
                span_style += self._look.key
            text.append(self._fill(content), span_style)
        if style is not None:
            text.spans = [Span(0, len(text), style), *text.spans]
        return text

    def _page_lines(self, console: Console, width: int) -> list[Text]:
        """Every block's lines, a blank line between blocks; a list is indented."""
        lines: list[Text] = []
        for block in self._blocks:
            if lines:
                lines.append(Text())
            if isinstance(block, ListBlock):
                lines += [
                    Text("  ").append_text(line) for line in self._lines(console, block, width - 2)
                ]
            else:
                lines += self._lines(console, block, width)
        return lines

    def _lines(self, console: Console, block: Block, width: int) -> list[Text]:
        width = max(width, 1)
        if isinstance(block, Heading):
            if block.level == 1:
                return list(
                    self._text(block.runs, self._look.h1).wrap(console, width, justify="center")
                )
            return list(self._text(block.runs, self._look.h2).wrap(console, width))
        if isinstance(block, Paragraph):
            return list(self._text(block.runs).wrap(console, width))
        if isinstance(block, ListBlock):
            return self._list_lines(console, block, width)
        return self._table_lines(console, block, width)

    def _list_lines(self, console: Console, block: ListBlock, width: int) -> list[Text]:
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
            body = [
                line
                for part in item
                for line in self._lines(console, part, width - marker_width - 1)
            ]
            for index, line in enumerate(body or [Text()]):
                lead = Text.assemble((marker.rjust(marker_width), self._look.marker), " ")
                lines.append((lead if index == 0 else Text(hang)).append_text(line))
        return lines

    def _table_lines(self, console: Console, block: TableBlock, width: int) -> list[Text]:
        """The heads, a rule, then the rows: keys in a column as wide as the widest key in
        any table (so every table's descriptions start at the same place), the
        descriptions sharing the rest."""
        columns = len(block.head)
        key_width = min(self._key_width, width // 3)
        rest = width - 1 - key_width - len(_GAP) * (columns - 1)
        shares = columns - 1 or 1
        widths = [key_width] + [rest // shares + (i < rest % shares) for i in range(columns - 1)]
        if columns == 1:
            widths = [width - 1]
        head = [self._text(spans, self._look.table_head) for spans in block.head]
        lines = self._row_lines(console, head, widths)
        lines.append(
            Text.assemble(("\N{BOX DRAWINGS LIGHT HORIZONTAL}" * width, self._look.table_border))
        )
        for row in block.rows:
            lines += self._row_lines(console, [self._text(spans) for spans in row], widths)
        return lines

    @staticmethod
    def _row_lines(console: Console, cells: list[Text], widths: list[int]) -> list[Text]:
        wrapped = [
            list(cell.wrap(console, max(w, 1))) for cell, w in zip(cells, widths, strict=True)
        ]
        lines: list[Text] = []
        for y in range(max(len(cell) for cell in wrapped)):
            line = Text(" ")
            for x, (cell, cell_width) in enumerate(zip(wrapped, widths, strict=True)):
                part = cell[y] if y < len(cell) else Text()
                line.append(_GAP if x else "").append_text(part)
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
    """

    def __init__(
        self, source: str, values: Mapping[str, str] | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._blocks = parse_markdown(source)
        self._values = {f"{{{name}}}": visible(value) for name, value in (values or {}).items()}
        self._page: _Page | None = None

    def render(self) -> RenderableType:
        look = _Look(*(self._style(name) for name in _LOOK))
        if self._page is None or self._page._look != look:
            self._page = _Page(self._blocks, look, self._values)
        return self._page

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"markdown-text--{name}")
