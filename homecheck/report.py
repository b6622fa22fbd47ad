"""Everything a report says, decided here as frozen data; pdf.py only lays it out.

Keeping the decisions (what is a finding, its order, which precautions, which wording for
which audience) in plain data means tests can check them without reading a PDF.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from homecheck import rules
from homecheck.dates import age_in_years
from homecheck.model import (
    Action,
    Answer,
    Audience,
    Catalog,
    Client,
    Flag,
    Precaution,
    PrecautionKind,
    Priority,
    Response,
    Section,
    SectionKind,
    Visit,
    VisitStatus,
    answer_label,
)
from homecheck.store import Store, StoreError

__all__ = ["Audience", "ReportData", "VisitRecord", "build_report", "load_visit"]


STATEMENT_CLINICIAN = (
    "This is a structured home fall-hazard and body-mechanics assessment: a record of what "
    "the assessor saw on the date above, with recommendations. It is not a medical "
    "examination, a diagnosis, a fracture-risk score or an exercise prescription. Counts "
    "are of the items that applied to this client; no cut-off score is implied. Refer to a "
    "physical therapist for an individual exercise programme."
)
STATEMENT_HOUSEHOLD = (
    "This handout lists what was found in the home and what to do about it, most urgent "
    "first. It does not replace advice from your doctor or therapist. Ask a physical "
    "therapist before starting new exercises."
)

_TITLES = {
    Audience.CLINICIAN: "Home fall-risk assessment",
    Audience.HOUSEHOLD: "Home safety plan",
}
_STATEMENTS = {Audience.CLINICIAN: STATEMENT_CLINICIAN, Audience.HOUSEHOLD: STATEMENT_HOUSEHOLD}


@dataclass(frozen=True, slots=True)
class FindingEntry:
    """One hazard, worded for the audience, with everything the action plan prints."""

    item_id: str
    section: str
    what: str
    hazard_if: str
    note: str
    measurement: str
    recommendation: str
    edited: bool
    why: str
    priority: Priority
    priority_reason: str
    referral: str
    technique: str


@dataclass(frozen=True, slots=True)
class TechniqueEntry:
    title: str
    purpose: str
    steps: tuple[str, ...]
    tips: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PrecautionEntry:
    title: str
    text: str
    why: str


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
class AppendixRow:
    item_id: str
    check: str
    answer: str
    note: str
    finding: bool = False
    """Answered as a hazard: the row is marked (decided here, not from the label)."""


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

    def count(self, priority: Priority) -> int:
        return sum(1 for f in self.findings if f.priority is priority)

    @property
    def applicable(self) -> int:
        return sum(s.applicable for s in self.summary)


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """One visit as every view needs it, read from the store in one place.

    Screens and `build_report` work from this; nothing in it changes once loaded, so a
    screen that needs fresh answers loads the record again.
    """

    client: Client
    visit: Visit
    sections: tuple[Section, ...]
    """The visit's own sections in catalog order (a follow-up's re-check not included)."""
    responses: Mapping[str, Response]
    actions: Mapping[str, Action]
    previous: Visit | None = None
    """The earlier visit this one is compared with: the visit it follows up, else the
    client's latest completed visit before it, else the one named to `load_visit`."""
    previous_responses: Mapping[str, Response] = field(default_factory=dict)

    @property
    def flags(self) -> frozenset[str]:
        return self.client.flags

    @property
    def follows(self) -> Visit | None:
        """The visit this one follows up (its findings are re-checked first), if any."""
        return self.previous if self.visit.previous_visit_id is not None else None


def load_visit(
    store: Store, catalog: Catalog, visit_id: int, *, compare_to: int | None = None
) -> VisitRecord:
    """Read one visit's client, sections, answers, actions and the earlier visit it is
    compared with: `compare_to` when given (it must be an earlier visit of the same
    client), else the client's previous completed visit. Raises StoreError."""
    visit = store.get_visit(visit_id)
    client = store.get_client(visit.client_id)
    earlier: Visit | None
    if compare_to is not None:
        earlier = store.get_visit(compare_to)
        if earlier.client_id != visit.client_id:
            raise StoreError(
                f"visit {compare_to} is not an earlier visit of the same client"
                " (it is another client's)"
            )
        if (earlier.visit_date, earlier.id) >= (visit.visit_date, visit.id):
            raise StoreError(
                f"visit {compare_to} is not an earlier visit of the same client"
                f" (it does not come before visit {visit_id})"
            )
    else:
        earlier = store.previous_completed_visit(visit)
    return VisitRecord(
        client=client,
        visit=visit,
        sections=rules.visit_sections(catalog, visit.sections),
        responses=MappingProxyType(store.responses(visit_id)),
        actions=MappingProxyType(store.actions(visit_id)),
        previous=earlier,
        previous_responses=MappingProxyType(store.responses(earlier.id) if earlier else {}),
    )


def age_on(birth: date | None, on: date) -> str:
    """'85 (born 1941-03-28)' on the visit date; empty without a birth date."""
    if birth is None:
        return ""
    return f"{age_in_years(birth, on)} (born {birth.isoformat()})"


def build_report(
    catalog: Catalog, record: VisitRecord, *, audience: Audience = Audience.CLINICIAN
) -> ReportData:
    """Decide every line of the report from the catalog and the loaded visit (no I/O):
    compared with the record's earlier visit when it has one, with who does what."""
    client, visit, responses = record.client, record.visit, record.responses
    flags = client.flags
    sections = record.sections
    found = rules.findings(catalog, sections, flags, responses)

    summary = []
    appendix = []
    unanswered = 0
    for section in sections:
        items = rules.applicable_items(section, flags)
        counts = rules.priority_counts(f for f in found if f.section.id == section.id)
        answered = sum(1 for i in items if i.id in responses)
        unanswered += len(items) - answered
        summary.append(
            SectionSummary(
                title=rules.title(section, audience),
                applicable=len(items),
                answered=answered,
                high=counts[Priority.HIGH],
                medium=counts[Priority.MEDIUM],
                low=counts[Priority.LOW],
            )
        )
        rows = []
        for item in items:
            response = responses.get(item.id)
            rows.append(
                AppendixRow(
                    item_id=item.id,
                    check=rules.wording(item, audience).check,
                    answer=answer_label(section.kind, response.answer if response else None),
                    note=response.note if response else "",
                    finding=response is not None and response.answer is Answer.HAZARD,
                )
            )
        appendix.append(AppendixSection(rules.title(section, audience), tuple(rows)))

    entries = tuple(_finding_entry(catalog, f, audience) for f in found)
    retired = tuple(
        AppendixRow(
            item_id=item_id,
            check=catalog.retired[item_id].check if item_id in catalog.retired else item_id,
            answer=answer_label(SectionKind.HOME, response.answer) + " (retired item)",
            note=response.note,
            finding=response.answer is Answer.HAZARD,
        )
        for item_id, response in sorted(responses.items())
        if item_id not in catalog.items
    )
    techniques = tuple(
        TechniqueEntry(
            title=rules.title(t, audience),
            purpose=t.purpose,
            steps=t.steps,
            tips=t.tips,
        )
        for t in rules.techniques_for(catalog, found)
    )
    chosen = rules.precautions_for(catalog, flags)
    avoid = tuple(_precaution_entry(p, audience) for p in chosen if p.kind is PrecautionKind.AVOID)
    keep = tuple(_precaution_entry(p, audience) for p in chosen if p.kind is PrecautionKind.KEEP)
    referrals = tuple(
        (who, tuple(rules.wording(f.item, audience).check for f in group))
        for who, group in rules.referrals(found)
    )
    profile = tuple(
        _flag_label(catalog.flags[f], audience) for f in sorted(flags) if f in catalog.flags
    )
    status = "Completed" if visit.status is VisitStatus.COMPLETED else "In progress"
    return ReportData(
        audience=audience,
        title=_TITLES[audience],
        client_name=client.name,
        client_age=age_on(client.birth_date, visit.visit_date),
        address=client.address,
        visit_id=visit.id,
        visit_date=visit.visit_date,
        assessor=visit.assessor,
        role=visit.role.label,
        mode=visit.mode.label,
        status=status,
        amended=visit.amended,
        content_hash=visit.content_hash,
        profile=profile,
        summary=tuple(summary),
        findings=entries,
        techniques=techniques,
        avoid=avoid,
        keep=keep,
        referrals=referrals,
        appendix=tuple(appendix),
        retired=retired,
        unanswered=unanswered,
        statement=_STATEMENTS[audience],
        comparison=_comparison(catalog, record, audience),
        actions=_action_entries(catalog, record.actions, audience),
    )


def _precaution_entry(precaution: Precaution, audience: Audience) -> PrecautionEntry:
    return PrecautionEntry(
        precaution.title, rules.precaution_text(precaution, audience), precaution.why
    )


def _flag_label(flag: Flag, audience: Audience) -> str:
    return rules.flag_label(flag, audience)


def describe_item(catalog: Catalog, item_id: str, audience: Audience) -> ComparedItem:
    """(section title, check) of an item in the audience's words; a retired item by its
    old text, so answers to it still read as they did."""
    item = catalog.items.get(item_id)
    if item is None:
        retired = catalog.retired.get(item_id)
        return ComparedItem(item_id, "Retired item", retired.check if retired else item_id)
    section = catalog.section(item.section_id)
    return ComparedItem(
        item_id, rules.title(section, audience), rules.wording(item, audience).check
    )


def _comparison(catalog: Catalog, record: VisitRecord, audience: Audience) -> ComparisonData | None:
    visit = record.previous
    if visit is None:
        return None
    result = rules.compare(catalog, record.previous_responses, record.responses)

    def describe(ids: tuple[str, ...]) -> tuple[ComparedItem, ...]:
        return tuple(describe_item(catalog, i, audience) for i in ids)

    return ComparisonData(
        previous_visit_id=visit.id,
        previous_date=visit.visit_date,
        resolved=describe(result.resolved),
        persisting=describe(result.persisting),
        new=describe(result.new),
        not_rechecked=describe(result.not_rechecked),
        retired=describe(result.retired),
    )


def _action_entries(
    catalog: Catalog, actions: Mapping[str, Action], audience: Audience
) -> tuple[ActionEntry, ...]:
    """Open actions first (by target date), then done ones."""
    entries = [
        ActionEntry(
            item_id=a.item_id,
            what=describe_item(catalog, a.item_id, audience).what,
            owner=a.owner.label,
            target_date=a.target_date,
            done_date=a.done_date,
            note=a.note,
        )
        for a in actions.values()
    ]
    entries.sort(key=lambda e: (e.done, e.target_date or date.max, e.item_id))
    return tuple(entries)


def _finding_entry(catalog: Catalog, finding: rules.Finding, audience: Audience) -> FindingEntry:
    item, response = finding.item, finding.response
    words = rules.wording(item, audience, response)
    measurement = ""
    if response.measurement is not None and item.measure is not None:
        measurement = (
            f"{item.measure.label}: {response.measurement:g} {item.measure.unit}"
            f" ({item.measure.threshold()})"
        )
    technique = catalog.techniques.get(item.technique) if item.technique else None
    return FindingEntry(
        item_id=item.id,
        section=rules.title(finding.section, audience),
        what=words.check,
        hazard_if=words.hazard_if,
        note=response.note,
        measurement=measurement,
        recommendation=words.recommend,
        edited=words.edited,
        why=words.why,
        priority=finding.priority,
        priority_reason=finding.decision.reason(catalog.flags),
        referral=item.referral,
        technique=rules.title(technique, audience) if technique else "",
    )


def build_report_for_visit(
    store: Store,
    catalog: Catalog,
    visit_id: int,
    *,
    audience: Audience = Audience.CLINICIAN,
    compare_to: int | None = None,
) -> ReportData:
    """`load_visit` then `build_report`: what the CLI and the review screen print."""
    record = load_visit(store, catalog, visit_id, compare_to=compare_to)
    return build_report(catalog, record, audience=audience)
