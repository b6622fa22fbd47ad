"""A database holding the demo client and its completed visit (visit 1), as `homecheck
demo` leaves it: written by the command once per process, then copied (80 ms of CPU a
run, in the many tests that only need it there). `test_cli.test_demo_clients_visits_report`
checks what the command itself does."""

from __future__ import annotations

from pathlib import Path

from homecheck.cli import main

_written: list[bytes] = []


def demo_database(db: Path) -> Path:
    """Write the demo database at `db` (file mode 0600, as homecheck makes it: a wider file
    would add a notice line to a command's output)."""
    if _written:
        db.write_bytes(_written[0])
        db.chmod(0o600)
    else:
        assert main(["--db", str(db), "demo"]) == 0
        _written.append(db.read_bytes())
    return db
