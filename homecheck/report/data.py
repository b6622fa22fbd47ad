"""The frozen values a report is made of: decided in `build`, laid out by `pdf/`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from homecheck.model import Audience, FallContext, FixedBy, Priority, SectionKind


@dataclass(frozen=True, slots=True)
class FindingEntry:
    """One hazard, worded for the audience, with everything the plan prints about it."""

    item_id: str
    section: str
    what: str
    """The problem as found (the finding phrase), in the audience's words."""
    check: str
    """The safe condition as the item is asked: for the item list, not the plan."""
    hazard_if: str
    """The item's operational definition: the criterion, printed with the item list."""
    note: str
    measurement: str
    recommendation: str
    edited: bool
    why: str
    priority: Priority
    priority_reason: str
    referral: str
    """Who to refer to, without the assessor's own profession."""
    technique: str
    position: int = 0
    """Place in the ranked plan, 1 for the most urgent."""
    rank_reason: str = ""
    """Why it ranks there: fall context, profile raise or the assessor's override."""
    rank_summary: str = ""
    """The same without the assessor's free text, for the one-page summary."""
    context: FallContext | None = None
    fixed_by: FixedBy = FixedBy.HOUSEHOLD
    kind: SectionKind = SectionKind.HOME
    devices: tuple[str, ...] = ()
    """Ids of the things to get that the recommendation asks for."""
    same_fix_as: str = ""
    """The finding printed earlier in this document with the same recommendation: the
    recommendation is not printed again, the entry refers to that one."""
    since: str = ""
    """'persisting' or 'new' against the earlier visit compared with; empty without one."""
    to_landlord: bool = False
    """A repair or fitting for the landlord or building manager: a building item in
    rented or communal housing, or a finding whose action a landlord has taken on."""
    for_caregiver: bool = False
    """The item is about the caregiver's own part (it applies only with a caregiver)."""


@dataclass(frozen=True, slots=True)
class TechniqueEntry:
    title: str
    purpose: str
    steps: tuple[str, ...]
    tips: tuple[str, ...]
    serves: tuple[str, ...] = ()
    """The findings (their phrases) the technique answers."""


@dataclass(frozen=True, slots=True)
class PrecautionEntry:
    title: str
    text: str
    why: str
    id: str = ""


@dataclass(frozen=True, slots=True)
class DeviceEntry:
    """Something to get, once, with the findings it serves."""

    id: str
    label: str
    serves: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SectionSummary:
    title: str
    applicable: int
    answered: int
    high: int
    medium: int
    low: int

    @property
    def hazards(self) -> int:
        return self.high + self.medium + self.low


@dataclass(frozen=True, slots=True)
class NotChecked:
    """A part of the home or the person not (fully) checked on this visit."""

    section: str
    items: tuple[str, ...]
    """The items left unanswered; empty when the whole section was left out."""
    total: int
    """How many items of the section apply."""
    observed: bool = False
    """An observed task (body mechanics): judged by watching the person move, which a
    family member checking the home is not asked to do."""

    @property
    def whole(self) -> bool:
        return not self.items or len(self.items) >= self.total

    @property
    def left_out(self) -> bool:
        """Not part of the visit at all (the assessor's choice), not merely unanswered."""
        return not self.items


@dataclass(frozen=True, slots=True)
class AppendixRow:
    item_id: str
    check: str
    answer: str
    note: str
    finding: bool = False
    """Answered as a hazard: the row is marked (decided here, not from the label)."""
    criterion: str = ""
    """The operational definition of a hazard for this item."""


@dataclass(frozen=True, slots=True)
class AppendixSection:
    title: str
    rows: tuple[AppendixRow, ...]


@dataclass(frozen=True, slots=True)
class ComparedItem:
    item_id: str
    section: str
    what: str


@dataclass(frozen=True, slots=True)
class ComparisonData:
    """This visit against an earlier one, worded for the audience."""

    previous_visit_id: int
    previous_date: date
    resolved: tuple[ComparedItem, ...]
    persisting: tuple[ComparedItem, ...]
    new: tuple[ComparedItem, ...]
    not_rechecked: tuple[ComparedItem, ...]
    retired: tuple[ComparedItem, ...]


@dataclass(frozen=True, slots=True)
class ActionEntry:
    item_id: str
    what: str
    owner: str
    target_date: date | None
    done_date: date | None
    note: str

    @property
    def done(self) -> bool:
        return self.done_date is not None


@dataclass(frozen=True, slots=True)
class HouseholdPlan:
    """The handout's findings sorted by who acts; each finding is in exactly one group."""

    fix_first: tuple[FindingEntry, ...]
    """The 3-5 most urgent things the household can do now (never a fact about the
    person, never a landlord's repair)."""
    then: tuple[FindingEntry, ...]
    """The rest the household can do, in ranked order."""
    landlord: tuple[FindingEntry, ...]
    doctor: tuple[FindingEntry, ...]
    moving: tuple[FindingEntry, ...]
    """Ways of moving a therapist assesses or teaches; those with a technique are said by
    the technique's steps, the rest as 'ask a therapist to show you'."""
    caregiver: tuple[FindingEntry, ...]
    devices: tuple[DeviceEntry, ...]
    landlord_intro: str = ""
    """Opens the landlord group: ask in writing, and the therapist's supporting letter once."""

    def groups(self) -> tuple[tuple[str, tuple[FindingEntry, ...]], ...]:
        """Every group with its name, in the order the handout prints them."""
        return (
            ("fix_first", self.fix_first),
            ("then", self.then),
            ("landlord", self.landlord),
            ("doctor", self.doctor),
            ("caregiver", self.caregiver),
            ("moving", self.moving),
        )


@dataclass(frozen=True, slots=True)
class ReportData:
    """A whole report, for one audience, ready to render."""

    audience: Audience
    title: str
    client_name: str
    client_age: str
    address: str
    visit_id: int
    visit_date: date
    assessor: str
    role: str
    mode: str
    status: str
    amended: bool
    content_hash: str
    profile: tuple[str, ...]
    summary: tuple[SectionSummary, ...]
    findings: tuple[FindingEntry, ...]
    """Every finding, in the ranked order of the plan."""
    techniques: tuple[TechniqueEntry, ...]
    avoid: tuple[PrecautionEntry, ...]
    keep: tuple[PrecautionEntry, ...]
    referrals: tuple[tuple[str, tuple[str, ...]], ...]
    appendix: tuple[AppendixSection, ...]
    retired: tuple[AppendixRow, ...]
    unanswered: int
    statement: str
    comparison: ComparisonData | None = None
    actions: tuple[ActionEntry, ...] = ()
    not_checked: tuple[NotChecked, ...] = ()
    dont_know: tuple[NotChecked, ...] = ()
    """Per section, the items answered "Don't know": a therapist should check them."""
    plan: HouseholdPlan | None = None
    """The handout's groups (household audience only)."""
    addressed_to: str = ""
    """The handout's opening line ('For Ruth, and Sarah who helps at home')."""
    helper: str = ""
    """The first name of the family caregiver addressed, for the part that is theirs."""
    moving_caution: str = ""
    """A line that comes before any technique's steps for this person (hip precautions:
    the steps are the same for everyone, the surgeon's rules are not)."""
    with_appendix: bool = False
    """Print the full item list (the clinician's `--appendix`)."""
    by_family: bool = False
    """A family caregiver did the check: what was left out is theirs to check next time,
    and the observed tasks are a therapist's to watch."""

    def count(self, priority: Priority) -> int:
        return sum(1 for f in self.findings if f.priority is priority)

    @property
    def applicable(self) -> int:
        return sum(s.applicable for s in self.summary)

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.summary)

    @property
    def unchecked_parts(self) -> tuple[NotChecked, ...]:
        """Rooms, areas and person factors not (fully) checked: anyone can check these."""
        return tuple(n for n in self.not_checked if not n.observed)

    @property
    def unwatched_tasks(self) -> tuple[NotChecked, ...]:
        """Observed tasks not (fully) checked: a therapist watches these."""
        return tuple(n for n in self.not_checked if n.observed)


@dataclass(frozen=True, slots=True)
class LetterItem:
    """One repair or fitting: what is wrong and where, and the fittings that put it right."""

    item_id: str
    what: str
    where: str
    fittings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LetterData:
    """A one-page letter to a landlord or building manager: repairs and fittings only,
    never the person's health."""

    client_name: str
    address: str
    visit_id: int
    visit_date: date
    assessor: str
    role: str
    findings: tuple[LetterItem, ...]
    title: str = "Repairs and fittings needed for safety"
