"""The PDFs, read back with pypdf: text, pages, escaping, every name, file mode."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from homecheck.demo import add_demo
from homecheck.model import Answer, Catalog, Visit
from homecheck.pdf import render_pdf, report_filename
from homecheck.report import Audience, ReportData, build_report_for_visit
from homecheck.store import Store
from tests.pdf_reading import page_texts

FIXED = date(2026, 11, 2)


def joined(texts: list[str]) -> tuple[str, int]:
    """The pages' text with all white space as single spaces, and how many pages."""
    return " ".join("\n".join(texts).split()), len(texts)


def pdf_text(path: Path) -> tuple[str, int]:
    return joined(page_texts(path))


def add_unicode_visit(store: Store, mini_catalog: Catalog) -> Visit:
    client = store.add_client(
        "Zoë Ødegård-Nguyễn",
        birth_date=date(1941, 3, 28),
        address="12 Rue <Test> & Co",
        flags={"lives_alone"},
    )
    visit = store.start_visit(
        client.id,
        visit_date=FIXED,
        sections=[s.id for s in mini_catalog.sections],
        content_hash="h",
    )
    store.save_response(
        visit.id,
        "bathroom.alarm",
        Answer.HAZARD,
        note="Rug near <stairs> & hall; pendant in drawer",
    )
    store.save_response(visit.id, "out_of_bed.no_sit_up", Answer.HAZARD)
    store.save_response(visit.id, "bathroom.grab_bar", Answer.OK)
    return visit


@pytest.fixture
def unicode_visit(store: Store, mini_catalog: Catalog) -> Visit:
    return add_unicode_visit(store, mini_catalog)


@dataclass(frozen=True)
class Rendered:
    data: ReportData
    path: Path
    text: str
    pages: int


@pytest.fixture(scope="module")
def unicode_reports(
    tmp_path_factory: pytest.TempPathFactory, mini_catalog: Catalog
) -> dict[Audience, Rendered]:
    """The unicode visit's report for each audience (no appendix), rendered and read once
    for the tests that only read it (each costs a render and a read)."""
    store = Store()
    try:
        visit = add_unicode_visit(store, mini_catalog)
        folder = tmp_path_factory.mktemp("unicode-reports")
        reports = {}
        for audience in Audience:
            data = build_report_for_visit(store, mini_catalog, visit.id, audience=audience)
            path = render_pdf(data, folder / f"{audience.value}.pdf")
            reports[audience] = Rendered(data, path, *pdf_text(path))
    finally:
        store.close()
    return reports


@pytest.mark.parametrize("audience", list(Audience))
def test_names_and_notes_render_escaped(
    unicode_reports: dict[Audience, Rendered], audience: Audience
) -> None:
    rendered = unicode_reports[audience]
    assert "Zoë Ødegård-Nguyễn" in rendered.text
    assert "Rug near <stairs> & hall; pendant in drawer" in rendered.text
    assert f"Page 1 of {rendered.pages}" in rendered.text
    assert stat.S_IMODE(rendered.path.stat().st_mode) == 0o600


def test_clinician_report_has_every_part(
    tmp_path: Path, store: Store, mini_catalog: Catalog, unicode_visit: Visit
) -> None:
    data = build_report_for_visit(store, mini_catalog, unicode_visit.id, appendix=True)
    text, _ = pdf_text(render_pdf(data, tmp_path / "r.pdf"))
    for heading in (
        "Most urgent, and why they rank first",
        "Referrals",
        "Signature",
        "Action plan, most urgent first",
        "Body mechanics",
        "Findings by section",
        "Appendix: every item and its answer",
    ):
        assert heading in text
    assert "raised from medium by lives alone" in text
    assert "Bend both knees." in text  # the technique's steps
    assert "Not answered" in text  # the appendix keeps unanswered items
    assert "Criterion: No alarm or phone reachable from the floor." in text


def test_the_item_appendix_is_asked_for(unicode_reports: dict[Audience, Rendered]) -> None:
    """By default the report is the plan; the full item list comes with `--appendix`."""
    text = unicode_reports[Audience.CLINICIAN].text
    assert "Appendix" not in text and "Criterion" not in text
    assert "Found:" not in text  # the definition is never printed as what was found


def test_household_handout_has_no_clinical_appendix(
    unicode_reports: dict[Audience, Rendered],
) -> None:
    text = unicode_reports[Audience.HOUSEHOLD].text
    assert "Fix these first" in text
    assert "Appendix" not in text and "Criterion" not in text


def test_large_print_uses_at_least_16_point(
    tmp_path: Path, store: Store, mini_catalog: Catalog, unicode_visit: Visit
) -> None:
    data = build_report_for_visit(
        store, mini_catalog, unicode_visit.id, audience=Audience.HOUSEHOLD
    )
    out = render_pdf(data, tmp_path / "big.pdf", large_print=True)
    sizes: list[float] = []

    def visitor(
        text: str,
        cm: list[float],
        tm: list[float],
        font_dict: DictionaryObject | None,
        font_size: float,
    ) -> None:
        footer = text.startswith(("homecheck ·", "Page "))
        if text.strip() and not footer:
            sizes.append(font_size * tm[0])

    page_texts(out, visitor_text=visitor)
    # Everything but the page footer: headings, body, tables and notes alike.
    assert sizes and min(sizes) >= 16


def test_rendering_is_deterministic(
    tmp_path: Path, unicode_reports: dict[Audience, Rendered]
) -> None:
    rendered = unicode_reports[Audience.CLINICIAN]
    first = rendered.path.read_bytes()
    second = render_pdf(rendered.data, tmp_path / "b.pdf").read_bytes()
    assert first == second


def test_file_name_has_no_client_name(
    store: Store, mini_catalog: Catalog, unicode_visit: Visit
) -> None:
    data = build_report_for_visit(store, mini_catalog, unicode_visit.id)
    name = report_filename(data, large_print=True)
    day = unicode_visit.visit_date.isoformat()
    assert name == f"homecheck-{day}-visit-{unicode_visit.id}-clinician-large-print.pdf"


def test_full_demo_report_renders(tmp_path: Path, store: Store, catalog: Catalog) -> None:
    _, visit = add_demo(store, catalog, visit_date=FIXED)
    data = build_report_for_visit(store, catalog, visit.id)
    texts = page_texts(render_pdf(data, tmp_path / "demo.pdf"))  # read once, for both
    text, pages = joined(texts)
    assert pages > 5 and f"Page {pages} of {pages}" in text
    assert "Edith Marlow (demo)" in text
    lines = [line.strip() for page in texts for line in page.splitlines()]
    # A technique's step number stays with its step, never alone at a line's end.
    assert not [line for line in lines if re.search(r"\s\d+\.$", line)]


def test_retired_answers_appear_in_the_appendix(
    tmp_path: Path, store: Store, mini_catalog: Catalog, unicode_visit: Visit
) -> None:
    store.save_response(unicode_visit.id, "bathroom.bath_mat", Answer.HAZARD)
    data = build_report_for_visit(store, mini_catalog, unicode_visit.id, appendix=True)
    text, _ = pdf_text(render_pdf(data, tmp_path / "r.pdf"))
    assert "Answers to items since retired from the checklists" in text
    assert "Non-slip mat in the bath" in text


def test_amended_visit_says_so(
    tmp_path: Path, store: Store, mini_catalog: Catalog, unicode_visit: Visit
) -> None:
    store.complete_visit(unicode_visit.id)
    store.save_response(unicode_visit.id, "bathroom.grab_bar", Answer.HAZARD)
    data = build_report_for_visit(store, mini_catalog, unicode_visit.id)
    assert data.amended
    text, _ = pdf_text(render_pdf(data, tmp_path / "r.pdf"))
    assert "amended after completion" in text


def test_household_this_week_list_stays_short(
    tmp_path: Path, store: Store, catalog: Catalog
) -> None:
    """However many findings the profile raises to high, a family gets at most five to do
    first, and the rest follow under who acts."""
    _, visit = add_demo(store, catalog, visit_date=FIXED)
    data = build_report_for_visit(store, catalog, visit.id, audience=Audience.HOUSEHOLD)
    assert sum(1 for f in data.findings if f.priority.value == "high") > 5
    assert data.plan is not None and 3 <= len(data.plan.fix_first) <= 5
    text, _ = pdf_text(render_pdf(data, tmp_path / "h.pdf"))
    first, rest = text.split("Fix these first", 1)[1].split("Then these", 1)
    assert [f"{n}. " in first for n in range(1, 7)] == [True] * len(data.plan.fix_first) + [
        False
    ] * (6 - len(data.plan.fix_first))
    assert all(f.what in " ".join(rest.split()) for f in data.plan.then)


def test_200_items_60_findings_and_a_very_long_note(
    tmp_path: Path, store: Store, catalog: Catalog
) -> None:
    """Big visits split cleanly: every finding and every appendix row is in the PDF."""
    from homecheck import rules

    client = store.add_client("Long Example", flags={"osteoporosis", "walker"})
    sections = [s.id for s in catalog.sections]
    visit = store.start_visit(client.id, visit_date=FIXED, sections=sections, content_hash="h")
    items = [
        i
        for s in rules.visit_sections(catalog, sections)
        for i in rules.applicable_items(s, client.flags)
    ][:200]
    assert len(items) == 200
    long_note = "Long observation & detail <kept>. " * 120  # about 4,000 characters
    for n, item in enumerate(items):
        if n % 10 < 3:
            store.save_response(
                visit.id, item.id, Answer.HAZARD, note=long_note if n == 0 else f"note {n}"
            )
        else:
            store.save_response(visit.id, item.id, Answer.OK)
    data = build_report_for_visit(store, catalog, visit.id, appendix=True)
    assert len(data.findings) == 60
    text, pages = pdf_text(render_pdf(data, tmp_path / "big.pdf"))
    assert pages > 10 and f"Page {pages} of {pages}" in text
    assert text.count("Long observation & detail <kept>.") >= 120 * 2 - 2  # plan + appendix
    for n in range(1, 61):
        assert f"{n}. [" in text
    assert all(f"note {n}" in text for n in range(1, 200) if n % 10 < 3)


def unembedded_fonts(path: Path) -> set[str]:
    """Every font a page (or a form on it) uses whose program is not in the file."""
    missing: set[str] = set()

    def check(resources: DictionaryObject) -> None:
        for entry in _dictionary(resources.get("/Font")).values():
            font = _dictionary(entry)
            parts = [font]
            if font.get("/Subtype") == "/Type0":
                parts = [_dictionary(d) for d in _array(font.get("/DescendantFonts"))]
            for part in parts:
                if part.get("/Subtype") == "/Type3":
                    continue  # drawn by procedures in the file itself
                descriptor = _dictionary(part.get("/FontDescriptor"))
                if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(part.get("/BaseFont")))
        for entry in _dictionary(resources.get("/XObject")).values():
            xobject = _dictionary(entry)
            if xobject.get("/Subtype") == "/Form":
                check(_dictionary(xobject.get("/Resources")))

    for page in pypdf.PdfReader(path).pages:
        check(_dictionary(page.get("/Resources")))
    return missing


def _dictionary(value: object) -> DictionaryObject:
    """The dictionary an entry holds or refers to; an empty one when there is none."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _array(value: object) -> ArrayObject:
    """The array an entry holds or refers to; an empty one when there is none."""
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return value if isinstance(value, ArrayObject) else ArrayObject()


@pytest.mark.parametrize(
    ("audience", "large_print"),
    [(Audience.CLINICIAN, False), (Audience.HOUSEHOLD, False), (Audience.HOUSEHOLD, True)],
    ids=["clinician", "household", "large-print"],
)
def test_every_font_is_embedded(
    tmp_path: Path,
    store: Store,
    mini_catalog: Catalog,
    unicode_visit: Visit,
    audience: Audience,
    large_print: bool,
) -> None:
    """Archives (PDF/A) refuse a file that merely names a font; Helvetica crept in as
    reportlab's default canvas font."""
    store.complete_visit(unicode_visit.id)
    follow_up = store.start_visit(
        unicode_visit.client_id,
        visit_date=date(2026, 12, 2),
        sections=unicode_visit.sections,
        content_hash="h",
        previous_visit_id=unicode_visit.id,
    )
    store.save_response(follow_up.id, "bathroom.alarm", Answer.OK)
    for visit_id in (unicode_visit.id, follow_up.id):
        data = build_report_for_visit(store, mini_catalog, visit_id, audience=audience)
        assert (data.comparison is not None) == (visit_id == follow_up.id)
        out = render_pdf(data, tmp_path / f"{visit_id}.pdf", large_print=large_print)
        first_page = pypdf.PdfReader(out).pages[0]
        assert len(_dictionary(_dictionary(first_page.get("/Resources")).get("/Font"))) > 0
        assert unembedded_fonts(out) == set()


def test_a_number_keeps_its_unit_and_markup_is_escaped() -> None:
    from homecheck.pdf.layout import _esc

    assert _esc("Rail 86-100 cm high, 5 m on; 10 months") == (
        "Rail 86-100\u00a0cm high, 5\u00a0m on; 10 months"
    )
    assert _esc("Rug near <stairs> & hall") == "Rug near &lt;stairs&gt; &amp; hall"


def test_the_section_table_and_the_line_after_it_share_a_page(
    tmp_path: Path, store: Store, catalog: Catalog
) -> None:
    """The demo's follow-up once left 'No findings in: ...' alone on the last page."""
    from benchmarks.pages import add_follow_up

    _, demo = add_demo(store, catalog, visit_date=FIXED)
    later = add_follow_up(store, catalog, demo.id)
    out = render_pdf(build_report_for_visit(store, catalog, later), tmp_path / "c.pdf")
    pages = page_texts(out)
    (page,) = [text for text in pages if "No findings in:" in text]
    assert "Findings by section" in page
