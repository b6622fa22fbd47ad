"""ReportData: what the report says, in what order, for which audience."""

from __future__ import annotations

from datetime import date

from homecheck.demo import DEMO_HAZARDS, add_demo
from homecheck.model import Answer, Catalog, Client, Priority, Visit
from homecheck.report import (
    Audience,
    age_on,
    build_report,
    build_report_for_visit,
    load_visit,
)
from homecheck.store import Store

FIXED = date(2026, 11, 2)


def make_visit(
    store: Store, catalog: Catalog, flags: frozenset[str] = frozenset()
) -> tuple[Client, Visit]:
    client = store.add_client("Ada Example", birth_date=date(1941, 3, 28), flags=flags)
    visit = store.start_visit(
        client.id, visit_date=FIXED, sections=[s.id for s in catalog.sections], content_hash="h"
    )
    return client, visit


def test_findings_in_priority_order_with_notes_and_measurements(
    store: Store, mini_catalog: Catalog
) -> None:
    _client, visit = make_visit(store, mini_catalog, frozenset({"lives_alone"}))
    store.save_response(visit.id, "bathroom.toilet_height", Answer.HAZARD, measurement=39)
    store.save_response(visit.id, "bathroom.alarm", Answer.HAZARD, note="Pendant in a drawer")
    store.save_response(visit.id, "bathroom.grab_bar", Answer.OK)
    data = build_report_for_visit(store, mini_catalog, visit.id)
    assert [f.item_id for f in data.findings] == ["bathroom.alarm", "bathroom.toilet_height"]
    alarm, toilet = data.findings
    assert alarm.priority is Priority.HIGH and "Lives alone" in alarm.priority_reason
    assert alarm.note == "Pendant in a drawer" and alarm.referral == "alarm service"
    assert toilet.measurement == "Seat height: 39 cm (hazard if below 43 cm)"
    assert data.count(Priority.HIGH) == 1 and data.count(Priority.MEDIUM) == 1


def test_counts_are_out_of_applicable_items(store: Store, mini_catalog: Catalog) -> None:
    _client, visit = make_visit(store, mini_catalog)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    data = build_report_for_visit(store, mini_catalog, visit.id)
    bathroom = data.summary[0]
    assert (bathroom.applicable, bathroom.answered, bathroom.high) == (3, 1, 1)
    assert data.applicable == 4 and data.unanswered == 3


def test_appendix_lists_every_applicable_item_with_its_answer(
    store: Store, mini_catalog: Catalog
) -> None:
    _client, visit = make_visit(store, mini_catalog)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.NA)
    store.save_response(visit.id, "out_of_bed.no_sit_up", Answer.HAZARD)
    data = build_report_for_visit(store, mini_catalog, visit.id)
    rows = {row.item_id: row.answer for section in data.appendix for row in section.rows}
    assert rows == {
        "bathroom.grab_bar": "N/A",
        "bathroom.toilet_height": "Not answered",
        "bathroom.alarm": "Not answered",
        "out_of_bed.no_sit_up": "Unsafe",
    }


def test_unsafe_task_brings_its_technique(store: Store, mini_catalog: Catalog) -> None:
    _client, visit = make_visit(store, mini_catalog)
    store.save_response(visit.id, "out_of_bed.no_sit_up", Answer.HAZARD)
    data = build_report_for_visit(store, mini_catalog, visit.id)
    (technique,) = data.techniques
    assert technique.title == "Log roll: getting out of bed" and len(technique.steps) == 3


def test_precautions_follow_the_profile(store: Store, mini_catalog: Catalog) -> None:
    _, without_fracture = make_visit(store, mini_catalog, frozenset({"osteopenia"}))
    data = build_report_for_visit(store, mini_catalog, without_fracture.id)
    assert data.avoid == () and [p.title for p in data.keep] == ["Keep moderate impact"]
    _, fractured = make_visit(
        store, mini_catalog, frozenset({"osteoporosis", "vertebral_fracture"})
    )
    data = build_report_for_visit(store, mini_catalog, fractured.id)
    assert {p.title for p in data.avoid} == {
        "Avoid bending forward under load",
        "Keep impact to brisk walking",
    }
    assert data.keep == ()


def test_edited_recommendation_is_printed_and_marked(store: Store, mini_catalog: Catalog) -> None:
    _, visit = make_visit(store, mini_catalog)
    store.save_response(
        visit.id, "bathroom.grab_bar", Answer.HAZARD, recommendation="Vertical bar on the tap wall"
    )
    for audience in Audience:
        (finding,) = build_report_for_visit(
            store, mini_catalog, visit.id, audience=audience
        ).findings
        assert finding.recommendation == "Vertical bar on the tap wall" and finding.edited


def test_household_wording_is_plain(store: Store, mini_catalog: Catalog) -> None:
    _, visit = make_visit(store, mini_catalog)
    store.save_response(visit.id, "out_of_bed.no_sit_up", Answer.HAZARD)
    data = build_report_for_visit(store, mini_catalog, visit.id, audience=Audience.HOUSEHOLD)
    (finding,) = data.findings
    assert finding.what == "Rolls onto the side first"
    assert data.techniques[0].title == "Getting out of bed without twisting"
    assert data.title == "Home safety plan"


def test_override_reason_is_reported(store: Store, mini_catalog: Catalog) -> None:
    _, visit = make_visit(store, mini_catalog)
    store.save_response(
        visit.id,
        "bathroom.grab_bar",
        Answer.HAZARD,
        priority_override=Priority.LOW,
        override_reason="uses walk-in shower",
    )
    (finding,) = build_report_for_visit(store, mini_catalog, visit.id).findings
    assert finding.priority is Priority.LOW
    assert finding.priority_reason == "Priority set by the assessor: uses walk-in shower"


def test_age_is_computed_on_the_visit_date() -> None:
    assert age_on(date(1941, 3, 28), date(2026, 3, 27)) == "84 (born 1941-03-28)"
    assert age_on(date(1941, 3, 28), date(2026, 3, 28)) == "85 (born 1941-03-28)"
    assert age_on(None, FIXED) == ""


def test_demo_visit_on_the_shipped_content(store: Store, catalog: Catalog) -> None:
    _client, visit = add_demo(store, catalog, visit_date=FIXED)
    data = build_report(catalog, load_visit(store, catalog, visit.id))
    found = {f.item_id for f in data.findings}
    assert found == {i for i in DEMO_HAZARDS if i in catalog.items} and len(found) >= 10
    assert data.unanswered == 0 and data.status == "Completed"
    assert data.techniques and data.avoid and data.referrals
    # A vertebral fracture: the impact limit is there, the moderate-impact advice is not.
    text = " ".join(p.text for p in data.avoid + data.keep).lower()
    assert "impact" in text


def test_answers_to_retired_items_are_kept_and_listed(store: Store, mini_catalog: Catalog) -> None:
    _, visit = make_visit(store, mini_catalog)
    store.save_response(visit.id, "bathroom.bath_mat", Answer.HAZARD, note="old answer")
    store.save_response(visit.id, "bathroom.gone_without_trace", Answer.OK)
    data = build_report_for_visit(store, mini_catalog, visit.id)
    assert [(r.check, r.answer, r.note) for r in data.retired] == [
        ("Non-slip mat in the bath", "Hazard (retired item)", "old answer"),
        ("bathroom.gone_without_trace", "Safe (retired item)", ""),
    ]
    assert data.findings == ()  # a retired item is history, not a finding


def test_load_visit_reads_the_whole_visit_once(store: Store, mini_catalog: Catalog) -> None:
    client, first = make_visit(store, mini_catalog, frozenset({"lives_alone"}))
    store.save_response(first.id, "bathroom.grab_bar", Answer.HAZARD)
    store.complete_visit(first.id)
    second = store.start_visit(
        client.id,
        visit_date=date(2026, 12, 1),
        sections=["bathroom"],
        content_hash="h",
        previous_visit_id=first.id,
    )
    store.save_response(second.id, "bathroom.alarm", Answer.HAZARD, note="Pendant in a drawer")
    record = load_visit(store, mini_catalog, second.id)
    assert record.client == store.get_client(client.id)
    assert record.visit.id == second.id and record.flags == frozenset({"lives_alone"})
    assert [s.id for s in record.sections] == ["bathroom"]
    assert set(record.responses) == {"bathroom.alarm"}
    assert record.previous is not None and record.previous.id == first.id
    assert record.follows == record.previous
    assert set(record.previous_responses) == {"bathroom.grab_bar"}
    assert record.actions == {}


def test_load_visit_compares_without_following_up(store: Store, mini_catalog: Catalog) -> None:
    """A later visit that is not a follow-up still compares with the last completed one,
    but re-checks nothing."""
    client, first = make_visit(store, mini_catalog)
    store.complete_visit(first.id)
    later = store.start_visit(
        client.id, visit_date=date(2026, 12, 1), sections=["bathroom"], content_hash="h"
    )
    record = load_visit(store, mini_catalog, later.id)
    assert record.previous is not None and record.previous.id == first.id
    assert record.follows is None


def test_build_report_is_the_same_from_a_record(store: Store, mini_catalog: Catalog) -> None:
    _, visit = make_visit(store, mini_catalog)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    record = load_visit(store, mini_catalog, visit.id)
    for audience in Audience:
        assert build_report(mini_catalog, record, audience=audience) == build_report_for_visit(
            store, mini_catalog, visit.id, audience=audience
        )


def test_appendix_marks_findings_from_the_answer(store: Store, mini_catalog: Catalog) -> None:
    """A hazard row is marked whatever the section kind calls it (Hazard, Unsafe, Risk)."""
    _, visit = make_visit(store, mini_catalog)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    store.save_response(visit.id, "out_of_bed.no_sit_up", Answer.HAZARD)
    store.save_response(visit.id, "bathroom.alarm", Answer.OK)
    store.save_response(visit.id, "bathroom.bath_mat", Answer.HAZARD)
    data = build_report_for_visit(store, mini_catalog, visit.id)
    marked = {r.item_id: r.answer for s in data.appendix for r in s.rows if r.finding}
    assert marked == {"bathroom.grab_bar": "Hazard", "out_of_bed.no_sit_up": "Unsafe"}
    assert [r.finding for r in data.retired] == [True]
