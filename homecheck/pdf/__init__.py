"""Lay out a ReportData as a PDF: the only package that imports reportlab (lazily).

One renderer per document (`clinician`, `household`, the landlord's `letter`), each a
subclass of the shared `layout.Layout` that fills in its fixed hooks (styles, page
decorations, story), as in pretix's invoice renderer.
"""

from __future__ import annotations

from pathlib import Path

from homecheck.files import private_output
from homecheck.model import Audience
from homecheck.pdf.clinician import ClinicianRenderer
from homecheck.pdf.household import HouseholdRenderer
from homecheck.pdf.layout import Layout
from homecheck.pdf.letter import LetterRenderer
from homecheck.report import LetterData, ReportData

_RENDERERS: dict[Audience, type[Layout]] = {
    Audience.CLINICIAN: ClinicianRenderer,
    Audience.HOUSEHOLD: HouseholdRenderer,
}


def report_filename(data: ReportData, *, large_print: bool = False) -> str:
    """A file name with no client name in it: file listings are not private."""
    suffix = "-large-print" if large_print else ""
    return f"homecheck-visit-{data.visit_id}-{data.audience.value}{suffix}.pdf"


def render_pdf(data: ReportData, out: Path, *, large_print: bool = False) -> Path:
    """Write the PDF to `out` (mode 0600, replaced atomically) and return the path.

    Raises OutputError (an OSError) for a target that is not a regular file."""
    renderer = _RENDERERS[data.audience](data, large_print=large_print)
    out = Path(out)
    with private_output(out, binary=True) as handle:
        renderer.build(handle)
    return out


def letter_filename(letter: LetterData) -> str:
    """The landlord letter's file name: the visit number, never a name."""
    return f"homecheck-visit-{letter.visit_id}-landlord.pdf"


def render_letter(letter: LetterData, out: Path, *, large_print: bool = False) -> Path:
    """Write the landlord letter to `out` as `render_pdf` writes a report."""
    renderer = LetterRenderer(letter, large_print=large_print)
    out = Path(out)
    with private_output(out, binary=True) as handle:
        renderer.build(handle)
    return out
