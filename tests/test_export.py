"""Export: de-identification that hides everything it promises to, a streamed document
equal to the in-memory one, and CSV a spreadsheet cannot turn into formulas.

Every person here is fictional.
"""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import homecheck.exchange.export as export_module
from homecheck.exchange import (
    age_band,
    export_csv,
    export_data,
    export_json,
    neutralise_cell,
    write_json,
)
from homecheck.exchange.deidentify import Deidentifier
from homecheck.exchange.export import ExportOptions, select_clients
from homecheck.limits import MAX_SHIFT_DAYS, new_date_shift
from homecheck.model import ActionOwner, Answer, Catalog, Client, Priority
from homecheck.store import Store
from tests.import_support import import_text
from tests.privacy_text import without_ids

FIXED = date(2026, 11, 2)
NAME = "Gertrude Quillfeather-Ambrose"
CAREGIVER = "Daughter Mavis, visits weekly"
ADDRESS = "99 Unique Crescent, Lowbridge"
CONTACT = "0161 496 0000"
ASSESSOR = "Sam Thistlewood"
IDENTIFIERS = (
    "Gertrude",
    "Quillfeather",
    "Ambrose",
    "Mavis",
    "Unique Crescent",
    "Lowbridge",
    CONTACT,
    "Thistlewood",
    "1931",
)


def identified_client(store: Store) -> tuple[int, int, int]:
    """A client whose free text is full of identifiers, with a visit and a follow-up."""
    client = store.add_client(
        NAME,
        birth_date=date(1931, 3, 28),
        address=ADDRESS,
        contact=CONTACT,
        caregiver=CAREGIVER,
        notes="Gertrude prefers mornings",
    )
    first = store.start_visit(
        client.id,
        visit_date=date(2026, 5, 4),
        sections=["bathroom"],
        content_hash="h",
        assessor=ASSESSOR,
    )
    note = (
        "gertrude QUILLFEATHER says Mavis moved the rug at 99 Unique Crescent on"
        " 2026-05-01; call 0161 496 0000 or mavis@example.org. Rug near the door."
    )
    store.save_response(first.id, "bathroom.grab_bar", Answer.HAZARD, note=note)
    store.save_response(
        first.id,
        "bathroom.grab_bar",
        priority_override=Priority.HIGH,
        override_reason="Mrs Quillfeather fell here",
        recommendation="Mavis to fit a bar for Gertrude",
    )
    store.save_action(
        first.id,
        "bathroom.grab_bar",
        ActionOwner.FAMILY,
        target_date=date(2026, 5, 18),
        done_date=date(2026, 5, 20),
        note="Mavis Quillfeather buys it",
    )
    store.complete_visit(first.id)
    second = store.start_visit(
        client.id,
        visit_date=date(2026, 8, 10),
        sections=["bathroom"],
        content_hash="h",
        assessor=ASSESSOR,
        previous_visit_id=first.id,
    )
    store.save_response(second.id, "bathroom.grab_bar", Answer.OK, note="Fixed by Ambrose")
    return client.id, first.id, second.id


FREE_TEXT = ("note", "override_reason", "recommendation")


def free_text(value: object) -> list[str]:
    if isinstance(value, dict):
        return [
            s
            for k, v in value.items()
            for s in ([v] if k in (*FREE_TEXT, "notes") and isinstance(v, str) else free_text(v))
        ]
    if isinstance(value, list):
        return [s for v in value for s in free_text(v)]
    return []


def test_deidentified_export_has_no_free_text_at_all(store: Store, mini_catalog: Catalog) -> None:
    identified_client(store)
    text = export_json(store, deidentify=True, today=FIXED)
    for secret in IDENTIFIERS:
        assert secret.casefold() not in without_ids(text).casefold(), secret
    client = json.loads(text)["clients"][0]
    assert client["notes"] == "" and client["name"] == "Client 1"
    for visit in client["visits"]:
        assert visit["assessor"] == ""
        for answer in [*visit["responses"].values(), *visit["history"]]:
            assert all(answer[field] == "" for field in FREE_TEXT)
        assert all(a["note"] == "" for a in visit["actions"].values())
    csv_text = export_csv(store, mini_catalog, deidentify=True, today=FIXED)
    for secret in IDENTIFIERS:
        assert secret.casefold() not in without_ids(csv_text).casefold(), secret


def test_keep_notes_keeps_the_text_without_identifiers(store: Store) -> None:
    identified_client(store)
    data = export_data(store, deidentify=True, keep_notes=True, today=FIXED)
    # Only the free text: a shifted date may happen to read 2026-05-01.
    every = "\n".join(free_text(data))
    assert "Rug near the door" in every
    for secret in (*IDENTIFIERS, "2026-05-01", "mavis@example.org"):
        assert secret.casefold() not in every.casefold(), secret
    visit = data["clients"][0]["visits"][0]
    note = visit["responses"]["bathroom.grab_bar"]["note"]
    assert note.startswith("[removed] [removed] says [removed] moved the rug at [removed]")
    assert note.endswith("Rug near the door.")
    assert visit["responses"]["bathroom.grab_bar"]["override_reason"] == "Mrs [removed] fell here"
    assert visit["actions"]["bathroom.grab_bar"]["note"] == "[removed] [removed] buys it"
    # Words of the caregiver's text that are not names stay ("visits weekly").
    assert data["clients"][0]["visits"][1]["responses"]["bathroom.grab_bar"]["note"] == (
        "Fixed by [removed]"
    )


def test_every_date_of_a_client_moves_by_one_hidden_offset(store: Store) -> None:
    identified_client(store)
    plain = export_data(store, today=FIXED)["clients"][0]
    hidden = export_data(store, deidentify=True, today=FIXED)["clients"][0]

    def moments(client: dict[str, Any]) -> list[datetime]:
        found = []
        for visit in client["visits"]:
            found.append(datetime.fromisoformat(visit["date"]))
            found += [
                datetime.fromisoformat(visit[k]) for k in ("created", "completed") if visit[k]
            ]
            found += [datetime.fromisoformat(r["updated"]) for r in visit["responses"].values()]
            found += [datetime.fromisoformat(h["changed"]) for h in visit["history"]]
            for action in visit["actions"].values():
                found += [datetime.fromisoformat(action["updated"])]
                found += [datetime.fromisoformat(action[k]) for k in ("target_date", "done_date")]
        return found

    before, after = moments(plain), moments(hidden)
    assert len(before) == len(after) > 10
    shifts = {b - a for b, a in zip(before, after, strict=True)}
    assert len(shifts) == 1  # one offset: every interval is kept
    (shift,) = shifts
    assert shift.days >= 1 and shift.seconds == 0


def test_select_clients_chooses_what_every_export_writes(store: Store) -> None:
    """One visit with its client, or every client by id with its visits oldest first; the
    de-identification only when asked for, with the client's own shift and assessors."""
    client_id, first, second = identified_client(store)
    other = store.add_client("Olive Example")
    everyone = list(select_clients(store, {}))
    assert [(c.id, [v.id for v in vs], hide) for c, vs, hide in everyone] == [
        (client_id, [first, second], None),
        (other.id, [], None),
    ]
    options: ExportOptions = {"visit_id": second, "deidentify": True, "keep_notes": True}
    ((client, visits, hide),) = select_clients(store, {**options, "today": FIXED})
    assert (client.id, [v.id for v in visits]) == (client_id, [second])
    assert hide is not None and hide.keep_notes and hide.age_band == "90+"
    assert hide.shift == timedelta(days=-client.date_shift)
    assert hide.text("Seen by Sam Thistlewood") == "Seen by [removed]"


def test_a_client_without_a_shift_gets_one_drawn_in_range() -> None:
    shifts = {new_date_shift() for _ in range(200)}
    assert min(shifts) >= 1 and max(shifts) <= MAX_SHIFT_DAYS and len(shifts) > 1
    own = Deidentifier(Client(id=1, name="Olive Example", date_shift=12))
    assert own.shift == timedelta(days=-12)
    drawn = Deidentifier(Client(id=1, name="Olive Example")).shift
    assert timedelta(days=-MAX_SHIFT_DAYS) <= drawn <= timedelta(days=-1)


def test_ages_past_89_are_one_band() -> None:
    assert age_band(date(1931, 3, 28), date(2026, 3, 28)) == "90+"
    assert age_band(date(1917, 1, 1), FIXED) == "90+"
    assert age_band(date(1937, 1, 1), FIXED) == "85-89"
    assert age_band(date(1960, 6, 1), FIXED) == "65-69"


def test_a_deidentified_export_imports_cleanly(store: Store, mini_catalog: Catalog) -> None:
    identified_client(store)
    for keep in (False, True):
        text = export_json(store, deidentify=True, keep_notes=keep, today=FIXED)
        target = Store()
        import_text(target, text, mini_catalog)
        again = json.loads(export_json(target))
        target.close()
        visits = again["clients"][0]["visits"]
        assert len(visits) == 2 and visits[1]["follow_up_of"] == 0


# -- streaming ---------------------------------------------------------------------------


def fill(store: Store, clients: int, *, visits: int = 2, answers: int = 3) -> None:
    items = ["bathroom.grab_bar", "bathroom.alarm", "bathroom.toilet_height"]
    items += [f"bathroom.other_{n}" for n in range(answers)]
    for n in range(clients):
        client = store.add_client(f"Streamed Example {n}", notes="ünïcode & <text>")
        for k in range(visits):
            visit = store.start_visit(
                client.id, visit_date=date(2026, 1, 1 + k), sections=["bathroom"], content_hash="h"
            )
            for a in range(answers):
                store.save_response(
                    visit.id, items[a % len(items)], Answer.HAZARD, note=f"note {a} " * 40
                )


def test_the_streamed_document_is_the_in_memory_one_byte_for_byte(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_module, "now_stamp", lambda: "2026-11-02T09:00:00.000+00:00")

    def as_before(visit_id: int | None = None) -> str:
        document = export_data(store, visit_id=visit_id)
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    assert export_json(store) == as_before()  # no clients at all
    store.add_client("No Visits Example")
    assert export_json(store) == as_before()
    fill(store, 3)
    assert export_json(store) == as_before()
    assert export_json(store, visit_id=2) == as_before(visit_id=2)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(value=JSON_VALUES, level=st.integers(0, 3))
def test_the_fast_indenting_writes_what_json_writes(value: object, level: int) -> None:
    expected = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
    assert export_module._indented(value, "  " * level) == expected


def peak_bytes(store: Store) -> int:
    class Sink(io.StringIO):
        """Keeps none of the text, so the peak is the writer's own."""

        def write(self, text: str, /) -> int:
            return len(text)

    tracemalloc.start()
    try:
        write_json(store, Sink())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_does_not_grow_with_the_database() -> None:
    """Ten times the clients, about the same peak: the document is never whole in memory."""
    small, large = Store(), Store()
    fill(small, 4, answers=30)
    fill(large, 40, answers=30)
    try:
        assert peak_bytes(large) < 2 * peak_bytes(small)
    finally:
        small.close()
        large.close()


def test_json_escapes_what_json_leaves_raw_and_reads_back_exact(store: Store) -> None:
    name = "Ada \x9b31m Example \u202eevil\u2066 \x1b]0;title\x07"
    store.add_client(name)
    text = export_json(store)
    for raw in ("\x9b", "\u202e", "\u2066", "\x1b", "\x07"):
        assert raw not in text
    assert json.loads(text)["clients"][0]["name"] == name


# -- CSV ---------------------------------------------------------------------------------


def test_csv_cells_cannot_become_formulas(store: Store, mini_catalog: Catalog) -> None:
    client = store.add_client('=HYPERLINK("http://x")')
    v = store.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    store.save_response(v.id, "bathroom.alarm", Answer.HAZARD, note="+1 step")
    store.save_response(v.id, "bathroom.grab_bar", Answer.HAZARD, note="@SUM(A1)")
    store.save_response(v.id, "bathroom.toilet_height", Answer.HAZARD, note="-2")
    # The store now refuses a negative measurement; a database from before may hold one.
    store.conn.execute("UPDATE responses SET measurement = -3")
    rows = list(csv.DictReader(io.StringIO(export_csv(store, mini_catalog), newline="")))
    assert {r["client"] for r in rows} == {'\'=HYPERLINK("http://x")'}
    notes = {r["item_id"]: r["note"] for r in rows}
    assert notes == {
        "bathroom.alarm": "'+1 step",
        "bathroom.grab_bar": "'@SUM(A1)",
        "bathroom.toilet_height": "'-2",
    }
    height = next(r for r in rows if r["item_id"] == "bathroom.toilet_height")
    assert height["measurement"] == "-3"  # a number stays a number


@pytest.mark.parametrize(
    ("text", "shown"),
    [("=1+1", "'=1+1"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("a=b", "a=b"), ("", "")],
)
def test_neutralise_cell(text: str, shown: str) -> None:
    assert neutralise_cell(text) == shown


def test_a_carriage_return_in_a_note_does_not_split_its_row(
    store: Store, mini_catalog: Catalog
) -> None:
    client = store.add_client("Ada Example")
    v = store.start_visit(client.id, visit_date=FIXED, sections=["bathroom"], content_hash="h")
    store.save_response(v.id, "bathroom.alarm", Answer.HAZARD, note="first\rsecond")
    store.save_response(v.id, "bathroom.grab_bar", Answer.OK, note="plain")
    text = export_csv(store, mini_catalog)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows)
    assert rows[1][rows[0].index("note")] == "first\rsecond"
    # What a spreadsheet sees: records end in CRLF, and the lone CR sits inside quotes.
    records = text.split("\r\n")
    assert records[-1] == "" and len(records) == 4
    assert '"first\rsecond"' in records[1]
