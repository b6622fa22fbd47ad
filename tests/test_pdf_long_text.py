"""Free text of any length prints, in every report kind: nothing is cut, nothing breaks.

A table row cannot break across pages, so before this a 1,550-character action note
made the clinician report fail with a LayoutError. Every person here is fictional.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from homecheck.limits import MEDIUM_TEXT, SHORT_TEXT
from homecheck.model import ActionOwner, Answer, Catalog, Priority
from homecheck.pdf import render_pdf
from homecheck.report import Audience, build_report_for_visit
from homecheck.store import Store
from tests.pdf_reading import page_texts

LONG = 20_000
UNBROKEN = 5_000

# Which fields each kind of report prints (client notes, caregiver and contact are not
# printed at all; they are stored just as long, to show they break nothing).
PRINTED = {
    "clinician": ("note", "reason", "advice", "action", "address", "assessor"),
    "household": ("note", "advice", "action", "address", "assessor"),
    "large-print": ("note", "advice", "action", "address", "assessor"),
}


def long_text(tag: str, shape: str) -> str:
    """`tag0001 tag0002 ...` to LONG characters, on one line or many; or one long word."""
    if shape == "one-word":
        return (tag + "".join(f"{n:04d}" for n in range(UNBROKEN)))[:UNBROKEN]
    words = [f"{tag}{n:05d}" for n in range(LONG // (len(tag) + 6) + 1)]
    if shape == "lines":
        lines = [" ".join(words[i : i + 7]) for i in range(0, len(words), 7)]
        return "\n".join(lines)[:LONG]
    return " ".join(words)[:LONG]


FOOTER = re.compile(r"Page \d+ of \d+|homecheck · [^\n]*? · visit \d+ · \d{4}-\d\d-\d\d")


# Table headings, repeated at the top of every page a table continues on.
HEADINGS = ("FindingWhoTargetDoneNote", "ItemAnswerNote")


def printed_text(path: Path) -> str:
    """The whole document's text without the page footers and repeated table headings
    that interrupt a text running over several pages."""
    text = squashed("".join(FOOTER.sub("", page) for page in page_texts(path)))
    for heading in HEADINGS:
        text = text.replace(heading, "")
    return text


def squashed(text: str) -> str:
    """Without any white space: a line break in a PDF is where the layout chose."""
    return "".join(text.split())


def long_visit(store: Store, mini_catalog: Catalog, shape: str) -> tuple[int, dict[str, str]]:
    # Each as long as the store accepts (the import's limits, homecheck.limits).
    limit = {"address": MEDIUM_TEXT, "assessor": SHORT_TEXT}
    values = {
        field: long_text(field, shape)[: limit.get(field, LONG)]
        for field in ("note", "reason", "advice", "action", "address", "assessor")
    }
    client = store.add_client(
        "Long Example",
        birth_date=date(1941, 3, 28),
        address=values["address"],
        contact=long_text("contact", shape)[:MEDIUM_TEXT],
        caregiver=long_text("caregiver", shape)[:MEDIUM_TEXT],
        notes=long_text("notes", shape),
    )
    visit = store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=[s.id for s in mini_catalog.sections],
        content_hash="h",
        assessor=values["assessor"],
    )
    store.save_response(visit.id, "bathroom.alarm", Answer.HAZARD, note=values["note"])
    store.save_response(
        visit.id,
        "bathroom.alarm",
        priority_override=Priority.HIGH,
        override_reason=values["reason"],
        recommendation=values["advice"],
    )
    store.save_action(
        visit.id,
        "bathroom.alarm",
        ActionOwner.FAMILY,
        target_date=date(2026, 12, 1),
        note=values["action"],
    )
    return visit.id, values


@pytest.mark.parametrize("shape", ["words", "lines", "one-word"])
@pytest.mark.parametrize("kind", ["clinician", "household", "large-print"])
def test_every_free_text_field_prints_whole(
    tmp_path: Path, store: Store, mini_catalog: Catalog, shape: str, kind: str
) -> None:
    visit_id, values = long_visit(store, mini_catalog, shape)
    audience = Audience.CLINICIAN if kind == "clinician" else Audience.HOUSEHOLD
    data = build_report_for_visit(store, mini_catalog, visit_id, audience=audience)
    out = render_pdf(data, tmp_path / "r.pdf", large_print=kind == "large-print")
    text = printed_text(out)
    for field in PRINTED[kind]:
        assert squashed(values[field]) in text, f"{field} is not printed whole"


def test_a_follow_up_of_a_visit_with_a_long_action_note_renders(
    tmp_path: Path, store: Store, mini_catalog: Catalog
) -> None:
    """The carried-over action note broke every later report too."""
    visit_id, values = long_visit(store, mini_catalog, "words")
    store.complete_visit(visit_id)
    first = store.get_visit(visit_id)
    follow_up = store.start_visit(
        first.client_id,
        visit_date=date(2026, 12, 2),
        sections=first.sections,
        content_hash="h",
        previous_visit_id=visit_id,
    )
    data = build_report_for_visit(store, mini_catalog, follow_up.id)
    out = render_pdf(data, tmp_path / "f.pdf")
    text = printed_text(out)
    assert squashed(values["action"]) in text
