"""The faster line breaking gives reportlab's answers: the same style comparison as
rl_accel's, the same measurements, and byte for byte the same reports."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, paragraph

from homecheck.demo import add_demo
from homecheck.model import Catalog
from homecheck.pdf import render_pdf
from homecheck.pdf.layout import FONT, _register_fonts
from homecheck.pdf.lines import measure_afresh, same_frag, string_width
from homecheck.report import Audience, build_report_for_visit
from homecheck.store import Store

MARKUP = [
    "<b>Recorded:</b> a note<br/><b>Why:</b> a reason &amp; more",
    "1. <b>Grab bar</b> [HIGH] <font size='-1'>(Bathroom, since 2026)</font>",
    "<b>Avoid.</b> Bending <i>Why:</i> spine <font color='red'>red</font> <u>under</u>",
    "<bullet>•</bullet><b>Family, by 1 February 2026:</b> fit a rail",
    "<a href='https://example.invalid'>a link</a> then <strike>old</strike> and x<super>2</super>",
]


@pytest.fixture
def style() -> ParagraphStyle:
    _register_fonts()
    return ParagraphStyle("t", fontName=FONT, fontSize=9.5, leading=12.8, textColor=colors.black)


def _pieces(style: ParagraphStyle) -> list[Any]:
    """The parsed fragments of each paragraph and the pieces of its broken lines."""
    pieces: list[Any] = []
    for text in MARKUP:
        p = Paragraph(text, style)
        pieces += p.frags
        p.wrap(60, 1000)  # narrow: many lines
        for line in p.__dict__["blPara"].lines:
            pieces += getattr(line, "words", [])
    return pieces


def test_same_frag_agrees_with_rl_accel(style: ParagraphStyle) -> None:
    accel = pytest.importorskip("_rl_accel")
    answers = set()
    for f, g in itertools.product(_pieces(style), repeat=2):
        assert same_frag(f, g) == bool(accel.sameFrag(f, g))
        answers.add(same_frag(f, g))
    assert answers == {True, False}


def test_widths_are_kept_for_one_document(style: ParagraphStyle) -> None:
    measure_afresh()
    assert string_width("Grab bar", FONT, 9.5) == pdfmetrics.stringWidth("Grab bar", FONT, 9.5)
    assert string_width.cache_info().currsize == 1
    measure_afresh()  # what each build does first
    assert string_width.cache_info().currsize == 0


@pytest.mark.parametrize("audience", [Audience.CLINICIAN, Audience.HOUSEHOLD])
def test_reports_are_the_bytes_reportlab_alone_makes(
    tmp_path: Path,
    store: Store,
    catalog: Catalog,
    monkeypatch: pytest.MonkeyPatch,
    audience: Audience,
) -> None:
    """PDFs are invariant (no dates, no random ids): any change to a line shows."""
    _, visit = add_demo(store, catalog, visit_date=date(2026, 11, 2))
    data = build_report_for_visit(store, catalog, visit.id, audience=audience)
    ours = render_pdf(data, tmp_path / "ours.pdf").read_bytes()
    accel = pytest.importorskip("_rl_accel")
    monkeypatch.setattr(paragraph, "sameFrag", accel.sameFrag)
    monkeypatch.setattr(paragraph, "stringWidth", pdfmetrics.stringWidth)
    monkeypatch.setattr(paragraph, "getAscentDescent", pdfmetrics.getAscentDescent)
    assert render_pdf(data, tmp_path / "plain.pdf").read_bytes() == ours
