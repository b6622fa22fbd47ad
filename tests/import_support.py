"""A small store with everything an export carries, for the import tests (fictional people).

Two clients on the mini fixture catalog: a completed visit with a measurement, an
override, an edited recommendation, history and an action; its follow-up with a done
action and an answer to a retired item; and a second client's visit in progress. And
`import_text`, the import the CLI does, for tests that start from an export's text.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from homecheck.exchange import export_json, read_import
from homecheck.model import ActionOwner, Answer, AssessorRole, Catalog, Priority, VisitMode
from homecheck.store import Store


def fill_store(store: Store) -> None:
    ada = store.add_client(
        "Ada Example",
        birth_date=date(1941, 3, 28),
        address="1 Oak Lane",
        contact="0123 456",
        caregiver="Son, visits weekly",
        notes="Prefers mornings",
        flags={"osteoporosis", "walker"},
    )
    first = store.start_visit(
        ada.id,
        visit_date=date(2026, 10, 1),
        sections=["bathroom", "out_of_bed"],
        content_hash="h1",
        assessor="Sam Example",
    )
    store.save_response(
        first.id, "bathroom.toilet_height", Answer.HAZARD, measurement=39.5, note="Uses basin"
    )
    store.save_response(first.id, "bathroom.grab_bar", Answer.OK)
    store.save_response(
        first.id,
        "bathroom.grab_bar",
        Answer.HAZARD,
        priority_override=Priority.HIGH,
        override_reason="Fell here",
    )
    store.save_response(first.id, "out_of_bed.no_sit_up", Answer.HAZARD, recommendation="Roll")
    store.save_action(
        first.id,
        "bathroom.toilet_height",
        ActionOwner.FAMILY,
        target_date=date(2026, 10, 15),
        note="Son buys a raised seat",
    )
    store.complete_visit(first.id)
    follow_up = store.start_visit(
        ada.id,
        visit_date=date(2026, 11, 2),
        sections=["bathroom"],
        content_hash="h1",
        assessor="Sam Example",
        previous_visit_id=first.id,
    )
    store.save_response(follow_up.id, "bathroom.toilet_height", Answer.OK, measurement=46)
    store.save_action(
        follow_up.id,
        "bathroom.toilet_height",
        ActionOwner.FAMILY,
        target_date=date(2026, 10, 15),
        done_date=date(2026, 10, 20),
    )
    store.save_response(follow_up.id, "bathroom.bath_mat", Answer.HAZARD)  # a retired item
    store.complete_visit(follow_up.id)
    bea = store.add_client("Bea Example", flags={"lives_alone"})
    third = store.start_visit(
        bea.id,
        visit_date=date(2026, 11, 3),
        sections=["bathroom"],
        content_hash="h1",
        role=AssessorRole.CAREGIVER,
        mode=VisitMode.PHONE,
    )
    store.save_response(third.id, "bathroom.alarm", Answer.NA, note="line one\nline two")


def import_text(store: Store, text: str, catalog: Catalog) -> list[int]:
    """Import an export's text as `homecheck import` does: check it all, then add it in
    one transaction; returns the new client ids."""
    return store.import_records(read_import(text, catalog))


def valid_export() -> dict[str, Any]:
    """The export of `fill_store`, as the decoded JSON document."""
    store = Store()
    try:
        fill_store(store)
        document: dict[str, Any] = json.loads(export_json(store))
        return document
    finally:
        store.close()
