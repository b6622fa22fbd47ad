"""The shared layout: styles, page decorations, fonts, paragraphs, tables and the
sections both documents have. Each audience's renderer subclasses `Layout` once and fills
in its hooks (`BODY_SIZE`, `_visit_rows`, `_story`); nothing here asks which audience it is.

reportlab is imported inside these methods, never at import time, so that the TUI
starts without paying for it; every string from the catalog or the assessor goes
through `esc`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from homecheck.dates import long_date
from homecheck.model import Priority
from homecheck.report import ReportData

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table
    from reportlab.platypus.doctemplate import BaseDocTemplate

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"

_CELL_PADDING = 3

# Lines of wrapped text in one appendix table row before it continues in the next.
ROW_LINES = 30

# Free text longer than this is laid out as several paragraphs (see `_text_paragraphs`).
PARAGRAPH_CHARS = 1500

_PRIORITY_WORD = {
    Priority.HIGH: "HIGH",
    Priority.MEDIUM: "MEDIUM",
    Priority.LOW: "LOW",
}


BULLET = "<bullet>•</bullet>"
"""Starts a paragraph in the `bullet` or `item` style: the bullet hangs in the margin."""


_NUMBER_AND_UNIT = re.compile(r"(?<=\d) (?=(?:cm|mm|m|kg|g|lux|°C|%)(?![\w]))")
"""The space between a number and its unit: a line never breaks there ('86-100 / cm')."""


def _esc(text: str) -> str:
    """Escape for reportlab's mini-markup and keep line breaks; a number keeps its unit."""
    return _NUMBER_AND_UNIT.sub("\u00a0", escape(text)).replace("\n", "<br/>")


class Layout:
    """Builds one document from fixed hooks, as pretix's invoice renderer does."""

    BODY_SIZE = 9.5
    """Body text in points; large print raises every document to 16."""

    def __init__(self, data: ReportData, *, large_print: bool) -> None:
        self.data = data
        self._page_setup(data.title, data.visit_id, data.visit_date, large_print=large_print)

    def _page_setup(
        self, title: str, visit_id: int, visit_date: date, *, large_print: bool
    ) -> None:
        """What every page shows, apart from the report data: a letter has no ReportData."""
        self.doc_title = title
        self.doc_visit = visit_id
        self.doc_date = visit_date
        self.large = large_print
        self.footer_size = 12 if large_print else 8

    def build(self, handle: IO[bytes]) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        from homecheck.pdf.lines import measure_afresh

        _register_fonts()
        measure_afresh()
        self.styles = self._styles()
        doc = SimpleDocTemplate(
            handle,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=20 * mm,
            title=self.doc_title,
            author="homecheck",
            subject=f"Visit {self.doc_visit}",
            creator="homecheck",
            invariant=1,
        )
        self.width = doc.width
        self.height = doc.height
        story = self._story()
        doc.build(
            story,
            onFirstPage=self._decorate,
            onLaterPages=self._decorate,
            canvasmaker=_numbered_canvas_class(self.footer_size),
        )

    def _styles(self) -> dict[str, ParagraphStyle]:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        body = 16 if self.large else self.BODY_SIZE
        # Large print means no text below 16 pt, tables and notes included.
        small = body if self.large else max(body - 1.5, 8)
        cell = body if self.large else max(body - 1, 8)
        lead = body * 1.35
        # No paragraph leaves its last line alone at the top of a page.
        base = ParagraphStyle(
            "body", fontName=FONT, fontSize=body, leading=lead, spaceAfter=3, allowWidows=0
        )
        return {
            "body": base,
            "small": ParagraphStyle("small", parent=base, fontSize=small, leading=small * 1.3),
            "title": ParagraphStyle(
                "title",
                parent=base,
                fontName=FONT_BOLD,
                fontSize=body * 2,
                leading=body * 2.4,
                spaceAfter=6,
            ),
            "h1": ParagraphStyle(
                "h1",
                parent=base,
                fontName=FONT_BOLD,
                fontSize=body * 1.5,
                leading=body * 1.9,
                spaceBefore=10,
                spaceAfter=4,
                textColor=colors.HexColor("#1f3a5f"),
            ),
            "h2": ParagraphStyle(
                "h2",
                parent=base,
                fontName=FONT_BOLD,
                fontSize=body * 1.15,
                leading=body * 1.5,
                spaceBefore=6,
                spaceAfter=2,
            ),
            "label": ParagraphStyle("label", parent=base, fontName=FONT_BOLD),
            "indent": ParagraphStyle("indent", parent=base, leftIndent=body * 1.5),
            "tips": ParagraphStyle(
                "tips",
                parent=base,
                leftIndent=body * 1.5,
                fontSize=small,
                leading=small * 1.3,
                spaceBefore=2,
            ),
            # Bulleted lines hang: a wrapped line starts under the text, not the bullet.
            "bullet": ParagraphStyle(
                "bullet",
                parent=base,
                leftIndent=body * 2.5,
                bulletIndent=body * 1.5,
                bulletFontName=FONT,
                bulletFontSize=body,
                spaceAfter=1.5,
            ),
            "item": ParagraphStyle(
                "item",
                parent=base,
                leftIndent=body * 2.5,
                bulletIndent=body * 1.5,
                bulletFontName=FONT,
                bulletFontSize=body,
            ),
            "tight": ParagraphStyle(
                "tight", parent=base, leftIndent=body * 1.5, spaceAfter=1, leading=body * 1.25
            ),
            "numbered": ParagraphStyle(
                "numbered",
                parent=base,
                leftIndent=body * 2.7,
                firstLineIndent=-body * 1.2,
                spaceAfter=1,
                leading=body * 1.25,
            ),
            "lead": ParagraphStyle(
                "lead",
                parent=base,
                fontName=FONT_BOLD,
                fontSize=body * 1.25,
                leading=body * 1.6,
                spaceAfter=4,
            ),
            "finding": ParagraphStyle(
                "finding", parent=base, leftIndent=body * 1.5, leading=lead * 1.08, spaceAfter=6
            ),
            "step": ParagraphStyle(
                "step",
                parent=base,
                leftIndent=body * 2,
                firstLineIndent=-body * 1.4,
                spaceAfter=1,
            ),
            "cell": ParagraphStyle(
                "cell",
                parent=base,
                fontSize=cell,
                leading=cell * 1.3,
                spaceAfter=0,
            ),
        }

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Footer on every page: what the document is; 'Page X of Y' is added at save."""
        from reportlab.lib.units import mm

        canvas.saveState()
        canvas.setFont(FONT, self.footer_size)
        footer = f"homecheck · {self.doc_title} · visit {self.doc_visit}"
        footer += f" · {self.doc_date.isoformat()}"
        canvas.drawString(doc.leftMargin, 10 * mm, footer)
        canvas.restoreState()

    def _p(self, text: str, style: str = "body") -> Paragraph:
        from reportlab.platypus import Paragraph

        return Paragraph(text, self.styles[style])

    def _text_paragraphs(self, lead: str, text: str, style: str = "body") -> list[Flowable]:
        """`lead` (markup) then the plain `text`, in paragraphs of at most PARAGRAPH_CHARS.

        reportlab breaks a paragraph's remaining lines again at every page it continues
        on: one 20,000-character note took seconds. Pieces end at a line break or a space
        where there is one.
        """
        pieces = _pieces(text, PARAGRAPH_CHARS)
        first = self._p(lead + _esc(pieces[0]), style)
        return [first, *(self._p(_esc(piece), style) for piece in pieces[1:])]

    def _heading(self, text: str) -> list[Flowable]:
        """A section heading that never ends a page: room for a few lines, or a new page."""
        return [self._keep_room(8), self._p(text, "h1")]

    def _keep_room(self, lines: int) -> CondPageBreak:
        """Start a new page unless about `lines` body lines still fit.

        Stands in for KeepTogether, which wraps its contents once to measure them and
        again to lay them out: on a 40-finding report that doubled the rendering time.
        """
        from reportlab.platypus import CondPageBreak

        return CondPageBreak(lines * self.styles["body"].leading)

    def _table(
        self,
        rows: list[list[str]],
        widths: list[float],
        header: bool = True,
        marked_rows: tuple[int, ...] = (),
        bold_column: int | None = None,
    ) -> Table:
        """Cells that never wrap (counts, answers) are plain strings, drawn in the cell
        font: a Paragraph costs a line-breaking pass, and an appendix has hundreds."""
        from reportlab.lib import colors
        from reportlab.platypus import Table, TableStyle

        cell = self.styles["cell"]
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitByRow=1)
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), FONT, cell.fontSize, cell.leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ]
        if header:
            commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")))
            commands.append(("FONT", (0, 0), (-1, 0), FONT_BOLD, cell.fontSize, cell.leading))
        if bold_column is not None:
            commands.append(
                (
                    "FONT",
                    (bold_column, 0),
                    (bold_column, -1),
                    FONT_BOLD,
                    cell.fontSize,
                    cell.leading,
                )
            )
        for row in marked_rows:
            commands.append(("BACKGROUND", (0, row), (-1, row), colors.HexColor("#fde8e8")))
            commands.append(("FONT", (1, row), (1, row), FONT_BOLD, cell.fontSize, cell.leading))
        table.setStyle(TableStyle(commands))
        return table

    def _header_block(self) -> list[Flowable]:
        d = self.data
        rows = [("Client", d.client_name)]
        if d.client_age:
            rows.append(("Age", d.client_age))
        if d.address:
            rows.append(("Address", d.address))
        rows.append(("Visit date", long_date(d.visit_date)))
        assessor = f"{d.assessor}, {d.role}" if d.assessor else d.role
        rows.append(("Assessor", assessor))
        rows += self._visit_rows()
        label_width = self.width * 0.22
        widths = [label_width, self.width - label_width]
        table_rows: list[list[str]] = []
        for label, value in rows:
            table_rows += self._text_rows([label, value], widths)
        from reportlab.platypus import Spacer

        return [
            self._p(_esc(d.title), "title"),
            self._table(table_rows, widths, header=False, bold_column=0),
            Spacer(1, 8),
        ]

    def _steps(self, steps: tuple[str, ...]) -> list[Flowable]:
        return [self._p(f"{n}.&nbsp;&nbsp;{_esc(step)}", "step") for n, step in enumerate(steps, 1)]

    def _wrapped(self, text: str, width: float) -> str:
        """Plain text broken to fit a table cell (see _wrap_lines)."""
        return "\n".join(self._wrap_lines(text, width))

    def _wrap_lines(self, text: str, width: float) -> list[str]:
        """Lines of plain text that fit a table cell. No markup is parsed, so nothing needs
        escaping, and it costs a fraction of a Paragraph (the appendix has hundreds).
        A word wider than the cell is broken where it reaches the edge."""
        from reportlab.lib.utils import simpleSplit

        size = self.styles["cell"].fontSize
        room = width - 2 * _CELL_PADDING
        lines: list[str] = []
        for part in text.splitlines() or [""]:
            for line in simpleSplit(part, FONT, size, room) or [""]:
                lines += _break_word(line, size, room)
        return lines

    def _text_rows(self, cells: list[str], widths: list[float]) -> list[list[str]]:
        """One table row of plain text, as as many rows as it needs of at most ROW_LINES
        lines each: a table row cannot break across pages, so a long note would not fit."""
        columns = [self._wrap_lines(text, width) for text, width in zip(cells, widths, strict=True)]
        tallest = max(len(lines) for lines in columns)
        return [
            ["\n".join(lines[start : start + ROW_LINES]) for lines in columns]
            for start in range(0, tallest, ROW_LINES)
        ]

    def _technique(
        self, title: str, purpose: str, steps: tuple[str, ...], tips: tuple[str, ...]
    ) -> list[Flowable]:
        # Room for the title and a few steps: a whole method kept together left pages
        # a fifth empty.
        block = [self._keep_room(min(len(steps), 3) + 3), self._p(_esc(title), "h2")]
        if purpose:
            block.append(self._p(_esc(purpose)))
        block += self._steps(steps)
        if tips:
            block.append(self._p("<b>Tips:</b> " + _esc(" ".join(tips)), "tips"))
        return block

    def _visit_rows(self) -> list[tuple[str, str]]:
        """Hook: header rows after the assessor (none by default)."""
        return []

    def _story(self) -> list[Flowable]:
        """Hook: the document's flowables, in order."""
        raise NotImplementedError


def _pieces(text: str, limit: int) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, at a newline or a space
    where there is one (that character is dropped), else at the limit."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit + 1)
        if cut <= 0:
            pieces.append(text[:limit])
            text = text[limit:]
            continue
        pieces.append(text[:cut])
        text = text[cut + 1 :]
    pieces.append(text)
    return pieces


def _break_word(line: str, size: float, room: float) -> list[str]:
    """`line` cut into pieces no wider than `room`: only a single overlong word needs it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(line, FONT, size) <= room:
        return [line]
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, char in enumerate(line):
        width = stringWidth(char, FONT, size)
        if used + width > room and index > start:
            pieces.append(line[start:index])
            start, used = index, 0.0
        used += width
    pieces.append(line[start:])
    return pieces


_FONTS_REGISTERED = False


def _register_fonts() -> None:
    """Embed DejaVu Sans so every name renders, whatever its script."""
    global _FONTS_REGISTERED
    if _FONTS_REGISTERED:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(FONT_DIR / "DejaVuSans-Oblique.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)
    _FONTS_REGISTERED = True


def _numbered_canvas_class(font_size: float) -> type[Canvas]:
    """A canvas that holds pages until the end so each can say 'Page X of Y'."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # reportlab's default canvas font is Helvetica, which it references on every
            # page without embedding it; archives that require embedded fonts refuse that.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own, not in stubs

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self.setFont(FONT, font_size)
                width = self._pagesize[0]  # type: ignore[attr-defined]
                number = self._pageNumber  # type: ignore[attr-defined]
                self.drawRightString(width - 18 * mm, 10 * mm, f"Page {number} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas
