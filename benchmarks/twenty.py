"""Answer a 20-item section with 3 hazards through the real app and count the keys."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from homecheck.checklists import load_catalog
from homecheck.config import Config
from homecheck.model import Answer
from homecheck.store import Store

ROOT = Path(__file__).resolve().parent.parent
HAZARDS = {4, 11, 17}


def make_checklists(folder: Path) -> Path:
    """The test fixture catalog plus one 20-item home section."""
    target = folder / "checklists-20"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", target)
    items = "".join(
        f"""
[[item]]
id = "hall.item{n:02d}"
check = "Hall check {n}"
plain = "Hall check {n}"
hazard_if = "What the assessor sees for check {n}."
priority = "medium"
why = "Reason {n}."
recommend = "Fix {n}."
"""
        for n in range(20)
    )
    (target / "sections" / "hall.toml").write_text(
        '[section]\nid = "hall"\ntitle = "Hall"\nkind = "home"\norder = 1\n' + items
    )
    return target


async def count_keys(folder: Path) -> tuple[int, int, int]:
    from homecheck.ui.app import HomecheckApp
    from homecheck.ui.screens.visit import VisitScreen

    catalog = load_catalog(make_checklists(folder))
    store = Store(folder / "twenty.db")
    client = store.add_client("Twenty Example")
    visit = store.start_visit(
        client.id, visit_date=date(2026, 1, 1), sections=["hall"], content_hash=catalog.content_hash
    )
    config = Config(db_path=folder / "twenty.db", reports_dir=folder, db_is_default=False)
    app = HomecheckApp(store=store, catalog=catalog, config=config)
    keys = 0
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(VisitScreen(visit.id))
        await pilot.pause()
        for n in range(20):
            await pilot.press("h" if n in HAZARDS else "s")
            keys += 1
        await pilot.pause()
    responses = store.responses(visit.id)
    store.close()
    hazards = sum(1 for r in responses.values() if r.answer is Answer.HAZARD)
    return keys, len(responses), hazards
