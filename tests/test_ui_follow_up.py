"""Follow-up visits in the TUI: start one, re-check, compare, log actions, see the history.

Driven with Textual's Pilot; assertions on the store and on screen state. Every person
here is fictional.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Label, Select, SelectionList

from homecheck import rules
from homecheck.config import Config
from homecheck.model import (
    ActionOwner,
    Answer,
    AssessorRole,
    Catalog,
    Priority,
    SectionKind,
    VisitStatus,
)
from homecheck.store import Store
from homecheck.ui.dialogs.action import ActionDialog, describe_action
from homecheck.ui.screens import visit_setup
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.help import HELP_TEXT
from homecheck.ui.screens.review import ReviewScreen
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from homecheck.ui.widgets.item_list import ItemList
from homecheck.ui.widgets.section_list import SectionList
from tests.ui_support import (
    footer_text,
    highlighted_item,
    label_text,
    make_app,
    open_visit,
    shows_item,
    type_text,
    until,
)

SIZE = (120, 40)
SMALL = (80, 24)
EARLIER = date(2026, 10, 5)
TODAY = date(2026, 11, 2)
FLAGS = ("lives_alone", "walker")
# The first visit's findings, in catalog order: two high (the alarm raised by living
# alone), one medium, one low (the walker item, for walker users only).
FINDINGS = (
    "bathroom.grab_bar",
    "bathroom.alarm",
    "bathroom.walker_space",
    "out_of_bed.no_sit_up",
)


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(visit_setup, "_today", lambda: TODAY)


# -- helpers ---------------------------------------------------------------------------


def first_visit(store: Store, catalog: Catalog) -> tuple[int, int]:
    """A client and a completed visit with four findings and one action: (client, visit)."""
    client = store.add_client("Ada Example", flags=FLAGS)
    visit = store.start_visit(
        client.id,
        visit_date=EARLIER,
        sections=rules.default_sections(catalog, client.flags),
        content_hash=catalog.content_hash,
        assessor="Robin Assessor",
    )
    for item_id in FINDINGS:
        store.save_response(visit.id, item_id, Answer.HAZARD)
    store.save_response(visit.id, "bathroom.toilet_height", Answer.OK)
    store.save_response(visit.id, "bathroom.grab_bar", note="Holds the towel rail")
    store.save_action(
        visit.id, "bathroom.grab_bar", ActionOwner.FAMILY, target_date=date(2026, 10, 20)
    )
    store.complete_visit(visit.id)
    return client.id, visit.id


def follow_up(store: Store, catalog: Catalog, client_id: int, previous_id: int) -> int:
    client = store.get_client(client_id)
    visit = store.start_visit(
        client_id,
        visit_date=TODAY,
        sections=rules.default_sections(catalog, client.flags),
        content_hash=catalog.content_hash,
        assessor="Robin Assessor",
        previous_visit_id=previous_id,
    )
    return visit.id


async def open_review(pilot: Pilot[None], visit_id: int) -> ReviewScreen:
    await pilot.app.push_screen(ReviewScreen(visit_id))
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def section_progress(screen: VisitScreen, section_id: str) -> tuple[int, int]:
    index = [s.id for s in screen.sections].index(section_id)
    progress = screen.query_one(SectionList).progress_of(index)
    return progress.answered, progress.total


# -- starting a follow-up from the client screen ---------------------------------------


async def test_follow_up_started_from_client_screen(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client_id, previous_id = first_visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client_id))
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, VisitSetupScreen)
        assert setup.previous_visit_id == previous_id
        assert setup.query_one("#follow-up-of", Label).display
        assert setup.query_one("#visit-date", Input).value == TODAY.isoformat()
        # The sections of the visit followed up are ticked.
        chosen = setup.query_one("#sections", SelectionList).selected
        assert chosen == list(store.get_visit(previous_id).sections)
        await pilot.press("ctrl+s")
        await pilot.pause()

        screen = app.screen
        assert isinstance(screen, VisitScreen)
        visit = store.get_visit(screen.visit_id)
        assert visit.previous_visit_id == previous_id
        assert visit.visit_date == TODAY
        assert visit.status is VisitStatus.IN_PROGRESS
        actions = store.actions(visit.id)
        assert list(actions) == ["bathroom.grab_bar"]
        assert actions["bathroom.grab_bar"].owner is ActionOwner.FAMILY
        assert actions["bathroom.grab_bar"].target_date == date(2026, 10, 20)

        # It opens on the re-check section, made of exactly the last visit's findings.
        assert screen.section.id == rules.RECHECK_SECTION
        assert screen.section.kind is SectionKind.RECHECK
        assert screen.section_index == 0
        assert [i.id for i in screen.query_one(ItemList).items] == list(FINDINGS)
        assert highlighted_item(pilot) == FINDINGS[0]
        assert [s.id for s in screen.sections] == ["recheck", "bathroom", "out_of_bed"]


async def test_follow_up_of_latest_completed_when_highlight_is_open(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client_id, previous_id = first_visit(store, mini_catalog)
    open_id = follow_up(store, mini_catalog, client_id, previous_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client_id))
        await pilot.pause()
        table = app.screen.query_one("#visits", DataTable)
        # Newest first: the open follow-up is highlighted.
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key == str(open_id)
        await pilot.press("ctrl+f")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, VisitSetupScreen)
        assert setup.previous_visit_id == previous_id


async def test_follow_up_needs_a_completed_visit(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Bea Sample")
    store.start_visit(
        client.id,
        visit_date=EARLIER,
        sections=rules.default_sections(mini_catalog, client.flags),
        content_hash=mini_catalog.content_hash,
    )
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        assert len(store.list_visits(client.id)) == 1


async def test_follow_up_keeps_sections_with_findings(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """Unticking a section that holds a finding to re-check does not drop it."""
    client_id, previous_id = first_visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(VisitSetupScreen(client_id, previous_visit_id=previous_id))
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, VisitSetupScreen)
        assert setup.recheck_sections == {"bathroom": 3, "out_of_bed": 1}
        setup.query_one("#sections", SelectionList).deselect("out_of_bed")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        visit = store.list_visits(client_id)[0]
        assert visit.sections == ("bathroom", "out_of_bed")


async def test_follow_up_cannot_predate_the_visit_followed(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client_id, previous_id = first_visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(VisitSetupScreen(client_id, previous_visit_id=previous_id))
        await pilot.pause()
        app.screen.query_one("#visit-date", Input).value = "2026-10-04"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, VisitSetupScreen)
        assert label_text(app.screen.query_one("#error-date", Label))
        assert len(store.list_visits(client_id)) == 1


# -- re-checking -----------------------------------------------------------------------


async def test_recheck_answers_count_in_both_sections(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client_id, previous_id = first_visit(store, mini_catalog)
    visit_id = follow_up(store, mini_catalog, client_id, previous_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_visit(pilot, visit_id)
        assert screen.section.id == "recheck"
        assert section_progress(screen, "recheck") == (0, 4)
        assert section_progress(screen, "bathroom") == (0, 4)

        await pilot.press("s")  # grab bar: fixed
        await pilot.pause()
        assert store.responses(visit_id)["bathroom.grab_bar"].answer is Answer.OK
        assert highlighted_item(pilot) == "bathroom.alarm"
        await pilot.press("h")  # alarm: still there
        await pilot.pause()
        assert store.responses(visit_id)["bathroom.alarm"].answer is Answer.HAZARD
        assert section_progress(screen, "recheck") == (2, 4)
        assert section_progress(screen, "bathroom") == (2, 4)
        assert section_progress(screen, "out_of_bed") == (0, 1)

        # In its own section the item shows the same answer: the cursor skips past it.
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.section.id == "bathroom"
        assert highlighted_item(pilot) == "bathroom.toilet_height"
        # Answered here, it counts in the re-check section too.
        await pilot.press("h")  # toilet: a new finding
        await pilot.press("n")  # walker: no longer applies
        await pilot.pause()
        assert section_progress(screen, "bathroom") == (4, 4)
        assert section_progress(screen, "recheck") == (3, 4)

        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.section.id == "recheck"
        assert highlighted_item(pilot) == "out_of_bed.no_sit_up"
        await pilot.press("h")
        await pilot.pause()
        assert section_progress(screen, "recheck") == (4, 4)
        assert section_progress(screen, "out_of_bed") == (1, 1)
        answers = {k: r.answer for k, r in store.responses(visit_id).items()}
        assert answers == {
            "bathroom.grab_bar": Answer.OK,
            "bathroom.alarm": Answer.HAZARD,
            "bathroom.toilet_height": Answer.HAZARD,
            "bathroom.walker_space": Answer.NA,
            "out_of_bed.no_sit_up": Answer.HAZARD,
        }


async def test_recheck_note_and_palette_jump(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """'Changed' is still there with a note; the palette reaches the re-check section."""
    client_id, previous_id = first_visit(store, mini_catalog)
    visit_id = follow_up(store, mini_catalog, client_id, previous_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_visit(pilot, visit_id)
        # After h the cursor moves on, so: h, back up, e.
        await pilot.press("h")
        await pilot.pause()
        assert highlighted_item(pilot) == "bathroom.alarm"
        await pilot.press("up", "e")
        await pilot.pause()
        await type_text(pilot, "Rail fitted on the wrong side")
        await pilot.press("ctrl+s")
        await pilot.pause()
        response = store.responses(visit_id)["bathroom.grab_bar"]
        assert response.answer is Answer.HAZARD
        assert response.note == "Rail fitted on the wrong side"

        targets = screen.jump_targets()
        assert ("recheck", None) in {(s, i) for _, s, i in targets}
        screen.jump_to("out_of_bed", "out_of_bed.no_sit_up")
        await pilot.pause()
        assert screen.section.id == "out_of_bed"
        screen.jump_to("recheck", "bathroom.walker_space")
        await pilot.pause()
        assert screen.section.id == "recheck"
        assert highlighted_item(pilot) == "bathroom.walker_space"


async def test_footer_words_the_answer_keys_for_the_section_shown(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """The footer keeps its keys while they stay the same, and follows them when they change."""
    client_id, previous_id = first_visit(store, mini_catalog)
    visit_id = follow_up(store, mini_catalog, client_id, previous_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(pilot, visit_id)
        await until(pilot, lambda: "Fixed" in footer_text(pilot))
        assert "Still there" in footer_text(pilot)
        assert "Safe" not in footer_text(pilot)
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: "Safe" in footer_text(pilot))
        assert "Fixed" not in footer_text(pilot)
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: "Fixed" in footer_text(pilot))
        assert "Safe" not in footer_text(pilot)


async def test_visit_without_previous_has_no_recheck(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client_id, _ = first_visit(store, mini_catalog)
    client = store.get_client(client_id)
    visit = store.start_visit(
        client_id,
        visit_date=TODAY,
        sections=rules.default_sections(mini_catalog, client.flags),
        content_hash=mini_catalog.content_hash,
    )
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_visit(pilot, visit.id)
        assert [s.id for s in screen.sections] == ["bathroom", "out_of_bed"]


# -- comparison on the review ----------------------------------------------------------


def recheck_some(store: Store, visit_id: int) -> None:
    """Grab bar and walker resolved, alarm persisting, toilet new, getting up not seen."""
    store.save_response(visit_id, "bathroom.grab_bar", Answer.OK)
    store.save_response(visit_id, "bathroom.walker_space", Answer.NA)
    store.save_response(visit_id, "bathroom.alarm", Answer.HAZARD)
    store.save_response(visit_id, "bathroom.toilet_height", Answer.HAZARD)


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_review_compares_with_the_visit_followed(
    store: Store, mini_catalog: Catalog, config: Config, size: tuple[int, int]
) -> None:
    client_id, previous_id = first_visit(store, mini_catalog)
    visit_id = follow_up(store, mini_catalog, client_id, previous_id)
    recheck_some(store, visit_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=size) as pilot:
        review = await open_review(pilot, visit_id)
        assert review.previous is not None
        assert review.previous.id == previous_id
        comparison = review.comparison
        assert comparison is not None
        assert comparison.resolved == ("bathroom.grab_bar", "bathroom.walker_space")
        assert comparison.persisting == ("bathroom.alarm",)
        assert comparison.new == ("bathroom.toilet_height",)
        assert comparison.not_rechecked == ("out_of_bed.no_sit_up",)
        assert comparison.retired == ()
        table = review.query_one("#comparison", DataTable)
        assert [row.key.value for row in table.ordered_rows] == [
            "bathroom.grab_bar",
            "bathroom.walker_space",
            "bathroom.alarm",
            "bathroom.toilet_height",
            "out_of_bed.no_sit_up",
        ]
        # The action carried over shows against the resolved grab bar.
        assert str(table.get_cell("bathroom.grab_bar", "action")) == "Family by 2026-10-20"

        # ] shows the comparison and focuses it; Enter goes to the item.
        assert review.query_one("#findings", DataTable).has_focus
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert table.has_focus
        assert table.size.height > 0
        await pilot.press("down", "down", "enter")
        # The visit screen takes the review's place, then moves to the item after a refresh.
        await until(pilot, lambda: shows_item(pilot, "bathroom.alarm"))
        visit_screen = app.screen
        assert isinstance(visit_screen, VisitScreen)
        assert highlighted_item(pilot) == "bathroom.alarm"


async def test_caregiver_comparison_in_plain_words(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client_id, previous_id = first_visit(store, mini_catalog)
    client = store.get_client(client_id)
    visit = store.start_visit(
        client_id,
        visit_date=TODAY,
        sections=rules.default_sections(mini_catalog, client.flags),
        content_hash=mini_catalog.content_hash,
        role=AssessorRole.CAREGIVER,
        previous_visit_id=previous_id,
    )
    recheck_some(store, visit.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot, visit.id)
        table = review.query_one("#comparison", DataTable)
        alarm = mini_catalog.items["bathroom.alarm"]
        assert str(table.get_cell("bathroom.alarm", "check")) == alarm.plain
        assert table.get_cell("bathroom.alarm", "change") == "Persisting"

        # Actions are for findings: none from the list of unanswered items.
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert review.query_one("#unanswered", DataTable).has_focus
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is review


async def test_review_of_first_visit_has_no_comparison(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    _, previous_id = first_visit(store, mini_catalog)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot, previous_id)
        assert review.previous is None
        assert review.comparison is None
        assert not review.query("#comparison")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert review.query_one("#findings", DataTable).has_focus


# -- actions ---------------------------------------------------------------------------


async def open_action_dialog(pilot: Pilot[None]) -> ActionDialog:
    await pilot.press("a")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ActionDialog)
    # A Select takes its initial value when mounted, which can follow the screen's.
    owner = dialog.query_one("#owner", Select)
    await until(pilot, lambda: owner.is_mounted)
    return dialog


async def test_action_saved_edited_and_removed(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client_id, previous_id = first_visit(store, mini_catalog)
    visit_id = follow_up(store, mini_catalog, client_id, previous_id)
    recheck_some(store, visit_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        review = await open_review(pilot, visit_id)
        # Findings, most urgent first: the alarm (high for someone living alone), the toilet.
        assert [f.item.id for f in review.found] == [
            "bathroom.alarm",
            "bathroom.toilet_height",
        ]
        await pilot.press("down")  # the toilet seat, which has no action yet
        await pilot.pause()
        dialog = await open_action_dialog(pilot)
        assert dialog.query_one("#owner", Select).is_blank()
        assert dialog.query_one("#remove", Button).disabled
        dialog.query_one("#owner", Select).value = ActionOwner.HANDYPERSON.value
        dialog.query_one("#target-date", Input).focus()
        await type_text(pilot, "2026-12-01")
        dialog.query_one("#note", Input).focus()
        await type_text(pilot, "Raised seat & frame <ordered>")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is review
        action = store.actions(visit_id)["bathroom.toilet_height"]
        assert action.owner is ActionOwner.HANDYPERSON
        assert action.target_date == date(2026, 12, 1)
        assert action.done_date is None
        assert action.note == "Raised seat & frame <ordered>"
        table = review.query_one("#findings", DataTable)
        assert (
            str(table.get_cell("bathroom.toilet_height", "action")) == "Handyperson by 2026-12-01"
        )
        # The cursor stays on the finding just changed.
        assert review.found[table.cursor_row].item.id == "bathroom.toilet_height"

        # Edit: the dialog comes back filled in; mark it done.
        dialog = await open_action_dialog(pilot)
        assert dialog.query_one("#owner", Select).value == ActionOwner.HANDYPERSON.value
        assert dialog.query_one("#target-date", Input).value == "2026-12-01"
        assert dialog.query_one("#note", Input).value == "Raised seat & frame <ordered>"
        assert not dialog.query_one("#remove", Button).disabled
        dialog.query_one("#done-date", Input).focus()
        await type_text(pilot, "2026-11-30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        action = store.actions(visit_id)["bathroom.toilet_height"]
        assert action.done_date == date(2026, 11, 30)
        assert action.target_date == date(2026, 12, 1)
        assert str(table.get_cell("bathroom.toilet_height", "action")) == "done 2026-11-30"

        # Cancel changes nothing.
        dialog = await open_action_dialog(pilot)
        dialog.query_one("#owner", Select).value = ActionOwner.LANDLORD.value
        await pilot.press("escape")
        await pilot.pause()
        assert store.actions(visit_id)["bathroom.toilet_height"].owner is ActionOwner.HANDYPERSON

        # Remove.
        await open_action_dialog(pilot)
        await pilot.click("#remove")
        await pilot.pause()
        assert app.screen is review
        assert "bathroom.toilet_height" not in store.actions(visit_id)
        assert list(store.actions(visit_id)) == ["bathroom.grab_bar"]
        assert str(table.get_cell("bathroom.toilet_height", "action")) == ""


async def test_action_on_a_resolved_item_from_the_comparison(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """The carried-over action of a fixed hazard can be marked done from the comparison."""
    client_id, previous_id = first_visit(store, mini_catalog)
    visit_id = follow_up(store, mini_catalog, client_id, previous_id)
    recheck_some(store, visit_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, visit_id)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        dialog = await open_action_dialog(pilot)
        assert dialog.query_one("#owner", Select).value == ActionOwner.FAMILY.value
        dialog.query_one("#done-date", Input).focus()
        await type_text(pilot, "2026-10-18")
        await pilot.press("enter")
        await pilot.pause()
        action = store.actions(visit_id)["bathroom.grab_bar"]
        assert action.done_date == date(2026, 10, 18)
        assert action.owner is ActionOwner.FAMILY
        # The visit followed up keeps its own record.
        assert store.actions(previous_id)["bathroom.grab_bar"].done_date is None


BAD_DATES = [("target-date", "2026-13-01"), ("target-date", "1/12/2026"), ("done-date", "soon")]


async def test_action_refuses_invalid_date(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """Each bad date in turn, in one dialog: refused with its field's message and nothing
    saved; corrected, its message goes at the next save, and the action saves."""
    client_id, previous_id = first_visit(store, mini_catalog)
    visit_id = follow_up(store, mini_catalog, client_id, previous_id)
    recheck_some(store, visit_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, visit_id)
        dialog = await open_action_dialog(pilot)  # on the alarm
        dialog.query_one("#owner", Select).value = ActionOwner.CLIENT.value
        corrected: str | None = None
        for field, text in BAD_DATES:
            case = f"{field} {text!r}"
            box = dialog.query_one(f"#{field}", Input)
            box.focus()
            box.value = ""
            await type_text(pilot, text)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is dialog, case
            error = "#error-target" if field == "target-date" else "#error-done"
            assert label_text(dialog.query_one(error, Label)), case
            assert "bathroom.alarm" not in store.actions(visit_id), case
            if corrected is not None and corrected != error:
                assert not label_text(dialog.query_one(corrected, Label)), f"{case}: {corrected}"
            # Corrected; its message goes at the next save.
            box.value = "2026-12-24"
            corrected = error
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
        action = store.actions(visit_id)["bathroom.alarm"]
        assert action.owner is ActionOwner.CLIENT
        assert action.target_date == action.done_date == date(2026, 12, 24)


async def test_action_needs_who(store: Store, mini_catalog: Catalog, config: Config) -> None:
    client_id, previous_id = first_visit(store, mini_catalog)
    visit_id = follow_up(store, mini_catalog, client_id, previous_id)
    recheck_some(store, visit_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot, visit_id)
        dialog = await open_action_dialog(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert label_text(dialog.query_one("#error-owner", Label))
        assert "bathroom.alarm" not in store.actions(visit_id)


def test_describe_action(store: Store) -> None:
    client = store.add_client("Ada Example")
    visit = store.start_visit(client.id, visit_date=TODAY, sections=(), content_hash="")
    action = store.save_action(
        visit.id, "bathroom.grab_bar", ActionOwner.LANDLORD, target_date=date(2026, 12, 1)
    )
    assert describe_action(action, short=True) == "Landlord by 2026-12-01"
    assert describe_action(None) == ""
    done = store.save_action(
        visit.id,
        "bathroom.grab_bar",
        ActionOwner.LANDLORD,
        done_date=date(2026, 11, 30),
        note="Fitted",
    )
    assert describe_action(done, short=True) == "done 2026-11-30"
    assert describe_action(done) == "Landlord — done 2026-11-30 — Fitted"


# -- history on the client screen ------------------------------------------------------


async def test_client_history_counts_findings_by_priority(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client_id, previous_id = first_visit(store, mini_catalog)
    visit_id = follow_up(store, mini_catalog, client_id, previous_id)
    recheck_some(store, visit_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client_id))
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        screen = app.screen
        high, medium, low = Priority.HIGH, Priority.MEDIUM, Priority.LOW
        assert screen.finding_counts == {
            previous_id: {high: 2, medium: 1, low: 1},
            visit_id: {high: 1, medium: 1, low: 0},
        }
        table = screen.query_one("#visits", DataTable)
        assert [row.key.value for row in table.ordered_rows] == [str(visit_id), str(previous_id)]
        row = table.get_row(str(previous_id))
        assert [str(cell) for cell in row[2:5]] == ["2", "1", "1"]
        assert table.get_cell(str(visit_id), "follows") == EARLIER.isoformat()
        assert table.get_cell(str(previous_id), "follows") == ""

        # Back from a visit, the counts follow the answers.
        await pilot.press("enter")
        await pilot.pause()
        visit_screen = app.screen
        assert isinstance(visit_screen, VisitScreen)
        store.save_response(visit_id, "bathroom.alarm", Answer.OK)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert screen.finding_counts[visit_id] == {high: 0, medium: 1, low: 0}


# -- help ------------------------------------------------------------------------------


def test_help_documents_follow_up_keys() -> None:
    for words in ("`Ctrl+F`", "`a`", "**Fixed**", "**Still there**", "**N/A now**", "Changed"):
        assert words in HELP_TEXT
