"""The household handout: plain words, the few fixes for this week first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homecheck.dates import long_date
from homecheck.model import Priority
from homecheck.pdf.layout import THIS_WEEK, Layout, _esc
from homecheck.report import FindingEntry

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


class HouseholdRenderer(Layout):
    """What a family follows: what to do, why, who does it, how to move safely."""

    BODY_SIZE = 11

    def _story(self) -> list[Flowable]:
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
            "Looking after your back and bones", "Best avoided", "Keep doing", with_why=False
        )
        story += self._referrals("People to talk to", "Needs attention: ")
        return story

    def _household_progress(self) -> list[Flowable]:
        """Encouragement first: what got fixed since last time, and what is left."""
        c = self.data.comparison
        if c is None:
            return []
        then = long_date(c.previous_date)
        story = self._heading(f"Since the visit of {then}")
        left = len(c.persisting) + len(c.new)
        story.append(self._p(_esc(f"{len(c.resolved)} fixed, {left} still to do.")))
        if c.resolved:
            story.append(self._p("Fixed", "h2"))
            story += [self._p(f"✓ {_esc(e.what)}", "indent") for e in c.resolved]
        return story

    def _household_actions(self) -> list[Flowable]:
        """Open actions with who and by when: the list a family works from."""
        open_actions = [a for a in self.data.actions if not a.done]
        if not open_actions:
            return []
        story = self._heading("Who is doing what")
        for a in open_actions:
            when = f", by {long_date(a.target_date)}" if a.target_date else ""
            note = f" ({a.note})" if a.note else ""
            lead = f"• <b>{_esc(a.owner)}{_esc(when)}:</b> "
            story += self._text_paragraphs(lead, f"{a.what}{note}", "indent")
        return story

    def _household_findings(self, found: list[FindingEntry], start: int) -> list[Flowable]:
        story: list[Flowable] = []
        for number, f in enumerate(found, start):
            block = [
                self._p(f"{number}. {_esc(f.section)} — needs attention: {_esc(f.what)}", "h2"),
                *self._text_paragraphs("<b>What to do:</b> ", f.recommendation, "indent"),
                self._p(f"<b>Why:</b> {_esc(f.why)}", "indent"),
            ]
            if f.note:
                block += self._text_paragraphs("<b>Note from the visit:</b> ", f.note, "indent")
            if f.technique:
                block.append(self._p(f"<b>See:</b> {_esc(f.technique)}, below.", "indent"))
            story += [self._keep_room(6), *block]
        return story
