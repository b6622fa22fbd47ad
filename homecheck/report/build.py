"""`build_report`: every line of a report decided as frozen data, with no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from homecheck import rules
from homecheck.model import (
    Action,
    Answer,
    AssessorRole,
    Audience,
    Catalog,
    Precaution,
    PrecautionKind,
    Priority,
    Section,
    SectionKind,
    VisitStatus,
    answer_label,
)
from homecheck.report import plan
from homecheck.report.data import (
    ActionEntry,
    AppendixRow,
    AppendixSection,
    ComparedItem,
    ComparisonData,
    FindingEntry,
    NotChecked,
    PrecautionEntry,
    ReportData,
    SectionSummary,
    TechniqueEntry,
)
from homecheck.report.record import VisitRecord, age_on, load_visit
from homecheck.store import Store

STATEMENT_CLINICIAN = (
    "This is a structured home fall-hazard and body-mechanics assessment: a record of what "
    "the assessor saw on the date above, with recommendations. It is not a medical "
    "examination, a diagnosis, a fracture-risk score or an exercise prescription. Counts "
    "are of the items that applied to this client; no cut-off score is implied. Refer to a "
    "physical therapist for an individual exercise programme."
)
STATEMENT_HOUSEHOLD = (
    "This plan lists what was found in your home and what to do about it, most urgent "
    "first. It does not replace advice from your doctor or therapist. Ask a physical "
    "therapist before you start new exercises."
)

HIP_PRECAUTIONS_FLAG = "hip_precautions"
MOVING_CAUTION = {
    Audience.CLINICIAN: (
        "Hip precautions are in force: adapt each technique so the operated hip does not bend"
        " past 90 degrees, cross the midline or twist."
    ),
    Audience.HOUSEHOLD: (
        "After your hip operation, the rules your surgeon or therapist gave you come first."
        " If a step here bends your hip more than they allow, or crosses or twists your leg,"
        " do not do that step: ask your therapist how to do it instead."
    ),
}

_TITLES = {
    Audience.CLINICIAN: "Home fall-risk assessment",
    Audience.HOUSEHOLD: "Home safety plan",
}
_STATEMENTS = {Audience.CLINICIAN: STATEMENT_CLINICIAN, Audience.HOUSEHOLD: STATEMENT_HOUSEHOLD}

_OWN_PROFESSION: Mapping[AssessorRole, tuple[str, ...]] = {
    AssessorRole.OT: ("occupational therapist", "occupational therapy"),
    AssessorRole.PT: ("physical therapist", "physiotherapist", "physiotherapy", "physio"),
}
"""The referral an assessor of each role never makes: to their own profession."""


def referral_for(referral: str, role: AssessorRole) -> str:
    """An item's referral without the parts that send the client to the assessor's own
    profession (an occupational therapist does not refer to an occupational therapist)."""
    own = _OWN_PROFESSION.get(role, ())
    parts = [part.strip() for part in referral.split(";")]
    kept = [p for p in parts if p and not p.lower().startswith(own)] if own else parts
    return "; ".join(p for p in kept if p)


def build_report(
    catalog: Catalog,
    record: VisitRecord,
    *,
    audience: Audience = Audience.CLINICIAN,
    appendix: bool = False,
) -> ReportData:
    """Decide every line of the report from the catalog and the loaded visit (no I/O):
    findings in the ranked order of the plan, compared with the record's earlier visit
    when it has one, with who does what. `appendix` asks for the full item list."""
    client, visit, responses = record.client, record.visit, record.responses
    flags = client.flags
    sections = record.sections
    situation = rules.Situation.of(flags, responses)
    ranked = rules.ranked_findings(catalog, sections, flags, responses)
    found = [r.finding for r in ranked]

    summary, appendix_sections, not_checked = _sections(catalog, record, audience, found)
    entries = tuple(
        _finding_entry(catalog, r, audience, situation, visit.role, record.actions) for r in ranked
    )
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
    by_id = {e.item_id: e for e in entries}
    techniques = tuple(
        TechniqueEntry(
            title=rules.title(t, audience),
            purpose=t.purpose,
            steps=t.steps,
            tips=t.tips,
            serves=tuple(by_id[f.item.id].what for f in found if f.item.technique == t.id),
        )
        for t in rules.techniques_for(catalog, found)
    )
    chosen = rules.precautions_for(catalog, flags)
    avoid = tuple(_precaution_entry(p, audience) for p in chosen if p.kind is PrecautionKind.AVOID)
    keep = tuple(_precaution_entry(p, audience) for p in chosen if p.kind is PrecautionKind.KEEP)
    profile = tuple(
        rules.flag_label(catalog.flags[f], audience) for f in sorted(flags) if f in catalog.flags
    )
    comparison = _comparison(catalog, record, audience)
    if comparison is not None:
        since = {c.item_id: "persisting" for c in comparison.persisting}
        since.update({c.item_id: "new" for c in comparison.new})
        entries = tuple(replace(e, since=since.get(e.item_id, "")) for e in entries)
    household = audience is Audience.HOUSEHOLD
    household_plan = plan.household_plan(catalog, entries, flags) if household else None
    if household_plan is not None:
        household_plan = replace(household_plan, landlord_intro=plan.landlord_intro(visit.role))
    if household_plan is None:
        entries = plan.refer_shared_fixes(entries)
    else:
        grouped = {e.item_id: e for _, group in household_plan.groups() for e in group}
        entries = tuple(grouped.get(e.item_id, e) for e in entries)
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
        summary=summary,
        findings=entries,
        techniques=techniques,
        avoid=avoid,
        keep=keep,
        referrals=_referrals(entries),
        appendix=appendix_sections,
        retired=retired,
        unanswered=sum(s.applicable - s.answered for s in summary),
        statement=_STATEMENTS[audience],
        comparison=comparison,
        actions=_action_entries(catalog, record.actions, audience),
        not_checked=not_checked,
        dont_know=_dont_know(record, audience),
        plan=household_plan,
        addressed_to=plan.addressed_to(record) if household else "",
        helper=plan.helper_of(record) if household else "",
        moving_caution=(
            MOVING_CAUTION[audience] if techniques and HIP_PRECAUTIONS_FLAG in flags else ""
        ),
        with_appendix=appendix,
        by_family=visit.role is AssessorRole.CAREGIVER,
    )


def _dont_know(record: VisitRecord, audience: Audience) -> tuple[NotChecked, ...]:
    """The items answered "Don't know", grouped by section in visit order, each with its
    note: a note taken before deciding is saved with "Don't know", and is what the
    therapist checking it next needs."""
    groups: dict[str, list[str]] = {}
    totals: dict[str, int] = {}
    lead = "seen on the visit" if audience.plain else "recorded"
    for section, item in rules.unknown_items(record.sections, record.flags, record.responses):
        title = rules.title(section, audience)
        text = rules.wording(item, audience).check
        note = record.responses[item.id].note
        groups.setdefault(title, []).append(f"{text} ({lead}: {note})" if note else text)
        totals[title] = len(rules.applicable_items(section, record.flags))
    return tuple(NotChecked(title, tuple(items), totals[title]) for title, items in groups.items())


def _sections(
    catalog: Catalog, record: VisitRecord, audience: Audience, found: list[rules.Finding]
) -> tuple[tuple[SectionSummary, ...], tuple[AppendixSection, ...], tuple[NotChecked, ...]]:
    """Per section: the counts, the item list (with each item's criterion) and what was
    left unchecked; sections the profile calls for but the visit left out count as not
    checked too."""
    flags, responses = record.flags, record.responses
    summary = []
    appendix = []
    not_checked = []
    included = {s.id for s in record.sections}
    for section in catalog.sections:
        items = rules.applicable_items(section, flags)
        if section.id not in included:
            if items and rules.section_included_by_default(section, flags):
                not_checked.append(
                    NotChecked(rules.title(section, audience), (), len(items), _observed(section))
                )
            continue
        counts = rules.priority_counts(f for f in found if f.section.id == section.id)
        answered = sum(1 for i in items if i.id in responses)
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
        missing = tuple(rules.wording(i, audience).check for i in items if i.id not in responses)
        if missing:
            not_checked.append(
                NotChecked(rules.title(section, audience), missing, len(items), _observed(section))
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
                    criterion=item.hazard_if,
                )
            )
        appendix.append(AppendixSection(rules.title(section, audience), tuple(rows)))
    return tuple(summary), tuple(appendix), tuple(not_checked)


def _observed(section: Section) -> bool:
    return section.kind is SectionKind.BODY_MECHANICS


def _referrals(entries: tuple[FindingEntry, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each referral (a part of an item's referral) once, with the findings that call for
    it, in the order the plan first needs it."""
    groups: dict[str, list[str]] = {}
    for entry in entries:
        for part in entry.referral.split(";"):
            who = part.strip()
            if who and entry.what not in groups.setdefault(who, []):
                groups[who].append(entry.what)
    return tuple((who, tuple(found)) for who, found in groups.items())


def _precaution_entry(precaution: Precaution, audience: Audience) -> PrecautionEntry:
    return PrecautionEntry(
        precaution.title, rules.precaution_text(precaution, audience), precaution.why, precaution.id
    )


def describe_item(
    catalog: Catalog, item_id: str, audience: Audience, *, as_found: bool = True
) -> ComparedItem:
    """(section title, words) of an item for the audience: the finding phrase, or the safe
    condition when `as_found` is false (for what got fixed); a retired item by its old
    text, so answers to it still read as they did."""
    item = catalog.items.get(item_id)
    if item is None:
        retired = catalog.retired.get(item_id)
        return ComparedItem(item_id, "Retired item", retired.check if retired else item_id)
    section = catalog.section(item.section_id)
    words = rules.wording(item, audience)
    return ComparedItem(
        item_id, rules.title(section, audience), words.finding if as_found else words.check
    )


def _comparison(catalog: Catalog, record: VisitRecord, audience: Audience) -> ComparisonData | None:
    visit = record.previous
    if visit is None:
        return None
    result = rules.compare(catalog, record.previous_responses, record.responses)

    def describe(ids: tuple[str, ...], as_found: bool = True) -> tuple[ComparedItem, ...]:
        return tuple(describe_item(catalog, i, audience, as_found=as_found) for i in ids)

    return ComparisonData(
        previous_visit_id=visit.id,
        previous_date=visit.visit_date,
        resolved=describe(result.resolved, as_found=False),
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


def _finding_entry(
    catalog: Catalog,
    ranked: rules.RankedFinding,
    audience: Audience,
    situation: rules.Situation,
    role: AssessorRole,
    actions: Mapping[str, Action],
) -> FindingEntry:
    finding = ranked.finding
    item, response = finding.item, finding.response
    words = rules.wording(item, audience, response, situation)
    measurement = ""
    if response.measurement is not None and item.measure is not None:
        measurement = (
            f"{item.measure.label}: {response.measurement:g} {item.measure.unit}"
            f" ({item.measure.threshold()})"
        )
    technique = catalog.techniques.get(item.technique) if item.technique else None
    fix = rules.fix(item, situation)
    return FindingEntry(
        item_id=item.id,
        section=rules.title(finding.section, audience),
        what=words.finding,
        check=words.check,
        hazard_if=words.hazard_if,
        note=response.note,
        measurement=measurement,
        recommendation=words.recommend,
        edited=words.edited,
        why=words.why,
        priority=finding.priority,
        priority_reason=finding.decision.reason(catalog.flags),
        referral=referral_for(item.referral, role),
        technique=rules.title(technique, audience) if technique else "",
        position=ranked.position,
        rank_reason=ranked.reason,
        rank_summary=rules.rank_reason(finding, catalog.flags, with_note=False),
        context=item.context,
        fixed_by=fix.owner,
        kind=finding.section.kind,
        devices=fix.devices,
        to_landlord=plan.to_landlord(item, situation, actions),
        for_caregiver=plan.CAREGIVER_FLAG in item.applies_if + finding.section.applies_if,
    )


def build_report_for_visit(
    store: Store,
    catalog: Catalog,
    visit_id: int,
    *,
    audience: Audience = Audience.CLINICIAN,
    compare_to: int | None = None,
    appendix: bool = False,
) -> ReportData:
    """`load_visit` then `build_report`: what the CLI and the review screen print."""
    record = load_visit(store, catalog, visit_id, compare_to=compare_to)
    return build_report(catalog, record, audience=audience, appendix=appendix)
