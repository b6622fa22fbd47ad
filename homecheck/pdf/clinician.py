"""The clinician report: a first page to sign and file, then the ranked action plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homecheck.dates import long_date
from homecheck.display import counted
from homecheck.model import Priority
from homecheck.pdf.layout import (
    _PRIORITY_WORD,
    PARAGRAPH_CHARS,
    Layout,
    _esc,
)
from homecheck.report import AppendixRow, FindingEntry, NotChecked

if TYPE_CHECKING:
    from reportlab.platypus import Flowable, Table

TOP_FINDINGS = 5
"""Findings the first page names with the reason they rank there."""
FIRST_PAGE_SECTIONS = 6
"""Sections not (or partly) checked that the first page names; more are counted."""


class ClinicianRenderer(Layout):
    """What a therapist signs: one page that sums up the visit, then every finding in the
    order of the plan with what was recorded, the advice and why."""

    def _visit_rows(self) -> list[tuple[str, str]]:
        status = self.data.status + (" — amended after completion" if self.data.amended else "")
        return [("Mode", self.data.mode), ("Status", status)]

    def _story(self) -> list[Flowable]:
        from reportlab.platypus import KeepInFrame, PageBreak

        d = self.data
        first = self._first_page()
        if self.large:
            story = first  # large print keeps its size and may run over
        else:
            # The page a therapist signs and files is one page: a long profile or many
            # referrals shrink it a little rather than push its last lines onto a page of
            # their own. (The frame pads 6 pt on each side.)
            story = [KeepInFrame(self.width, self.height - 12, first, mode="shrink")]
        story.append(PageBreak())
        story += self._comparison()
        story += self._action_plan()
        if d.techniques:
            story += self._heading("Body mechanics: techniques to teach")
            if d.moving_caution:
                story.append(self._p(f"<b>{_esc(d.moving_caution)}</b>"))
            for technique in d.techniques:
                story += self._technique(
                    technique.title, technique.purpose, technique.steps, technique.tips
                )
        story += self._precautions()
        story += self._summary()
        story += self._action_log()
        if d.with_appendix:
            story += self._appendix()
        return story

    # -- the first page ------------------------------------------------------------------

    def _first_page(self) -> list[Flowable]:
        """Who, profile, completeness, the top findings and why, referrals, precautions
        and the signature: what a therapist files."""
        d = self.data
        story = self._header_block()
        profile = "; ".join(d.profile) + "." if d.profile else "None recorded: general advice."
        story.append(self._p(f"<b>Profile:</b> {_esc(profile)}"))
        story.append(self._p(f"<b>Completeness:</b> {_esc(self._completeness())}"))
        story.append(self._p(f"<b>Findings:</b> {_esc(self._counts())}"))
        if d.findings:
            story.append(self._p("Most urgent, and why they rank first", "h2"))
            for f in d.findings[:TOP_FINDINGS]:
                story.append(
                    self._p(
                        f"{f.position}. <b>{_esc(f.what)}</b> [{_PRIORITY_WORD[f.priority]}]"
                        f" — {_esc(f.rank_summary)}",
                        "numbered",
                    )
                )
            if len(d.findings) > TOP_FINDINGS:
                story.append(
                    self._p(
                        f"… and {len(d.findings) - TOP_FINDINGS} more in the action plan.", "tight"
                    )
                )
        if d.referrals:
            story.append(self._p("Referrals", "h2"))
            number = {f.what: f.position for f in d.findings}
            for who, whats in d.referrals:
                refs = ", ".join(str(number[w]) for w in whats if w in number)
                which = "findings" if "," in refs else "finding"
                story.append(self._p(f"{_esc(_capital(who))} ({which} {refs})", "tight"))
        landlord = [str(f.position) for f in d.findings if f.to_landlord]
        if landlord:
            which = "findings" if len(landlord) > 1 else "finding"
            # The command is typed as printed: it never breaks over two lines.
            command = f"homecheck report {d.visit_id} --audience landlord".replace(" ", "&nbsp;")
            story.append(
                self._p(
                    f"<b>For the landlord or building manager:</b> {which} {', '.join(landlord)}"
                    f" (a one-page letter: {command}).",
                    "tight",
                )
            )
        if d.avoid or d.keep:
            story.append(self._p("Precautions", "h2"))
            if d.avoid:
                titles = "; ".join(p.title for p in d.avoid)
                story.append(self._p(f"<b>Avoid:</b> {_esc(titles)}.", "tight"))
            if d.keep:
                titles = "; ".join(p.title for p in d.keep)
                story.append(self._p(f"<b>Keep doing:</b> {_esc(titles)}.", "tight"))
        story += self._signature()
        return story

    def _completeness(self) -> str:
        """Items answered, and the sections not or partly checked: named when few, else
        counted here and named with the section table (the first page must stay one)."""
        d = self.data
        line = f"{d.answered} of {d.applicable} applicable items answered."
        unknown = sum(len(n.items) for n in d.dont_know)
        if unknown:
            line += f" {unknown} answered 'Don't know' (listed under Findings by section)."
        for label, group in _left_open(d.not_checked):
            if len(group) > FIRST_PAGE_SECTIONS:
                tasks = sum(1 for n in group if n.observed)
                counts = ((len(group) - tasks, "section"), (tasks, "observed task"))
                named = " and ".join(counted(n, noun) for n, noun in counts if n)
                line += f" {label}: {named} (named under Findings by section)."
            else:
                line += f" {label}: " + "; ".join(_named(n) for n in group) + "."
        return line

    def _counts(self) -> str:
        d = self.data
        total = len(d.findings)
        return (
            f"{total} ({d.count(Priority.HIGH)} high, {d.count(Priority.MEDIUM)} medium,"
            f" {d.count(Priority.LOW)} low priority), ranked by priority, then the fall"
            " context, then section."
        )

    def _signature(self) -> list[Flowable]:
        from reportlab.platypus import Spacer

        d = self.data
        return [
            Spacer(1, 10),
            *self._text_paragraphs(
                "Assessor: ", f"{d.assessor or '________________'}, {d.role.lower()}"
            ),
            Spacer(1, 14),
            self._p("Signature: ______________________________     Date: ______________"),
            Spacer(1, 8),
            self._p(_esc(d.statement), "small"),
            self._p(f"Checklist content version {_esc(d.content_hash or 'unknown')}.", "small"),
        ]

    # -- the plan ------------------------------------------------------------------------

    def _action_plan(self) -> list[Flowable]:
        story: list[Flowable] = self._heading("Action plan, most urgent first")
        if not self.data.findings:
            story.append(self._p("No hazards were recorded."))
            return story
        for finding in self.data.findings:
            since = f", {finding.since}" if finding.since else ""
            head = self._p(
                f"{finding.position}. [{_PRIORITY_WORD[finding.priority]}] {_esc(finding.what)}"
                f" <font size='-1'>({_esc(finding.section)}{since})</font>",
                "h2",
            )
            story += [self._keep_room(6), head, *self._finding_body(finding)]
        return story

    def _finding_body(self, f: FindingEntry) -> list[Flowable]:
        """One paragraph of labelled lines: it still splits across pages, and one line-
        breaking pass instead of six keeps a 40-finding report inside its time budget.
        Long free text makes it a paragraph per line, each in pieces (_text_paragraphs)."""
        lines: list[tuple[str, str]] = []
        if f.note:
            lines.append(("Recorded", f.note))
        if f.measurement:
            lines.append(("Measured", f.measurement))
        edited = " (edited for this visit)" if f.edited else ""
        if f.same_fix_as:
            lines.append(("Recommendation", f"as for “{f.same_fix_as}” above"))
        else:
            lines.append((f"Recommendation{edited}", f.recommendation))
            lines.append(("Why", f.why))
        if f.technique:
            lines.append(("Technique", f.technique + " (steps below)"))
        if f.rank_reason != f"{f.priority.value} priority":  # a plain default says nothing
            lines.append(("Ranked here", f.rank_reason))
        if f.referral:
            lines.append(("Refer to", f.referral))
        if sum(len(text) for _, text in lines) > PARAGRAPH_CHARS:
            flowables: list[Flowable] = []
            for label, text in lines:
                flowables += self._text_paragraphs(f"<b>{_esc(label)}:</b> ", text, "finding")
            return flowables
        body = "<br/>".join(f"<b>{_esc(label)}:</b> {_esc(text)}" for label, text in lines)
        return [self._p(body, "finding")]

    def _technique(
        self, title: str, purpose: str, steps: tuple[str, ...], tips: tuple[str, ...]
    ) -> list[Flowable]:
        """A technique as a record of what to teach: its steps numbered in one paragraph
        (the household handout sets them out one per line for the person doing them)."""
        # A no-break space keeps each number with its step: not left at a line's end.
        numbered = " ".join(f"<b>{n}.</b>&nbsp;{_esc(step)}" for n, step in enumerate(steps, 1))
        block = [
            self._keep_room(4),
            self._p(_esc(title), "h2"),
            self._p(f"{_esc(purpose)}<br/>{numbered}", "indent"),
        ]
        if tips:
            block.append(self._p("<b>Tips:</b> " + _esc(" ".join(tips)), "tips"))
        return block

    def _precautions(self) -> list[Flowable]:
        """Each precaution's advice and reason, in the small type of reference text: the
        first page already names them."""
        d = self.data
        if not d.avoid and not d.keep:
            return []
        story = self._heading("Precautions chosen by the profile")
        for label, entries in (("Avoid", d.avoid), ("Keep doing", d.keep)):
            if entries:
                story.append(self._p(label, "h2"))
            for entry in entries:
                story.append(
                    self._p(
                        f"<b>{_esc(entry.title)}.</b> {_esc(entry.text)}"
                        f" <i>Why:</i> {_esc(entry.why)}",
                        "tips",
                    )
                )
        return story

    def _summary(self) -> list[Flowable]:
        """Only the sections with findings, and one line naming the rest."""
        from reportlab.platypus import Spacer

        d = self.data
        with_findings = [s for s in d.summary if s.hazards]
        without = [s.title for s in d.summary if not s.hazards and s.answered]
        story = self._heading("Findings by section")
        if with_findings:
            rows: list[list[str]] = [["Section", "Items", "Answered", "High", "Medium", "Low"]]
            for s in with_findings:
                rows.append(
                    [self._wrapped(s.title, self.width * 0.45)]
                    + [str(n) for n in (s.applicable, s.answered, s.high, s.medium, s.low)]
                )
            number = self.width * 0.11
            story.append(self._table(rows, [self.width - 5 * number] + [number] * 5))
            story.append(Spacer(1, 4))
        if without:
            story.append(self._p(_esc("No findings in: " + "; ".join(without) + "."), "small"))
        for label, group in _left_open(d.not_checked):
            # The observed tasks apart: a different person may be the one to check them.
            rooms = [_named(n) for n in group if not n.observed]
            tasks = [_named(n) for n in group if n.observed]
            said = [f"{label}: " + "; ".join(rooms) + "."] if rooms else []
            if tasks:
                said.append(f"Observed tasks {_lower(label)}: " + "; ".join(tasks) + ".")
            story.append(self._p(_esc(" ".join(said)), "small"))
        if with_findings and len(story) > 4:
            # The heading, the table and the first line after it go over a page together:
            # that line alone on the next page reads as if it belonged to nothing.
            for flowable in story[1:4]:
                flowable.keepWithNext = True
        if d.dont_know:
            # A line per section: the items are whole sentences, with commas of their own.
            story.append(self._p("Answered 'Don't know' (for a therapist to check):", "small"))
            for n in d.dont_know:
                items = "; ".join(n.items) + "."
                story += self._text_paragraphs(f"<b>{_esc(n.section)}:</b> ", items, "small")
        return story

    def _comparison(self) -> list[Flowable]:
        """Resolved, persisting and new findings against the earlier visit: its date is in
        the heading, this visit's in the header, so the counts line says neither again."""
        c = self.data.comparison
        if c is None:
            return []
        then = long_date(c.previous_date)
        story = self._heading(f"Since the visit of {then}")
        story.append(
            self._p(
                _esc(
                    f"Compared with visit {c.previous_visit_id}: "
                    f"{len(c.resolved)} resolved, {len(c.persisting)} persisting, "
                    f"{len(c.new)} new"
                    + (f", {len(c.not_rechecked)} not re-checked" if c.not_rechecked else "")
                    + "."
                )
            )
        )
        if c.persisting or c.new:
            story.append(
                self._p("Persisting and new findings are marked so in the action plan.", "indent")
            )
        groups = (
            ("Resolved", c.resolved),
            ("Not re-checked on this visit", c.not_rechecked),
            ("On items since retired from the checklists", c.retired),
        )
        for label, entries in groups:
            if entries:
                items = "; ".join(e.what for e in entries)
                story.append(self._p(f"<b>{_esc(label)}:</b> {_esc(items)}.", "indent"))
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

    # -- the item list -------------------------------------------------------------------

    def _appendix(self) -> list[Flowable]:
        from reportlab.platypus import PageBreak

        story: list[Flowable] = [PageBreak(), self._p("Appendix: every item and its answer", "h1")]
        story.append(
            self._p(
                "Each item is written as the safe condition; below it, the criterion: what"
                " the assessor must see to record a hazard.",
                "small",
            )
        )
        for section in self.data.appendix:
            story.append(self._p(_esc(section.title), "h2"))
            story.append(self._appendix_table(section.rows))
        if self.data.retired:
            story.append(self._p("Answers to items since retired from the checklists", "h2"))
            story.append(self._appendix_table(self.data.retired))
        return story

    def _appendix_table(self, rows: tuple[AppendixRow, ...]) -> Table:
        """Item (and its criterion), answer, note; hazard rows tinted so a reader finds
        them at a glance.

        A table row cannot break across pages, so an answer whose text runs past
        ROW_LINES lines (a long note) continues in further rows instead of failing.
        """
        answer_width = self.width * 0.16
        note_width = self.width * 0.3
        widths = [self.width - answer_width - note_width, answer_width, note_width]
        table: list[list[str]] = [["Item", "Answer", "Note"]]
        marked = []
        for row in rows:
            item = row.check + (f"\nCriterion: {row.criterion}" if row.criterion else "")
            for part in self._text_rows([item, row.answer, row.note], widths):
                table.append(part)
                if row.finding:
                    marked.append(len(table) - 1)
        return self._table(table, widths, marked_rows=tuple(marked))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _left_open(parts: tuple[NotChecked, ...]) -> list[tuple[str, list[NotChecked]]]:
    """The sections left out of the visit, those in it with nothing answered, and those
    answered in part, each with its label; only the labels that have some."""
    groups = (
        ("Not included in this visit", [n for n in parts if n.left_out]),
        ("Not answered", [n for n in parts if n.whole and not n.left_out]),
        ("Partly checked", [n for n in parts if not n.whole]),
    )
    return [(label, group) for label, group in groups if group]


def _named(part: NotChecked) -> str:
    """A section by its title, with how many questions are open when it is partly done."""
    return (
        part.section if part.whole else f"{part.section} ({len(part.items)} of {part.total} open)"
    )


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]
