"""Interchange: export, import into an empty database, export again gives the same."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homecheck.cli import main
from homecheck.demo import add_demo
from homecheck.exchange import (
    ExchangeError,
    age_band,
    export_csv,
    export_data,
    export_json,
    read_import,
)
from homecheck.model import ActionOwner, Answer, Catalog, Priority
from homecheck.store import Store, action_uuid, response_uuid
from tests.import_support import import_text
from tests.privacy_text import without_ids

FIXED = date(2026, 11, 2)


def comparable(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    data.pop("exported")
    return data


def round_trip(source: Store, catalog: Catalog) -> tuple[dict[str, Any], dict[str, Any]]:
    first = export_json(source)
    target = Store()
    import_text(target, first, catalog)
    second = export_json(target)
    target.close()
    return comparable(first), comparable(second)


def test_demo_round_trips_exactly(store: Store, catalog: Catalog) -> None:
    add_demo(store, catalog, visit_date=FIXED)
    first, second = round_trip(store, catalog)
    assert first == second
    visit = first["clients"][0]["visits"][0]
    assert visit["status"] == "completed" and len(visit["history"]) == len(visit["responses"])


def test_everything_an_assessor_records_travels(store: Store, mini_catalog: Catalog) -> None:
    client = store.add_client(
        "Zoë Ødegård-Nguyễn",
        birth_date=date(1941, 3, 28),
        address="12 Rue <Test> & Co",
        flags={"walker", "lives_alone"},
    )
    visit = store.start_visit(
        client.id,
        visit_date=FIXED,
        sections=["bathroom"],
        content_hash="abc",
        assessor="Sam Example",
    )
    store.save_response(
        visit.id,
        "bathroom.toilet_height",
        Answer.HAZARD,
        measurement=39.5,
        note="line one\nline two",
        priority_override=Priority.HIGH,
        override_reason="falls here",
        recommendation="Frame with arms",
    )
    store.save_response(visit.id, "bathroom.grab_bar", Answer.OK)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.NA)
    store.complete_visit(visit.id)
    store.save_response(visit.id, "bathroom.bath_mat", Answer.HAZARD)  # retired: kept
    first, second = round_trip(store, mini_catalog)
    assert first == second
    exported = first["clients"][0]
    assert exported["flags"] == ["lives_alone", "walker"]
    response = exported["visits"][0]["responses"]["bathroom.toilet_height"]
    visit_uuid = exported["visits"][0]["uuid"]
    assert response == {
        "uuid": response_uuid(visit_uuid, "bathroom.toilet_height"),
        "answer": "hazard",
        "note": "line one\nline two",
        "measurement": 39.5,
        "priority_override": "high",
        "override_reason": "falls here",
        "recommendation": "Frame with arms",
        "updated": response["updated"],
    }
    assert exported["visits"][0]["amended"] is True
    assert [h["answer"] for h in exported["visits"][0]["history"]][:3] == ["hazard", "ok", "na"]


def test_one_visit_exports_with_its_client_only(store: Store, mini_catalog: Catalog) -> None:
    a = store.add_client("Ada Example")
    store.add_client("Bea Example")
    v = store.start_visit(a.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    data = export_data(store, visit_id=v.id)
    assert [c["name"] for c in data["clients"]] == ["Ada Example"]
    assert len(data["clients"][0]["visits"]) == 1


def test_deidentified_export_keeps_an_age_band_only(store: Store, mini_catalog: Catalog) -> None:
    client = store.add_client(
        "Ada Example",
        birth_date=date(1941, 3, 28),
        address="1 Oak Lane",
        contact="0123",
        caregiver="Son",
        notes="Prefers mornings",
    )
    v = store.start_visit(
        client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h", assessor="Sam Example"
    )
    store.save_response(v.id, "bathroom.grab_bar", Answer.HAZARD)
    text = export_json(store, deidentify=True, today=FIXED)
    for secret in ("Ada", "Oak Lane", "0123", "Son", "Prefers", "1941", "Sam Example"):
        assert secret not in without_ids(text)
    exported = json.loads(text)["clients"][0]
    assert exported["age_band"] == "85-89" and exported["name"] == "Client 1"
    csv_text = export_csv(store, mini_catalog, deidentify=True, today=FIXED)
    assert "Ada" not in csv_text and "1941" not in without_ids(csv_text)


def test_age_band() -> None:
    assert age_band(date(1941, 3, 28), date(2026, 3, 27)) == "80-84"
    assert age_band(date(1941, 3, 28), date(2026, 3, 28)) == "85-89"
    assert age_band(None, FIXED) == ""


def test_csv_has_one_row_per_answer_with_the_check_text(
    store: Store, mini_catalog: Catalog
) -> None:
    client = store.add_client("Ada Example", flags={"lives_alone"})
    v = store.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    store.save_response(v.id, "bathroom.alarm", Answer.HAZARD, note='a, "quoted" note')
    store.save_response(v.id, "bathroom.toilet_height", Answer.OK, measurement=45)
    rows = list(csv.DictReader(io.StringIO(export_csv(store, mini_catalog))))
    assert [r["item_id"] for r in rows] == ["bathroom.alarm", "bathroom.toilet_height"]
    assert rows[0]["note"] == 'a, "quoted" note' and rows[0]["priority"] == "high"
    assert rows[1]["measurement"] == "45" and rows[1]["unit"] == "cm"
    assert rows[0]["check"] == "Alarm reachable in the bathroom"


def base_document() -> dict[str, Any]:
    return {
        "format": "homecheck",
        "format_version": 1,
        "clients": [
            {
                "name": "Ada Example",
                "flags": [],
                "visits": [
                    {
                        "date": "2026-11-02",
                        "role": "occupational-therapist",
                        "mode": "in-person",
                        "status": "in-progress",
                        "responses": {"bathroom.grab_bar": {"answer": "ok"}},
                    }
                ],
            }
        ],
    }


BAD_IMPORTS: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "unknown item id": (
        lambda d: d["clients"][0]["visits"][0]["responses"].update(
            {"kitchen.nope": {"answer": "ok"}}
        ),
        # By position: an id the catalog does not know is the file's text, never printed.
        "clients[1].visits[0].responses[1]: unknown item id",
    ),
    "answer of the wrong type": (
        lambda d: d["clients"][0]["visits"][0]["responses"]["bathroom.grab_bar"].update(answer=1),
        "responses['bathroom.grab_bar'].answer: expected one of ok, hazard, na, unknown, got a"
        " number",
    ),
    "yes/no answer": (
        lambda d: d["clients"][0]["visits"][0]["responses"]["bathroom.grab_bar"].update(
            answer="yes"
        ),
        "expected one of ok, hazard, na, unknown, got other text",
    ),
    "measurement as text": (
        lambda d: d["clients"][0]["visits"][0]["responses"]["bathroom.grab_bar"].update(
            measurement="39 cm"
        ),
        "measurement: expected a number from 0 to under 100,000, got text",
    ),
    "bad date": (
        lambda d: d["clients"][0]["visits"][0].update(date="02/11/2026"),
        "clients[1].visits[0].date: expected a date YYYY-MM-DD",
    ),
    "unknown flag": (
        lambda d: d["clients"][0].update(flags=["smoker"]),
        "clients[1].flags[0]: unknown profile flag",
    ),
    "name missing": (
        lambda d: d["clients"][0].pop("name"),
        "clients[1].name: expected text, got nothing",
    ),
    "not an export": (lambda d: d.pop("format"), "not a homecheck export"),
    "newer format": (
        lambda d: d.update(format_version=9),
        "format_version: this homecheck reads versions 1 and 2, got a newer version",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_IMPORTS))
def test_bad_import_is_one_message_and_changes_nothing(
    store: Store, mini_catalog: Catalog, case: str
) -> None:
    change, message = BAD_IMPORTS[case]
    document = base_document()
    change(document)
    # A good client before the bad one (so the bad one is clients[1]) must not be imported.
    document["clients"].insert(0, base_document()["clients"][0])
    with pytest.raises(ExchangeError) as caught:
        import_text(store, json.dumps(document), mini_catalog)
    assert message in str(caught.value)
    for quoted in ("Ada", "kitchen.nope", "yes", "39 cm", "02/11/2026", "smoker", "9"):
        assert quoted not in str(caught.value)
    assert store.list_clients() == []


def test_not_json_at_all(mini_catalog: Catalog) -> None:
    with pytest.raises(ExchangeError, match="not valid JSON"):
        read_import("{broken", mini_catalog)


def test_cli_export_file_is_private_and_import_reports_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "a.db")
    assert main(["--db", db, "demo"]) == 0
    out = tmp_path / "export.json"
    assert main(["--db", db, "export", "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    capsys.readouterr()
    assert main(["--db", str(tmp_path / "b.db"), "import", str(out)]) == 0
    assert "clients: 1 new, 0 unchanged; visits: 1 new, 0 unchanged" in capsys.readouterr().out


def test_cli_bad_import_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    document = base_document()
    document["clients"][0]["visits"][0]["responses"]["kitchen.nope"] = {"answer": "ok"}
    bad.write_text(json.dumps(document))
    db = tmp_path / "b.db"
    assert main(["--db", str(db), "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("homecheck: import: ")
    assert main(["--db", str(db), "import", str(tmp_path / "missing.json")]) == 1
    assert "no such file" in capsys.readouterr().err


# Any Unicode except NUL, which import refuses (see test_import_validation).
characters = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
names = st.text(characters, min_size=1, max_size=40).filter(lambda s: s.strip() != "")
notes = st.text(characters, max_size=200)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=names, address=notes, note=notes, reason=notes)
def test_any_unicode_round_trips(
    mini_catalog: Catalog, name: str, address: str, note: str, reason: str
) -> None:
    source = Store()
    client = source.add_client(name, address=address)
    visit = source.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    source.save_response(
        visit.id,
        "bathroom.grab_bar",
        Answer.HAZARD,
        note=note,
        override_reason=reason,
        priority_override=Priority.LOW,
    )
    first, second = round_trip(source, mini_catalog)
    source.close()
    assert first == second
    assert first["clients"][0]["name"] == name.strip()
    assert first["clients"][0]["visits"][0]["responses"]["bathroom.grab_bar"]["note"] == note


def test_answers_and_actions_carry_their_derived_uuid(store: Store, mini_catalog: Catalog) -> None:
    """Each answer and action travels with the UUID its visit and item give, the same in
    every database; one moved by hand to another item is refused at its place."""
    client = store.add_client("Ada Example")
    visit = store.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    store.save_action(visit.id, "bathroom.grab_bar", ActionOwner.FAMILY)
    data = export_data(store)
    exported = data["clients"][0]["visits"][0]
    assert exported["responses"]["bathroom.grab_bar"]["uuid"] == response_uuid(
        exported["uuid"], "bathroom.grab_bar"
    )
    assert exported["actions"]["bathroom.grab_bar"]["uuid"] == action_uuid(
        exported["uuid"], "bathroom.grab_bar"
    )
    read_import(json.dumps(data), mini_catalog, today=FIXED)  # as written: accepted
    moved = exported["responses"].pop("bathroom.grab_bar")
    exported["responses"]["bathroom.toilet_height"] = moved
    with pytest.raises(ExchangeError) as refused:
        read_import(json.dumps(data), mini_catalog, today=FIXED)
    assert "responses" in str(refused.value) and ".uuid:" in str(refused.value)


def test_derived_uuids_are_the_standard_name_based_ones() -> None:
    """The fast derivation gives exactly `uuid.uuid5`, whatever case the visit's UUID."""
    import uuid

    for n in range(200):
        visit = str(uuid.uuid4())
        item = f"section.item_{n}"
        assert response_uuid(visit, item) == str(uuid.uuid5(uuid.UUID(visit), f"response/{item}"))
        assert action_uuid(visit.upper(), item) == str(
            uuid.uuid5(uuid.UUID(visit), f"action/{item}")
        )
