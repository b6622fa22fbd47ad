"""The TUI driven with Textual's Pilot: assertions on the store and on screen state.

Every person here is fictional.
"""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Label, RadioButton, Static, TextArea

from homecheck import rules
from homecheck.config import Config
from homecheck.model import (
    Answer,
    AssessorRole,
    Audience,
    Catalog,
    Priority,
    SectionKind,
    VisitStatus,
)
from homecheck.report import build_report_for_visit
from homecheck.store import Store, StoreError
from homecheck.ui.dialogs.confirm import ConfirmDialog
from homecheck.ui.dialogs.measure import MeasureDialog
from homecheck.ui.dialogs.message import MessageDialog
from homecheck.ui.dialogs.new_client import NewClientDialog
from homecheck.ui.dialogs.note_answer import NoteAnswer, NoteAnswerDialog
from homecheck.ui.dialogs.priority import PriorityDialog
from homecheck.ui.dialogs.report_saved import ReportSavedDialog
from homecheck.ui.dialogs.text_entry import TextEntryDialog
from homecheck.ui.screens.client import ClientScreen
from homecheck.ui.screens.help import HelpScreen
from homecheck.ui.screens.home import HomeScreen
from homecheck.ui.screens.review import ReviewScreen
from homecheck.ui.screens.visit import VisitScreen
from homecheck.ui.screens.visit_setup import VisitSetupScreen
from homecheck.ui.widgets.client_list import ClientList
from homecheck.ui.widgets.section_list import SectionList
from homecheck.ui.widgets.status_line import StatusLine
from tests.ui_support import (
    footer_text,
    highlighted_item,
    item_list,
    label_text,
    make_app,
    open_visit,
    shows_item,
    type_text,
    until,
)

SIZE = (120, 40)
VISIT_DATE = date(2026, 11, 2)


# -- helpers ---------------------------------------------------------------------------


def start_visit(
    store: Store,
    catalog: Catalog,
    client_id: int,
    *,
    role: AssessorRole = AssessorRole.OT,
) -> int:
    client = store.get_client(client_id)
    visit = store.start_visit(
        client_id,
        visit_date=VISIT_DATE,
        sections=rules.default_sections(catalog, client.flags),
        content_hash=catalog.content_hash,
        assessor="Pat Tester",
        role=role,
    )
    return visit.id


async def highlight(pilot: Pilot[None], item_id: str) -> None:
    items = item_list(pilot)
    items.highlighted = [item.id for item in items.items].index(item_id)
    await pilot.pause()


# -- home and new client ---------------------------------------------------------------


async def test_new_client_from_home(store: Store, mini_catalog: Catalog, config: Config) -> None:
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewClientDialog)
        await type_text(pilot, "Ada Example")
        await pilot.press("enter")
        await pilot.pause()
        clients = store.list_clients()
        assert [c.name for c in clients] == ["Ada Example"]
        assert isinstance(app.screen, ClientScreen)
        assert app.screen.client_id == clients[0].id


async def test_new_client_needs_a_name(store: Store, mini_catalog: Catalog, config: Config) -> None:
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "   ")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NewClientDialog)
        assert label_text(dialog.query_one("#error", Label))
        assert store.list_clients() == []
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert store.list_clients() == []


async def test_home_lists_and_opens_clients(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    bea = store.add_client("Bea Sample")
    ada = store.add_client("Ada Example")
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        clients = app.screen.query_one(ClientList)
        assert clients.client_ids() == [ada.id, bea.id]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        assert app.screen.client_id == ada.id
        assert [type(s) for s in app.screen_stack[1:]] == [HomeScreen, ClientScreen]


async def test_home_one_row_per_client_at_80(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    store.add_client("Ada Example", address="12 Sample Lane, Exampletown, a long way out")
    store.add_client("Bea Sample", address="4 Placeholder Road\nFlat 2, Fictional Court")
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        clients = app.screen.query_one(ClientList)
        assert clients.virtual_size.height == clients.option_count == 2


# -- client screen ---------------------------------------------------------------------


async def test_client_birth_date_validation(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """A date in another format, then one in the future, each refused with its message."""
    client = store.add_client("Ada Example")
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        screen = app.screen
        field = screen.query_one("#field-birth_date", Input)
        field.focus()
        await pilot.pause()
        await type_text(pilot, "28/03/1941")
        error = screen.query_one("#error-birth_date", Label)
        assert label_text(error)
        assert error.display and error.region.height == 1, "the message takes its line"
        assert store.get_client(client.id).birth_date is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.get_client(client.id).birth_date is None

        field.value = ""
        await pilot.pause()
        await type_text(pilot, "1941-03-28")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert label_text(error) == ""
        assert not error.display, "no blank line where there is no problem"
        assert store.get_client(client.id).birth_date == date(1941, 3, 28)

        # A birth date in the future is refused and the stored one kept.
        field.value = "2999-01-01"
        await pilot.pause()
        assert label_text(screen.query_one("#error-birth_date", Label)), "future date, no message"
        assert store.get_client(client.id).birth_date == date(1941, 3, 28), "future date stored"
        # Leaving with a bad field is refused, so nothing half-typed is lost silently.
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen, "left the client with a bad birth date"


async def test_client_name_edit_saves(store: Store, mini_catalog: Catalog, config: Config) -> None:
    client = store.add_client("Ada Example")
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        field = app.screen.query_one("#field-name", Input)
        field.focus()
        await pilot.press("end")
        await type_text(pilot, " Jr")
        await pilot.press("escape")
        await pilot.pause()
        assert store.get_client(client.id).name == "Ada Example Jr"
        assert isinstance(app.screen, HomeScreen)


async def test_client_multiline_address_kept(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """An imported two-line address shows on one line and is not rewritten by other edits;
    a profile checkbox saves at once (it had its own app)."""
    client = store.add_client("Ada Example", address="12 Sample Lane\nExampletown")
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        field = app.screen.query_one("#field-address", Input)
        assert field.value == "12 Sample Lane, Exampletown"
        app.screen.query_one("#flag-walker", Checkbox).toggle()
        await pilot.pause()
        stored = store.get_client(client.id)
        assert stored.flags == {"walker"}
        assert stored.address == "12 Sample Lane\nExampletown"

        field.value = "3 Other Street"
        await pilot.pause()
        assert store.get_client(client.id).address == "3 Other Street"

        # A profile checkbox, pressed, saves at once; pressed again, unsaves.
        box = app.screen.query_one("#flag-osteoporosis", Checkbox)
        box.focus()
        await pilot.press("space")
        await pilot.pause()
        assert box.value is True, "space did not tick the checkbox"
        assert store.get_client(client.id).flags == {"walker", "osteoporosis"}, "tick not saved"
        await pilot.press("space")
        await pilot.pause()
        assert store.get_client(client.id).flags == {"walker"}, "untick not saved"


# -- starting a visit ------------------------------------------------------------------


async def test_start_visit_and_remember_assessor(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """Also the setup's refusal of a bad date, on the way (it had its own app walk)."""
    client = store.add_client("Ada Example", flags=["walker"])
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        setup = app.screen
        assert isinstance(setup, VisitSetupScreen)
        visit_date = setup.query_one("#visit-date", Input)
        assert visit_date.value == date.today().isoformat()
        await type_text(pilot, "Robin Assessor")

        # A date that does not exist is refused with its message, and nothing is stored.
        visit_date.value = "2026-02-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is setup, "a bad visit date was accepted"
        assert label_text(setup.query_one("#error-date", Label)), "no message for a bad date"
        assert store.list_visits(client.id) == [], "a visit was stored with a bad date"

        visit_date.value = date.today().isoformat()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        visits = store.list_visits(client.id)
        assert len(visits) == 1
        visit = visits[0]
        assert visit.visit_date == date.today()
        assert visit.sections == rules.default_sections(mini_catalog, frozenset({"walker"}))
        assert visit.status is VisitStatus.IN_PROGRESS
        assert visit.assessor == "Robin Assessor"
        assert visit.content_hash == mini_catalog.content_hash
        assert store.last_assessor() == ("Robin Assessor", AssessorRole.OT)

        # The next setup starts with the remembered name.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ClientScreen)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, VisitSetupScreen)
        assert app.screen.query_one("#assessor", Input).value == "Robin Assessor"


# -- answering -------------------------------------------------------------------------


async def test_answer_keys_save_and_advance(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_visit(pilot, visit_id)
        assert screen.section.id == "bathroom"
        assert highlighted_item(pilot) == "bathroom.grab_bar"

        await pilot.press("h")
        await pilot.pause()
        assert store.responses(visit_id)["bathroom.grab_bar"].answer is Answer.HAZARD
        assert highlighted_item(pilot) == "bathroom.toilet_height"

        await pilot.press("s")
        await pilot.pause()
        assert store.responses(visit_id)["bathroom.toilet_height"].answer is Answer.OK
        assert highlighted_item(pilot) == "bathroom.alarm"

        # Skip back to the first item: the next unanswered one wraps round.
        await highlight(pilot, "bathroom.grab_bar")
        await pilot.press("x")
        await pilot.pause()
        assert "bathroom.grab_bar" not in store.responses(visit_id)
        assert highlighted_item(pilot) == "bathroom.grab_bar"

        await pilot.press("n")
        await pilot.pause()
        assert store.responses(visit_id)["bathroom.grab_bar"].answer is Answer.NA
        assert highlighted_item(pilot) == "bathroom.alarm"

        # The numeric keys mean the same.
        await pilot.press("2")
        await pilot.pause()
        assert store.responses(visit_id)["bathroom.alarm"].answer is Answer.HAZARD
        progress = rules.progress(screen.section, client.flags, store.responses(visit_id))
        assert progress.complete

        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.section.id == "out_of_bed"
        assert screen.query_one(SectionList).highlighted == 1
        assert highlighted_item(pilot) == "out_of_bed.no_sit_up"

        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.section.id == "bathroom"


async def test_clear_unanswered_does_nothing(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(pilot, visit_id)
        await pilot.press("x")
        await pilot.pause()
        assert store.responses(visit_id) == {}
        assert store.response_history(visit_id) == []


async def test_resume_after_restart(tmp_path: Path, mini_catalog: Catalog, config: Config) -> None:
    db = tmp_path / "h.db"
    first = Store(db)
    try:
        client = first.add_client("Ada Example")
        visit_id = start_visit(first, mini_catalog, client.id)
        app = make_app(first, mini_catalog, config)
        async with app.run_test(size=SIZE) as pilot:
            await open_visit(pilot, visit_id)
            await pilot.press("s", "h", "n")  # the whole bathroom
            await pilot.pause()
            await pilot.press("ctrl+q")
            await pilot.pause()
    finally:
        first.close()

    second = Store(db)
    try:
        app = make_app(second, mini_catalog, config)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("enter")  # the only client
            await pilot.pause()
            assert isinstance(app.screen, ClientScreen)
            await pilot.press("ctrl+r")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, VisitScreen)
            assert screen.visit_id == visit_id
            assert screen.section.id == "out_of_bed"
            assert highlighted_item(pilot) == "out_of_bed.no_sit_up"
            answers = {k: r.answer for k, r in second.responses(visit_id).items()}
            assert answers == {
                "bathroom.grab_bar": Answer.OK,
                "bathroom.toilet_height": Answer.HAZARD,
                "bathroom.alarm": Answer.NA,
            }
            assert screen.responses.keys() == answers.keys()
    finally:
        second.close()


async def test_resume_mid_section(tmp_path: Path, mini_catalog: Catalog, config: Config) -> None:
    db = tmp_path / "h.db"
    first = Store(db)
    client = first.add_client("Ada Example")
    visit_id = start_visit(first, mini_catalog, client.id)
    # The grab bar skipped: the visit reopens after the last answer, not at the gap.
    first.save_response(visit_id, "bathroom.toilet_height", Answer.HAZARD)
    first.close()

    second = Store(db)
    try:
        other = second.add_client("Bea Example")
        app = make_app(second, mini_catalog, config)
        async with app.run_test(size=SIZE) as pilot:
            # A client without an open visit: Ctrl+R stays on the client.
            await app.push_screen(ClientScreen(other.id))
            await pilot.pause()
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert isinstance(app.screen, ClientScreen), "resumed a visit that is not open"
            await app.pop_screen()

            await app.push_screen(ClientScreen(client.id))
            await pilot.pause()
            await pilot.press("ctrl+r")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, VisitScreen)
            assert screen.section.id == "bathroom"
            assert highlighted_item(pilot) == "bathroom.alarm"
    finally:
        second.close()


async def test_b_hides_the_section_list(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_visit(pilot, visit_id)
        sidebar = app.screen.query_one(SectionList)
        await pilot.press("b")
        assert not sidebar.display
        await pilot.press("s")  # the items keep the keys
        assert "bathroom.grab_bar" in store.responses(visit_id)
        await pilot.press("b")
        assert sidebar.display


# -- notes, measurements, priority -----------------------------------------------------

NOTE = "Rug <hall> & Zoë"


async def test_note_saved_exactly(store: Store, mini_catalog: Catalog, config: Config) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(pilot, visit_id)
        # On an unanswered item a priority opens nothing and saves nothing (a note asks
        # for the answer too: the next test).
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen), "p opened something on an unanswered item"
        assert store.responses(visit_id) == {}, "saved on an unanswered item"

        await pilot.press("h")
        await pilot.pause()
        await highlight(pilot, "bathroom.grab_bar")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, TextEntryDialog)
        assert app.screen.query_one(TextArea).has_focus
        await type_text(pilot, NOTE)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        response = store.responses(visit_id)["bathroom.grab_bar"]
        assert response.note == NOTE
        assert response.answer is Answer.HAZARD
        assert app.screen.responses["bathroom.grab_bar"].note == NOTE

        # Escape cancels an edit.
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, " more")
        await pilot.press("escape")
        await pilot.pause()
        assert store.responses(visit_id)["bathroom.grab_bar"].note == NOTE


async def test_note_on_an_unanswered_item_asks_for_its_answer_in_the_same_dialog(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """An answer row needs its answer (unanswered means no row), so `e` on an unanswered
    item opens the note with the answers under it: letters typed go into the note, then
    Tab and an answer's key (or Ctrl+S and Enter for "Don't know") save both at once."""
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_visit(pilot, visit_id)
        assert highlighted_item(pilot) == "bathroom.grab_bar"
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, NoteAnswerDialog))
        dialog = app.screen
        area = dialog.query_one(TextArea)
        assert area.has_focus
        cancel = dialog.query_one("#cancel").region  # the answers and Cancel fit on one line
        assert cancel.height and dialog.region.contains_region(cancel)
        keys = footer_text(pilot)
        assert "Choose the answer" in keys and "Hazard" not in keys
        await pilot.press("s", "h", "n", "d")  # typed, never taken for answers
        await pilot.pause()
        assert area.text == "shnd" and app.screen is dialog
        area.clear()
        await type_text(pilot, NOTE)
        await pilot.press("tab")
        await pilot.pause()
        keys = footer_text(pilot)
        assert "h Hazard" in keys and "Choose the answer" not in keys
        await pilot.press("h")
        await until(pilot, lambda: isinstance(app.screen, VisitScreen))
        saved = store.responses(visit_id)["bathroom.grab_bar"]
        assert (saved.answer, saved.note) == (Answer.HAZARD, NOTE)
        assert highlighted_item(pilot) == "bathroom.grab_bar"  # the note stays in view
        assert isinstance(app.screen, VisitScreen)
        assert app.screen.responses["bathroom.grab_bar"].note == NOTE

        # Not sure yet: Ctrl+S goes to the answers on "Don't know", Enter saves with it.
        await highlight(pilot, "bathroom.alarm")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, NoteAnswerDialog))
        await type_text(pilot, "Cord tied up out of reach?")
        await pilot.press("ctrl+s", "enter")
        await until(pilot, lambda: isinstance(app.screen, VisitScreen))
        saved = store.responses(visit_id)["bathroom.alarm"]
        assert (saved.answer, saved.note) == (Answer.UNKNOWN, "Cord tied up out of reach?")

        # Escape saves nothing.
        await highlight(pilot, "bathroom.toilet_height")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, NoteAnswerDialog))
        await type_text(pilot, "Not this")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, VisitScreen))
        assert "bathroom.toilet_height" not in store.responses(visit_id)


async def test_the_note_dialog_speaks_the_sections_answer_words(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """On a re-check, "changed" is one step: e, the note, Tab, h for Still there."""
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        chosen: list[object] = []
        await app.push_screen(
            NoteAnswerDialog(SectionKind.RECHECK, "Rail at the bath"), chosen.append
        )
        await type_text(pilot, "Rail fitted, loose again")
        await pilot.press("tab")
        await pilot.pause()
        keys = footer_text(pilot)
        assert "h Still there" in keys and "s Fixed" in keys and "Hazard" not in keys
        await pilot.press("h")
        await until(pilot, lambda: bool(chosen))
        assert chosen == [NoteAnswer(Answer.HAZARD, "Rail fitted, loose again")]


async def test_measurement_rejects_text_and_proposes_the_answer(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(pilot, visit_id)
        await pilot.press("m")  # grab bar: no measurement
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        await highlight(pilot, "bathroom.toilet_height")
        await pilot.press("m")
        await pilot.pause()
        await type_text(pilot, "low")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MeasureDialog)
        assert label_text(dialog.query_one("#error", Label))
        await pilot.press("escape")
        await pilot.pause()
        assert store.responses(visit_id) == {}

        # A measurement proposes the answer; measured again, the answer follows it.
        for value, expected in (("39", Answer.HAZARD), ("45", Answer.OK)):
            await highlight(pilot, "bathroom.toilet_height")
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, MeasureDialog), value
            app.screen.query_one(Input).value = ""
            await type_text(pilot, value)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, VisitScreen), value
            response = store.responses(visit_id)["bathroom.toilet_height"]
            assert response.answer is expected, value
            assert response.measurement == float(value), value


async def test_priority_override_needs_reason(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(pilot, visit_id)
        await highlight(pilot, "bathroom.alarm")
        await pilot.press("h")
        await pilot.pause()
        await highlight(pilot, "bathroom.alarm")
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PriorityDialog)
        # It names the item it applies to, as the list shows it.
        assert str(dialog.query_one("#item", Static).content) == "Alarm reachable in the bathroom"
        await pilot.click("#high")
        await pilot.pause()
        assert dialog.query_one("#high", RadioButton).value is True

        # No reason: refused, nothing stored.
        dialog.query_one("#reason", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert label_text(dialog.query_one("#error", Label))
        assert store.responses(visit_id)["bathroom.alarm"].priority_override is None

        await type_text(pilot, "Stairs down to the bathroom")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        response = store.responses(visit_id)["bathroom.alarm"]
        assert response.priority_override is Priority.HIGH
        assert response.override_reason == "Stairs down to the bathroom"

        # Back to the checklist priority clears the reason too.
        await pilot.press("p")
        await pilot.pause()
        await pilot.click("#default")
        await pilot.pause()
        app.screen.query_one("#reason", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        response = store.responses(visit_id)["bathroom.alarm"]
        assert response.priority_override is None
        assert response.override_reason == ""


# -- review, completion, reports -------------------------------------------------------


async def answer_all_hazards(pilot: Pilot[None]) -> None:
    """Bathroom: grab bar, toilet, alarm; then getting out of bed: all hazards."""
    await pilot.press("h", "h", "h", "right_square_bracket", "h")
    await pilot.pause()


async def test_review_orders_findings_by_priority(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    # Living alone raises the alarm item to high, above the (earlier) toilet item.
    client = store.add_client("Ada Example", flags=["lives_alone"])
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(pilot, visit_id)
        await answer_all_hazards(pilot)
        await pilot.press("v")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        expected = [
            "bathroom.grab_bar",
            "bathroom.alarm",
            "bathroom.toilet_height",
            "out_of_bed.no_sit_up",
        ]
        assert [f.item.id for f in review.found] == expected
        assert [f.priority for f in review.found] == [
            Priority.HIGH,
            Priority.HIGH,
            Priority.MEDIUM,
            Priority.MEDIUM,
        ]
        table = review.query_one("#findings", DataTable)
        assert [row.key.value for row in table.ordered_rows] == expected
        assert review.missing == []
        # The review lists the findings in the order the reports print them.
        report = build_report_for_visit(store, mini_catalog, visit_id)
        assert [f.item_id for f in report.findings] == expected


async def test_review_complete_reopen_edit_and_amend(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(pilot, visit_id)
        await answer_all_hazards(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        review = app.screen

        await pilot.press("c")  # all answered: no question asked
        await pilot.pause()
        visit = store.get_visit(visit_id)
        assert visit.status is VisitStatus.COMPLETED
        assert not visit.amended

        # A completed visit does not change: the keys say how to reopen it instead.
        await pilot.press("e")
        await pilot.pause()
        assert app.screen is review
        await pilot.press("enter")  # Esc would go to the client: the visit is completed
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        assert highlighted_item(pilot) == "bathroom.grab_bar"  # the first finding
        await pilot.press("s")
        await pilot.pause()
        assert store.responses(visit_id)["bathroom.grab_bar"].answer is Answer.HAZARD
        told = app.screen.query_one(StatusLine).message
        assert told == "This visit is completed: press o on the review to reopen it."

        # Reopen on the review (o, then Enter on Reopen), then edit the first finding's advice.
        await pilot.press("v")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert store.get_visit(visit_id).status is VisitStatus.IN_PROGRESS
        assert [e.event.value for e in store.visit_history(visit_id)] == ["completed", "reopened"]
        assert review.found[0].item.id == "bathroom.grab_bar"
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TextEntryDialog)
        area = dialog.query_one(TextArea)
        assert area.text == mini_catalog.items["bathroom.grab_bar"].recommend
        area.clear()
        await type_text(pilot, "Fit two grab bars & a rail")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is review
        stored = store.responses(visit_id)["bathroom.grab_bar"]
        assert stored.recommendation == "Fit two grab bars & a rail"
        assert review.found[0].recommendation == "Fit two grab bars & a rail"

        # Clearing the text restores the checklist's wording.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(TextArea).clear()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.responses(visit_id)["bathroom.grab_bar"].recommendation == ""

        # Back to the visit (in progress again) and change an answer; completed again, it
        # reads as amended.
        await pilot.press("escape")
        await pilot.pause()
        visit_screen = app.screen
        assert isinstance(visit_screen, VisitScreen)
        visit_screen.jump_to("out_of_bed", "out_of_bed.no_sit_up")
        await pilot.pause()
        await highlight(pilot, "out_of_bed.no_sit_up")
        await pilot.press("s")
        await pilot.pause()
        assert store.responses(visit_id)["out_of_bed.no_sit_up"].answer is Answer.OK
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        visit = store.get_visit(visit_id)
        assert visit.status is VisitStatus.COMPLETED
        assert visit.amended


async def test_complete_with_unanswered_asks_in_the_visit_words(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id, role=AssessorRole.CAREGIVER)
    store.save_response(visit_id, "bathroom.grab_bar", Answer.HAZARD)
    app = make_app(store, mini_catalog, config)
    async with app.run_test() as pilot:  # 80x24: the dialog fits
        await open_visit(pilot, visit_id)
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        message = str(dialog.query_one("#message", Static).content)
        bathroom = mini_catalog.section("bathroom")
        total = len(rules.applicable_items(bathroom, frozenset()))
        words = rules.title(bathroom, Audience.HOUSEHOLD)
        assert f"{words}: {total - 1} not answered" in message
        await pilot.press("escape")  # Go back
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        assert store.get_visit(visit_id).status is VisitStatus.IN_PROGRESS

        await pilot.press("v")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("c")  # Complete anyway
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert store.get_visit(visit_id).status is VisitStatus.COMPLETED


async def test_review_enter_goes_to_item(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        visit_screen = await open_visit(pilot, visit_id)
        await answer_all_hazards(pilot)
        await pilot.press("v")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("down", "down", "down")  # the fourth: out of bed
        await pilot.pause()
        assert review.found[3].item.id == "out_of_bed.no_sit_up"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is visit_screen
        assert visit_screen.section.id == "out_of_bed"
        assert highlighted_item(pilot) == "out_of_bed.no_sit_up"


async def test_completed_visit_opens_review_from_client(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    store.save_response(visit_id, "bathroom.grab_bar", Answer.HAZARD)
    store.complete_visit(visit_id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ClientScreen(client.id))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.visit_id == visit_id
        # Going to an item from here opens the visit screen in place of the review, then
        # moves to the item once the screen is drawn.
        await pilot.press("enter")
        await until(pilot, lambda: shows_item(pilot, "bathroom.grab_bar"))
        assert isinstance(app.screen, VisitScreen)
        assert highlighted_item(pilot) == "bathroom.grab_bar"


async def test_report_written_privately(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Zoë Ødegård-Nguyễn")
    visit_id = start_visit(store, mini_catalog, client.id)
    store.save_response(visit_id, "bathroom.grab_bar", Answer.HAZARD, note=NOTE)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReviewScreen(visit_id))
        await pilot.pause()
        await pilot.press("r")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, MessageDialog)
        pdfs = list(config.reports_dir.glob("*.pdf"))
        assert len(pdfs) == 1
        assert pdfs[0].read_bytes().startswith(b"%PDF")
        assert stat.S_IMODE(pdfs[0].stat().st_mode) == 0o600
        assert isinstance(app.screen, ReportSavedDialog)  # says where, until closed


async def test_report_folder_problem_shows_dialog(
    store: Store, mini_catalog: Catalog, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    config = Config(db_path=tmp_path / "x.db", reports_dir=blocker / "reports", db_is_default=False)
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReviewScreen(visit_id))
        await pilot.pause()
        await pilot.press("g")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)


# -- help, wording, palette, errors ----------------------------------------------------


async def test_help_opens_and_closes(store: Store, mini_catalog: Catalog, config: Config) -> None:
    """F1 and ? each open the help, over the home screen and over a visit."""
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen), key

        await open_visit(pilot, visit_id)
        for key in ("f1", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, VisitScreen), key
        assert store.responses(visit_id) == {}


async def test_help_shown_again_looks_as_drawn_anew(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    """The app keeps the help once drawn: shown again it is at the top, in the theme now
    chosen, exactly as a help drawn for the first time."""
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        body = app.screen.query_one("#help-body", VerticalScroll)
        body.scroll_end(animate=False)
        await until(pilot, lambda: body.scroll_y > 0)
        await pilot.press("escape", "ctrl+t", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.query_one("#help-body", VerticalScroll).scroll_y == 0
        shown_again = app.export_screenshot()
        await pilot.press("escape")
        await app.push_screen(HelpScreen())
        await pilot.pause()
        assert app.export_screenshot() == shown_again


async def test_caregiver_sees_plain_wording(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id, role=AssessorRole.CAREGIVER)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_visit(pilot, visit_id)
        items = item_list(pilot)
        assert screen.plain is True
        assert items.plain is True
        assert screen.query_one(SectionList).plain is True
        await pilot.press("down")
        await pilot.press("w")
        await pilot.pause()
        assert screen.plain is False
        assert items.plain is False
        assert highlighted_item(pilot) == "bathroom.toilet_height"
        await pilot.press("w")
        await pilot.pause()
        assert items.plain is True


async def test_clinician_sees_clinical_wording(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(pilot, visit_id)
        assert item_list(pilot).plain is False


async def test_jump_targets_and_jump_to(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example", flags=["walker"])
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_visit(pilot, visit_id)
        targets = screen.jump_targets()
        item_ids = {item_id for _, _, item_id in targets if item_id is not None}
        expected = {
            item.id
            for section in screen.sections
            for item in rules.applicable_items(section, client.flags)
        }
        assert item_ids == expected
        assert "bathroom.walker_space" in item_ids
        assert {s for _, s, i in targets if i is None} == {s.id for s in screen.sections}

        screen.jump_to("out_of_bed", "out_of_bed.no_sit_up")
        await pilot.pause()
        assert screen.section.id == "out_of_bed"
        assert highlighted_item(pilot) == "out_of_bed.no_sit_up"
        assert item_list(pilot).has_focus

        screen.jump_to("bathroom", "bathroom.walker_space")
        await pilot.pause()
        assert screen.section.id == "bathroom"
        assert highlighted_item(pilot) == "bathroom.walker_space"


async def test_walker_item_only_for_walker_users(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_visit(pilot, visit_id)
        ids = {item_id for _, _, item_id in screen.jump_targets()}
        assert "bathroom.walker_space" not in ids
        assert [i.id for i in item_list(pilot).items] == [
            "bathroom.grab_bar",
            "bathroom.toilet_height",
            "bathroom.alarm",
        ]


async def test_store_error_shows_dialog(
    store: Store, mini_catalog: Catalog, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = store.add_client("Ada Example")
    visit_id = start_visit(store, mini_catalog, client.id)
    app = make_app(store, mini_catalog, config)
    async with app.run_test(size=SIZE) as pilot:
        await open_visit(pilot, visit_id)

        def broken(*args: object, **kwargs: object) -> None:
            raise StoreError("test")

        monkeypatch.setattr(store, "save_response", broken)
        await pilot.press("h")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MessageDialog)
        assert dialog.message == "test"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        assert highlighted_item(pilot) == "bathroom.grab_bar"
        monkeypatch.undo()
        assert store.responses(visit_id) == {}
        assert app.screen.responses == {}
