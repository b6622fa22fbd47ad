"""A renter's building repairs are asked of the landlord, whatever else is true of them.

Building items print under "Ask the landlord or building manager" for a renter, so the
advice chosen there must ask the landlord, also when a more specific variant (wheelchair,
shower only, hip precautions) comes first.
"""

from __future__ import annotations

from itertools import chain, combinations, product

from homecheck import rules
from homecheck.model import Answer, Catalog, FixedBy, Item

RENTED = "rented"


def _situations(item: Item) -> list[rules.Situation]:
    """Every mix of the flags and answers the item's variants name, always with `rented`."""
    flags = sorted(
        {f for a in item.advice for f in chain(a.flags, a.all_flags, a.not_flags)} - {RENTED}
    )
    answers = sorted({key for a in item.advice for key, _ in a.answers})
    subsets = chain.from_iterable(combinations(flags, n) for n in range(len(flags) + 1))
    # Each mix of answers made once, not once per mix of flags: an item naming 15 flags
    # has 32,768 of those, and making them was most of this file's time.
    seen = [
        {key: a for key, a in zip(answers, given, strict=True) if a is not None}
        for given in product((None, Answer.OK, Answer.HAZARD, Answer.NA), repeat=len(answers))
    ]
    situation = rules.Situation
    return [
        situation(flagged, answered)
        for flagged in (frozenset((RENTED, *subset)) for subset in subsets)
        for answered in seen
    ]


def test_every_building_item_asks_a_renters_landlord(catalog: Catalog) -> None:
    """Also a household item whose renter's variant hands the job to the landlord."""
    missing = []
    for section in catalog.sections:
        for item in section.items:
            for situation in _situations(item):
                if rules.fix(item, situation).owner is not FixedBy.BUILDING:
                    continue
                advice = rules.chosen_advice(item, situation)
                words = (advice.recommend, advice.plain_recommend) if advice else ("", "")
                if not all("landlord" in w for w in words):
                    missing.append(f"{item.id} {sorted(situation.flags)} {dict(situation.answers)}")
    assert missing == []


def test_nobody_else_is_sent_to_a_landlord(catalog: Catalog) -> None:
    """An owner-occupier reads the same items with no landlord in them."""
    found = []
    for section in catalog.sections:
        for item in section.items:
            if item.fixed_by is not FixedBy.BUILDING:
                continue
            for situation in _situations(item):
                owner = rules.Situation(situation.flags - {RENTED}, situation.answers)
                advice = rules.chosen_advice(item, owner)
                words = advice or item
                if "landlord" in words.recommend + words.plain_recommend:
                    found.append(f"{item.id} {sorted(owner.flags)}")
    assert found == []


def test_a_repair_handed_to_the_landlord_stays_theirs_for_every_renter(catalog: Catalog) -> None:
    """Where the plain `rented` variant hands the job to the landlord, a more specific
    variant chosen first for a renter (a walking frame, a fracture) does so too."""
    found = []
    for item in catalog.items.values():
        plain = rules.chosen_advice(item, rules.Situation(frozenset({RENTED})))
        if plain is None or plain.fixed_by is not FixedBy.BUILDING:
            continue
        for situation in _situations(item):
            if rules.fix(item, situation).owner is not FixedBy.BUILDING:
                found.append(f"{item.id} {sorted(situation.flags)}")
    assert found == []
