"""Pure clinical logic: what applies to this person, how urgent it is, and in what order.

Everything here is a function of the catalog, the client's flags and the answers, so the
TUI, the report and the tests all see the same decisions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from homecheck.model import (
    Advice,
    Answer,
    Audience,
    Catalog,
    FallContext,
    FixedBy,
    Flag,
    Item,
    Precaution,
    Priority,
    Response,
    Section,
    SectionKind,
    Technique,
)


@dataclass(frozen=True, slots=True)
class PriorityDecision:
    """An item's priority for this client and this visit, and what decided it."""

    priority: Priority
    default: Priority
    """The item's own priority, before the profile or the assessor."""
    profile: Priority
    """The priority the client's profile gives (the default, or raised)."""
    raised_by: tuple[str, ...] = ()
    """The profile flags that raised it (ids), even when the assessor then overrode it."""
    overridden: bool = False
    override_reason: str = ""

    def reason(self, flags: Mapping[str, Flag]) -> str:
        """Why the priority differs from the item's own, in the words every view prints;
        empty when it does not. `flags` is the catalog's, for the flags' labels."""
        if self.overridden:
            return f"Priority set by the assessor: {self.override_reason or 'set by the assessor'}"
        if self.raised_by:
            names = ", ".join(flags[f].label if f in flags else f for f in self.raised_by)
            return f"Raised from {self.default.value} because: {names}"
        return ""


def effective_priority(
    item: Item, flags: frozenset[str], response: Response | None = None
) -> PriorityDecision:
    """The one rule for priority: the profile may raise the item's own priority, and an
    assessor's override (on the response) wins over both."""
    profile, raised_by = profile_priority(item, flags)
    if response is not None and response.priority_override is not None:
        return PriorityDecision(
            priority=response.priority_override,
            default=item.priority,
            profile=profile,
            raised_by=raised_by,
            overridden=True,
            override_reason=response.override_reason,
        )
    return PriorityDecision(profile, item.priority, profile, raised_by)


@dataclass(frozen=True, slots=True)
class Situation:
    """What an item's advice variants are chosen by: the client's flags and this visit's answers."""

    flags: frozenset[str] = frozenset()
    answers: Mapping[str, Answer] = field(default_factory=dict)

    @classmethod
    def of(cls, flags: Iterable[str], responses: Mapping[str, Response]) -> Situation:
        return cls(frozenset(flags), {key: r.answer for key, r in responses.items()})


def advice_applies(advice: Advice, situation: Situation) -> bool:
    """Any of `flags`, all of `all_flags`, none of `not_flags`, every named answer as given."""
    if advice.flags and situation.flags.isdisjoint(advice.flags):
        return False
    if not situation.flags.issuperset(advice.all_flags):
        return False
    if not situation.flags.isdisjoint(advice.not_flags):
        return False
    return all(situation.answers.get(key) is answer for key, answer in advice.answers)


def chosen_advice(item: Item, situation: Situation | None) -> Advice | None:
    """The first variant that fits this person and home; None means the item's own text."""
    if situation is None:
        return None
    return next((a for a in item.advice if advice_applies(a, situation)), None)


@dataclass(frozen=True, slots=True)
class Fix:
    """Who acts on an item and what they get, for this person and home."""

    owner: FixedBy
    devices: tuple[str, ...]


def fix(item: Item, situation: Situation | None) -> Fix:
    """The one place that decides who acts and the things to get: the chosen variant's
    `fixed_by` and `devices` where it sets them, else the item's."""
    variant = chosen_advice(item, situation)
    owner = variant.fixed_by if variant and variant.fixed_by else item.fixed_by
    devices = variant.devices if variant and variant.devices is not None else item.devices
    return Fix(owner, devices)


@dataclass(frozen=True, slots=True)
class ItemWording:
    """An item as one audience reads it: the variant for this person, this visit's edit applied."""

    check: str
    """The safe condition, as the item is asked."""
    finding: str
    """The problem as found, for an item answered as a hazard."""
    hazard_if: str
    why: str
    recommend: str
    edited: bool
    """The recommendation is the assessor's text for this visit, not the catalog's."""


def wording(
    item: Item,
    audience: Audience,
    response: Response | None = None,
    situation: Situation | None = None,
) -> ItemWording:
    """The one place that picks an item's words: audience, advice variant and the visit's edit.

    Without a finding phrase the check stands in for it, so content without one still reads.
    """
    edited = response.recommendation if response is not None else ""
    variant = chosen_advice(item, situation)
    recommend = variant.recommend if variant else item.recommend
    why = (variant.why if variant else "") or item.why
    hazard_if = item.hazard_if
    if audience.plain:
        check = item.plain
        finding = item.plain_finding or item.plain
        # The operational definition is clinician's text ("the client ..."): a family
        # member checking alone looks for the problem as found, in plain words.
        hazard_if = item.plain_finding or item.hazard_if
        plain_recommend = variant.plain_recommend if variant else item.plain_recommend
        recommend = plain_recommend or recommend
        plain_why = (variant.plain_why if variant else "") or (
            "" if variant and variant.why else item.plain_why
        )
        why = plain_why or why
    else:
        check = item.check
        finding = item.finding or item.check
    return ItemWording(
        check=check,
        finding=finding,
        hazard_if=hazard_if,
        why=why,
        recommend=edited or recommend,
        edited=bool(edited),
    )


def title(part: Section | Technique, audience: Audience) -> str:
    """A section's or technique's title for this audience."""
    return part.plain_title if audience.plain else part.title


def intro(section: Section, audience: Audience) -> str:
    """The line that opens a section: the household reads the plain one where there is one,
    because the clinical intro tells an assessor what to watch for."""
    return (section.plain_intro or section.intro) if audience.plain else section.intro


def flag_label(flag: Flag, audience: Audience) -> str:
    """A profile flag as this audience reads it."""
    return flag.plain if audience.plain else flag.label


def precaution_text(precaution: Precaution, audience: Audience) -> str:
    """A precaution's advice for this audience."""
    return precaution.plain if audience.plain else precaution.text


@dataclass(frozen=True, slots=True)
class Finding:
    """An item answered as a hazard, with its priority for this client and why."""

    item: Item
    section: Section
    response: Response
    decision: PriorityDecision

    @property
    def priority(self) -> Priority:
        return self.decision.priority

    @property
    def raised_by(self) -> tuple[str, ...]:
        return self.decision.raised_by

    @property
    def overridden(self) -> bool:
        return self.decision.overridden

    @property
    def recommendation(self) -> str:
        """The assessor's edited text for this visit, else the catalog's (clinical words)."""
        return wording(self.item, Audience.CLINICIAN, self.response).recommend


@dataclass(frozen=True, slots=True)
class Progress:
    """Answered, applicable and hazard counts for one section.

    A "Don't know" counts as answered (the visit moves on past it) and in `unknown`, never
    as safe or N/A.
    """

    answered: int
    total: int
    hazards: int
    unknown: int = 0

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def item_applies(item: Item, flags: frozenset[str]) -> bool:
    """An item with `applies_if` applies only to clients with at least one of those flags."""
    return not item.applies_if or bool(flags.intersection(item.applies_if))


def applicable_items(section: Section, flags: frozenset[str]) -> tuple[Item, ...]:
    return tuple(item for item in section.items if item_applies(item, flags))


def section_included_by_default(section: Section, flags: frozenset[str]) -> bool:
    """Sections with `applies_if` (mobility aids ...) start switched off without the flag."""
    return not section.applies_if or bool(flags.intersection(section.applies_if))


def default_sections(catalog: Catalog, flags: frozenset[str]) -> tuple[str, ...]:
    return tuple(s.id for s in catalog.sections if section_included_by_default(s, flags))


def visit_sections(catalog: Catalog, section_ids: Iterable[str]) -> tuple[Section, ...]:
    """The visit's sections in catalog order; ids the catalog no longer has are skipped."""
    wanted = set(section_ids)
    return tuple(s for s in catalog.sections if s.id in wanted)


def profile_priority(item: Item, flags: frozenset[str]) -> tuple[Priority, tuple[str, ...]]:
    """The item's priority for this client, and the flags that raised it (if any)."""
    best = item.priority
    for flag, priority in item.raise_if:
        if flag in flags and priority.rank < best.rank:
            best = priority
    if best is item.priority:
        return best, ()
    raised_by = tuple(flag for flag, p in item.raise_if if flag in flags and p is best)
    return best, raised_by


def findings(
    catalog: Catalog,
    sections: Iterable[Section],
    flags: frozenset[str],
    responses: Mapping[str, Response],
) -> list[Finding]:
    """Hazards in priority order, then section order, then item order."""
    found: list[tuple[int, int, int, Finding]] = []
    for section_index, section in enumerate(sections):
        for item_index, item in enumerate(applicable_items(section, flags)):
            response = responses.get(item.id)
            if response is None or response.answer is not Answer.HAZARD:
                continue
            finding = Finding(item, section, response, effective_priority(item, flags, response))
            found.append((finding.priority.rank, section_index, item_index, finding))
    found.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in found]


def priority_counts(found: Iterable[Finding]) -> dict[Priority, int]:
    """Findings per priority, high first, every priority present (0 where none)."""
    counts = dict.fromkeys(sorted(Priority, key=lambda p: p.rank), 0)
    for finding in found:
        counts[finding.priority] += 1
    return counts


def progress(
    section: Section, flags: frozenset[str], responses: Mapping[str, Response]
) -> Progress:
    items = applicable_items(section, flags)
    answered = [responses[i.id] for i in items if i.id in responses]
    hazards = sum(1 for r in answered if r.answer is Answer.HAZARD)
    unknown = sum(1 for r in answered if r.answer is Answer.UNKNOWN)
    return Progress(answered=len(answered), total=len(items), hazards=hazards, unknown=unknown)


def unknown_items(
    sections: Iterable[Section], flags: frozenset[str], responses: Mapping[str, Response]
) -> tuple[tuple[Section, Item], ...]:
    """The items answered "Don't know", in visit order: what was not checked and should be
    asked of a therapist. `sections` are the visit's own (a follow-up's re-check section
    repeats items of them); an item is listed once, retired and no longer applicable items
    not at all, as for findings."""
    seen: set[str] = set()
    listed: list[tuple[Section, Item]] = []
    for section in sections:
        for item in applicable_items(section, flags):
            response = responses.get(item.id)
            if response is None or response.answer is not Answer.UNKNOWN or item.id in seen:
                continue
            seen.add(item.id)
            listed.append((section, item))
    return tuple(listed)


def next_unanswered(
    items: tuple[Item, ...], responses: Mapping[str, Response], after: int
) -> int | None:
    """Index of the next unanswered item after `after`, wrapping round; None when all done.

    An item answered "Don't know" is answered: the cursor does not come back to it."""
    count = len(items)
    for step in range(1, count + 1):
        index = (after + step) % count
        if items[index].id not in responses:
            return index
    return None


def incomplete_sections(
    sections: Iterable[Section], flags: frozenset[str], responses: Mapping[str, Response]
) -> tuple[tuple[Section, Progress], ...]:
    """The sections with items still unanswered, in order, each with its progress: what a
    visit would be completed without. A follow-up's re-check section repeats items of
    other sections, so it is left out rather than counted twice."""
    incomplete = []
    for section in sections:
        if section.kind is SectionKind.RECHECK:
            continue
        counts = progress(section, flags, responses)
        if not counts.complete:
            incomplete.append((section, counts))
    return tuple(incomplete)


def precautions_for(catalog: Catalog, flags: frozenset[str]) -> tuple[Precaution, ...]:
    """Precautions whose flags the client has (any of) and none of whose `unless` flags."""
    chosen = []
    for precaution in catalog.precautions:
        wanted = not precaution.applies_if or bool(flags.intersection(precaution.applies_if))
        if wanted and not flags.intersection(precaution.unless):
            chosen.append(precaution)
    return tuple(chosen)


def techniques_for(catalog: Catalog, found: Iterable[Finding]) -> tuple[Technique, ...]:
    """Each technique that a finding links, once, in the order the findings need them."""
    seen: dict[str, Technique] = {}
    for finding in found:
        technique_id = finding.item.technique
        if technique_id and technique_id not in seen and technique_id in catalog.techniques:
            seen[technique_id] = catalog.techniques[technique_id]
    return tuple(seen.values())


def referrals(found: Iterable[Finding]) -> tuple[tuple[str, tuple[Finding, ...]], ...]:
    """Findings grouped by who to refer to, in the order first needed."""
    groups: dict[str, list[Finding]] = {}
    for finding in found:
        if finding.item.referral:
            groups.setdefault(finding.item.referral, []).append(finding)
    return tuple((who, tuple(items)) for who, items in groups.items())


RECHECK_SECTION = "recheck"


def recheck_section(
    catalog: Catalog, previous: Mapping[str, Response], flags: frozenset[str]
) -> Section | None:
    """A follow-up's first section: the previous visit's findings, to re-check first.

    The items are the catalog's own (same ids), so an answer here is the item's answer
    for the whole visit. Retired items cannot be re-checked and are left out.
    """
    items = tuple(
        item
        for section in catalog.sections
        for item in applicable_items(section, flags)
        if (r := previous.get(item.id)) is not None and r.answer is Answer.HAZARD
    )
    if not items:
        return None
    return Section(
        id=RECHECK_SECTION,
        title="Re-check: findings of the last visit",
        plain_title="Check again: what was found last time",
        kind=SectionKind.RECHECK,
        order=-1,
        items=items,
        intro="Fixed, still there, or no longer applies? Each answer also counts in its "
        "own section.",
    )


@dataclass(frozen=True, slots=True)
class Comparison:
    """How this visit's findings compare with an earlier visit's (item ids, catalog order)."""

    resolved: tuple[str, ...]
    persisting: tuple[str, ...]
    new: tuple[str, ...]
    not_rechecked: tuple[str, ...]
    retired: tuple[str, ...]


def compare(
    catalog: Catalog, previous: Mapping[str, Response], current: Mapping[str, Response]
) -> Comparison:
    """Resolved (was a hazard, now safe or not applicable), persisting, new, not yet
    re-checked (was a hazard, no answer now or "Don't know": not knowing is not fixed),
    and hazards on items since retired."""

    def hazard(responses: Mapping[str, Response], item_id: str) -> bool:
        response = responses.get(item_id)
        return response is not None and response.answer is Answer.HAZARD

    def checked(item_id: str) -> bool:
        response = current.get(item_id)
        return response is not None and response.answer is not Answer.UNKNOWN

    # Visit order (sections as a visit shows them), not the order the files were read in.
    order = {item.id: n for n, item in enumerate(i for s in catalog.sections for i in s.items)}
    was = sorted((i for i in previous if hazard(previous, i)), key=lambda i: order.get(i, -1))
    live = [i for i in was if i in catalog.items]
    return Comparison(
        resolved=tuple(i for i in live if checked(i) and not hazard(current, i)),
        persisting=tuple(i for i in live if hazard(current, i)),
        new=tuple(
            sorted(
                (i for i in current if hazard(current, i) and not hazard(previous, i)),
                key=lambda i: order.get(i, -1),
            )
        ),
        not_rechecked=tuple(i for i in live if not checked(i)),
        retired=tuple(i for i in was if i not in catalog.items),
    )


# -- the plan: findings ranked by urgency ---------------------------------------------------

CONTEXT_WORDS: Mapping[FallContext, str] = {
    FallContext.NIGHT_ROUTE: "night-time route from bed to toilet",
    FallContext.TOILET_BATH: "toilet, bath or shower transfer",
    FallContext.STAIRS: "stairs and steps",
    FallContext.DAILY_ROUTE: "daily route",
    FallContext.HEIGHT: "climbing (a fall from a height)",
    FallContext.SPINE_DAILY: "spine-loading movement done daily",
}
"""Each fall context in the words a ranked finding's reason uses."""

_CONTEXT_RANK = {context: n for n, context in enumerate(FallContext)}


@dataclass(frozen=True, slots=True)
class RankedFinding:
    """A finding at its place in the plan, with why it ranks there."""

    finding: Finding
    position: int
    """1 for the most urgent."""
    reason: str
    """'night-time route from bed to toilet; raised by fall in the past 12 months'."""


def rank_key(finding: Finding) -> tuple[int, int, int, str, int]:
    """Effective priority, then fall context (in `FallContext` order, none last), then
    section order, then the item's place in its section."""
    context = finding.item.context
    context_rank = _CONTEXT_RANK[context] if context is not None else len(_CONTEXT_RANK)
    items = finding.section.items
    place = items.index(finding.item) if finding.item in items else len(items)
    return (finding.priority.rank, context_rank, finding.section.order, finding.section.id, place)


def rank_reason(finding: Finding, flags: Mapping[str, Flag], *, with_note: bool = True) -> str:
    """Why a finding ranks where it does: its fall context in words, and the profile flags
    that raised it or the assessor's override (with the assessor's reason unless
    `with_note` is false: a summary line has no room for free text). `flags` is the
    catalog's, for labels."""
    parts = []
    if finding.item.context is not None:
        parts.append(CONTEXT_WORDS[finding.item.context])
    decision = finding.decision
    if decision.overridden:
        reason = decision.override_reason if with_note else ""
        parts.append(
            f"set to {decision.priority.value} by the assessor" + (f": {reason}" if reason else "")
        )
    elif decision.raised_by:
        labels = (flags[f].label if f in flags else f for f in decision.raised_by)
        parts.append(
            f"raised from {decision.default.value} by "
            + ", ".join(label[:1].lower() + label[1:] for label in labels)
        )
    if not parts:
        parts.append(f"{finding.priority.value} priority")
    return "; ".join(parts)


def rank(found: Iterable[Finding], flags: Mapping[str, Flag]) -> tuple[RankedFinding, ...]:
    """The one urgency order every report and the review share (README, "The plan").

    Effective priority first (the profile's raise and the assessor's override are part of
    it), then what makes a fall with injury likely and often, then section order.
    """
    ordered = sorted(found, key=rank_key)
    return tuple(
        RankedFinding(finding, position, rank_reason(finding, flags))
        for position, finding in enumerate(ordered, 1)
    )


def ranked_findings(
    catalog: Catalog,
    sections: Iterable[Section],
    flags: frozenset[str],
    responses: Mapping[str, Response],
) -> tuple[RankedFinding, ...]:
    """`findings` in the plan's order, each with its reason: what the review lists."""
    return rank(findings(catalog, sections, flags, responses), catalog.flags)
