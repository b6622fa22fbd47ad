"""The review screen writes the very documents `homecheck report` writes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from homecheck.cli import main
from homecheck.config import Config
from homecheck.demo import add_demo
from homecheck.model import Catalog
from homecheck.store import Store
from homecheck.ui.app import HomecheckApp
from homecheck.ui.screens.review import ReviewScreen


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
