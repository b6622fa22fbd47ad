"""The agency view: Datasette serves an agency database read-only on localhost, and its
canned queries answer a manager's questions as the reports would. Everyone is fictional."""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from homecheck import rules
from homecheck.agency.checklist import attach_checklist
from homecheck.cli import main
from homecheck.model import ActionOwner, Answer, AssessorRole, Catalog, Priority
from homecheck.store import Store
from tests.conftest import MINI_CHECKLISTS

HAZARD, OK = Answer.HAZARD, Answer.OK
START_TIMEOUT_S = 120  # a loaded 2-core machine; the test waits on the server, not a clock
NAMES = ("Ada Testwood", "Bert Sample", "Cara Placeholder", "Dan Fictional")


def make_agency_db(path: Path, catalog: Catalog) -> None:
    """Four clients as imports from several laptops leave them.

    Ada (lives alone): one completed visit; the alarm item is raised to high by her profile,
    the walker item does not apply to her; an overdue action and a done one.
    Bert (vertebral fracture): a visit and a completed follow-up; an override to high on the
    first visit only; an overdue action carried over to the follow-up.
    Cara: a visit in progress (nothing completed); an action due far in the future.
    Dan: a completed visit with no assessor name, as a de-identified export has.
    """
    store = Store(path)
    h = catalog.content_hash
    both = ["bathroom", "out_of_bed"]
    ada = store.add_client(NAMES[0], flags=["lives_alone"])
    v = store.start_visit(
        ada.id, visit_date=date(2026, 9, 10), sections=both, content_hash=h, assessor="Sam Example"
    )
    for item in ("bathroom.grab_bar", "bathroom.alarm", "bathroom.toilet_height"):
        store.save_response(v.id, item, HAZARD)
    store.save_response(v.id, "bathroom.walker_space", HAZARD)
    store.save_response(v.id, "out_of_bed.no_sit_up", OK)
    store.save_action(v.id, "bathroom.grab_bar", ActionOwner.FAMILY, target_date=date(2020, 1, 15))
    store.save_action(
        v.id,
        "bathroom.alarm",
        ActionOwner.THERAPIST,
        target_date=date(2020, 2, 1),
        done_date=date(2020, 1, 20),
    )
    store.complete_visit(v.id)

    bert = store.add_client(NAMES[1], flags=["vertebral_fracture"])
    first = store.start_visit(
        bert.id,
        visit_date=date(2026, 9, 20),
        sections=both,
        content_hash=h,
        assessor="Lee Example",
        role=AssessorRole.PT,
    )
    store.save_response(first.id, "bathroom.grab_bar", HAZARD)
    store.save_response(
        first.id,
        "bathroom.toilet_height",
        HAZARD,
        priority_override=Priority.HIGH,
        override_reason="Pushes up on the basin",
    )
    store.save_response(first.id, "out_of_bed.no_sit_up", HAZARD)
    store.save_action(
        first.id, "bathroom.toilet_height", ActionOwner.LANDLORD, target_date=date(2020, 3, 1)
    )
    store.complete_visit(first.id)
    follow = store.start_visit(
        bert.id,
        visit_date=date(2026, 10, 20),
        sections=both,
        content_hash=h,
        assessor="Lee Example",
        role=AssessorRole.PT,
        previous_visit_id=first.id,
    )
    store.save_response(follow.id, "bathroom.grab_bar", OK)
    store.save_response(follow.id, "bathroom.toilet_height", HAZARD)
    store.save_response(follow.id, "out_of_bed.no_sit_up", HAZARD)
    store.complete_visit(follow.id)

    cara = store.add_client(NAMES[2])
    v = store.start_visit(
        cara.id, visit_date=date(2026, 9, 28), sections=both, content_hash=h, assessor="sam example"
    )
    store.save_response(v.id, "bathroom.grab_bar", HAZARD)
    store.save_action(v.id, "bathroom.grab_bar", ActionOwner.CLIENT, target_date=date(2099, 12, 31))

    dan = store.add_client(NAMES[3])
    v = store.start_visit(dan.id, visit_date=date(2026, 9, 25), sections=both, content_hash=h)
    store.save_response(v.id, "bathroom.grab_bar", OK)
    store.complete_visit(v.id)
    store.close()


@pytest.fixture
def agency_db(tmp_path: Path, mini_catalog: Catalog) -> Path:
    path = tmp_path / "agency.db"
    make_agency_db(path, mini_catalog)
    return path


def test_findings_view_matches_the_rules(agency_db: Path, mini_catalog: Catalog) -> None:
    """The SQL's findings and effective priorities are those of `rules.findings`."""
    store = Store(agency_db, read_only=True)
    conn = sqlite3.connect(f"file:{agency_db}?mode=ro", uri=True)
    try:
        attach_checklist(conn, mini_catalog)
        got = set(conn.execute("SELECT visit_id, item_id, priority, priority_set_by FROM findings"))
        expected = set()
        for visit in store.list_visits():
            flags = store.get_client(visit.client_id).flags
            sections = rules.visit_sections(mini_catalog, visit.sections)
            for finding in rules.findings(mini_catalog, sections, flags, store.responses(visit.id)):
                source = (
                    "the assessor"
                    if finding.overridden
                    else "the client's profile"
                    if finding.raised_by
                    else "the checklist"
                )
                expected.add((visit.id, finding.item.id, finding.priority.value, source))
    finally:
        conn.close()
        store.close()
    assert got == expected
    assert (1, "bathroom.alarm", "high", "the client's profile") in got
    assert not any(item == "bathroom.walker_space" for _, item, _, _ in got)


def get_json(opener: urllib.request.OpenerDirector, base: str, path: str) -> Any:
    with opener.open(f"{base}{path}", timeout=START_TIMEOUT_S) as response:
        return json.loads(response.read())


def status_of(opener: urllib.request.OpenerDirector, url: str) -> int:
    try:
        with opener.open(url, timeout=START_TIMEOUT_S) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def start_view(db: Path) -> tuple[subprocess.Popen[str], str, str]:
    """`homecheck agency-view` on a free port; its address and sign-in lines, said once it
    listens, are read as soon as they are written (no sleeping), with a generous limit
    for a loaded machine."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "homecheck",
            "--checklists",
            str(MINI_CHECKLISTS),
            "agency-view",
            "--db",
            str(db),
            "--no-open",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=START_TIMEOUT_S)
    if not ready:
        process.kill()
        pytest.fail("agency-view did not start")
    line = process.stdout.readline()
    assert line.startswith("agency view (read-only) at http://127.0.0.1:"), (
        line,
        process.communicate(timeout=60),
    )
    url = line.split(" at ", 1)[1].split()[0]
    sign_in = process.stdout.readline()
    assert sign_in.startswith("sign in (the link works once): "), sign_in
    return process, url, sign_in.split(": ", 1)[1].strip()


def stop_view(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=START_TIMEOUT_S)
    assert process.returncode == 0, err
    return out, err


def test_canned_queries_through_the_json_api(agency_db: Path) -> None:
    before = agency_db.read_bytes(), os.stat(agency_db).st_mtime_ns
    process, url, sign_in = start_view(agency_db)
    root = url.removesuffix("/agency")
    anonymous = urllib.request.build_opener()
    signed_in = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    try:
        assert url.endswith("/agency")
        # Nothing for anyone without the sign-in link: another user, a web page.
        for path in ("/agency", "/agency/overdue_actions.json", "/agency/clients.json"):
            assert status_of(anonymous, root + path) == 403, path
        assert status_of(anonymous, root + "/agency.json?sql=select+name+from+clients") == 403
        assert status_of(signed_in, sign_in) == 200
        assert status_of(anonymous, sign_in) == 403  # it worked once
        queries = {
            name: get_json(signed_in, url, f"/{name}.json?_shape=array")
            for name in (
                "open_high_priority_findings",
                "overdue_actions",
                "common_hazards",
                "visits_per_assessor_per_month",
            )
        }
        metadata = get_json(signed_in, root, "/-/metadata.json")
        clients = get_json(signed_in, url, "/clients.json?_shape=array&_sort=id")
    finally:
        out, err = stop_view(process)

    high = [
        (r["Client"], r["Finding"], r["Priority set by"], r["Action by"], r["Target date"])
        for r in queries["open_high_priority_findings"]
    ]
    assert high == [
        # Ada: her own high item, with its open action; the alarm (raised) is done.
        ("Ada Testwood", "Grab bar at the bath", "the checklist", "Family", "2020-01-15"),
        # Bert: at his follow-up the grab bar is fixed and the override was not repeated.
        ("Bert Sample", "Rolls to the side before sitting up", "the client's profile", "", ""),
    ]

    overdue = [
        (r["Owner"], r["Client"], r["Finding"], r["Target date"], r["Visit date"])
        for r in queries["overdue_actions"]
    ]
    assert overdue == [
        ("Family", "Ada Testwood", "Grab bar at the bath", "2020-01-15", "2026-09-10"),
        # Carried over to the follow-up: listed once, on the latest visit.
        ("Landlord", "Bert Sample", "Toilet seat high enough", "2020-03-01", "2026-10-20"),
    ]
    assert all(r["Days overdue"] > 2000 for r in queries["overdue_actions"])

    common = [
        (
            r["Finding"],
            r["Clients found with it"],
            r["Still there at the latest visit"],
            r["Clients checked for it"],
        )
        for r in queries["common_hazards"]
    ]
    assert common == [
        ("Toilet seat high enough", 2, 2, 2),
        ("Grab bar at the bath", 2, 1, 3),
        ("Alarm reachable in the bathroom", 1, 1, 1),
        ("Rolls to the side before sitting up", 1, 1, 2),
    ]

    visits = [
        (r["Month"], r["Assessor"].lower(), r["Visits"], r["Completed"], r["Follow-ups"])
        for r in queries["visits_per_assessor_per_month"]
    ]
    assert visits == [
        ("2026-10", "lee example", 1, 1, 1),
        ("2026-09", "(no name: de-identified or not given)", 1, 1, 0),
        ("2026-09", "lee example", 1, 1, 0),
        ("2026-09", "sam example", 2, 1, 0),
    ]

    agency = metadata["databases"]["agency"]
    assert agency["tables"]["clients"]["label_column"] == "name"
    assert agency["queries"]["overdue_actions"]["title"] == "Overdue actions, by owner"
    assert [c["name"] for c in clients] == list(NAMES)

    # Read-only: the file is as it was, and nothing is left beside it.
    assert (agency_db.read_bytes(), os.stat(agency_db).st_mtime_ns) == before
    assert sorted(p.name for p in agency_db.parent.iterdir()) == ["agency.db"]
    # No request log: a filter on a name would travel in the address.
    assert not any(name in out + err for name in NAMES)
    assert err == ""

    # Column labels are given for the columns this database has, and only those.
    conn = sqlite3.connect(f"file:{agency_db}?mode=ro&immutable=1", uri=True)
    try:
        for table in ("clients", "visits", "responses", "actions"):
            present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            labelled = set(agency["tables"][table]["columns"])
            assert labelled and labelled <= present, table
    finally:
        conn.close()


def test_view_refuses_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nothing.db"
    code = main(["agency-view", "--db", str(missing), "--no-open"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err
    assert not missing.exists()


def test_without_datasette_one_line_names_the_extra(
    agency_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "datasette.app", None)
    code = main(
        ["--checklists", str(MINI_CHECKLISTS), "agency-view", "--db", str(agency_db), "--no-open"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err == "homecheck: agency-view needs Datasette: pip install 'homecheck[agency]'\n"


def test_a_port_in_use_is_one_line(agency_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        code = main(
            [
                "--checklists",
                str(MINI_CHECKLISTS),
                "agency-view",
                "--db",
                str(agency_db),
                "--no-open",
                "--port",
                port,
            ]
        )
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{port}" in err and "--port" in err
    assert main(["agency-view", "--db", str(agency_db), "--port", "70000"]) == 1
    assert "a port is a number from 0 to 65535" in capsys.readouterr().err
