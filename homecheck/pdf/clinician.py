"""The clinician report: summary, comparison, action plan, log, appendix, sign-off."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homecheck.dates import long_date
from homecheck.model import Priority
from homecheck.pdf.layout import (
    _PRIORITY_WORD,
    PARAGRAPH_CHARS,
    Layout,
    _esc,
)
from homecheck.report import AppendixRow, FindingEntry

if TYPE_CHECKING:
    from reportlab.platypus import Flowable, Table


class ClinicianRenderer(Layout):
    """What a therapist signs: everything recorded, in priority order, with reasons."""

    def _visit_rows(self) -> list[tuple[str, str]]:
        status = self.data.status + (" — amended after completion" if self.data.amended else "")
        return [("Mode", self.data.mode), ("Status", status)]

    def _story(self) -> list[Flowable]:
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
        story += self._precautions(
            "Precautions chosen by the profile", "Avoid", "Keep doing", with_why=True
        )
        story += self._referrals("Referrals", "Not met: ")
        story += self._action_log()
        story += self._appendix()
        story += self._sign_off()
        return story

    def _summary(self) -> list[Flowable]:
        d = self.data
        total = len(d.findings)
        line = (
            f"{total} finding{'s' if total != 1 else ''} out of {d.applicable} applicable items: "
            f"{d.count(Priority.HIGH)} high, {d.count(Priority.MEDIUM)} medium, "
            f"{d.count(Priority.LOW)} low priority."
        )
        if d.unanswered:
            line += f" {d.unanswered} item{'s' if d.unanswered != 1 else ''} not answered."
        rows: list[list[str]] = [["Section", "Items", "Answered", "High", "Medium", "Low"]]
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

    def _comparison(self) -> list[Flowable]:
        """Resolved, persisting and new findings against the earlier visit, both dated."""
        c = self.data.comparison
        if c is None:
            return []
        then = long_date(c.previous_date)
        now = long_date(self.data.visit_date)
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

    def _action_log(self) -> list[Flowable]:
        """Who does what by when: the whole log for the clinician."""
        if not self.data.actions:
            return []
        story = self._heading("Action log")
        widths = [self.width * w for w in (0.38, 0.14, 0.12, 0.12, 0.24)]
        rows: list[list[str]] = [["Finding", "Who", "Target", "Done", "Note"]]
        for a in self.data.actions:
            rows += self._text_rows(
                [
                    a.what,
                    a.owner,
                    a.target_date.isoformat() if a.target_date else "",
                    a.done_date.isoformat() if a.done_date else "open",
                    a.note,
                ],
                widths,
            )
        story.append(self._table(rows, widths))
        return story

    def _action_plan(self) -> list[Flowable]:
        story: list[Flowable] = self._heading("Action plan")
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
            story += [self._keep_room(6), head, *self._finding_body(finding)]
        return story

    def _finding_body(self, f: FindingEntry) -> list[Flowable]:
        """One paragraph of labelled lines: it still splits across pages, and one line-
        breaking pass instead of six keeps a 40-finding report inside its time budget.
        Long free text makes it a paragraph per line, each in pieces (_text_paragraphs)."""
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
        if sum(len(text) for _, text in lines) > PARAGRAPH_CHARS:
            flowables: list[Flowable] = []
            for label, text in lines:
                flowables += self._text_paragraphs(f"<b>{_esc(label)}:</b> ", text, "finding")
            return flowables
        body = "<br/>".join(f"<b>{_esc(label)}:</b> {_esc(text)}" for label, text in lines)
        return [self._p(body, "finding")]

    def _appendix(self) -> list[Flowable]:
        from reportlab.platypus import PageBreak

        story: list[Flowable] = [PageBreak(), self._p("Appendix: every item and its answer", "h1")]
        for section in self.data.appendix:
            story.append(self._p(_esc(section.title), "h2"))
            story.append(self._appendix_table(section.rows))
        if self.data.retired:
            story.append(self._p("Answers to items since retired from the checklists", "h2"))
            story.append(self._appendix_table(self.data.retired))
        return story

    def _appendix_table(self, rows: tuple[AppendixRow, ...]) -> Table:
        """Item, answer, note; hazard rows tinted so a reader finds them at a glance.

        A table row cannot break across pages, so an answer whose text runs past
        ROW_LINES lines (a long note) continues in further rows instead of failing.
        """
        answer_width = self.width * 0.16
        note_width = self.width * 0.3
        widths = [self.width - answer_width - note_width, answer_width, note_width]
        table: list[list[str]] = [["Item", "Answer", "Note"]]
        marked = []
        for row in rows:
            for part in self._text_rows([row.check, row.answer, row.note], widths):
                table.append(part)
                if row.finding:
                    marked.append(len(table) - 1)
        return self._table(table, widths, marked_rows=tuple(marked))

    def _sign_off(self) -> list[Flowable]:
        from reportlab.platypus import KeepTogether, Spacer

        d = self.data
        block = [
            self._p("Sign-off", "h1"),
            self._p(_esc(d.statement), "small"),
            Spacer(1, 14),
            *self._text_paragraphs("Assessor: ", f"{d.assessor or '________________'} ({d.role})"),
            Spacer(1, 18),
            self._p("Signature: ______________________________     Date: ______________"),
            self._p(f"Checklist content version {_esc(d.content_hash or 'unknown')}.", "small"),
        ]
        return [KeepTogether(block)]
