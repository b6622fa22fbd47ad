"""Nothing lost, nothing leaked: kill -9, damaged, read-only and locked databases, two
processes at once. Each test would fail without the code it protects."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from homecheck import migrations
from homecheck.cli import main
from homecheck.config import ensure_private_dir
from homecheck.model import Answer
from homecheck.store import Store, StoreError
from tests.demo_database import demo_database


def schema_version_of(path: Path) -> int:
    """The schema version of a database file, read without migrating it."""
    conn = sqlite3.connect(str(path))
    try:
        return migrations.schema_version(conn)
    finally:
        conn.close()


ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DBS = Path(__file__).parent / "fixtures" / "databases"
FIXED = date(2026, 11, 2)


def python(code: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(code)]


def test_answers_survive_sigkill(tmp_path: Path) -> None:
    """A real process saves answers as the TUI does (Store.save_response), printing after
    each commit; it is killed with SIGKILL and every printed answer is on disk."""
    db = tmp_path / "h.db"
    child = subprocess.Popen(
        python(f"""
            import sys, time
            from datetime import date
            from homecheck.store import Store
            from homecheck.model import Answer
            store = Store({str(db)!r})
            client = store.add_client("Kill Example")
            visit = store.start_visit(client.id, visit_date=date(2026, 11, 2),
                                      sections=["bathroom"], content_hash="h")
            print(visit.id, flush=True)
            for n in range(100000):
                store.save_response(visit.id, f"bathroom.item{{n}}", Answer.HAZARD)
                print(n, flush=True)
            """),
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert child.stdout is not None
    visit_id = int(child.stdout.readline())
    confirmed = -1
    while confirmed < 150:
        confirmed = int(child.stdout.readline())
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    store = Store(db)
    saved = store.responses(visit_id)
    assert all(f"bathroom.item{n}" in saved for n in range(confirmed + 1))
    store.close()


def test_damaged_database_is_one_clear_error_and_left_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = Store(db)
    for n in range(50):
        store.add_client(f"Client Example {n}", notes="x" * 500)
    store.close()
    raw = bytearray(db.read_bytes())
    raw[100 : len(raw)] = b"\xff" * (len(raw) - 100)  # keep the header, wreck the pages
    db.write_bytes(bytes(raw))
    with pytest.raises(StoreError, match="damaged") as caught:
        store = Store(db)
        store.list_clients()
    assert "\n" not in str(caught.value)
    assert db.read_bytes() == bytes(raw)


def make_read_only(db: Path) -> None:
    """The file and its folder without write permission. Root may still write both, so
    homecheck itself must treat a file nobody may write as read-only; no privileges are
    dropped, so this runs wherever the checkout is (issue 17)."""
    db.chmod(0o444)
    db.parent.chmod(0o555)


@pytest.fixture
def read_only_db(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    db = demo_database(folder / "h.db")
    make_read_only(db)
    yield db
    folder.chmod(0o755)


def test_read_only_database_is_refused_with_one_line(
    read_only_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A whole process, as the current user (root or not): writing refuses in one line.
    (The second command in this process: the first shows a process ends the same way.)"""
    before = read_only_db.read_bytes()
    refused = (
        f"homecheck: {read_only_db} is read-only; nothing could be saved (check its permissions)\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "homecheck", "--db", str(read_only_db), "demo"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == refused
    # Import checks its file before opening the database: give it one it accepts.
    export = tmp_path / "export.json"
    export.write_text('{"format": "homecheck", "format_version": 1, "clients": []}')
    capsys.readouterr()
    assert main(["--db", str(read_only_db), "import", str(export)]) == 1
    assert capsys.readouterr() == ("", refused)
    assert read_only_db.read_bytes() == before
    assert sorted(os.listdir(read_only_db.parent)) == ["h.db"]


def test_a_read_only_database_can_still_be_read_and_exported(
    read_only_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_only_db.read_bytes()
    capsys.readouterr()
    db = ["--db", str(read_only_db)]
    assert main([*db, "clients", "--json"]) == 0
    assert "Edith Marlow (demo)" in capsys.readouterr().out
    assert main([*db, "visits", "--json"]) == 0
    assert '"status": "completed"' in capsys.readouterr().out
    assert main([*db, "export"]) == 0
    assert '"format": "homecheck"' in capsys.readouterr().out
    assert main([*db, "export", "--format", "csv", "-o", str(tmp_path / "all.csv")]) == 0
    assert main([*db, "report", "1", "-o", str(tmp_path / "r.pdf")]) == 0
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert capsys.readouterr().err == ""
    assert read_only_db.read_bytes() == before
    assert sorted(os.listdir(read_only_db.parent)) == ["h.db"]


def test_a_store_opened_read_only_refuses_every_write_in_one_line(tmp_path: Path) -> None:
    db = demo_database(tmp_path / "h.db")
    before = db.read_bytes()
    store = Store(db, read_only=True)
    try:
        assert store.get_visit(1).status.value == "completed"
        writes = (
            lambda: store.add_client("Other Example"),
            lambda: store.save_response(1, "bathroom.grab_bar_toilet", Answer.NA),
            lambda: store.complete_visit(1),
        )
        for write in writes:
            with pytest.raises(StoreError) as caught:
                write()
            assert str(caught.value) == f"{db} is open read-only; nothing can be saved"
        with pytest.raises(StoreError, match="read-only"), store.atomic():
            pass
    finally:
        store.close()
    assert db.read_bytes() == before


def test_a_read_only_open_sees_answers_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    """The app is open (its log holds answers not yet copied into the file) while
    `homecheck export` reads: the export has them."""
    writer = Store(tmp_path / "h.db")
    client = writer.add_client("Live Example")
    visit = writer.start_visit(client.id, visit_date=FIXED, sections=["x"], content_hash="h")
    writer.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    assert (tmp_path / "h.db-wal").stat().st_size > 0
    for mode in (0o600, 0o444):
        (tmp_path / "h.db").chmod(mode)
        reader = Store(tmp_path / "h.db", read_only=True)
        assert reader.responses(visit.id)["bathroom.grab_bar"].answer is Answer.HAZARD
        reader.close()
    writer.close()


def test_reading_a_read_only_file_leaves_nothing_that_blocks_later_writes(
    tmp_path: Path,
) -> None:
    """SQLite would create read-only -wal and -shm files beside it, and once the file is
    writable again every save would fail as read-only."""
    db = demo_database(tmp_path / "h.db")
    db.chmod(0o400)
    reader = Store(db, read_only=True)
    assert [c.name for c in reader.list_clients()] == ["Edith Marlow (demo)"]
    reader.close()
    assert sorted(os.listdir(tmp_path)) == ["h.db"]
    db.chmod(0o600)
    writer = Store(db)
    writer.add_client("Later Example")
    writer.close()


def test_an_older_read_only_database_says_it_needs_an_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "old.db"
    shutil.copy(FIXTURE_DBS / "schema-v1.db", db)
    make_read_only(db)
    try:
        assert main(["--db", str(db), "clients"]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "older schema (1" in err and "read-only" in err
    finally:
        folder.chmod(0o755)
    db.chmod(0o600)
    assert main(["--db", str(db), "clients"]) == 0  # a writable one is upgraded, as before
    assert "Fixture Example" in capsys.readouterr().out
    assert schema_version_of(db) == migrations.LATEST_VERSION


def test_a_reading_command_upgrades_an_older_writable_database_and_says_what_it_tightened(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "old.db"
    shutil.copy(FIXTURE_DBS / "schema-v1.db", db)
    db.chmod(0o644)
    assert main(["--db", str(db), "visits"]) == 0
    assert capsys.readouterr().err == f"homecheck: made {db} readable by you only\n"
    assert schema_version_of(db) == migrations.LATEST_VERSION
    assert Path(f"{db}.v1.bak").exists()


def test_sqlite_errors_are_told_apart_by_their_code_not_their_words(tmp_path: Path) -> None:
    """A failure whose text happens to say 'locked' is not a lock."""
    store = Store(tmp_path / "h.db")
    store.conn.execute(
        "CREATE TEMP TRIGGER words BEFORE INSERT ON clients"
        " BEGIN SELECT RAISE(ABORT, 'database is locked, read-only and corrupt'); END"
    )
    with pytest.raises(StoreError) as caught:
        store.add_client("Word Example")
    assert str(caught.value).startswith(f"{store.path}: database error:")
    store.close()


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process that takes the write lock and holds it."""
    child = subprocess.Popen(
        python(f"""
            import sqlite3, time
            conn = sqlite3.connect({str(db)!r}, isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            time.sleep({seconds})
            conn.execute("COMMIT")
            """),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "locked"
    return child


def test_locked_database_waits_then_says_so(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = Store(db, busy_timeout_ms=300)
    client = store.add_client("Lock Example")
    child = hold_lock(db, 3600)  # until killed: however slow this machine, still held
    try:
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"locked by another program \(waited 0.3 s\)"):
            store.add_client("Second Example")
        assert time.monotonic() - started >= 0.25
    finally:
        child.kill()
        child.wait()
    assert [c.id for c in store.list_clients()] == [client.id]
    store.close()


def test_a_short_lock_is_waited_out(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    # Short against a wait that even a crowded machine ends well within.
    store = Store(db, busy_timeout_ms=60_000)
    child = hold_lock(db, 0.5)
    store.add_client("Patient Example")  # waits for the other writer, then saves
    child.wait(timeout=30)
    assert [c.name for c in store.list_clients()] == ["Patient Example"]
    store.close()


def test_two_processes_work_on_one_database(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    store = Store(db)
    client = store.add_client("Shared Example")
    visit = store.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    other = subprocess.Popen(
        python(f"""
            from homecheck.store import Store
            from homecheck.model import Answer
            store = Store({str(db)!r})
            for n in range(200):
                store.save_response({visit.id}, f"bathroom.other{{n}}", Answer.OK)
            """),
        cwd=ROOT,
    )
    for n in range(200):
        store.save_response(visit.id, f"bathroom.mine{n}", Answer.HAZARD)
    assert other.wait(timeout=60) == 0
    saved = store.responses(visit.id)
    assert len(saved) == 400
    store.close()


@pytest.mark.parametrize("fixture", sorted(FIXTURE_DBS.glob("schema-v*.db")), ids=lambda p: p.name)
def test_every_earlier_schema_opens_and_upgrades_in_place(tmp_path: Path, fixture: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(fixture, db)
    version = int(fixture.stem.removeprefix("schema-v"))
    store = Store(db)
    assert migrations.schema_version(store.db) == migrations.LATEST_VERSION
    (client,) = store.list_clients()
    assert client.name == "Fixture Example"
    (visit,) = store.list_visits(client.id)
    assert store.responses(visit.id)["bathroom.grab_bar"].answer is Answer.HAZARD
    store.close()
    backup = Path(f"{db}.v{version}.bak")
    if version < migrations.LATEST_VERSION:
        assert backup.exists() and oct(backup.stat().st_mode & 0o777) == "0o600"
        assert schema_version_of(backup) == version
    else:
        assert not backup.exists()


def test_there_is_a_fixture_for_every_released_schema() -> None:
    versions = {int(p.stem.removeprefix("schema-v")) for p in FIXTURE_DBS.glob("schema-v*.db")}
    assert versions == set(range(1, migrations.LATEST_VERSION + 1))


def test_migration_takes_a_private_backup_first(tmp_path: Path) -> None:
    """Simulated: a database one version behind (a future migration is appended)."""
    db = tmp_path / "h.db"
    Store(db).close()
    calls: list[int] = []

    def v_next(database: Any) -> None:
        calls.append(migrations.schema_version(database))
        database.execute("CREATE TABLE extra (x)")

    original = migrations.MIGRATIONS
    migrations.MIGRATIONS = (*original, v_next)
    migrations.LATEST_VERSION = len(migrations.MIGRATIONS)
    try:
        Store(db).close()
    finally:
        migrations.MIGRATIONS = original
        migrations.LATEST_VERSION = len(original)
    backup = Path(f"{db}.v{len(original)}.bak")
    assert calls == [len(original)]
    assert backup.exists() and backup.stat().st_mode & 0o077 == 0
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == len(original)
    conn.close()


@pytest.fixture
def open_umask() -> Iterator[None]:
    """umask 000: whatever homecheck creates must still be private on its own."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def modes(top: Path) -> dict[str, str]:
    return {
        str(p.relative_to(top)): oct(stat.S_IMODE(p.stat().st_mode)) for p in sorted(top.rglob("*"))
    }


@pytest.mark.usefixtures("open_umask")
def test_every_folder_made_is_private_under_any_umask(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    ensure_private_dir(tmp_path / "a" / "b" / "c")
    assert modes(tmp_path) == {"a": "0o700", "a/b": "0o700", "a/b/c": "0o700"}
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755  # it was there: left alone
    ensure_private_dir(tmp_path / "a" / "b" / "c")  # and again: nothing to do


@pytest.mark.usefixtures("open_umask")
def test_the_default_database_and_report_folders_are_private_under_any_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the CLI: the default database's folders, the database and its log, the
    reports folder and the report."""
    monkeypatch.delenv("HOMECHECK_DB", raising=False)
    monkeypatch.setattr(
        "platformdirs.user_data_dir", lambda name: str(tmp_path / "home" / "share" / name)
    )
    assert main(["demo"]) == 0
    assert main(["--reports-dir", str(tmp_path / "out" / "reports"), "report", "1"]) == 0
    capsys.readouterr()
    assert modes(tmp_path / "home") == {
        "share": "0o700",
        "share/homecheck": "0o700",
        "share/homecheck/homecheck.db": "0o600",
    }
    assert set(modes(tmp_path / "out").values()) == {"0o700", "0o600"}


def test_an_existing_open_database_is_made_private_once_and_said_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = demo_database(tmp_path / "h.db")
    capsys.readouterr()
    db.chmod(0o644)
    for command in (["clients"], ["demo"]):
        assert main(["--db", str(db), *command]) == 0
        assert capsys.readouterr().err == f"homecheck: made {db} readable by you only\n"
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        assert main(["--db", str(db), *command]) == 0
        assert capsys.readouterr().err == ""
        db.chmod(0o644)
