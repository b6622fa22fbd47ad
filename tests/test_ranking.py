"""The plan's order: priority, then fall context, then section order, each with a reason."""

from __future__ import annotations

from homecheck import rules
from homecheck.model import (
    Answer,
    Catalog,
    FallContext,
    Flag,
    Item,
    Priority,
    Response,
    Section,
    SectionKind,
)

FLAGS = {
    "fall_past_year": Flag("fall_past_year", "Fall in the past 12 months", "Has fallen", "Falls"),
    "night_toileting": Flag("night_toileting", "Night toileting", "Up at night", "Falls"),
    "lives_alone": Flag("lives_alone", "Lives alone", "Lives alone", "Living"),
}


def item(
    item_id: str,
    priority: Priority = Priority.MEDIUM,
    context: FallContext | None = None,
    raise_if: tuple[tuple[str, Priority], ...] = (),
) -> Item:
    return Item(
        id=item_id,
        section_id=item_id.split(".")[0],
        check=f"check {item_id}",
        plain=f"plain {item_id}",
        hazard_if="seen",
        priority=priority,
        why="why",
        recommend="do",
        context=context,
        raise_if=raise_if,
    )


def catalog(*sections: tuple[str, int, tuple[Item, ...]]) -> Catalog:
    built = tuple(
        Section(
            id=sid,
            title=sid.title(),
            plain_title=sid,
            kind=SectionKind.HOME,
            order=order,
            items=items,
        )
        for sid, order, items in sections
    )
    return Catalog(
        sections=built,
        techniques={},
        precautions=(),
        flags=FLAGS,
        content_hash="test",
        items={i.id: i for s in built for i in s.items},
    )


def hazards(
    *ids: str, override: dict[str, tuple[Priority, str]] | None = None
) -> dict[str, Response]:
    override = override or {}
    return {
        i: Response(
            visit_id=1,
            item_id=i,
            answer=Answer.HAZARD,
            priority_override=override[i][0] if i in override else None,
            override_reason=override[i][1] if i in override else "",
        )
        for i in ids
    }


def ranked_ids(cat: Catalog, flags: frozenset[str], responses: dict[str, Response]) -> list[str]:
    ranked = rules.ranked_findings(cat, cat.sections, flags, responses)
    return [r.finding.item.id for r in ranked]


HOME = catalog(
    (
        "emergency",
        1,
        (item("emergency.alarm", Priority.HIGH),),
    ),
    (
        "floors",
        2,
        (
            item("floors.rugs", Priority.HIGH, FallContext.DAILY_ROUTE),
            item("floors.spine", Priority.HIGH, FallContext.SPINE_DAILY),
        ),
    ),
    (
        "stairs",
        3,
        (
            item("stairs.rail", Priority.HIGH, FallContext.STAIRS),
            item("stairs.ladder", Priority.HIGH, FallContext.HEIGHT),
        ),
    ),
    (
        "bathroom",
        4,
        (item("bathroom.grab", Priority.HIGH, FallContext.TOILET_BATH),),
    ),
    (
        "bedroom",
        5,
        (
            item(
                "bedroom.light",
                Priority.MEDIUM,
                FallContext.NIGHT_ROUTE,
                raise_if=(("night_toileting", Priority.HIGH), ("fall_past_year", Priority.HIGH)),
            ),
            item("bedroom.lamp", Priority.HIGH, FallContext.NIGHT_ROUTE),
            item("bedroom.clutter", Priority.LOW, FallContext.NIGHT_ROUTE),
        ),
    ),
)


def test_equal_priority_ranks_by_fall_context_not_section_order() -> None:
    responses = hazards(
        "emergency.alarm",
        "floors.rugs",
        "floors.spine",
        "stairs.rail",
        "stairs.ladder",
        "bathroom.grab",
        "bedroom.lamp",
    )
    assert ranked_ids(HOME, frozenset(), responses) == [
        "bedroom.lamp",  # night route, although its section comes last
        "bathroom.grab",
        "stairs.rail",
        "floors.rugs",
        "stairs.ladder",
        "floors.spine",
        "emergency.alarm",  # no fall context: after every context
    ]


def test_priority_comes_before_context() -> None:
    responses = hazards("bedroom.clutter", "emergency.alarm", "bedroom.light")
    assert ranked_ids(HOME, frozenset(), responses) == [
        "emergency.alarm",  # high, no context
        "bedroom.light",  # medium, night route
        "bedroom.clutter",  # low, night route
    ]


def test_a_profile_raise_moves_a_finding_up_and_says_why() -> None:
    responses = hazards("emergency.alarm", "bedroom.light", "floors.rugs")
    flags = frozenset({"fall_past_year", "night_toileting"})
    ranked = rules.ranked_findings(HOME, HOME.sections, flags, responses)
    assert [r.finding.item.id for r in ranked] == [
        "bedroom.light",
        "floors.rugs",
        "emergency.alarm",
    ]
    first = ranked[0]
    assert first.position == 1 and first.finding.priority is Priority.HIGH
    assert first.reason == (
        "night-time route from bed to toilet; raised from medium by night toileting, "
        "fall in the past 12 months"
    )


def test_an_assessor_override_is_applied_and_given_as_the_reason() -> None:
    responses = hazards(
        "bedroom.lamp",
        "floors.rugs",
        override={"bedroom.lamp": (Priority.LOW, "uses a torch kept on the bed")},
    )
    ranked = rules.ranked_findings(HOME, HOME.sections, frozenset(), responses)
    assert [r.finding.item.id for r in ranked] == ["floors.rugs", "bedroom.lamp"]
    assert ranked[1].reason == (
        "night-time route from bed to toilet; set to low by the assessor: "
        "uses a torch kept on the bed"
    )


def test_section_order_then_item_order_break_the_last_ties() -> None:
    cat = catalog(
        ("b", 2, (item("b.one", context=FallContext.STAIRS),)),
        (
            "a",
            1,
            (item("a.two", context=FallContext.STAIRS), item("a.one", context=FallContext.STAIRS)),
        ),
    )
    # The catalog lists "b" first, but its order is later: order decides, then the item.
    assert ranked_ids(cat, frozenset(), hazards("b.one", "a.one", "a.two")) == [
        "a.two",
        "a.one",
        "b.one",
    ]


def test_without_context_or_raise_the_reason_is_the_priority() -> None:
    ranked = rules.ranked_findings(HOME, HOME.sections, frozenset(), hazards("emergency.alarm"))
    assert ranked[0].reason == "high priority"


def test_only_hazards_that_apply_are_ranked() -> None:
    responses = hazards("floors.rugs")
    responses["bedroom.lamp"] = Response(visit_id=1, item_id="bedroom.lamp", answer=Answer.OK)
    assert ranked_ids(HOME, frozenset(), responses) == ["floors.rugs"]


def test_rank_is_pure_and_keeps_every_finding() -> None:
    responses = hazards("bedroom.clutter", "stairs.rail", "emergency.alarm", "floors.spine")
    found = rules.findings(HOME, HOME.sections, frozenset(), responses)
    once = rules.rank(found, HOME.flags)
    again = rules.rank(reversed(found), HOME.flags)
    assert once == again
    assert sorted(r.finding.item.id for r in once) == sorted(responses)
    assert [r.position for r in once] == [1, 2, 3, 4]
