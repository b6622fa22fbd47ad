"""The household handout as a plan: findings sorted by who acts, each thing said once.

Pure functions over finding entries already in ranked order (`rules.rank`), so the
grouping can be tested without a PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace

from homecheck import rules
from homecheck.model import (
    Action,
    ActionOwner,
    AssessorRole,
    Catalog,
    FixedBy,
    Item,
    Priority,
    SectionKind,
)
from homecheck.report.data import DeviceEntry, FindingEntry, HouseholdPlan
from homecheck.report.record import VisitRecord

CAREGIVER_FLAG = "caregiver_present"
RENTED_FLAG = "rented"
FIX_FIRST_MIN = 3
FIX_FIRST_MAX = 5
"""'Fix these first' holds the three most urgent things the household can do, and up to
five while they are high priority: a short list is one people finish."""


def to_landlord(item: Item, situation: rules.Situation, actions: Mapping[str, Action]) -> bool:
    """A building repair in rented or communal housing (as the chosen variant has it), or
    anything a landlord has taken on."""
    action = actions.get(item.id)
    if action is not None and action.owner is ActionOwner.LANDLORD:
        return True
    return rules.fix(item, situation).owner is FixedBy.BUILDING and RENTED_FLAG in situation.flags


LETTER_OFFER = "your occupational therapist can write a letter"
"""How a renter's variant offers the therapist's letter; the landlord group's intro says it
once for the handout, so its bullets leave that sentence out there."""


def landlord_intro(role: AssessorRole) -> str:
    """The landlord group's opening: ask in writing, the printable letter, and once the
    therapist's supporting letter (from the therapist who did the check, else suggested)."""
    why = "where fittings should go and why you need them"
    ask = (
        "These are repairs or fittings for the building. Ask for them in writing: a one-page"
        " letter that lists them can be printed with this plan."
    )
    if role is AssessorRole.OT:
        return f"{ask} Your occupational therapist can also write a letter to say {why}."
    see = "ask your doctor how to see one"
    return f"{ask} An occupational therapist can write a letter to say {why}: {see}."


def without_letter_offer(text: str) -> str:
    """A renter's advice under the landlord heading: every sentence but the one offering
    the therapist's letter, which the group's intro has already said."""
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    kept = [s for s in sentences if not s.lower().startswith(LETTER_OFFER)]
    return " ".join(kept) if kept else text


def household_plan(
    catalog: Catalog, entries: Iterable[FindingEntry], flags: frozenset[str]
) -> HouseholdPlan:
    """Sort ranked findings by who acts. A fact about the person (a past fall, a
    medicine) is never a fix; a landlord's repair is asked for, not done."""
    del flags  # who acts is already decided per entry (to_landlord, fixed_by)
    landlord: list[FindingEntry] = []
    doctor: list[FindingEntry] = []
    caregiver: list[FindingEntry] = []
    moving: list[FindingEntry] = []
    doable: list[FindingEntry] = []
    for entry in entries:
        if entry.to_landlord:
            landlord.append(entry)
        elif entry.for_caregiver:
            caregiver.append(entry)
        elif entry.fixed_by is FixedBy.DOCTOR:
            doctor.append(entry)
        elif entry.fixed_by is FixedBy.THERAPIST:
            moving.append(entry)
        else:
            doable.append(entry)
    fix_first: list[FindingEntry] = []
    for entry in doable:
        if entry.kind is SectionKind.PERSON:
            continue
        if len(fix_first) >= FIX_FIRST_MAX:
            break
        if len(fix_first) >= FIX_FIRST_MIN and entry.priority is not Priority.HIGH:
            break
        fix_first.append(entry)
    then = [e for e in doable if e not in fix_first]
    groups = (fix_first, then, landlord, doctor, caregiver, moving)
    printed = refer_shared_fixes(e for group in groups for e in group)
    by_id = {e.item_id: e for e in printed}

    def again(group: list[FindingEntry]) -> tuple[FindingEntry, ...]:
        return tuple(by_id[e.item_id] for e in group)

    return HouseholdPlan(
        fix_first=again(fix_first),
        then=again(then),
        landlord=again(landlord),
        doctor=again(doctor),
        moving=again(moving),
        caregiver=again(caregiver),
        devices=devices_to_get(catalog, printed),
    )


def devices_to_get(catalog: Catalog, entries: Iterable[FindingEntry]) -> tuple[DeviceEntry, ...]:
    """Each device once, in the order the plan first needs it, with the findings it
    serves; a landlord's fittings are asked for in that part instead."""
    serves: dict[str, list[str]] = {}
    for entry in entries:
        if entry.to_landlord:
            continue
        for device_id in entry.devices:
            found = serves.setdefault(device_id, [])
            if entry.what not in found:
                found.append(entry.what)
    return tuple(
        DeviceEntry(device_id, catalog.devices[device_id].plain, tuple(found))
        for device_id, found in serves.items()
        if device_id in catalog.devices
    )


def refer_shared_fixes(entries: Iterable[FindingEntry]) -> tuple[FindingEntry, ...]:
    """In printing order: an entry whose recommendation was already printed for another
    finding refers to that finding instead of saying it again."""
    first: dict[str, str] = {}
    result = []
    for entry in entries:
        key = " ".join(entry.recommendation.lower().split())
        if key and key in first:
            entry = replace(entry, same_fix_as=first[key])
        elif key:
            first[key] = entry.what
        result.append(entry)
    return tuple(result)


def first_name(name: str) -> str:
    """The first word of a name, how a handout greets someone."""
    words = name.split()
    return words[0] if words else ""


def helper_of(record: VisitRecord) -> str:
    """The first name of the family caregiver who did the check and is there most days,
    else ''."""
    person = first_name(record.client.name)
    helper = first_name(record.visit.assessor)
    caregiver = record.visit.role is AssessorRole.CAREGIVER and CAREGIVER_FLAG in record.flags
    return helper if caregiver and helper and helper != person else ""


def addressed_to(record: VisitRecord) -> str:
    """'For Ruth', or 'For Ruth, and Sarah who helps at home' when a family caregiver who
    is there most days did the check."""
    person = first_name(record.client.name)
    if not person:
        return ""
    helper = helper_of(record)
    return f"For {person}, and {helper} who helps at home" if helper else f"For {person}"
