"""The faster line breaking gives reportlab's answers: the same style comparison as
rl_accel's, and a paragraph's lines broken again whenever they could differ."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from homecheck.pdf.layout import FONT, _register_fonts
from homecheck.pdf.lines import KeptParagraph, same_frag

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
        paragraph = Paragraph(text, style)
        pieces += paragraph.frags
        paragraph.wrap(60, 1000)  # narrow: many lines
        for line in paragraph.__dict__["blPara"].lines:
            pieces += getattr(line, "words", [])
    return pieces


def test_same_frag_agrees_with_rl_accel(style: ParagraphStyle) -> None:
    accel = pytest.importorskip("_rl_accel")
    answers = set()
    for f, g in itertools.product(_pieces(style), repeat=2):
        assert same_frag(f, g) == bool(accel.sameFrag(f, g))
        answers.add(same_frag(f, g))
    assert answers == {True, False}


def test_kept_paragraph_breaks_again_only_when_it_must(
    style: ParagraphStyle, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[float] = []
    breaklines = Paragraph.breakLines

    def counted(self: Paragraph, width: Any) -> Any:
        calls.append(width[0])
        return breaklines(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    paragraph = KeptParagraph(MARKUP[0] * 20, style)
    first = paragraph.wrap(200, 1000)
    assert paragraph.wrap(200, 500) == first and len(calls) == 1
    narrower = paragraph.wrap(150, 1000)
    assert narrower[1] > first[1] and len(calls) == 2
    assert paragraph.wrap(200, 1000) == first and len(calls) == 3
    del paragraph.__dict__["blPara"]  # what split does to move a paragraph on whole
    assert paragraph.wrap(200, 1000) == first and len(calls) == 4
