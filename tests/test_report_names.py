"""Report file names: no name in them, never replaced, and found again by their pattern."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from homecheck.cli import main
from homecheck.demo import add_demo
from homecheck.files import TargetExists, private_output
from homecheck.model import Catalog
from homecheck.report.names import (
    ReportKind,
    find_reports,
    parse_report_name,
    report_name,
    unused_report_path,
)
from homecheck.store import Store
from homecheck.ui import opener

DAY = date(2026, 11, 2)


def test_name_carries_date_visit_and_kind() -> None:
    assert report_name(3, DAY, ReportKind.CLINICIAN) == "homecheck-2026-11-02-visit-3-clinician.pdf"
    assert (
        report_name(3, DAY, ReportKind.of("household", large_print=True), copy=2)
        == "homecheck-2026-11-02-visit-3-household-large-print-2.pdf"
    )
    assert ReportKind.of("landlord") is ReportKind.LANDLORD
    for kind in ReportKind:
        for copy in (1, 2, 12):
            assert parse_report_name(report_name(7, DAY, kind, copy)) == (7, DAY, kind, copy)


def test_written_reports_never_carry_a_name_and_never_replace_one(
    tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.db"
    store = Store(db)
    add_demo(store, catalog, visit_date=DAY)
    store.close()
    reports = tmp_path / "reports"
    base = ["--db", str(db), "--reports-dir", str(reports), "report", "1"]
    for argv in (base, base, [*base, "--audience", "household"]):
        assert main(argv) == 0
    printed = capsys.readouterr().out.split()
    assert [Path(p).name for p in printed] == [
        "homecheck-2026-11-02-visit-1-clinician.pdf",
        "homecheck-2026-11-02-visit-1-clinician-2.pdf",
        "homecheck-2026-11-02-visit-1-household.pdf",
    ]
    for name in os.listdir(reports):
        assert "edith" not in name.lower() and "marlow" not in name.lower()


def test_an_explicit_output_that_exists_is_refused_and_left_alone(
    tmp_path: Path, catalog: Catalog, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "h.db"
    store = Store(db)
    add_demo(store, catalog, visit_date=DAY)
    store.close()
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(b"signed copy")
    assert main(["--db", str(db), "report", "1", "-o", str(signed)]) == 1
    err = capsys.readouterr().err
    assert err == f"homecheck: {signed} exists; not replacing a report (choose another name)\n"
    assert signed.read_bytes() == b"signed copy"
    assert sorted(os.listdir(tmp_path)) == ["h.db", "signed.pdf"]


def test_an_exclusive_write_leaves_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    with pytest.raises(TargetExists), private_output(target, binary=True, exclusive=True) as out:
        out.write(b"new")
        target.write_bytes(b"theirs")  # another writer got there first
    assert target.read_bytes() == b"theirs"
    assert os.listdir(tmp_path) == ["r.pdf"]


def test_the_next_copy_takes_the_first_free_number(tmp_path: Path) -> None:
    for copy in (1, 2, 4):
        (tmp_path / report_name(1, DAY, ReportKind.HOUSEHOLD, copy)).write_bytes(b"")
    path = unused_report_path(tmp_path, 1, DAY, ReportKind.HOUSEHOLD)
    assert path.name == "homecheck-2026-11-02-visit-1-household-3.pdf"


def test_discovery_keeps_this_clients_reports_newest_first(tmp_path: Path) -> None:
    names = [
        report_name(1, date(2026, 3, 1), ReportKind.CLINICIAN),
        report_name(2, DAY, ReportKind.HOUSEHOLD),
        report_name(2, DAY, ReportKind.CLINICIAN),
        report_name(2, DAY, ReportKind.CLINICIAN, copy=2),
        "homecheck-visit-1-landlord.pdf",  # named before names carried the date
        report_name(9, DAY, ReportKind.CLINICIAN),  # another client's visit
        "homecheck-2026-11-02-visit-2-clinician.pdf.txt",
        "homecheck-2026-11-02-visit-2-summary.pdf",
        "homecheck-2026-13-02-visit-2-clinician.pdf",
        "notes.pdf",
        ".homecheck-tmp-123-abc",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / report_name(2, DAY, ReportKind.LANDLORD)).mkdir()
    (tmp_path / report_name(1, DAY, ReportKind.HOUSEHOLD)).symlink_to(tmp_path / "notes.pdf")
    found = find_reports(tmp_path, {1, 2})
    assert [r.path.name for r in found] == [
        "homecheck-2026-11-02-visit-2-clinician-2.pdf",
        "homecheck-2026-11-02-visit-2-clinician.pdf",
        "homecheck-2026-11-02-visit-2-household.pdf",
        "homecheck-2026-03-01-visit-1-clinician.pdf",
        "homecheck-visit-1-landlord.pdf",
    ]
    assert found[-1].visit_date is None and found[-1].kind is ReportKind.LANDLORD
    assert find_reports(tmp_path / "missing", {1}) == []


def test_opening_goes_through_one_boundary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    launched: list[Path] = []
    monkeypatch.setattr(opener, "launch", launched.append)
    report = tmp_path / "r.pdf"
    report.write_bytes(b"")
    assert opener.open_path(report) is None
    assert launched == [report]
    assert opener.open_path(tmp_path / "gone.pdf") == (
        "That file is no longer in the reports folder."
    )

    def no_viewer(path: Path) -> None:
        raise opener.NoOpener("No program to open files was found (xdg-open is not installed).")

    monkeypatch.setattr(opener, "launch", no_viewer)
    assert opener.open_path(report) == (
        "No program to open files was found (xdg-open is not installed)."
    )


def test_the_opener_command_per_system(monkeypatch: pytest.MonkeyPatch) -> None:
    assert opener.opener_command("darwin") == ["open"]
    assert opener.opener_command("win32") is None
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert opener.opener_command("linux") is None
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert opener.opener_command("linux") == ["/usr/bin/xdg-open"]
