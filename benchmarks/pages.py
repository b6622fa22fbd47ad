"""Page counts of the demo visit's reports, and of a follow-up of it (figures, not times).

A report people act on is short: design.md §8 sets the demo's clinician report at 8 pages
or fewer, the household handout at 5, large print at 10, and a follow-up's reports at no
more than the first visit's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from homecheck import rules
from homecheck.demo import DEMO_HAZARDS, add_demo
from homecheck.model import Answer, Catalog
from homecheck.store import Store

FIRST = date(2026, 11, 2)
LATER = date(2026, 12, 7)

KINDS = (("clinician", False), ("household", False), ("household", True))
BUDGET = {("clinician", False): 8, ("household", False): 5, ("household", True): 10}


@dataclass(frozen=True)
class Pages:
    kind: str
    first: int
    follow_up: int
    budget: int


def label(audience: str, large: bool) -> str:
    if large:
        return "large-print handout"
    return "clinician report" if audience == "clinician" else "household handout"


def add_follow_up(store: Store, catalog: Catalog, visit_id: int) -> int:
    """A completed follow-up of the demo: every other finding fixed, the rest still there."""
    first = store.get_visit(visit_id)
    client = store.get_client(first.client_id)
    visit = store.start_visit(
        client.id,
        visit_date=LATER,
        sections=first.sections,
        content_hash=catalog.content_hash,
        assessor=first.assessor,
        role=first.role,
        previous_visit_id=first.id,
    )
    previous = store.responses(first.id)
    still = set(list(DEMO_HAZARDS)[::2])
    for section in rules.visit_sections(catalog, first.sections):
        for item in rules.applicable_items(section, client.flags):
            was = previous.get(item.id)
            if was is None:
                continue
            if was.answer is Answer.HAZARD and item.id in still:
                store.save_response(visit.id, item.id, Answer.HAZARD, note="Not yet done.")
            elif was.answer is Answer.HAZARD:
                store.save_response(visit.id, item.id, Answer.OK)
            else:
                store.save_response(visit.id, item.id, was.answer)
    return store.complete_visit(visit.id).id


def page_counts(folder: Path, catalog: Catalog) -> list[Pages]:
    """Each report of the demo visit and of its follow-up, written and counted."""
    import pypdf

    from homecheck.pdf import render_pdf
    from homecheck.report import Audience, build_report_for_visit

    store = Store(folder / "pages.db")
    _, demo = add_demo(store, catalog, visit_date=FIRST)
    later = add_follow_up(store, catalog, demo.id)
    counts = []
    for audience, large in KINDS:
        pages = []
        for visit_id in (demo.id, later):
            data = build_report_for_visit(store, catalog, visit_id, audience=Audience(audience))
            out = render_pdf(data, folder / f"{visit_id}-{audience}-{large}.pdf", large_print=large)
            pages.append(len(pypdf.PdfReader(out).pages))
        counts.append(Pages(label(audience, large), pages[0], pages[1], BUDGET[(audience, large)]))
    store.close()
    return counts
