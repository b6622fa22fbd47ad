"""A fictional client with a completed visit, so a newcomer sees a full report at once.

Everything here is invented. Hazards name catalog item ids; an id the catalog no longer has
is skipped, so the demo keeps working as the content evolves.
"""

from __future__ import annotations

from datetime import date

from homecheck import rules
from homecheck.model import Answer, AssessorRole, Catalog, Client, Visit, VisitMode
from homecheck.store import Store

DEMO_NAME = "Edith Marlow (demo)"
DEMO_FLAGS = frozenset(
    {
        "osteoporosis",
        "vertebral_fracture",
        "fall_past_year",
        "cane",
        "lives_alone",
        "night_toileting",
        "sedating_medication",
    }
)

# item id -> (note, measurement or None)
DEMO_HAZARDS: dict[str, tuple[str, float | None]] = {
    "person.no_fall_past_year": (
        "Tripped on the hall runner in March; no injury, but lay on the floor about 20 min.",
        None,
    ),
    "person.medicines_reviewed": (
        "Takes a sleeping tablet most nights; no review in 2 years.",
        None,
    ),
    "floors.rugs_secure": ("Hall runner curls up at both ends.", None),
    "stairs.rails_both_sides": ("Rail on the left going up only; stops two steps short.", None),
    "bathroom.grab_bar_bath_shower": ("Steps out of the bath holding the towel rail.", None),
    "bathroom.toilet_height": ("Pushes on the basin to stand.", 39.0),
    "bedroom.night_light": ("Walks to the toilet in the dark twice a night.", None),
    "emergency.personal_alarm": ("Has a pendant alarm but keeps it in the bedside drawer.", None),
    "kitchen.everyday_storage_height": ("Tea, cups and cereal on the top shelf.", None),
    "reach_high.no_climbing": ("Stands on a kitchen chair to reach the top cupboard.", None),
    "out_of_bed.no_sit_up": ("Sits straight up from lying, pulling on the headboard.", None),
    "lifting.back_straight": ("Lifted a bag of potatoes from the floor with a rounded back.", None),
    "gardening.kneel_or_sit_not_stoop": (
        "Weeds bent from the waist for 30-40 min at a time.",
        None,
    ),
    "cough_sneeze.brace_upright": ("Doubles forward when sneezing (hay fever).", None),
}

# Sections this fictional home and client do not have: answered N/A / not observed.
DEMO_NOT_APPLICABLE = ("pets", "car_transfer", "heavy_work")


def add_demo(
    store: Store, catalog: Catalog, *, visit_date: date | None = None
) -> tuple[Client, Visit]:
    """Add the demo client and a completed visit, all or nothing; returns both.

    One transaction: a failure half-way (a full disk) must not leave a half-made client
    that looks like a real, unfinished assessment.
    """
    with store.atomic():
        client = store.add_client(
            DEMO_NAME,
            birth_date=date(1941, 3, 28),
            address="14 Larch Row, Fernhill",
            contact="01234 000000",
            caregiver="Daughter, visits on Sundays",
            notes="Fictional person for trying homecheck.",
            flags=DEMO_FLAGS,
        )
        sections = rules.default_sections(catalog, client.flags)
        visit = store.start_visit(
            client.id,
            visit_date=visit_date or date.today(),
            sections=sections,
            content_hash=catalog.content_hash,
            assessor="Sam Rivera (demo)",
            role=AssessorRole.OT,
            mode=VisitMode.IN_PERSON,
        )
        for section in rules.visit_sections(catalog, sections):
            for item in rules.applicable_items(section, client.flags):
                if item.id in DEMO_HAZARDS:
                    note, measurement = DEMO_HAZARDS[item.id]
                    store.save_response(
                        visit.id, item.id, Answer.HAZARD, note=note, measurement=measurement
                    )
                elif section.id in DEMO_NOT_APPLICABLE:
                    store.save_response(visit.id, item.id, Answer.NA)
                else:
                    store.save_response(visit.id, item.id, Answer.OK)
        return client, store.complete_visit(visit.id)
