"""Follow-up visits: re-check first, compare with the last visit, and who does what."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from homecheck import rules
from homecheck.cli import main
from homecheck.exchange import ExchangeError, export_json
from homecheck.model import ActionOwner, Answer, Catalog, Client, Response, SectionKind, Visit
from homecheck.pdf import render_pdf
from homecheck.report import Audience, build_report_for_visit
from homecheck.store import Store, StoreError
from tests.import_support import import_text
from tests.pdf_reading import page_texts

FIRST = date(2026, 9, 1)
SECOND = date(2026, 11, 2)


def answer(store: Store, visit_id: int, answers: dict[str, Answer]) -> None:
    for item_id, value in answers.items():
        store.save_response(visit_id, item_id, value)


def first_visit(
    store: Store, catalog: Catalog, flags: frozenset[str] = frozenset()
) -> tuple[Client, Visit]:
    client = store.add_client("Ada Example", flags=flags)
    sections = [s.id for s in catalog.sections]
    visit = store.start_visit(client.id, visit_date=FIRST, sections=sections, content_hash="a")
    answer(
        store,
        visit.id,
        {
            "bathroom.grab_bar": Answer.HAZARD,  # will be fixed
            "bathroom.toilet_height": Answer.HAZARD,  # will persist
            "bathroom.alarm": Answer.OK,  # will become a new finding
            "bathroom.bath_mat": Answer.HAZARD,  # retired since
            "out_of_bed.no_sit_up": Answer.HAZARD,  # not re-checked
        },
    )
    store.save_action(
        visit.id,
        "bathroom.grab_bar",
        ActionOwner.HANDYPERSON,
        target_date=date(2026, 9, 30),
        note="Quote from Sam's Fixings",
    )
    store.save_action(visit.id, "bathroom.toilet_height", ActionOwner.FAMILY)
    store.complete_visit(visit.id)
    return client, visit


def follow_up(store: Store, catalog: Catalog, client: Client, first: Visit) -> Visit:
    sections = [s.id for s in catalog.sections]
    visit = store.start_visit(
        client.id,
        visit_date=SECOND,
        sections=sections,
        content_hash="b",
        previous_visit_id=first.id,
    )
    answer(
        store,
        visit.id,
        {
            "bathroom.grab_bar": Answer.OK,
            "bathroom.toilet_height": Answer.HAZARD,
            "bathroom.alarm": Answer.HAZARD,
        },
    )
    return visit


def test_a_follow_up_links_back_and_takes_over_the_actions(
    store: Store, mini_catalog: Catalog
) -> None:
    client, first = first_visit(store, mini_catalog)
    second = follow_up(store, mini_catalog, client, first)
    assert second.previous_visit_id == first.id
    carried = store.actions(second.id)
    assert set(carried) == {"bathroom.grab_bar", "bathroom.toilet_height"}
    assert carried["bathroom.grab_bar"].owner is ActionOwner.HANDYPERSON
    assert carried["bathroom.grab_bar"].target_date == date(2026, 9, 30)
    # Editing the follow-up's action leaves the first visit's log as it was.
    store.save_action(
        second.id, "bathroom.grab_bar", ActionOwner.HANDYPERSON, done_date=date(2026, 10, 12)
    )
    assert store.actions(first.id)["bathroom.grab_bar"].done_date is None
    assert store.actions(second.id)["bathroom.grab_bar"].done


def test_a_follow_up_of_another_clients_visit_is_refused(
    store: Store, mini_catalog: Catalog
) -> None:
    _, first = first_visit(store, mini_catalog)
    other = store.add_client("Bea Example")
    with pytest.raises(StoreError, match="another client"):
        store.start_visit(
            other.id, visit_date=SECOND, sections=[], content_hash="x", previous_visit_id=first.id
        )


def test_previous_completed_visit(store: Store, mini_catalog: Catalog) -> None:
    client, first = first_visit(store, mini_catalog)
    unlinked = store.start_visit(client.id, visit_date=SECOND, sections=[], content_hash="x")
    assert store.previous_completed_visit(unlinked) == store.get_visit(first.id)
    assert store.previous_completed_visit(store.get_visit(first.id)) is None


def test_comparison_resolved_persisting_new_unchecked_retired(
    store: Store, mini_catalog: Catalog
) -> None:
    client, first = first_visit(store, mini_catalog)
    second = follow_up(store, mini_catalog, client, first)
    result = rules.compare(mini_catalog, store.responses(first.id), store.responses(second.id))
    assert result.resolved == ("bathroom.grab_bar",)
    assert result.persisting == ("bathroom.toilet_height",)
    assert result.new == ("bathroom.alarm",)
    assert result.not_rechecked == ("out_of_bed.no_sit_up",)
    assert result.retired == ("bathroom.bath_mat",)


def test_not_applicable_now_counts_as_resolved(mini_catalog: Catalog) -> None:
    before = {"bathroom.grab_bar": Response(1, "bathroom.grab_bar", Answer.HAZARD)}
    after = {"bathroom.grab_bar": Response(2, "bathroom.grab_bar", Answer.NA)}
    assert rules.compare(mini_catalog, before, after).resolved == ("bathroom.grab_bar",)


def test_recheck_section_holds_the_previous_findings(store: Store, mini_catalog: Catalog) -> None:
    _, first = first_visit(store, mini_catalog, flags=frozenset())
    section = rules.recheck_section(mini_catalog, store.responses(first.id), frozenset())
    assert section is not None and section.kind is SectionKind.RECHECK
    assert [i.id for i in section.items] == [
        "bathroom.grab_bar",
        "bathroom.toilet_height",
        "out_of_bed.no_sit_up",
    ]  # the retired item cannot be re-checked
    assert rules.recheck_section(mini_catalog, {}, frozenset()) is None


def test_report_compares_with_the_previous_visit_by_default(
    store: Store, mini_catalog: Catalog
) -> None:
    client, first = first_visit(store, mini_catalog)
    second = follow_up(store, mini_catalog, client, first)
    data = build_report_for_visit(store, mini_catalog, second.id)
    assert data.comparison is not None
    assert data.comparison.previous_date == FIRST
    assert [e.item_id for e in data.comparison.resolved] == ["bathroom.grab_bar"]
    assert [e.item_id for e in data.comparison.new] == ["bathroom.alarm"]
    assert [e.what for e in data.comparison.retired] == ["Non-slip mat in the bath"]
    # Open actions first (by target date), with their owners.
    assert [(a.item_id, a.owner) for a in data.actions] == [
        ("bathroom.grab_bar", "Handyperson"),
        ("bathroom.toilet_height", "Family"),
    ]


def test_first_visit_has_no_comparison(store: Store, mini_catalog: Catalog) -> None:
    _, first = first_visit(store, mini_catalog)
    assert build_report_for_visit(store, mini_catalog, first.id).comparison is None


def test_compare_with_a_named_visit_must_be_the_same_client(
    store: Store, mini_catalog: Catalog
) -> None:
    client, first = first_visit(store, mini_catalog)
    second = follow_up(store, mini_catalog, client, first)
    other = store.add_client("Bea Example")
    stranger = store.start_visit(other.id, visit_date=FIRST, sections=[], content_hash="x")
    with pytest.raises(StoreError, match="not an earlier visit of the same client"):
        build_report_for_visit(store, mini_catalog, second.id, compare_to=stranger.id)


def test_pdfs_show_the_comparison_and_the_actions(
    tmp_path: Path, store: Store, mini_catalog: Catalog
) -> None:
    client, first = first_visit(store, mini_catalog)
    second = follow_up(store, mini_catalog, client, first)
    clinician = build_report_for_visit(store, mini_catalog, second.id)
    text = pypdf_text(render_pdf(clinician, tmp_path / "c.pdf"))
    assert "Since the visit of 1 September 2026" in text
    assert "1 resolved, 1 persisting, 1 new, 1 not re-checked" in text
    assert text.count("1 September 2026") == 1  # the earlier date once, in the heading
    assert "Action log" in text and "Quote from Sam's Fixings" in text
    household = build_report_for_visit(store, mini_catalog, second.id, audience=Audience.HOUSEHOLD)
    text = pypdf_text(render_pdf(household, tmp_path / "h.pdf"))
    assert "1 fixed, 2 still to do. Now: •" in text  # what was fixed, one line each
    assert "Who is doing what" in text and "Handyperson, by 30 September 2026:" in text


def pypdf_text(path: Path) -> str:
    return " ".join(" ".join(page_texts(path)).split())


def test_cli_report_compare_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "h.db")
    assert main(["--db", db, "demo"]) == 0
    assert main(["--db", db, "demo"]) == 0  # a second demo client and visit
    capsys.readouterr()
    code = main(["--db", db, "report", "2", "--compare", "1", "-o", str(tmp_path / "r.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and "not an earlier visit of the same client" in err


def test_actions_and_the_follow_up_link_round_trip(store: Store, mini_catalog: Catalog) -> None:
    client, first = first_visit(store, mini_catalog)
    follow_up(store, mini_catalog, client, first)
    text = export_json(store)
    data = json.loads(text)
    visits = data["clients"][0]["visits"]
    assert visits[0]["follow_up_of"] is None and visits[1]["follow_up_of"] == 0
    assert visits[1]["actions"]["bathroom.grab_bar"]["owner"] == "handyperson"
    target = Store()
    import_text(target, text, mini_catalog)
    again = json.loads(export_json(target))
    data.pop("exported")
    again.pop("exported")
    assert again == data
    (imported_first, imported_second) = sorted(target.list_visits(), key=lambda v: v.id)
    assert imported_second.previous_visit_id == imported_first.id
    target.close()


def test_a_follow_up_must_point_to_an_earlier_visit(store: Store, mini_catalog: Catalog) -> None:
    client, first = first_visit(store, mini_catalog)
    follow_up(store, mini_catalog, client, first)
    data = json.loads(export_json(store))
    data["clients"][0]["visits"][1]["follow_up_of"] = 1
    with pytest.raises(ExchangeError, match=r"visits\[1\].follow_up_of: must name an earlier"):
        import_text(Store(), json.dumps(data), mini_catalog)
    data["clients"][0]["visits"][1]["follow_up_of"] = 0
    data["clients"][0]["visits"][1]["actions"]["bathroom.grab_bar"]["owner"] = "neighbour"
    with pytest.raises(ExchangeError, match="owner: expected one of client, family"):
        import_text(Store(), json.dumps(data), mini_catalog)


def test_comparison_lists_follow_the_visit_order(catalog: Catalog) -> None:
    """The person section comes first in a visit, though its file sorts after bathroom."""
    ids = ["bathroom.toilet_height", "person.no_fall_past_year"]
    before = {i: Response(1, i, Answer.HAZARD) for i in ids}
    after = {i: Response(2, i, Answer.OK) for i in ids}
    assert rules.compare(catalog, before, after).resolved == (
        "person.no_fall_past_year",
        "bathroom.toilet_height",
    )
