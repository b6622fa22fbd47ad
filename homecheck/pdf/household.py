"""The household handout: a plan sorted by who acts, written to the person at home."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homecheck.dates import long_date
from homecheck.pdf.layout import BULLET, Layout, _esc
from homecheck.report import FindingEntry, HouseholdPlan, without_letter_offer

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


NAMED_UNCHECKED = 3
"""A part left partly unchecked names the things left when there are at most this many."""


class HouseholdRenderer(Layout):
    """What a family follows: the few things to do first, then who does the rest, how
    to move safely, and what was not checked. Each thing is said once."""

    BODY_SIZE = 10.5

    def _story(self) -> list[Flowable]:
        d = self.data
        story = self._opening()
        story += self._household_progress()
        plan = d.plan
        if plan is None or not d.findings:
            story += self._heading("Nothing needs fixing")
            story.append(self._p("No hazards were found on this visit. Keep your home as it is."))
        else:
            story += self._plan(plan)
        story += self._household_actions()
        story += self._advice("Best avoided", [p.text for p in d.avoid])
        story += self._advice("Keep doing", [p.text for p in d.keep])
        story += self._not_checked()
        return story

    def _opening(self) -> list[Flowable]:
        """The title, who it is for, and the visit in one line: a family needs the plan,
        not a form."""
        d = self.data
        story: list[Flowable] = [self._p(_esc(d.title), "title")]
        if d.addressed_to:
            story.append(self._p(_esc(d.addressed_to), "lead"))
        where = f" at {d.address}" if d.address else ""
        who = f", with {d.assessor}, {d.role.lower()}" if d.assessor else ""
        visit = f"{d.client_name}: home visit of {long_date(d.visit_date)}{where}{who}."
        story += self._text_paragraphs("", f"{visit} {d.statement}", "small")
        return story

    def _advice(self, heading: str, texts: list[str]) -> list[Flowable]:
        """Precautions in the household's words only (their titles are clinical)."""
        if not texts:
            return []
        story = self._heading(heading)
        story += [self._p(f"{BULLET}{_esc(text)}", "bullet") for text in texts]
        return story

    def _plan(self, plan: HouseholdPlan) -> list[Flowable]:
        story: list[Flowable] = []
        if plan.fix_first:
            story += self._heading("Fix these first")
            for number, f in enumerate(plan.fix_first, 1):
                story += self._full(f, number)
        if plan.then:
            story += self._heading("Then these")
            story += [p for f in plan.then for p in self._short(f)]
        if plan.devices:
            story += self._heading("Things to get")
            # Things that serve the same findings share a line: each thing still once.
            lines: dict[tuple[str, ...], list[str]] = {}
            for device in plan.devices:
                lines.setdefault(device.serves, []).append(device.label)
            for serves, labels in lines.items():
                things = "; ".join([labels[0], *(_lower(label) for label in labels[1:])])
                found = "; ".join(_lower(what) for what in serves)
                story.append(
                    self._p(f"{BULLET}<b>{_esc(things)}</b>&nbsp;— for: {_esc(found)}", "item")
                )
        if plan.landlord:
            story += self._heading("Ask the landlord or building manager")
            story.append(self._p(_esc(plan.landlord_intro)))
            story += [p for f in plan.landlord for p in self._short(f, landlord=True)]
        if plan.doctor:
            story += self._heading("Talk to the doctor or pharmacist")
            story += [p for f in plan.doctor for p in self._short(f)]
        if plan.caregiver:
            helper = self.data.helper
            story += self._heading(
                _esc(f"For {helper}, who helps") if helper else "For your helper"
            )
            story += [p for f in plan.caregiver for p in self._short(f)]
        story += self._ways_of_moving(plan)
        return story

    def _full(self, f: FindingEntry, number: int) -> list[Flowable]:
        """A 'fix first' entry: the finding, what to do, why, and the visit's note."""
        block = [self._keep_room(5), self._p(f"{number}. {_esc(f.what)}", "h2")]
        if f.same_fix_as:
            block.append(self._p(f"<b>What to do:</b> as for “{_esc(f.same_fix_as)}”.", "indent"))
        else:
            block += self._text_paragraphs("<b>What to do:</b> ", f.recommendation, "indent")
            block.append(self._p(f"<b>Why:</b> {_esc(f.why)}", "indent"))
        if f.note:
            # The note goes over the page with the line before it, never alone.
            block[-1].keepWithNext = True
            block += self._text_paragraphs("<b>Seen on the visit:</b> ", f.note, "indent")
        return block

    def _short(self, f: FindingEntry, *, landlord: bool = False) -> list[Flowable]:
        """One entry of a later group: the finding and what to do (under the landlord
        heading, without the therapist's letter its intro offers once)."""
        todo = f"as for “{f.same_fix_as}”." if f.same_fix_as else f.recommendation
        if landlord and not f.edited:
            todo = without_letter_offer(todo)
        if f.note:  # in the same paragraph: a line of its own for a short note wastes most
            todo += f" (Seen on the visit: {f.note})"
        return self._text_paragraphs(f"{BULLET}<b>{_esc(f.what)}.</b> ", todo, "item")

    def _ways_of_moving(self, plan: HouseholdPlan) -> list[Flowable]:
        """Each technique once, with the findings it helps with; then the ways of moving a
        therapist needs to show, that no technique here covers."""
        d = self.data
        untaught = [f for f in plan.moving if not f.technique]
        if not d.techniques and not untaught:
            return []
        story = self._heading("Ways of moving")
        if d.moving_caution:
            story.append(self._p(f"<b>{_esc(d.moving_caution)}</b>"))
        for technique in d.techniques:
            # What it helps with says why, in the reader's own findings: no purpose line.
            # The tips stay in the clinician's report: the therapist teaches them, and they
            # repeat advice the plan gives once elsewhere (a seat raiser, a lifting limit).
            helps = "; ".join([*technique.serves[:1], *map(_lower, technique.serves[1:])])
            story += self._technique(
                technique.title, f"For: {helps}." if helps else "", technique.steps, ()
            )
        if untaught:
            story.append(self._p("Ask a therapist to show you", "h2"))
            story += [p for f in untaught for p in self._short(f)]
        return story

    def _not_checked(self) -> list[Flowable]:
        """What this visit did not look at, sorted by what the reader does about it, so a
        short list is not taken for a safe home: the parts anyone can check next time,
        the questions answered "Don't know", and the ways of moving a therapist watches
        (suggested once, not listed as something missed)."""
        d = self.data
        parts, unknown, tasks = d.unchecked_parts, d.dont_know, d.unwatched_tasks
        if not parts and not unknown and not tasks:
            return []
        story = self._heading("Not checked this time")
        if parts:
            story += self._subheading("Parts not checked")
            story += self._to_reader(
                "These were not part of this check, so this plan says nothing about them."
                " You can check them yourself next time.",
                "These were not checked on this visit, so this plan says nothing about them.",
            )
            whole = [part.section for part in parts if part.whole]
            if whole:
                story += self._text_paragraphs("", "; ".join(whole) + ".", "indent")
            for part in parts:
                if part.whole:
                    continue
                count = len(part.items)
                if count <= NAMED_UNCHECKED:
                    left = "; ".join(part.items) + "."
                else:
                    left = f"{count} of {part.total} questions not answered."
                story += self._text_paragraphs(f"<b>{_esc(part.section)}:</b> ", left, "indent")
        if unknown:
            story += self._subheading("Answered “Don't know”")
            # Each is written as the safe way it should be: said plainly that nobody knows
            # yet, or a reader takes the list for what is so.
            story += self._to_reader(
                "You could not tell whether these are so. Ask a therapist to check them with you.",
                "It was not clear on the visit whether these are so. Ask your therapist to"
                " check them with you.",
            )
            for part in unknown:
                text = "; ".join(part.items) + "."
                story += self._text_paragraphs(f"<b>{_esc(part.section)}:</b> ", text, "indent")
        if tasks:
            story += self._subheading("Ways of moving for a therapist to watch")
            story += self._to_reader(
                "These are best judged by a therapist who watches you move. It is worth"
                " asking for a home visit from an occupational or physical therapist to"
                " look at them.",
                "These were not watched on this visit. Ask your therapist if you would"
                " like any of them looked at.",
            )
            names = [part.section if part.whole else f"{part.section} (in part)" for part in tasks]
            story += self._text_paragraphs("", "; ".join(names) + ".", "indent")
        return story

    def _to_reader(self, family: str, therapist: str) -> list[Flowable]:
        """The paragraph for who reads this: a family after its own check, or the household
        after a therapist's visit."""
        return [self._p(family if self.data.by_family else therapist)]

    def _subheading(self, text: str) -> list[Flowable]:
        """A part's heading kept with its first lines."""
        return [self._keep_room(4), self._p(text, "h2")]

    def _household_progress(self) -> list[Flowable]:
        """Encouragement first: what got fixed since last time, and what is left."""
        c = self.data.comparison
        if c is None:
            return []
        then = long_date(c.previous_date)
        story = self._heading(f"Since the visit of {then}")
        left = len(c.persisting) + len(c.new)
        counts = f"{len(c.resolved)} fixed, {left} still to do."
        story.append(self._p(_esc(counts + (" Now:" if c.resolved else ""))))
        # One line each: the things fixed are whole sentences, each worth seeing.
        story += [self._p(f"{BULLET}{_esc(e.what)}", "bullet") for e in c.resolved]
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
            lead = f"{BULLET}<b>{_esc(a.owner)}{_esc(when)}:</b> "
            story += self._text_paragraphs(lead, f"{a.what}{note}", "item")
        return story


def _lower(text: str) -> str:
    """A phrase continuing a sentence: its first letter in lower case ('for: the toilet')."""
    return text[:1].lower() + text[1:]
