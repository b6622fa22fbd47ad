"""Import refuses whatever would break the store, a report or the next export, with one
line that names the place and the kind of value, never the value (fictional people)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from homecheck.cli import main
from homecheck.exchange import ExchangeError, export_data, export_json, read_import
from homecheck.exchange import reader as reader_module
from homecheck.model import Catalog
from homecheck.report import Audience, build_report_for_visit
from homecheck.store import Store
from tests.conftest import MINI_CHECKLISTS
from tests.import_support import fill_store, import_text, valid_export

TODAY = date(2026, 11, 25)
SECRET = "Gertrude Quillfeather, 99 Unique Crescent"

Doc = dict[str, Any]


def first_visit(d: Doc) -> Doc:
    visit: Doc = d["clients"][0]["visits"][0]
    return visit


def follow_up(d: Doc) -> Doc:
    visit: Doc = d["clients"][0]["visits"][1]
    return visit


def grab_bar(d: Doc) -> Doc:
    response: Doc = first_visit(d)["responses"]["bathroom.grab_bar"]
    return response


V0 = "clients[0].visits[0]"
GRAB = f"{V0}.responses['bathroom.grab_bar']"

# name: (change to a valid export, expected part of the message, text that must not appear)
REFUSED: dict[str, tuple[Callable[[Doc], object], str, str]] = {
    "timestamp in year 1 (issue 11)": (
        lambda d: grab_bar(d).update(updated="0001-01-01T00:00:00+14:00"),
        f"{GRAB}.updated: expected a time from 1970 to 2200 (UTC), got one outside that range",
        "0001",
    ),
    "timestamp far in the future": (
        lambda d: grab_bar(d).update(updated="9999-12-31T23:59:59-14:00"),
        f"{GRAB}.updated: expected a time from 1970 to 2200",
        "9999",
    ),
    "timestamp that is not ISO": (
        lambda d: grab_bar(d).update(updated=SECRET),
        f"{GRAB}.updated: expected a date and time YYYY-MM-DDTHH:MM:SS (ISO 8601), got text in"
        " another form",
        "Gertrude",
    ),
    "timestamp that does not exist": (
        lambda d: grab_bar(d).update(updated="2026-02-30T10:00:00"),
        f"{GRAB}.updated: expected a date and time YYYY-MM-DDTHH:MM:SS (ISO 8601), got a time"
        " that does not exist",
        "02-30",
    ),
    "history entry without its time": (
        lambda d: first_visit(d)["history"][0].pop("changed"),
        f"{V0}.history[0].changed: expected a date and time",
        "Gertrude",
    ),
    "completed before it was created": (
        lambda d: first_visit(d).update(created="2027-01-01T00:00:00+00:00"),
        f"{V0}.completed: earlier than {V0}.created",
        "2027",
    ),
    "completed visit without its completion time": (
        lambda d: first_visit(d).update(completed=""),
        f"{V0}.completed: a completed visit needs this time",
        "Gertrude",
    ),
    "completed visit without its creation time": (
        lambda d: first_visit(d).pop("created"),
        f"{V0}.created: a completed visit needs this time",
        "Gertrude",
    ),
    "visit in progress with a completion time": (
        lambda d: d["clients"][1]["visits"][0].update(completed="2026-11-03T10:00:00Z"),
        'clients[1].visits[0].completed: a visit in progress has none (expected "")',
        "2026-11-03T10",
    ),
    "follow-up dated before its visit (issue 11)": (
        lambda d: follow_up(d).update(date="2026-09-30"),
        "clients[0].visits[1].date: a follow-up cannot be dated before the visit it follows up"
        " (visits[0])",
        "2026-09-30",
    ),
    "follow-up of itself": (
        lambda d: follow_up(d).update(follow_up_of=1),
        "clients[0].visits[1].follow_up_of: must name an earlier visit of this client (0 to 0)",
        "Gertrude",
    ),
    "follow-up number of 400 digits": (
        lambda d: follow_up(d).update(follow_up_of=10**400),
        "clients[0].visits[1].follow_up_of: expected a visit number or null, got a number",
        "1000",
    ),
    "measurement of 400 digits": (
        lambda d: grab_bar(d).update(measurement=10**400),
        f"{GRAB}.measurement: expected a number from 0 to under 100,000, got a number out of"
        " that range",
        "1000",
    ),
    "measurement NaN": (
        lambda d: grab_bar(d).update(measurement=float("nan")),
        f"{GRAB}.measurement: expected a number from 0 to under 100,000, got NaN or infinity",
        "Gertrude",
    ),
    "measurement infinite": (
        lambda d: grab_bar(d).update(measurement=float("-inf")),
        "got NaN or infinity",
        "Gertrude",
    ),
    "measurement negative": (
        lambda d: grab_bar(d).update(measurement=-12.5),
        "got a number out of that range",
        "12.5",
    ),
    "history measurement too large": (
        lambda d: first_visit(d)["history"][0].update(measurement=1e300),
        f"{V0}.history[0].measurement: expected a number from 0 to under 100,000",
        "1e",
    ),
    "birth date holding an address (issue 11)": (
        lambda d: d["clients"][0].update(birth_date=SECRET),
        "clients[0].birth_date: expected a date YYYY-MM-DD, got text in another form",
        "Gertrude",
    ),
    "birth date in the future": (
        lambda d: d["clients"][0].update(birth_date="2999-01-01"),
        "clients[0].birth_date: expected a date from 1890-01-01 to today, got one outside",
        "2999",
    ),
    "birth date too early": (
        lambda d: d["clients"][0].update(birth_date="1812-06-01"),
        "clients[0].birth_date: expected a date from 1890-01-01 to today",
        "1812",
    ),
    "visit date too early": (
        lambda d: first_visit(d).update(date="1066-10-14"),
        f"{V0}.date: expected a date from 1900-01-01 to 2200-12-31, got one outside that range",
        "1066",
    ),
    "visit date in week form": (
        lambda d: first_visit(d).update(date="2026-W44-4"),
        f"{V0}.date: expected a date YYYY-MM-DD, got text in another form",
        "W44",
    ),
    "day that does not exist": (
        lambda d: first_visit(d).update(date="2026-02-30"),
        f"{V0}.date: expected a date YYYY-MM-DD, got a day that does not exist",
        "02-30",
    ),
    "action target date far away": (
        lambda d: first_visit(d)["actions"]["bathroom.toilet_height"].update(
            target_date="9999-12-31"
        ),
        f"{V0}.actions['bathroom.toilet_height'].target_date: expected a date from 1900-01-01",
        "9999",
    ),
    "lone surrogate in a note": (
        lambda d: grab_bar(d).update(note="ok \ud800 Gertrude"),
        f"{GRAB}.note: text contains a lone surrogate (not Unicode) at character 4",
        "Gertrude",
    ),
    "NUL in a name": (
        lambda d: d["clients"][0].update(name="Gertrude\x00Quillfeather"),
        "clients[0].name: text contains a NUL character at character 9",
        "Gertrude",
    ),
    "note too long": (
        lambda d: grab_bar(d).update(note="Gertrude " * 3000),
        f"{GRAB}.note: text longer than the 20,000 characters allowed",
        "Gertrude",
    ),
    "name too long": (
        lambda d: d["clients"][0].update(name="Gertrude " * 40),
        "clients[0].name: text longer than the 300 characters allowed",
        "Gertrude",
    ),
    "unknown flag": (
        lambda d: d["clients"][0].update(flags=["osteoporosis", SECRET]),
        "clients[0].flags[1]: unknown profile flag",
        "Gertrude",
    ),
    "unknown item id among the answers": (
        lambda d: first_visit(d)["responses"].update({SECRET: {"answer": "ok"}}),
        f"{V0}.responses[3]: unknown item id",
        "Gertrude",
    ),
    "unknown item id among the actions": (
        lambda d: first_visit(d)["actions"].update({SECRET: {"owner": "family"}}),
        f"{V0}.actions[1]: unknown item id",
        "Gertrude",
    ),
    "unknown item id in the history": (
        lambda d: first_visit(d)["history"][2].update(item_id=SECRET),
        f"{V0}.history[2].item_id: unknown item id",
        "Gertrude",
    ),
    "unknown section": (
        lambda d: first_visit(d)["sections"].append(SECRET),
        f"{V0}.sections[2]: unknown section",
        "Gertrude",
    ),
    "short text for a role": (
        lambda d: first_visit(d).update(role="Gertrude"),
        f"{V0}.role: expected one of occupational-therapist, physical-therapist, nurse,"
        " caregiver, other, got other text",
        "Gertrude",
    ),
    "priority of the wrong type": (
        lambda d: grab_bar(d).update(priority_override=["high"]),
        f"{GRAB}.priority_override: expected one of high, medium, low, got a list",
        "Gertrude",
    ),
    "unknown field on a client": (
        lambda d: d["clients"][0].update({SECRET: "1941-03-28"}),
        "clients[0]: field 12 (counting from 1) is not part of the homecheck format",
        "Gertrude",
    ),
    "misspelt field on an answer": (
        lambda d: grab_bar(d).update(mesurement=40),
        f"{GRAB}: field 9 (counting from 1) is not part of the homecheck format",
        "mesurement",
    ),
    "visits as text": (
        lambda d: d["clients"][0].update(visits=SECRET),
        "clients[0].visits: expected a list, got text",
        "Gertrude",
    ),
    "answer as an object": (
        lambda d: first_visit(d)["responses"].update({"bathroom.alarm": SECRET}),
        f"{V0}.responses['bathroom.alarm']: expected an object, got text",
        "Gertrude",
    ),
    "exported stamp of another form": (
        lambda d: d.update(exported=SECRET),
        "exported: expected a date and time",
        "Gertrude",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_the_place_and_kind_never_the_value(mini_catalog: Catalog, case: str) -> None:
    change, expected, secret = REFUSED[case]
    document = valid_export()
    change(document)
    store = Store()
    with pytest.raises(ExchangeError) as caught:
        import_text(store, json.dumps(document, ensure_ascii=False), mini_catalog)
    message = str(caught.value)
    assert expected in message
    assert secret not in message
    assert "\n" not in message
    assert store.list_clients() == []
    store.close()


def raw_document(clients_text: str) -> str:
    return '{"format": "homecheck", "format_version": 1, "clients": ' + clients_text + "}"


RAW: dict[str, tuple[str, str]] = {
    "deep nesting": (raw_document("[" * 100_000 + "]" * 100_000), "nested far deeper"),
    "an integer of 5,000 digits": (
        raw_document('[{"name": "Ada Example", "visits": ' + "9" * 5000 + "}]"),
        "clients[0].visits: expected a list, got a number",
    ),
    "a number beyond float": (
        raw_document('[{"name": "Ada Example", "visits": [{"date": 1e400}]}]'),
        "clients[0].visits[0].date: expected a date YYYY-MM-DD, got a number",
    ),
    "the same field twice": (
        raw_document('[{"name": "Ada Example", "name": "Gertrude"}]'),
        "clients[0]: the same field appears twice",
    ),
    "the same item id twice": (
        raw_document(
            '[{"name": "Ada Example", "visits": [{"date": "2026-11-02", "role": "other",'
            ' "mode": "phone", "status": "in-progress", "responses":'
            ' {"bathroom.alarm": {"answer": "ok"}, "bathroom.alarm": {"answer": "na"}}}]}]'
        ),
        "clients[0].visits[0].responses: the same item id appears twice",
    ),
    "a list, not an object": ("[1, 2]", "not a homecheck export"),
    "version as text": (
        '{"format": "homecheck", "format_version": "Gertrude", "clients": []}',
        "format_version: this homecheck reads versions 1 and 2, got text",
    ),
}


@pytest.mark.parametrize("case", sorted(RAW))
def test_refused_raw_json(mini_catalog: Catalog, case: str) -> None:
    text, expected = RAW[case]
    with pytest.raises(ExchangeError) as caught:
        read_import(text, mini_catalog)
    assert expected in str(caught.value)
    assert "Gertrude" not in str(caught.value)


def test_birth_date_up_to_today_is_accepted(mini_catalog: Catalog) -> None:
    document = valid_export()
    document["clients"][0]["birth_date"] = TODAY.isoformat()
    records = read_import(json.dumps(document), mini_catalog, today=TODAY)
    assert records[0].client.birth_date == TODAY
    document["clients"][0]["birth_date"] = "2026-11-26"
    with pytest.raises(ExchangeError, match="to today"):
        read_import(json.dumps(document), mini_catalog, today=TODAY)


def test_a_section_whose_items_were_all_retired_is_accepted(mini_catalog: Catalog) -> None:
    """Visits keep the sections of their day: a section gone from the checklists is known
    by its retired items, and reports skip it."""
    without_bathroom = replace(
        mini_catalog, sections=tuple(s for s in mini_catalog.sections if s.id != "bathroom")
    )
    document = valid_export()
    records = read_import(json.dumps(document), without_bathroom)
    assert "bathroom" in records[0].visits[0].visit.sections
    first_visit(document)["sections"].append("kitchen")
    with pytest.raises(ExchangeError, match=r"visits\[0\]\.sections\[2\]: unknown section$"):
        read_import(json.dumps(document), without_bathroom)


def test_times_with_or_without_an_offset_are_stored_as_utc(mini_catalog: Catalog) -> None:
    document = valid_export()
    visit = first_visit(document)
    visit["created"] = "2026-10-01T10:00:00+02:00"
    visit["completed"] = "2026-10-01 09:30:00.123456"
    visit["responses"]["bathroom.grab_bar"]["updated"] = "2026-10-01T08:15Z"
    visit["history"][0]["changed"] = "2026-10-01T08:10:05.5-0100"
    store = Store()
    import_text(store, json.dumps(document), mini_catalog)
    again = first_visit(export_data(store))
    assert again["created"] == "2026-10-01T08:00:00.000+00:00"
    assert again["completed"] == "2026-10-01T09:30:00.123+00:00"
    assert again["responses"]["bathroom.grab_bar"]["updated"] == "2026-10-01T08:15:00.000+00:00"
    assert again["history"][0]["changed"] == "2026-10-01T09:10:05.500+00:00"
    store.close()


def test_a_de_identified_export_imports(mini_catalog: Catalog) -> None:
    source = Store()
    fill_store(source)
    text = export_json(source, deidentify=True)
    source.close()
    target = Store()
    import_text(target, text, mini_catalog)
    assert sorted(c.name for c in target.list_clients()) == ["Client 1", "Client 2"]
    target.close()


def test_whatever_imports_exports_reports_and_imports_again(mini_catalog: Catalog) -> None:
    """Edge values at the limits: they import, and nothing downstream fails on them."""
    document = valid_export()
    client = document["clients"][0]
    client["birth_date"] = "1890-01-01"
    client["name"] = "Zoë " + "x" * 296
    visit = first_visit(document)
    visit["date"] = "1900-01-01"
    visit["created"] = "1970-01-01T00:00:00Z"
    visit["completed"] = "2200-12-31T23:59:59.999+00:00"
    follow_up(document)["date"] = "2200-12-31"
    grab_bar(document).update(measurement=99_999.99, note="\x1b]0;title\x07 & <b>", updated="")
    store = Store()
    import_text(store, json.dumps(document), mini_catalog)
    text = export_json(store)
    for visit_row in store.list_visits():
        for audience in Audience:
            build_report_for_visit(store, mini_catalog, visit_row.id, audience=audience)
    again = Store()
    import_text(again, text, mini_catalog)
    first, second = json.loads(text), json.loads(export_json(again))
    first.pop("exported")
    second.pop("exported")
    assert first == second
    store.close()
    again.close()


# -- the file itself ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI caches the catalog in the user's cache folder: keep it in tmp_path."""
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))


def run_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], target: Path | str
) -> tuple[int, str]:
    capsys.readouterr()
    code = main(
        [
            "--checklists",
            str(MINI_CHECKLISTS),
            "--db",
            str(tmp_path / "x.db"),
            "import",
            str(target),
        ]
    )
    return code, capsys.readouterr().err


def assert_one_line(err: str, expected: str) -> None:
    assert err.count("\n") == 1, err
    assert err.startswith("homecheck: import: "), err
    assert expected in err, err
    assert "internal error" not in err and "Traceback" not in err


def test_year_one_timestamp_is_refused_and_the_database_stays_usable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = valid_export()
    grab_bar(document)["updated"] = "0001-01-01T00:00:00+14:00"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    code, err = run_import(tmp_path, capsys, path)
    assert code == 1
    assert_one_line(
        err, "bad.json: clients[0].visits[0].responses['bathroom.grab_bar'].updated: expected"
    )
    db = ["--checklists", str(MINI_CHECKLISTS), "--db", str(tmp_path / "x.db")]
    assert main([*db, "export"]) == 0
    assert main([*db, "clients"]) == 0


def test_a_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_import(tmp_path, capsys, tmp_path)
    assert code == 1
    assert_one_line(err, ": is a folder, not a file")


def test_a_device_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run_import(tmp_path, capsys, "/dev/zero")
    assert code == 1
    assert_one_line(err, "/dev/zero: is not a regular file (a device, pipe or socket)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    code, err = run_import(tmp_path, capsys, pipe)
    assert code == 1
    assert_one_line(err, "pipe.json: is not a regular file")


def test_a_file_that_is_not_utf8_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"format": "homecheck",\n"name": "Zo\xeb"}\n')
    code, err = run_import(tmp_path, capsys, path)
    assert code == 1
    assert_one_line(err, "latin1.json: not UTF-8 text (line 2)")


@pytest.mark.parametrize("content", [b"", b"  \n\n"])
def test_an_empty_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(content)
    code, err = run_import(tmp_path, capsys, path)
    assert code == 1
    assert_one_line(err, "empty.json: is empty, not a homecheck export")


def test_a_file_past_the_size_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader_module, "MAX_FILE_BYTES", 1024 * 1024)
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (1024 * 1024 + 1))
    code, err = run_import(tmp_path, capsys, path)
    assert code == 1
    assert_one_line(err, "big.json: larger than 1 MB, the most one import reads")


def test_a_missing_file_and_a_control_character_in_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run_import(tmp_path, capsys, tmp_path / "no\x1b[2Kfile.json")
    assert code == 1
    assert_one_line(err, "no\u241b[2Kfile.json: no such file")
    assert "\x1b" not in err


def test_a_utf8_file_with_a_byte_order_mark_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(valid_export()).encode())
    code, err = run_import(tmp_path, capsys, path)
    assert (code, err) == (0, "")


def test_deep_nesting_and_huge_numbers_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in (
        ("deep.json", raw_document("[" * 100_000 + "]" * 100_000)),
        ("digits.json", raw_document("9" * 5000)),
        ("surrogate.json", raw_document('[{"name": "\\ud800"}]')),
    ):
        path = tmp_path / name
        path.write_text(text)
        code, err = run_import(tmp_path, capsys, path)
        assert code == 1
        assert_one_line(err, f"{name}: ")
