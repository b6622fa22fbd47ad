"""The review screen writes the very documents `homecheck report` writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable

from homecheck.cli import main
from homecheck.config import Config
from homecheck.demo import add_demo
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.ui import opener
from homecheck.ui.app import HomecheckApp
from homecheck.ui.dialogs.report_saved import ReportSavedDialog
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.review import ReviewScreen
from tests.ui_support import footer_text, make_app, until


@pytest.mark.parametrize(
    ("key", "argv", "name"),
    [
        ("r", [], "homecheck-2026-11-02-visit-1-clinician.pdf"),
        ("g", ["--audience", "household"], "homecheck-2026-11-02-visit-1-household.pdf"),
        (
            "l",
            ["--audience", "household", "--large-print"],
            "homecheck-2026-11-02-visit-1-household-large-print.pdf",
        ),
    ],
)
async def test_review_and_cli_write_identical_pdfs(
    tmp_path: Path, catalog: Catalog, key: str, argv: list[str], name: str
) -> None:
    db = tmp_path / "h.db"
    store = Store(db)
    add_demo(store, catalog, visit_date=date(2026, 11, 2))
    tui_dir = tmp_path / "tui"
    tui_dir.mkdir()
    app = HomecheckApp(
        store=store,
        catalog=catalog,
        config=Config(db_path=db, reports_dir=tui_dir, db_is_default=False),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ReviewScreen(1))
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    store.close()
    cli_pdf = tmp_path / "cli.pdf"
    assert main(["--db", str(db), "report", "1", *argv, "-o", str(cli_pdf)]) == 0
    assert (tui_dir / name).read_bytes() == cli_pdf.read_bytes()


async def test_reports_stay_said_and_can_be_found_again(
    tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written on the review (twice, so two copies) and from the command line: the message
    stays until closed, and the client screen lists all three and opens one."""
    launched: list[Path] = []
    monkeypatch.setattr(opener, "launch", launched.append)  # never a real viewer
    db = tmp_path / "h.db"
    store = Store(db)
    client, visit = add_demo(store, catalog, visit_date=date(2026, 11, 2))
    reports = tmp_path / "reports"
    assert (
        main(
            [
                "--db",
                str(db),
                "--reports-dir",
                str(reports),
                "report",
                "1",
                "--audience",
                "household",
            ]
        )
        == 0
    )
    (reports / "shopping.pdf").write_bytes(b"")
    app = make_app(store, catalog, Config(db_path=db, reports_dir=reports, db_is_default=False))
    async with app.run_test() as pilot:
        await app.push_screen(ReviewScreen(visit.id))
        for _ in range(2):
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await until(pilot, lambda: isinstance(app.screen, ReportSavedDialog))
            await pilot.press("escape")
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(app.screen, ReportSavedDialog))
        await until(pilot, lambda: bool(footer_text(pilot)))  # drawn once bindings are
        shown = footer_text(pilot)  # the dialog's own keys, not the review's under it
        assert "Open" in shown and "Reopen" not in shown, shown
        await pilot.press("o")
        third = reports / "homecheck-2026-11-02-visit-1-clinician-3.pdf"
        assert launched == [third]
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        await pilot.press("tab")  # from the visits, where a client with visits opens
        table = app.screen.query_one("#reports", DataTable)
        assert app.focused is table
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [str(row[2]) for row in rows] == [
            "homecheck-2026-11-02-visit-1-clinician-3.pdf",
            "homecheck-2026-11-02-visit-1-clinician-2.pdf",
            "homecheck-2026-11-02-visit-1-clinician.pdf",
            "homecheck-2026-11-02-visit-1-household.pdf",
        ]
        assert [str(cell) for cell in rows[3][:2]] == ["2026-11-02", "Household handout"]
        await pilot.press("down", "down", "down", "enter")
        assert launched[-1] == reports / "homecheck-2026-11-02-visit-1-household.pdf"
        await pilot.press("f")
        assert launched[-1] == reports
    store.close()
