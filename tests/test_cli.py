"""The command line: each command works, and each failure is one line, never a traceback."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pypdf
import pytest

from homecheck.cli import main
from tests.demo_database import demo_database

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_clients_visits_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
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


def test_report_goes_to_the_reports_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = demo_db(tmp_path, capsys)
    reports = tmp_path / "my reports"
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
    written = Path(out.strip())
    assert written.parent == reports
    assert re.fullmatch(r"homecheck-[\d-]{10}-visit-1-household-large-print\.pdf", written.name)
    assert stat.S_IMODE(reports.stat().st_mode) == 0o700


def test_environment_variable_chooses_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOMECHECK_DB", str(tmp_path / "env.db"))
    assert run(capsys, "demo")[0] == 0
    assert (tmp_path / "env.db").exists()


def test_checklists_validate_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "checklists", "validate")
    assert code == 0 and out.startswith("ok: ")
    code, out, _ = run(capsys, "checklists", "list", "--json")
    listing = json.loads(out)
    assert sum(s["items"] for s in listing["sections"]) >= 180
    code, out, _ = run(capsys, "checklists", "list")
    assert "bathroom" in out and "items" in out


def test_validate_reports_each_problem_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
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
def test_unknown_ids_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _out, err = run(capsys, "--db", str(tmp_path / "h.db"), *argv)
    assert code == 1 and err == f"homecheck: {message}\n"


def test_report_into_a_missing_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_db(tmp_path, capsys)
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
    assert commands is not None
    for name in commands:
        assert f"homecheck {name}" in readme, name


def test_an_unexpected_failure_is_one_line_without_details(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even a bug prints one line, and never the failing text (it may be a client's note)."""
    import homecheck.pdf

    def explode(*args: object, **kwargs: object) -> NoReturn:
        raise RuntimeError("Zoë's note: private")

    db = demo_db(tmp_path, capsys)
    monkeypatch.setattr(homecheck.pdf, "render_pdf", explode)
    code, _, err = run(capsys, "--db", db, "report", "1")
    assert code == 1 and err.count("\n") == 1
    assert "RuntimeError" in err and "Zoë" not in err and "private" not in err


# -- where and how files are written ------------------------------------------------------


def demo_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The demo database in `tmp_path`, the command's own output read away."""
    db = demo_database(tmp_path / "h.db")
    capsys.readouterr()
    return str(db)


@pytest.mark.parametrize("command", [["export"], ["report", "1"]])
def test_output_onto_a_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    db = demo_db(tmp_path, capsys)
    folder = tmp_path / "out"
    folder.mkdir()
    code, out, err = run(capsys, "--db", db, *command, "-o", str(folder))
    assert code == 1 and out == ""
    assert err == f"homecheck: {folder} is a folder, not a regular file; not writing it\n"


@pytest.mark.parametrize("command", [["export"], ["export", "--format", "csv"], ["report", "1"]])
def test_output_onto_a_special_file_leaves_it_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """A FIFO stands in for /dev/null: renaming over it would replace it with client data."""
    db = demo_db(tmp_path, capsys)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)
    code, _, err = run(capsys, "--db", db, *command, "-o", str(fifo))
    assert (
        code == 1
        and err == f"homecheck: {fifo} is a named pipe, not a regular file; not writing it\n"
    )
    code, _, err = run(capsys, "--db", db, *command, "-o", str(link))
    assert code == 1 and err == f"homecheck: {link} is a link to a named pipe; not writing it\n"
    assert stat.S_ISFIFO(fifo.stat().st_mode) and link.is_symlink()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".homecheck")] == []


def test_a_device_is_refused() -> None:
    from homecheck.files import OutputError, check_target

    with pytest.raises(OutputError, match="is a device"):
        check_target(Path("/dev/null"))


def test_export_replaces_a_regular_file_privately(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_db(tmp_path, capsys)
    out = tmp_path / "export.json"
    out.write_text("old")
    out.chmod(0o644)
    code, printed, _ = run(capsys, "--db", db, "export", "-o", str(out))
    assert code == 0 and printed == f"{out}\n"
    assert json.loads(out.read_text())["clients"][0]["name"] == "Edith Marlow (demo)"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    target = tmp_path / "target.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert run(capsys, "--db", db, "export", "--format", "csv", "-o", str(link))[0] == 0
    assert link.is_symlink() and target.read_text().startswith("client,")


@pytest.mark.parametrize("command", [["export"], ["report", "1"]])
def test_stale_temp_files_are_cleaned_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Left by a killed writer (its process gone) or older than a day: removed on the next
    write to the same folder. A live writer's file and other files stay."""
    from homecheck.files import TEMP_PREFIX

    db = demo_db(tmp_path, capsys)
    folder = tmp_path / "reports"
    folder.mkdir()
    dead = folder / f"{TEMP_PREFIX}999999999-abc"  # above any pid_max
    old = folder / f"{TEMP_PREFIX}{os.getppid()}-def"
    live = folder / f"{TEMP_PREFIX}{os.getppid()}-ghi"
    other = folder / ".homecheck-notes"
    for path in (dead, old, live, other):
        path.write_text("")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert run(capsys, "--db", db, *command, "-o", str(folder / "out"))[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(["out", live.name, other.name])


def test_reports_folder_of_the_current_folder_only_in_a_checkout(tmp_path: Path) -> None:
    from homecheck.config import resolve_config

    (tmp_path / "reports").mkdir()
    env = {"HOME": str(tmp_path / "home")}
    assert resolve_config(environ=env, cwd=tmp_path).reports_dir != tmp_path / "reports"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n')
    assert resolve_config(environ=env, cwd=tmp_path).reports_dir != tmp_path / "reports"
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "homecheck"\n')
    assert resolve_config(environ=env, cwd=tmp_path).reports_dir == tmp_path / "reports"


def test_compare_refuses_a_later_or_another_clients_visit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from homecheck.store import Store

    db = tmp_path / "h.db"
    store = Store(db)
    ada = store.add_client("Ada Example")
    bea = store.add_client("Bea Example")
    early = store.start_visit(ada.id, visit_date=date(2026, 1, 5), sections=["x"], content_hash="h")
    late = store.start_visit(ada.id, visit_date=date(2026, 3, 5), sections=["x"], content_hash="h")
    other = store.start_visit(bea.id, visit_date=date(2026, 1, 1), sections=["x"], content_hash="h")
    store.close()
    argv = ["--db", str(db), "report", str(early.id), "-o", str(tmp_path / "r.pdf")]
    code, _, err = run(capsys, *argv, "--compare", str(late.id))
    assert code == 1 and err == (
        f"homecheck: visit {late.id} is not an earlier visit of the same client"
        f" (it does not come before visit {early.id})\n"
    )
    code, _, err = run(capsys, *argv, "--compare", str(other.id))
    assert code == 1 and err.count("\n") == 1 and "(it is another client's)" in err
    assert not (tmp_path / "r.pdf").exists()


# -- the terminal --------------------------------------------------------------------------


def test_a_closed_pipe_ends_quietly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`homecheck export | head`: the reader goes away; no "internal error", no traceback."""
    db = demo_db(tmp_path, capsys)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "homecheck", "--db", db, "export"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.stderr == "" and result.returncode == 141


def test_usage_errors_are_one_line_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["frobnicate"], ["report"], ["export", "--keep-notes"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        _, err = capsys.readouterr()
        assert exit_info.value.code == 2
        assert err.count("\n") == 1 and err.startswith("homecheck: ") and "--help" in err
    readme = (ROOT / "README.md").read_text()
    assert "exit status 2" in readme and "exit status 1" in readme


HOSTILE = "Ada \x1b]0;owned\x07 Example \x1b[2K\x9b31m \u202eevil"


def test_names_reach_the_terminal_without_escape_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from homecheck.store import Store

    db = tmp_path / "h.db"
    store = Store(db)
    client = store.add_client(HOSTILE)
    store.start_visit(
        client.id, visit_date=date(2026, 1, 5), sections=["x"], content_hash="h", assessor=HOSTILE
    )
    store.close()
    raw = ("\x1b", "\x07", "\x9b", "\u202e")
    code, out, _ = run(capsys, "--db", str(db), "clients")
    assert code == 0 and not any(c in out for c in raw) and "\u241b]0;owned" in out
    code, out, _ = run(capsys, "--db", str(db), "clients", "--json")
    assert not any(c in out for c in raw) and json.loads(out)[0]["name"] == HOSTILE
    code, out, _ = run(capsys, "--db", str(db), "visits", "--json")
    assert not any(c in out for c in raw) and json.loads(out)[0]["assessor"] == HOSTILE
    code, out, _ = run(capsys, "--db", str(db), "visits")
    assert code == 0 and not any(c in out for c in raw)


def test_an_unknown_visit_exports_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Streaming must not start the document before the one visit asked for is known."""
    db = demo_db(tmp_path, capsys)
    code, out, err = run(capsys, "--db", db, "export", "--visit", "99")
    assert code == 1 and out == "" and err == "homecheck: no visit with id 99\n"
    code, out, err = run(capsys, "--db", db, "export", "--visit", "99", "-o", str(tmp_path / "x"))
    assert code == 1 and out == "" and not (tmp_path / "x").exists()


def test_deidentified_export_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_db(tmp_path, capsys)
    code, out, _ = run(capsys, "--db", db, "export", "--deidentify")
    assert code == 0 and "Edith" not in out and "Marlow" not in out
    client = json.loads(out)["clients"][0]
    assert client["name"] == "Client 1" and client["age_band"]
    code, out, _ = run(capsys, "--db", db, "export", "--deidentify", "--keep-notes")
    assert code == 0 and "Marlow" not in out
