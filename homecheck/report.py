"""Everything a report says, decided here as frozen data; pdf.py only lays it out.

Keeping the decisions (what is a finding, its order, which precautions, which wording for
which audience) in plain data means tests can check them without reading a PDF.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from homecheck import rules
from homecheck.model import (
    Action,
    Catalog,
    Client,
    PrecautionKind,
    Priority,
    Response,
    SectionKind,
    Visit,
    VisitStatus,
    answer_label,
)
from homecheck.store import Store, StoreError


class Audience(enum.Enum):
    CLINICIAN = "clinician"
    HOUSEHOLD = "household"


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


def age_on(birth: date | None, on: date) -> str:
    if birth is None:
        return ""
    years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return f"{years} (born {birth.isoformat()})"


def build_report(
    catalog: Catalog,
    client: Client,
    visit: Visit,
    responses: Mapping[str, Response],
    *,
    audience: Audience = Audience.CLINICIAN,
    previous: tuple[Visit, Mapping[str, Response]] | None = None,
    actions: Mapping[str, Action] | None = None,
) -> ReportData:
    """Decide every line of the report from the catalog, the person and the answers;
    with `previous`, compare against that visit; with `actions`, print who does what."""
    plain = audience is Audience.HOUSEHOLD
    flags = client.flags
    sections = rules.visit_sections(catalog, visit.sections)
    found = rules.findings(catalog, sections, flags, responses)

    summary = []
    appendix = []
    unanswered = 0
    for section in sections:
        items = rules.applicable_items(section, flags)
        section_found = [f for f in found if f.section.id == section.id]
        answered = sum(1 for i in items if i.id in responses)
        unanswered += len(items) - answered
        summary.append(
            SectionSummary(
                title=section.plain_title if plain else section.title,
                applicable=len(items),
                answered=answered,
                high=sum(1 for f in section_found if f.priority is Priority.HIGH),
                medium=sum(1 for f in section_found if f.priority is Priority.MEDIUM),
                low=sum(1 for f in section_found if f.priority is Priority.LOW),
            )
        )
        rows = []
        for item in items:
            response = responses.get(item.id)
            rows.append(
                AppendixRow(
                    item_id=item.id,
                    check=item.plain if plain else item.check,
                    answer=answer_label(section.kind, response.answer if response else None),
                    note=response.note if response else "",
                )
            )
        appendix.append(
            AppendixSection(section.plain_title if plain else section.title, tuple(rows))
        )

    entries = tuple(_finding_entry(catalog, f, plain=plain) for f in found)
    retired = tuple(
        AppendixRow(
            item_id=item_id,
            check=catalog.retired[item_id].check if item_id in catalog.retired else item_id,
            answer=answer_label(SectionKind.HOME, response.answer) + " (retired item)",
            note=response.note,
        )
        for item_id, response in sorted(responses.items())
        if item_id not in catalog.items
    )
    techniques = tuple(
        TechniqueEntry(
            title=t.plain_title if plain else t.title,
            purpose=t.purpose,
            steps=t.steps,
            tips=t.tips,
        )
        for t in rules.techniques_for(catalog, found)
    )
    chosen = rules.precautions_for(catalog, flags)
    avoid = tuple(
        PrecautionEntry(p.title, p.plain if plain else p.text, p.why)
        for p in chosen
        if p.kind is PrecautionKind.AVOID
    )
    keep = tuple(
        PrecautionEntry(p.title, p.plain if plain else p.text, p.why)
        for p in chosen
        if p.kind is PrecautionKind.KEEP
    )
    referrals = tuple(
        (who, tuple(f.item.plain if plain else f.item.check for f in group))
        for who, group in rules.referrals(found)
    )
    profile = tuple(
        (catalog.flags[f].plain if plain else catalog.flags[f].label)
        for f in sorted(flags)
        if f in catalog.flags
    )
    status = "Completed" if visit.status is VisitStatus.COMPLETED else "In progress"
    return ReportData(
        audience=audience,
        title="Home safety plan" if plain else "Home fall-risk assessment",
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
        statement=STATEMENT_HOUSEHOLD if plain else STATEMENT_CLINICIAN,
        comparison=_comparison(catalog, previous, responses, plain=plain) if previous else None,
        actions=_action_entries(catalog, actions or {}, plain=plain),
    )


def _describe_item(catalog: Catalog, item_id: str, *, plain: bool) -> ComparedItem:
    item = catalog.items.get(item_id)
    if item is None:
        retired = catalog.retired.get(item_id)
        return ComparedItem(item_id, "Retired item", retired.check if retired else item_id)
    section = catalog.section(item.section_id)
    return ComparedItem(
        item_id,
        section.plain_title if plain else section.title,
        item.plain if plain else item.check,
    )


def _comparison(
    catalog: Catalog,
    previous: tuple[Visit, Mapping[str, Response]],
    responses: Mapping[str, Response],
    *,
    plain: bool,
) -> ComparisonData:
    visit, earlier = previous
    result = rules.compare(catalog, earlier, responses)

    def describe(ids: tuple[str, ...]) -> tuple[ComparedItem, ...]:
        return tuple(_describe_item(catalog, i, plain=plain) for i in ids)

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
    catalog: Catalog, actions: Mapping[str, Action], *, plain: bool
) -> tuple[ActionEntry, ...]:
    """Open actions first (by target date), then done ones."""
    entries = [
        ActionEntry(
            item_id=a.item_id,
            what=_describe_item(catalog, a.item_id, plain=plain).what,
            owner=a.owner.label,
            target_date=a.target_date,
            done_date=a.done_date,
            note=a.note,
        )
        for a in actions.values()
    ]
    entries.sort(key=lambda e: (e.done, e.target_date or date.max, e.item_id))
    return tuple(entries)


def _finding_entry(catalog: Catalog, finding: rules.Finding, *, plain: bool) -> FindingEntry:
    item, response = finding.item, finding.response
    if finding.overridden:
        reason = response.override_reason or "set by the assessor"
        priority_reason = f"Priority set by the assessor: {reason}"
    elif finding.raised_by:
        names = ", ".join(
            catalog.flags[f].label if f in catalog.flags else f for f in finding.raised_by
        )
        priority_reason = f"Raised from {item.priority.value} because: {names}"
    else:
        priority_reason = ""
    measurement = ""
    if response.measurement is not None and item.measure is not None:
        measurement = (
            f"{item.measure.label}: {response.measurement:g} {item.measure.unit}"
            f" ({item.measure.threshold()})"
        )
    if plain:
        recommendation = response.recommendation or item.plain_recommend or item.recommend
    else:
        recommendation = finding.recommendation
    technique = catalog.techniques.get(item.technique) if item.technique else None
    section_title = finding.section.plain_title if plain else finding.section.title
    return FindingEntry(
        item_id=item.id,
        section=section_title,
        what=item.plain if plain else item.check,
        hazard_if=item.hazard_if,
        note=response.note,
        measurement=measurement,
        recommendation=recommendation,
        edited=bool(response.recommendation),
        why=item.why,
        priority=finding.priority,
        priority_reason=priority_reason,
        referral=item.referral,
        technique=(technique.plain_title if plain else technique.title) if technique else "",
    )


def build_report_for_visit(
    store: Store,
    catalog: Catalog,
    visit_id: int,
    *,
    audience: Audience = Audience.CLINICIAN,
    compare_to: int | None = None,
) -> ReportData:
    """Load one visit's client, answers and actions from the store and build its report,
    compared with `compare_to`, else with the client's previous completed visit."""
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
    previous = (earlier, store.responses(earlier.id)) if earlier is not None else None
    return build_report(
        catalog,
        client,
        visit,
        store.responses(visit_id),
        audience=audience,
        previous=previous,
        actions=store.actions(visit_id),
    )
