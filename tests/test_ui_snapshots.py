"""SVG snapshots of the key screens: mini catalog, fixed sizes, fixed dates, fictional people.

Regenerate with `pytest tests/test_ui_snapshots.py --snapshot-update` and look at the SVGs
in tests/__snapshots__/ before accepting them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from homecheck import rules
from homecheck.config import Config
from homecheck.model import Answer, AssessorRole, Catalog, Priority, VisitMode
from homecheck.store import Store
from homecheck.ui.app import HomecheckApp
from homecheck.ui.screens import visit_setup
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.review import ReviewScreen
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from homecheck.ui.widgets import review_tables
from tests.ui_support import detail_shown, make_app

SnapCompare = Callable[..., bool]
WIDE = (120, 40)
SMALL = (80, 24)
TODAY = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(visit_setup, "_today", lambda: TODAY)


def assert_snapshot(
    snap_compare: SnapCompare, app: HomecheckApp, *, shows: tuple[str, ...], **kwargs: Any
) -> None:
    """Compare, but first make sure the screenshot is not of a crashed, empty app.

    A screen that raises while composing still yields a (blank) screenshot, which
    --snapshot-update would accept without complaint.
    """
    matched = snap_compare(app, **kwargs)
    svg = app.return_value
    assert isinstance(svg, str)
    for text in shows:
        assert html.escape(text).replace(" ", "&#160;") in svg, f"{text!r} not on screen"
    assert matched


def add_clients(store: Store, catalog: Catalog) -> dict[str, Any]:
    """Three clients: one mid-visit, one with a completed visit, one new."""
    ada = store.add_client(
        "Ada Example",
        birth_date=date(1941, 3, 28),
        address="12 Sample Lane\nExampletown",
        contact="555-0100",
        caregiver="Ben Example (son)",
        flags=["osteoporosis", "lives_alone"],
    )
    bea = store.add_client("Bea Sample", address="4 Placeholder Road", flags=["walker"])
    store.add_client("Zoë Ødegård-Nguyễn", address="9 Fictional Court")

    done = store.start_visit(
        ada.id,
        visit_date=date(2026, 10, 5),
        sections=rules.default_sections(catalog, ada.flags),
        content_hash=catalog.content_hash,
        assessor="Robin Assessor",
        mode=VisitMode.PHONE,
    )
    store.complete_visit(done.id)
    visit = store.start_visit(
        ada.id,
        visit_date=TODAY,
        sections=rules.default_sections(catalog, ada.flags),
        content_hash=catalog.content_hash,
        assessor="Robin Assessor",
    )
    bea_visit = store.start_visit(
        bea.id,
        visit_date=date(2026, 9, 14),
        sections=rules.default_sections(catalog, bea.flags),
        content_hash=catalog.content_hash,
        assessor="Sam Caregiver",
        role=AssessorRole.CAREGIVER,
    )
    store.complete_visit(bea_visit.id)
    return {"ada": ada, "bea": bea, "visit": visit}


def answer_some(store: Store, visit_id: int) -> None:
    """Mid-bathroom: a hazard with a note, a measured safe item, the alarm still open."""
    store.save_response(
        visit_id,
        "bathroom.grab_bar",
        Answer.HAZARD,
        note="Rug <hall> & towel rail used as a grab bar",
    )
    store.save_response(visit_id, "bathroom.toilet_height", Answer.OK, measurement=45)


@pytest.fixture
def app(store: Store, mini_catalog: Catalog, config: Config) -> HomecheckApp:
    return make_app(store, mini_catalog, config)


def push(screen_factory: Callable[[], Any], *keys: str) -> Callable[[Pilot[None]], Any]:
    """A run_before that opens a screen the way the app would, then presses `keys`."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(screen_factory())
        await pilot.pause()
        # A blinking cursor is drawn or not depending on how long the screenshot took: on
        # a loaded machine, longer than the half-second blink. Hold it on, as drawn first.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
        if keys:
            await pilot.press(*keys)
            await detail_shown(pilot)

    return run_before


def test_home_screen(
    snap_compare: SnapCompare, app: HomecheckApp, store: Store, mini_catalog: Catalog
) -> None:
    add_clients(store, mini_catalog)
    assert_snapshot(
        snap_compare, app, shows=("Bea Sample", "in progress", "Last visit"), terminal_size=WIDE
    )


def test_client_screen(
    snap_compare: SnapCompare, app: HomecheckApp, store: Store, mini_catalog: Catalog
) -> None:
    ada = add_clients(store, mini_catalog)["ada"]
    assert_snapshot(
        snap_compare,
        app,
        shows=("12 Sample Lane, Exampletown", "Lives alone", "Robin Assessor"),
        terminal_size=WIDE,
        run_before=push(lambda: ClientScreen(ada.id)),
    )


def test_visit_setup_screen(
    snap_compare: SnapCompare, app: HomecheckApp, store: Store, mini_catalog: Catalog
) -> None:
    bea = add_clients(store, mini_catalog)["bea"]
    assert_snapshot(
        snap_compare,
        app,
        shows=("2026-11-02", "Getting out of bed", "Start visit"),
        terminal_size=WIDE,
        run_before=push(lambda: VisitSetupScreen(bea.id)),
    )


def test_visit_screen(
    snap_compare: SnapCompare, app: HomecheckApp, store: Store, mini_catalog: Catalog
) -> None:
    """The hazard with a note highlighted, so the detail shows the note."""
    visit = add_clients(store, mini_catalog)["visit"]
    answer_some(store, visit.id)
    assert_snapshot(
        snap_compare,
        app,
        shows=("Bathroom", "Alarm reachable in the bathroom", "Note:", "Rug <hall> & towel"),
        terminal_size=WIDE,
        run_before=push(lambda: VisitScreen(visit.id), "up", "up"),
    )


def test_visit_screen_small(
    snap_compare: SnapCompare, app: HomecheckApp, store: Store, mini_catalog: Catalog
) -> None:
    """At 80x24 the section, the items, the answer keys and the detail must all show."""
    visit = add_clients(store, mini_catalog)["visit"]
    answer_some(store, visit.id)
    assert_snapshot(
        snap_compare,
        app,
        shows=(
            "Bathroom",
            "Alarm reachable in the bathroom",
            "Grab bar at the bath",
            "h Hazard",
            "Hazard if:",
        ),
        terminal_size=SMALL,
        run_before=push(lambda: VisitScreen(visit.id), "up", "up"),
    )


def test_review_screen(
    snap_compare: SnapCompare, app: HomecheckApp, store: Store, mini_catalog: Catalog
) -> None:
    visit = add_clients(store, mini_catalog)["visit"]
    answer_some(store, visit.id)
    store.save_response(visit.id, "bathroom.alarm", Answer.HAZARD)
    store.save_response(
        visit.id,
        "bathroom.toilet_height",
        Answer.HAZARD,
        measurement=39,
        priority_override=Priority.HIGH,
        override_reason="Knee replacement next month",
    )
    assert_snapshot(
        snap_compare,
        app,
        shows=("Findings, most urgent first", "Toilet seat high enough"),
        terminal_size=WIDE,
        run_before=push(lambda: ReviewScreen(visit.id)),
    )


def test_review_screen_small(
    snap_compare: SnapCompare, app: HomecheckApp, store: Store, mini_catalog: Catalog
) -> None:
    """At 80x24 the finding keeps 30 columns and the detail gives it whole, with its
    recommendation, even with items still unanswered below."""
    assert review_tables.finding_column_width(SMALL[0]) >= review_tables.FINDING_MIN == 30
    visit = add_clients(store, mini_catalog)["visit"]
    answer_some(store, visit.id)
    assert_snapshot(
        snap_compare,
        app,
        shows=("Finding: Grab bar at the bath", "Recommendation:", "Not answered (2)"),
        terminal_size=SMALL,
        run_before=push(lambda: ReviewScreen(visit.id)),
    )


def test_help_screen(snap_compare: SnapCompare, store: Store, mini_catalog: Catalog) -> None:
    """The guide opens the help; its reports folder is one path on every machine."""
    folder = Path("/home/sam/Documents/homecheck")
    app = make_app(store, mini_catalog, Config(db_path=folder / "x.db", reports_dir=folder))
    assert_snapshot(
        snap_compare,
        app,
        shows=("How to do a check", "Does not apply here", str(folder)),
        terminal_size=SMALL,
        press=["f1"],
    )
