"""`homecheck import` merges (issue 16), end to end through the command line: two
laptops' databases become one, and a second import of the same files adds nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from homecheck.cli import main
from homecheck.model import Answer
from homecheck.store import Store
from tests.conftest import MINI_CHECKLISTS

GRAB = "bathroom.grab_bar"
ALARM = "bathroom.alarm"


def run(db: Path, *args: str) -> int:
    return main(["--checklists", str(MINI_CHECKLISTS), "--db", str(db), *args])


def add_visit(db: Path, day: date, item: str, value: Answer) -> None:
    """A visit of the database's one client, with one answer (as the app would save it)."""
    store = Store(db)
    (client,) = store.list_clients()
    visit = store.start_visit(client.id, visit_date=day, sections=["bathroom"], content_hash="h")
    store.save_response(visit.id, item, value, note="Private note about Nell")
    store.complete_visit(visit.id)
    store.close()


@pytest.mark.parametrize("kept_bytes", [64 * 2**20, 0], ids=["kept", "read again"])
def test_two_laptops_merge_into_one_client_with_every_visit(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    kept_bytes: int,
) -> None:
    monkeypatch.setattr("homecheck.exchange.format.IMPORT_KEPT_BYTES", kept_bytes)
    laptop_a, laptop_b, agency = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "agency.db"
    store = Store(laptop_a)
    store.add_client("Nell Example", address="1 Oak Lane")
    store.close()
    add_visit(laptop_a, date(2026, 11, 2), GRAB, Answer.HAZARD)

    # Laptop A's client goes to laptop B; each laptop then adds a visit of its own.
    handover = tmp_path / "handover.json"
    assert run(laptop_a, "export", "-o", str(handover)) == 0
    assert run(laptop_b, "import", str(handover)) == 0
    add_visit(laptop_b, date(2026, 11, 9), ALARM, Answer.OK)
    add_visit(laptop_a, date(2026, 11, 16), GRAB, Answer.OK)

    from_a, from_b = tmp_path / "from-a.json", tmp_path / "from-b.json"
    assert run(laptop_a, "export", "-o", str(from_a)) == 0
    assert run(laptop_b, "export", "-o", str(from_b)) == 0
    capsys.readouterr()

    assert run(agency, "import", str(from_a), str(from_b)) == 0
    out = capsys.readouterr().out
    assert out == (
        "imported 2 files: clients: 1 new, 0 unchanged; visits: 3 new, 0 unchanged; 0 conflicts\n"
    )
    store = Store(agency, read_only=True)
    (client,) = store.list_clients()
    visits = store.list_visits(client.id)
    assert [v.visit_date.day for v in visits] == [16, 9, 2]
    assert [len(store.responses(v.id)) for v in visits] == [1, 1, 1]
    assert [len(store.response_history(v.id)) for v in visits] == [1, 1, 1]
    store.close()

    assert run(agency, "import", str(from_a), str(from_b)) == 0
    assert capsys.readouterr().out == (
        "imported 2 files: clients: 0 new, 1 unchanged; visits: 0 new, 3 unchanged; 0 conflicts\n"
    )
    store = Store(agency, read_only=True)
    (client,) = store.list_clients()
    assert len(store.list_visits(client.id)) == 3
    assert sum(len(store.response_history(v.id)) for v in store.list_visits()) == 3
    store.close()


def test_a_repeat_import_says_0_new_1_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, other = tmp_path / "a.db", tmp_path / "b.db"
    store = Store(laptop)
    store.add_client("Nell Example")
    store.close()
    export = tmp_path / "export.json"
    assert run(laptop, "export", "-o", str(export)) == 0
    assert run(other, "import", str(export)) == 0
    capsys.readouterr()
    assert run(other, "import", str(export)) == 0
    assert "clients: 0 new, 1 unchanged" in capsys.readouterr().out


def test_conflicts_are_one_line_each_with_ids_and_times_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop_a, laptop_b = tmp_path / "a.db", tmp_path / "b.db"
    store = Store(laptop_a)
    client = store.add_client("Nell Example")
    visit = store.start_visit(
        client.id, visit_date=date(2026, 11, 2), sections=["bathroom"], content_hash="h"
    )
    store.close()
    handover = tmp_path / "handover.json"
    assert run(laptop_a, "export", "-o", str(handover)) == 0
    assert run(laptop_b, "import", str(handover)) == 0
    clock = iter(range(1_790_000_000_000, 1_790_000_000_100))
    monkeypatch.setattr("homecheck.store.answers.now_ms", lambda: next(clock))
    for db, value in ((laptop_a, Answer.HAZARD), (laptop_b, Answer.OK)):
        store = Store(db)
        (visit,) = store.list_visits()
        store.save_response(visit.id, GRAB, value, note="Nell's secret")
        store.close()
    files = []
    for db in (laptop_a, laptop_b):
        files.append(tmp_path / f"{db.stem}.json")
        assert run(db, "export", "-o", str(files[-1])) == 0
    capsys.readouterr()
    assert run(laptop_a, "import", str(files[1])) == 0
    conflict, summary = capsys.readouterr().out.splitlines()
    assert conflict.startswith("conflict: visit ") and f"item {GRAB}" in conflict
    assert "2026-09-21T14:13:20.001+00:00" in conflict  # both times, the kept one first
    assert "2026-09-21T14:13:20.000+00:00" in conflict
    assert "Nell" not in conflict and "secret" not in conflict
    assert summary.endswith("visits: 0 new, 1 updated, 0 unchanged; 1 conflict")
    store = Store(laptop_a, read_only=True)
    (visit,) = store.list_visits()
    assert store.responses(visit.id)[GRAB].answer is Answer.OK
    assert [c.answer for c in store.response_history(visit.id)] == [Answer.HAZARD, Answer.OK]
    store.close()


def test_one_broken_file_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop, agency = tmp_path / "a.db", tmp_path / "agency.db"
    store = Store(laptop)
    store.add_client("Nell Example")
    store.close()
    good, broken = tmp_path / "good.json", tmp_path / "broken.json"
    assert run(laptop, "export", "-o", str(good)) == 0
    data = json.loads(good.read_text(encoding="utf-8"))
    data["clients"][0]["flags"] = ["no_such_flag"]
    broken.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert run(agency, "import", str(good), str(broken)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"{broken}: clients[0].flags[0]: unknown profile flag" in err
    assert "nothing was imported" in err
    assert not agency.exists()  # checked before the database is even created
    assert run(agency, "import", str(good)) == 0
    assert run(agency, "import", str(good), str(broken)) == 1
    store = Store(agency, read_only=True)
    assert len(store.list_clients()) == 1
    store.close()


def test_a_file_from_before_uuids_still_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.json"
    client = {"name": "Nell Example", "flags": [], "visits": []}
    old.write_text(
        json.dumps({"format": "homecheck", "format_version": 1, "clients": [client]}),
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    assert run(db, "import", str(old)) == 0
    assert "clients: 1 new, 0 unchanged" in capsys.readouterr().out
    store = Store(db, read_only=True)
    (imported,) = store.list_clients()
    assert len(imported.uuid) == 36
    store.close()


def test_a_file_changed_between_check_and_merge_imports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files past the kept bytes are read again for the merge; if one no longer passes,
    the whole import is undone."""
    import homecheck.exchange.reader as reader

    laptop, agency = tmp_path / "a.db", tmp_path / "agency.db"
    store = Store(laptop)
    store.add_client("Nell Example")
    store.close()
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert run(laptop, "export", "-o", str(first)) == 0
    second.write_text(
        json.dumps({"format": "homecheck", "format_version": 2, "clients": []}),
        encoding="utf-8",
    )
    monkeypatch.setattr("homecheck.exchange.format.IMPORT_KEPT_BYTES", 0)
    reads: list[Path] = []
    original = reader.read_import_file

    def read_then_spoil(path: Path) -> str:
        reads.append(path)
        return "{broken" if len(reads) == 4 else original(path)

    monkeypatch.setattr(reader, "read_import_file", read_then_spoil)
    capsys.readouterr()
    assert run(agency, "import", str(first), str(second)) == 1
    err = capsys.readouterr().err
    assert f"import: {second}: not valid JSON" in err and "nothing was imported" in err
    assert reads == [first, second, first, second]
    store = Store(agency, read_only=True)
    assert store.list_clients() == []
    store.close()
