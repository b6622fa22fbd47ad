"""The plain questions say "you" to the person at home; a family member answering is told
once, on the list of questions, who that is. Every person here is fictional."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from textual.content import Content
from textual.pilot import Pilot

from homecheck.config import Config
from homecheck.model import AssessorRole, Catalog, SectionKind
from homecheck.store import Store
from homecheck.ui.widgets.item_list import ItemList, first_name, you_means
from tests.ui_support import item_list, make_app, open_visit, until

DAY = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("name", "called"),
    [
        ("Zoë Ødegård-Nguyễn", "Zoë"),
        ("Marlow, Edith", "Edith"),
        ("Mrs Edith Marlow", "Mrs Marlow"),
        ("Dr. Ada Example", "Dr. Example"),
        ("Ada", "Ada"),
        ("  Ada   Example ", "Ada"),
    ],
)
def test_the_person_is_called_by_their_first_name(name: str, called: str) -> None:
    assert first_name(name) == called


def test_a_name_is_text_never_markup_and_its_controls_show() -> None:
    forms = you_means("[b]Bea[/b]\x1b[2J Sample")
    for said in forms:
        assert "[b]Bea[/b]␛[2J" in said.plain
    assert (
        forms[0].plain == 'In these questions "you" means [b]Bea[/b]␛[2J: answer for [b]Bea[/b]␛[2J'
    )
    assert forms[-1].plain == '"You" means [b]Bea[/b]␛[2J'


def _frame(pilot: Pilot[None]) -> str:
    """The items' frame title as read on screen."""
    title = item_list(pilot).border_title
    return "" if title is None else Content.from_markup(title).plain


def _start(store: Store, catalog: Catalog, role: AssessorRole, name: str) -> int:
    client = store.add_client(name)
    sections = [s.id for s in catalog.sections if s.kind is not SectionKind.BODY_MECHANICS]
    visit = store.start_visit(
        client.id,
        visit_date=DAY,
        sections=sections,
        content_hash=catalog.content_hash,
        role=role,
    )
    return visit.id


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_caregivers_visit_says_who_you_is(
    store: Store,
    catalog: Catalog,
    config: Config,
    size: tuple[int, int],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Said on the questions' frame, whole, at 80x24 and 120x40, in every section; gone in
    clinician wording (`w`), back with plain words; never in a log."""
    caplog.set_level(logging.DEBUG)
    visit_id = _start(store, catalog, AssessorRole.CAREGIVER, "Zoë Ødegård")
    app = make_app(store, catalog, config)
    async with app.run_test(size=size) as pilot:
        screen = await open_visit(pilot, visit_id)
        items = item_list(pilot)
        expected = 'In these questions "you" means Zoë: answer for Zoë'
        await until(pilot, lambda: _frame(pilot) == expected)
        # Drawn whole: the frame is wider than what it says.
        assert items.outer_size.width - 6 >= len(expected)
        assert "You" in items.items[0].plain or "you" in items.items[0].plain

        await pilot.press("right_square_bracket")
        await until(pilot, lambda: screen.section_index == 1)
        assert _frame(pilot) == expected

        await pilot.press("w")  # clinician wording: no "you" to explain
        await until(pilot, lambda: _frame(pilot) == "")
        await pilot.press("w")
        await until(pilot, lambda: _frame(pilot) == expected)
    assert "Zoë" not in caplog.text


async def test_a_narrow_list_says_it_short_and_a_therapists_visit_not_at_all(
    store: Store, catalog: Catalog, config: Config
) -> None:
    long_name = _start(store, catalog, AssessorRole.CAREGIVER, "Bartholomew-Maximilian Sample")
    clinician = _start(store, catalog, AssessorRole.OT, "Ada Example")
    app = make_app(store, catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_visit(pilot, long_name)
        await until(pilot, lambda: _frame(pilot).startswith('"You" means'))
        await pilot.pause()
        said = _frame(pilot)
        assert said == '"You" means Bartholomew-Maximilian'
        assert item_list(pilot).outer_size.width - 6 >= len(said)
        app.pop_screen()
        await open_visit(pilot, clinician)
        await pilot.pause()
        assert isinstance(pilot.app.screen.query_one(ItemList), ItemList)
        assert _frame(pilot) == ""
