"""The fourth answer, "Don't know": stored, carried, never counted as safe, N/A or fixed.

Every person here is fictional.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from homecheck import migrations, rules
from homecheck.config import Config
from homecheck.exchange import export_csv, export_json
from homecheck.model import (
    ANSWER_KEYS,
    Answer,
    Catalog,
    Response,
    SectionKind,
    answer_label,
    answer_meaning,
)
from homecheck.store import Store
from homecheck.ui.widgets.section_list import SectionList
from tests.conftest import FIXTURES
from tests.import_support import import_text
from tests.pdf_reading import page_texts
from tests.ui_support import footer_text, item_list, make_app, open_visit, until

FIXED = date(2026, 11, 2)
DATABASES = FIXTURES / "databases"


def answers(visit_id: int, **given: Answer) -> dict[str, Response]:
    """Responses keyed by item id; keyword names use '__' for the id's dot."""
    return {
        key.replace("__", "."): Response(visit_id, key.replace("__", "."), answer)
        for key, answer in given.items()
    }


# -- words -------------------------------------------------------------------------------


def test_every_section_kind_words_every_answer() -> None:
    for kind in SectionKind:
        for answer in Answer:
            assert answer_label(kind, answer) and answer_meaning(kind, answer)
        assert answer_label(kind, Answer.UNKNOWN) == "Don't know"
    meanings = [answer_meaning(SectionKind.HOME, a) for a, _, _ in ANSWER_KEYS]
    assert meanings == ["Safe", "Hazard", "Does not apply here", "Don't know"]
    tasks = [answer_meaning(SectionKind.BODY_MECHANICS, a) for a, _, _ in ANSWER_KEYS]
    assert tasks == ["Safe", "Unsafe", "Not observed", "Don't know"]
    person = [answer_meaning(SectionKind.PERSON, a) for a, _, _ in ANSWER_KEYS]
    assert person == ["No concern", "Risk", "Does not apply", "Don't know"]
    # The short label stays where space is short (badges, reports' appendix).
    assert answer_label(SectionKind.HOME, Answer.NA) == "N/A"
    assert [(letter, digit) for _, letter, digit in ANSWER_KEYS][3] == ("d", "4")


# -- rules -------------------------------------------------------------------------------


def test_progress_counts_dont_know_as_answered_but_not_safe(mini_catalog: Catalog) -> None:
    bathroom = mini_catalog.section("bathroom")
    given = answers(
        1,
        bathroom__grab_bar=Answer.UNKNOWN,
        bathroom__toilet_height=Answer.HAZARD,
        bathroom__alarm=Answer.UNKNOWN,
    )
    progress = rules.progress(bathroom, frozenset(), given)
    assert (progress.answered, progress.total, progress.hazards, progress.unknown) == (3, 3, 1, 2)
    assert progress.complete  # not left as a gap
    found = rules.findings(mini_catalog, [bathroom], frozenset(), given)
    assert [f.item.id for f in found] == ["bathroom.toilet_height"]


def test_the_cursor_moves_past_dont_know(mini_catalog: Catalog) -> None:
    items = rules.applicable_items(mini_catalog.section("bathroom"), frozenset())
    given = answers(1, bathroom__grab_bar=Answer.UNKNOWN, bathroom__toilet_height=Answer.OK)
    assert rules.next_unanswered(items, given, 0) == 2
    given |= answers(1, bathroom__alarm=Answer.UNKNOWN)
    assert rules.next_unanswered(items, given, 0) is None


def test_unknown_items_in_visit_order_once_and_only_where_they_apply(
    mini_catalog: Catalog,
) -> None:
    sections = rules.visit_sections(mini_catalog, ["out_of_bed", "bathroom"])
    given = answers(
        1,
        out_of_bed__no_sit_up=Answer.UNKNOWN,
        bathroom__alarm=Answer.UNKNOWN,
        bathroom__grab_bar=Answer.UNKNOWN,
        bathroom__toilet_height=Answer.NA,
        bathroom__walker_space=Answer.UNKNOWN,  # walker users only
        bathroom__bath_mat=Answer.UNKNOWN,  # retired
    )
    listed = rules.unknown_items(sections, frozenset(), given)
    assert [(s.id, i.id) for s, i in listed] == [
        ("bathroom", "bathroom.grab_bar"),
        ("bathroom", "bathroom.alarm"),
        ("out_of_bed", "out_of_bed.no_sit_up"),
    ]
    walker = rules.unknown_items(sections, frozenset({"walker"}), given)
    assert "bathroom.walker_space" in [i.id for _, i in walker]
    # A follow-up's re-check section repeats items of the visit: each is listed once.
    previous = answers(1, bathroom__grab_bar=Answer.HAZARD)
    recheck = rules.recheck_section(mini_catalog, previous, frozenset())
    assert recheck is not None
    again = rules.unknown_items((recheck, *sections), frozenset(), given)
    assert [i.id for _, i in again].count("bathroom.grab_bar") == 1
    assert rules.unknown_items(sections, frozenset(), {}) == ()


def test_dont_know_on_a_follow_up_is_not_resolved(mini_catalog: Catalog) -> None:
    previous = answers(
        1,
        bathroom__grab_bar=Answer.HAZARD,
        bathroom__alarm=Answer.HAZARD,
        bathroom__toilet_height=Answer.UNKNOWN,
    )
    current = answers(
        2,
        bathroom__grab_bar=Answer.UNKNOWN,
        bathroom__alarm=Answer.NA,
        bathroom__toilet_height=Answer.HAZARD,
    )
    comparison = rules.compare(mini_catalog, previous, current)
    assert comparison.resolved == ("bathroom.alarm",)
    assert comparison.not_rechecked == ("bathroom.grab_bar",)
    assert comparison.persisting == ()
    assert comparison.new == ("bathroom.toilet_height",)  # not known before: new now


# -- store and migration -----------------------------------------------------------------


def test_dont_know_is_stored_and_logged(store: Store) -> None:
    client = store.add_client("Ada Example")
    visit = store.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    store.save_response(visit.id, "bathroom.grab_bar", Answer.UNKNOWN, note="Could not see")
    saved = store.responses(visit.id)["bathroom.grab_bar"]
    assert saved.answer is Answer.UNKNOWN and saved.note == "Could not see"
    assert [c.answer for c in store.response_history(visit.id)] == [Answer.UNKNOWN]


def test_a_version_4_database_takes_dont_know_after_its_upgrade(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    shutil.copy(DATABASES / "schema-v4.db", db)
    old = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError):  # why the migration is needed
        old.execute("UPDATE responses SET answer = 'unknown'")
    old.close()
    store = Store(db)
    assert migrations.schema_version(store.db) == migrations.LATEST_VERSION
    (client,) = store.list_clients()
    (visit,) = store.list_visits(client.id)
    kept = store.responses(visit.id)["bathroom.grab_bar"]
    assert kept.answer is Answer.HAZARD and kept.note == "Fixture note"
    store.save_response(visit.id, "bathroom.alarm", Answer.UNKNOWN)
    assert store.responses(visit.id)["bathroom.alarm"].answer is Answer.UNKNOWN
    with pytest.raises(sqlite3.IntegrityError):  # the constraint is still there
        store.conn.execute("UPDATE responses SET answer = 'maybe'")
    store.close()
    assert Path(f"{db}.v4.bak").exists()


# -- export and import -------------------------------------------------------------------


def test_dont_know_travels_in_json_and_csv(store: Store, mini_catalog: Catalog) -> None:
    client = store.add_client("Ada Example")
    visit = store.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    store.save_response(visit.id, "bathroom.grab_bar", Answer.OK)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.UNKNOWN)
    store.save_response(visit.id, "bathroom.alarm", Answer.HAZARD)
    first = export_json(store)
    exported = json.loads(first)["clients"][0]["visits"][0]
    assert exported["responses"]["bathroom.grab_bar"]["answer"] == "unknown"
    assert [h["answer"] for h in exported["history"]] == ["ok", "unknown", "hazard"]
    target = Store()
    (new_client,) = import_text(target, first, mini_catalog)
    (new_visit,) = target.list_visits(new_client)
    assert target.responses(new_visit.id)["bathroom.grab_bar"].answer is Answer.UNKNOWN
    second = export_json(target)
    target.close()
    assert json.loads(first) | {"exported": ""} == json.loads(second) | {"exported": ""}
    rows = list(csv.DictReader(io.StringIO(export_csv(store, mini_catalog))))
    assert {r["item_id"]: r["answer"] for r in rows} == {
        "bathroom.grab_bar": "unknown",
        "bathroom.alarm": "hazard",
    }


def test_a_file_from_before_dont_know_still_imports(store: Store, mini_catalog: Catalog) -> None:
    """Written by a homecheck that knew three answers: the format did not change."""
    document = {
        "format": "homecheck",
        "format_version": 1,
        "exported": "2026-11-21T15:17:58.923+00:00",
        "clients": [
            {
                "name": "Bea Example",
                "flags": [],
                "visits": [
                    {
                        "date": "2026-11-02",
                        "role": "occupational-therapist",
                        "mode": "in-person",
                        "status": "in-progress",
                        "responses": {
                            "bathroom.grab_bar": {"answer": "ok"},
                            "bathroom.alarm": {"answer": "na"},
                            "bathroom.toilet_height": {"answer": "hazard"},
                        },
                    }
                ],
            }
        ],
    }
    (client_id,) = import_text(store, json.dumps(document), mini_catalog)
    (visit,) = store.list_visits(client_id)
    assert {k: r.answer for k, r in store.responses(visit.id).items()} == {
        "bathroom.grab_bar": Answer.OK,
        "bathroom.alarm": Answer.NA,
        "bathroom.toilet_height": Answer.HAZARD,
    }


# -- on screen ---------------------------------------------------------------------------


async def test_d_and_4_answer_dont_know_and_the_footer_speaks_the_sections_words(
    store: Store, mini_catalog: Catalog, config: Config
) -> None:
    client = store.add_client("Ada Example")
    visit = store.start_visit(
        client.id, visit_date=FIXED, sections=["bathroom", "out_of_bed"], content_hash="h"
    )
    app = make_app(store, mini_catalog, config)
    async with app.run_test() as pilot:  # 80x24
        screen = await open_visit(pilot, visit.id)
        await until(pilot, lambda: "Don't know" in footer_text(pilot))
        home_keys = footer_text(pilot)
        for words in ("Safe", "Hazard", "N/A", "Don't know", "Note", "Next section", "Review"):
            assert words in home_keys
        await pilot.press("d")
        await pilot.press("s")
        await pilot.press("4")
        await pilot.pause()
        saved = store.responses(visit.id)
        assert saved["bathroom.grab_bar"].answer is Answer.UNKNOWN
        assert saved["bathroom.alarm"].answer is Answer.UNKNOWN
        row = item_list(pilot).prompt(0).plain
        assert row.startswith("? Don't know")  # a mark and a word
        progress = screen.query_one(SectionList).progress_of(0)
        assert (progress.answered, progress.hazards, progress.unknown) == (3, 0, 2)
        await pilot.press("right_square_bracket")
        await until(pilot, lambda: "Not observed" in footer_text(pilot))
        assert "Unsafe" in footer_text(pilot) and "Hazard" not in footer_text(pilot)


# -- reports -----------------------------------------------------------------------------


def test_both_reports_list_dont_know_as_not_checked(
    store: Store, mini_catalog: Catalog, tmp_path: Path
) -> None:

    from homecheck.pdf import render_pdf
    from homecheck.report import Audience, build_report_for_visit

    client = store.add_client("Ada Example", flags=["lives_alone"])
    visit = store.start_visit(
        client.id,
        visit_date=FIXED,
        sections=[s.id for s in mini_catalog.sections],
        content_hash="h",
    )
    store.save_response(visit.id, "bathroom.alarm", Answer.UNKNOWN)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.HAZARD)
    for audience in Audience:
        data = build_report_for_visit(store, mini_catalog, visit.id, audience=audience)
        (part,) = data.dont_know
        alarm = mini_catalog.items["bathroom.alarm"]
        assert part.items == ((alarm.plain if audience.plain else alarm.check),)
        assert [f.item_id for f in data.findings] == ["bathroom.grab_bar"]
        path = tmp_path / f"{audience.value}.pdf"
        render_pdf(data, path)
        text = " ".join(page_texts(path))
        text = " ".join(text.split())
        if audience.plain:
            assert (
                "Answered “Don't know” It was not clear on the visit whether these are so."
                " Ask your therapist to check them with you." in text
            )
        else:
            assert "1 answered 'Don't know'" in text
            assert "Answered 'Don't know' (for a therapist to check)" in text


def test_a_note_on_dont_know_is_listed_with_the_item(store: Store, mini_catalog: Catalog) -> None:
    """A note taken before deciding is saved with "Don't know" (a row needs an answer):
    both reports list the item as still to check, with the note, and it is no finding."""
    from homecheck.report import Audience, build_report_for_visit

    client = store.add_client("Ada Example")
    visit = store.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    store.save_response(visit.id, "bathroom.alarm", Answer.UNKNOWN, note="Cord <tied> & up")
    alarm = mini_catalog.items["bathroom.alarm"]
    for audience, said in (
        (Audience.CLINICIAN, "recorded"),
        (Audience.HOUSEHOLD, "seen on the visit"),
    ):
        data = build_report_for_visit(store, mini_catalog, visit.id, audience=audience)
        (part,) = data.dont_know
        check = alarm.plain if audience.plain else alarm.check
        assert part.items == (f"{check} ({said}: Cord <tied> & up)",)
        assert data.findings == ()
