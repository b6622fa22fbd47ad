"""The command line: each command works, and each failure is one line, never a traceback."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from homecheck.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_clients_visits_report(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "h.db")
    code, out, _ = run(capsys, "--db", db, "demo")
    assert code == 0 and "completed visit 1" in out
    code, out, _ = run(capsys, "--db", db, "clients", "--json")
    clients = json.loads(out)
    assert clients[0]["id"] == 1 and clients[0]["name"] == "Edith Marlow (demo)"
    code, out, _ = run(capsys, "--db", db, "visits", "1", "--json")
    visits = json.loads(out)
    assert visits[0]["id"] == 1 and visits[0]["status"] == "completed"
    pdf = tmp_path / "out.pdf"
    code, out, _ = run(capsys, "--db", db, "report", "1", "-o", str(pdf))
    assert code == 0 and out.strip() == str(pdf)
    assert "Edith Marlow (demo)" in pypdf.PdfReader(pdf).pages[0].extract_text()
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "h.db").stat().st_mode) == 0o600


def test_report_goes_to_the_reports_dir(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "h.db")
    reports = tmp_path / "my reports"
    run(capsys, "--db", db, "demo")
    code, out, _ = run(
        capsys,
        "--db",
        db,
        "--reports-dir",
        str(reports),
        "report",
        "1",
        "--audience",
        "household",
        "--large-print",
    )
    assert code == 0
    assert Path(out.strip()) == reports / "homecheck-visit-1-household-large-print.pdf"
    assert stat.S_IMODE(reports.stat().st_mode) == 0o700


def test_environment_variable_chooses_the_database(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("HOMECHECK_DB", str(tmp_path / "env.db"))
    assert run(capsys, "demo")[0] == 0
    assert (tmp_path / "env.db").exists()


def test_checklists_validate_and_list(capsys) -> None:
    code, out, _ = run(capsys, "checklists", "validate")
    assert code == 0 and out.startswith("ok: ")
    code, out, _ = run(capsys, "checklists", "list", "--json")
    listing = json.loads(out)
    assert sum(s["items"] for s in listing["sections"]) >= 180
    code, out, _ = run(capsys, "checklists", "list")
    assert "bathroom" in out and "items" in out


def test_validate_reports_each_problem_on_its_own_line(tmp_path: Path, capsys) -> None:
    import shutil

    from tests.conftest import FIXTURES, MINI_CHECKLISTS

    target = tmp_path / "c"
    shutil.copytree(MINI_CHECKLISTS, target)
    shutil.copytree(FIXTURES / "broken" / "unknown_key", target, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "broken" / "precaution_unknown_flag", target, dirs_exist_ok=True)
    code, out, err = run(capsys, "checklists", "validate", str(target))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("homecheck: checklists: ") for line in lines)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["visits", "7"], "no client with id 7"),
        (["report", "42"], "no visit with id 42"),
    ],
)
def test_unknown_ids_are_one_line(tmp_path: Path, capsys, argv, message) -> None:
    code, _out, err = run(capsys, "--db", str(tmp_path / "h.db"), *argv)
    assert code == 1 and err == f"homecheck: {message}\n"


def test_report_into_a_missing_folder_is_one_line(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "h.db")
    run(capsys, "--db", db, "demo")
    code, _, err = run(capsys, "--db", db, "report", "1", "-o", str(tmp_path / "no" / "r.pdf"))
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err


def test_not_a_database_from_a_real_process(tmp_path: Path) -> None:
    """A whole process: one line on stderr, exit 1, no traceback, the file untouched."""
    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    result = subprocess.run(
        [sys.executable, "-m", "homecheck", "--db", str(bad), "clients"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ},
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "not a homecheck database" in result.stderr
    assert bad.read_text() == "not a database"


def test_every_command_is_in_the_readme() -> None:
    """A command missing from the README's reference is a bug (as in sqlite-utils)."""
    from homecheck.cli import build_parser

    readme = (ROOT / "README.md").read_text()
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"homecheck {name}" in readme, name


def test_an_unexpected_failure_is_one_line_without_details(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """Even a bug prints one line, and never the failing text (it may be a client's note)."""
    import homecheck.pdf

    def explode(*args, **kwargs):
        raise RuntimeError("Zoë's note: private")

    run(capsys, "--db", str(tmp_path / "h.db"), "demo")
    monkeypatch.setattr(homecheck.pdf, "render_pdf", explode)
    code, _, err = run(capsys, "--db", str(tmp_path / "h.db"), "report", "1")
    assert code == 1 and err.count("\n") == 1
    assert "RuntimeError" in err and "Zoë" not in err and "private" not in err
