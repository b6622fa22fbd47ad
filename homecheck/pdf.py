"""Lay out a ReportData as a PDF. The only module that imports reportlab.

reportlab is imported inside `render_pdf` so that the TUI starts without paying for it.
The renderer is a set of fixed hooks (styles, page decorations, story) as in pretix's
invoice renderer; every string from the catalog or the assessor goes through `_esc`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from homecheck.model import Priority
from homecheck.report import AppendixRow, Audience, FindingEntry, ReportData

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"

_CELL_PADDING = 3

# Lines of wrapped text in one appendix table row before it continues in the next.
ROW_LINES = 30

# At most this many findings go in the household handout's "this week" list.
THIS_WEEK = 5

# Answer labels that mean a finding, whatever the section kind.
_FINDING_WORDS = frozenset({"Hazard", "Unsafe", "Risk"})

_PRIORITY_WORD = {
    Priority.HIGH: "HIGH",
    Priority.MEDIUM: "MEDIUM",
    Priority.LOW: "LOW",
}


def report_filename(data: ReportData, *, large_print: bool = False) -> str:
    """A file name with no client name in it: file listings are not private."""
    suffix = "-large-print" if large_print else ""
    return f"homecheck-visit-{data.visit_id}-{data.audience.value}{suffix}.pdf"


def _esc(text: str) -> str:
    """Escape for reportlab's mini-markup and keep line breaks."""
    return escape(text).replace("\n", "<br/>")


def render_pdf(data: ReportData, out: Path, *, large_print: bool = False) -> Path:
    """Write the PDF to `out` (mode 0600, replaced atomically) and return the path."""
    renderer = _Renderer(data, large_print=large_print)
    out = Path(out)
    fd, temp_name = tempfile.mkstemp(prefix=".homecheck-", suffix=".pdf", dir=out.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            renderer.build(handle)
        os.replace(temp_name, out)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return out


class _Renderer:
    def __init__(self, data: ReportData, *, large_print: bool) -> None:
        self.data = data
        self.large = large_print
        self.household = data.audience is Audience.HOUSEHOLD
        self.footer_size = 12 if large_print else 8

    # -- hooks -------------------------------------------------------------------------

    def build(self, handle: Any) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate

        _register_fonts()
        self.styles = self._styles()
        doc = SimpleDocTemplate(
            handle,
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=20 * mm,
            title=self.data.title,
            author="homecheck",
            subject=f"Visit {self.data.visit_id}",
            creator="homecheck",
            invariant=1,
        )
        self.width = doc.width
        story = self._story()
        doc.build(
            story,
            onFirstPage=self._decorate,
            onLaterPages=self._decorate,
            canvasmaker=_numbered_canvas_class(self.footer_size),
        )

    def _styles(self) -> dict[str, Any]:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        body = 16 if self.large else (11 if self.household else 9.5)
        # Large print means no text below 16 pt, tables and notes included.
        small = body if self.large else max(body - 1.5, 8)
        cell = body if self.large else max(body - 1, 8)
        lead = body * 1.35
        base = ParagraphStyle("body", fontName=FONT, fontSize=body, leading=lead, spaceAfter=3)
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
            "finding": ParagraphStyle(
                "finding", parent=base, leftIndent=body * 1.5, leading=lead * 1.08, spaceAfter=6
            ),
            "step": ParagraphStyle(
                "step", parent=base, leftIndent=body * 2, firstLineIndent=-body * 1.4
            ),
            "cell": ParagraphStyle(
                "cell",
                parent=base,
                fontSize=cell,
                leading=cell * 1.3,
                spaceAfter=0,
            ),
        }

    def _decorate(self, canvas: Any, doc: Any) -> None:
        """Footer on every page: what the document is; 'Page X of Y' is added at save."""
        from reportlab.lib.units import mm

        canvas.saveState()
        canvas.setFont(FONT, self.footer_size)
        footer = f"homecheck · {self.data.title} · visit {self.data.visit_id}"
        footer += f" · {self.data.visit_date.isoformat()}"
        canvas.drawString(doc.leftMargin, 10 * mm, footer)
        canvas.restoreState()

    def _story(self) -> list[Any]:
        if self.household:
            return self._household_story()
        return self._clinician_story()

    # -- pieces ------------------------------------------------------------------------

    def _p(self, text: str, style: str = "body") -> Any:
        from reportlab.platypus import Paragraph

        return Paragraph(text, self.styles[style])

    def _heading(self, text: str) -> list[Any]:
        """A section heading that never ends a page: room for a few lines, or a new page."""
        return [self._keep_room(8), self._p(text, "h1")]

    def _table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        header: bool = True,
        marked_rows: tuple[int, ...] = (),
        bold_column: int | None = None,
    ) -> Any:
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

    def _cell(self, text: str, bold: bool = False) -> Any:
        inner = _esc(text)
        return self._p(f"<b>{inner}</b>" if bold else inner, "cell")

    def _header_block(self) -> list[Any]:
        d = self.data
        rows = [("Client", d.client_name)]
        if d.client_age:
            rows.append(("Age", d.client_age))
        if d.address:
            rows.append(("Address", d.address))
        rows.append(("Visit date", d.visit_date.strftime("%d %B %Y").lstrip("0")))
        assessor = f"{d.assessor}, {d.role}" if d.assessor else d.role
        rows.append(("Assessor", assessor))
        if not self.household:
            rows.append(("Mode", d.mode))
            status = d.status + (" — amended after completion" if d.amended else "")
            rows.append(("Status", status))
        label_width = self.width * 0.22
        table_rows = [[k, self._cell(v)] for k, v in rows]
        from reportlab.platypus import Spacer

        return [
            self._p(_esc(d.title), "title"),
            self._table(
                table_rows, [label_width, self.width - label_width], header=False, bold_column=0
            ),
            Spacer(1, 8),
        ]

    def _steps(self, steps: tuple[str, ...]) -> list[Any]:
        return [self._p(f"{n}.&nbsp;&nbsp;{_esc(step)}", "step") for n, step in enumerate(steps, 1)]

    # -- clinician ---------------------------------------------------------------------

    def _clinician_story(self) -> list[Any]:
        d = self.data
        story = self._header_block()
        story += self._heading("Profile that shaped the advice")
        if d.profile:
            story.append(self._p(_esc("; ".join(d.profile)) + "."))
        else:
            story.append(self._p("No profile flags recorded: general advice only."))
        story += self._summary()
        story += self._comparison()
        story += self._action_plan()
        if d.techniques:
            story += self._heading("Body mechanics: techniques to teach")
            for technique in d.techniques:
                story += self._technique(
                    technique.title, technique.purpose, technique.steps, technique.tips
                )
        story += self._precautions("Precautions chosen by the profile", "Avoid", "Keep doing")
        story += self._referrals("Referrals")
        story += self._action_log()
        story += self._appendix()
        story += self._sign_off()
        return story

    def _summary(self) -> list[Any]:
        d = self.data
        total = len(d.findings)
        line = (
            f"{total} finding{'s' if total != 1 else ''} out of {d.applicable} applicable items: "
            f"{d.count(Priority.HIGH)} high, {d.count(Priority.MEDIUM)} medium, "
            f"{d.count(Priority.LOW)} low priority."
        )
        if d.unanswered:
            line += f" {d.unanswered} item{'s' if d.unanswered != 1 else ''} not answered."
        rows: list[list[Any]] = [["Section", "Items", "Answered", "High", "Medium", "Low"]]
        for s in d.summary:
            rows.append(
                [self._wrapped(s.title, self.width * 0.45)]
                + [str(n) for n in (s.applicable, s.answered, s.high, s.medium, s.low)]
            )
        number = self.width * 0.11
        return [
            self._p("Summary", "h1"),
            self._p(_esc(line)),
            self._table(rows, [self.width - 5 * number] + [number] * 5),
        ]

    def _keep_room(self, lines: int) -> Any:
        """Start a new page unless about `lines` body lines still fit.

        Stands in for KeepTogether, which wraps its contents once to measure them and
        again to lay them out: on a 40-finding report that doubled the rendering time.
        """
        from reportlab.platypus import CondPageBreak

        return CondPageBreak(lines * self.styles["body"].leading)

    def _comparison(self) -> list[Any]:
        """Resolved, persisting and new findings against the earlier visit, both dated."""
        c = self.data.comparison
        if c is None:
            return []
        then = c.previous_date.strftime("%d %B %Y").lstrip("0")
        now = self.data.visit_date.strftime("%d %B %Y").lstrip("0")
        story = self._heading(f"Since the visit of {then}")
        story.append(
            self._p(
                _esc(
                    f"Compared with visit {c.previous_visit_id} ({then}) on {now}: "
                    f"{len(c.resolved)} resolved, {len(c.persisting)} persisting, "
                    f"{len(c.new)} new"
                    + (f", {len(c.not_rechecked)} not re-checked" if c.not_rechecked else "")
                    + "."
                )
            )
        )
        groups = (
            ("Resolved", c.resolved),
            ("Persisting", c.persisting),
            ("New", c.new),
            ("Not re-checked on this visit", c.not_rechecked),
            ("On items since retired from the checklists", c.retired),
        )
        for label, entries in groups:
            if entries:
                story.append(self._p(_esc(label), "h2"))
                story += [
                    self._p(f"• {_esc(e.section)}: {_esc(e.what)}", "indent") for e in entries
                ]
        return story

    def _action_log(self) -> list[Any]:
        """Who does what by when: the whole log for the clinician."""
        if not self.data.actions:
            return []
        story = self._heading("Action log")
        widths = [self.width * w for w in (0.38, 0.14, 0.12, 0.12, 0.24)]
        rows: list[list[Any]] = [["Finding", "Who", "Target", "Done", "Note"]]
        for a in self.data.actions:
            rows.append(
                [
                    self._wrapped(a.what, widths[0]),
                    a.owner,
                    a.target_date.isoformat() if a.target_date else "",
                    a.done_date.isoformat() if a.done_date else "open",
                    self._wrapped(a.note, widths[4]),
                ]
            )
        story.append(self._table(rows, widths))
        return story

    def _household_progress(self) -> list[Any]:
        """Encouragement first: what got fixed since last time, and what is left."""
        c = self.data.comparison
        if c is None:
            return []
        then = c.previous_date.strftime("%d %B %Y").lstrip("0")
        story = self._heading(f"Since the visit of {then}")
        left = len(c.persisting) + len(c.new)
        story.append(self._p(_esc(f"{len(c.resolved)} fixed, {left} still to do.")))
        if c.resolved:
            story.append(self._p("Fixed", "h2"))
            story += [self._p(f"✓ {_esc(e.what)}", "indent") for e in c.resolved]
        return story

    def _household_actions(self) -> list[Any]:
        """Open actions with who and by when: the list a family works from."""
        open_actions = [a for a in self.data.actions if not a.done]
        if not open_actions:
            return []
        story = self._heading("Who is doing what")
        for a in open_actions:
            when = f", by {a.target_date.strftime('%d %B %Y').lstrip('0')}" if a.target_date else ""
            note = f" ({a.note})" if a.note else ""
            story.append(
                self._p(
                    f"• <b>{_esc(a.owner)}{_esc(when)}:</b> {_esc(a.what)}{_esc(note)}", "indent"
                )
            )
        return story

    def _action_plan(self) -> list[Any]:
        story: list[Any] = self._heading("Action plan")
        if not self.data.findings:
            story.append(self._p("No hazards were recorded."))
            return story
        for number, finding in enumerate(self.data.findings, 1):
            head = self._p(
                f"{number}. [{_PRIORITY_WORD[finding.priority]}] {_esc(finding.section)}"
                " — not met: "
                f"{_esc(finding.what)}",
                "h2",
            )
            story += [self._keep_room(6), head, self._finding_body(finding)]
        return story

    def _finding_body(self, f: FindingEntry) -> Any:
        """One paragraph of labelled lines: it still splits across pages, and one line-
        breaking pass instead of six keeps a 40-finding report inside its time budget."""
        lines = [("Found", f.hazard_if)]
        if f.note:
            lines.append(("Assessor's note", f.note))
        if f.measurement:
            lines.append(("Measured", f.measurement))
        edited = " (edited for this visit)" if f.edited else ""
        lines.append((f"Recommendation{edited}", f.recommendation))
        lines.append(("Why", f.why))
        if f.technique:
            lines.append(("Technique", f.technique + " (steps below)"))
        if f.priority_reason:
            lines.append(("Priority", f.priority_reason))
        if f.referral:
            lines.append(("Refer to", f.referral))
        body = "<br/>".join(f"<b>{_esc(label)}:</b> {_esc(text)}" for label, text in lines)
        return self._p(body, "finding")

    def _technique(
        self, title: str, purpose: str, steps: tuple[str, ...], tips: tuple[str, ...]
    ) -> list[Any]:
        block = [
            self._keep_room(len(steps) + 4),
            self._p(_esc(title), "h2"),
            self._p(_esc(purpose)),
        ]
        block += self._steps(steps)
        if tips:
            block.append(self._p("<b>Tips:</b> " + _esc(" ".join(tips)), "indent"))
        return block

    def _precautions(self, heading: str, avoid_label: str, keep_label: str) -> list[Any]:
        d = self.data
        if not d.avoid and not d.keep:
            return []
        story: list[Any] = self._heading(heading)
        for label, entries in ((avoid_label, d.avoid), (keep_label, d.keep)):
            if not entries:
                continue
            story.append(self._p(_esc(label), "h2"))
            for entry in entries:
                story.append(self._p(f"<b>{_esc(entry.title)}.</b> {_esc(entry.text)}", "indent"))
                if not self.household:
                    story.append(self._p(f"<i>Why:</i> {_esc(entry.why)}", "indent"))
        return story

    def _referrals(self, heading: str) -> list[Any]:
        if not self.data.referrals:
            return []
        story: list[Any] = self._heading(heading)
        for who, reasons in self.data.referrals:
            story.append(self._p(f"<b>{_esc(who[:1].upper() + who[1:])}</b>", "body"))
            for reason in reasons:
                lead = "Needs attention: " if self.household else "Not met: "
                story.append(self._p("• " + lead + _esc(reason), "indent"))
        return story

    def _appendix(self) -> list[Any]:
        from reportlab.platypus import PageBreak

        story: list[Any] = [PageBreak(), self._p("Appendix: every item and its answer", "h1")]
        for section in self.data.appendix:
            story.append(self._p(_esc(section.title), "h2"))
            story.append(self._appendix_table(section.rows))
        if self.data.retired:
            story.append(self._p("Answers to items since retired from the checklists", "h2"))
            story.append(self._appendix_table(self.data.retired))
        return story

    def _appendix_table(self, rows: tuple[AppendixRow, ...]) -> Any:
        """Item, answer, note; hazard rows tinted so a reader finds them at a glance.

        A table row cannot break across pages, so an answer whose text runs past
        ROW_LINES lines (a long note) continues in further rows instead of failing.
        """
        answer_width = self.width * 0.16
        note_width = self.width * 0.3
        widths = [self.width - answer_width - note_width, answer_width, note_width]
        table: list[list[Any]] = [["Item", "Answer", "Note"]]
        marked = []
        for row in rows:
            columns = [
                self._wrap_lines(row.check, widths[0]),
                self._wrap_lines(row.answer, widths[1]),
                self._wrap_lines(row.note, widths[2]),
            ]
            finding = row.answer.split(" ")[0] in _FINDING_WORDS
            tallest = max(len(lines) for lines in columns)
            for start in range(0, tallest, ROW_LINES):
                table.append(["\n".join(lines[start : start + ROW_LINES]) for lines in columns])
                if finding:
                    marked.append(len(table) - 1)
        return self._table(table, widths, marked_rows=tuple(marked))

    def _wrapped(self, text: str, width: float) -> str:
        """Plain text broken to fit a table cell (see _wrap_lines)."""
        return "\n".join(self._wrap_lines(text, width))

    def _wrap_lines(self, text: str, width: float) -> list[str]:
        """Lines of plain text that fit a table cell. No markup is parsed, so nothing needs
        escaping, and it costs a fraction of a Paragraph (the appendix has hundreds)."""
        from reportlab.lib.utils import simpleSplit

        cell = self.styles["cell"]
        lines: list[str] = []
        for part in text.splitlines() or [""]:
            lines += simpleSplit(part, FONT, cell.fontSize, width - 2 * _CELL_PADDING) or [""]
        return lines

    def _sign_off(self) -> list[Any]:
        from reportlab.platypus import KeepTogether, Spacer

        d = self.data
        block = [
            self._p("Sign-off", "h1"),
            self._p(_esc(d.statement), "small"),
            Spacer(1, 14),
            self._p(f"Assessor: {_esc(d.assessor or '________________')} ({_esc(d.role)})"),
            Spacer(1, 18),
            self._p("Signature: ______________________________     Date: ______________"),
            self._p(f"Checklist content version {_esc(d.content_hash or 'unknown')}.", "small"),
        ]
        return [KeepTogether(block)]

    # -- household ---------------------------------------------------------------------

    def _household_story(self) -> list[Any]:
        d = self.data
        story = self._header_block()
        story.append(self._p(_esc(d.statement), "small"))
        story += self._household_progress()
        # A family needs a short first list: the most urgent few, then everything else.
        high = [f for f in d.findings if f.priority is Priority.HIGH]
        urgent = high[:THIS_WEEK]
        later = [f for f in d.findings if f not in urgent]
        if not d.findings:
            story += self._heading("Nothing needs fixing")
            story.append(self._p("No hazards were found on this visit. Keep the home as it is."))
        if urgent:
            story += self._heading("Fix these first (this week)")
            story += self._household_findings(urgent, start=1)
        if later:
            story += self._heading("Then these")
            story += self._household_findings(later, start=len(urgent) + 1)
        story += self._household_actions()
        if d.techniques:
            story += self._heading("How to move safely")
            for technique in d.techniques:
                story += self._technique(
                    technique.title, technique.purpose, technique.steps, technique.tips
                )
        story += self._precautions(
            "Looking after your back and bones", "Best avoided", "Keep doing"
        )
        story += self._referrals("People to talk to")
        return story

    def _household_findings(self, found: list[FindingEntry], start: int) -> list[Any]:
        story: list[Any] = []
        for number, f in enumerate(found, start):
            block = [
                self._p(f"{number}. {_esc(f.section)} — needs attention: {_esc(f.what)}", "h2"),
                self._p(f"<b>What to do:</b> {_esc(f.recommendation)}", "indent"),
                self._p(f"<b>Why:</b> {_esc(f.why)}", "indent"),
            ]
            if f.note:
                block.append(self._p(f"<b>Note from the visit:</b> {_esc(f.note)}", "indent"))
            if f.technique:
                block.append(self._p(f"<b>See:</b> {_esc(f.technique)}, below.", "indent"))
            story += [self._keep_room(6), *block]
        return story


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


def _numbered_canvas_class(font_size: float) -> Any:
    """A canvas that holds pages until the end so each can say 'Page X of Y'."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    class NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._saved_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved_pages)
            for state in self._saved_pages:
                self.__dict__.update(state)
                self.setFont(FONT, font_size)
                width = self._pagesize[0]
                self.drawRightString(
                    width - 18 * mm, 10 * mm, f"Page {self._pageNumber} of {total}"
                )
                super().showPage()
            super().save()

    return NumberedCanvas
