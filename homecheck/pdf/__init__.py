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
from homecheck.report.names import ReportKind, report_name, unused_report_path

_RENDERERS: dict[Audience, type[Layout]] = {
    Audience.CLINICIAN: ClinicianRenderer,
    Audience.HOUSEHOLD: HouseholdRenderer,
}


def _kind(document: ReportData | LetterData, large_print: bool) -> ReportKind:
    audience = document.audience.value if isinstance(document, ReportData) else "landlord"
    return ReportKind.of(audience, large_print=large_print)


def report_filename(document: ReportData | LetterData, *, large_print: bool = False) -> str:
    """The first copy's file name: date, visit number and kind, never a client's name."""
    return report_name(document.visit_id, document.visit_date, _kind(document, large_print))


def new_report_path(
    folder: Path, document: ReportData | LetterData, *, large_print: bool = False
) -> Path:
    """Where a new copy goes in the reports folder: an earlier one is never replaced."""
    return unused_report_path(
        folder, document.visit_id, document.visit_date, _kind(document, large_print)
    )


def render_pdf(
    data: ReportData, out: Path, *, large_print: bool = False, exclusive: bool = False
) -> Path:
    """Write the PDF to `out` (mode 0600, atomically) and return the path.

    Raises OutputError (an OSError) for a target that is not a regular file, and
    TargetExists for one that exists when `exclusive`."""
    renderer = _RENDERERS[data.audience](data, large_print=large_print)
    out = Path(out)
    with private_output(out, binary=True, exclusive=exclusive) as handle:
        renderer.build(handle)
    return out


def render_letter(
    letter: LetterData, out: Path, *, large_print: bool = False, exclusive: bool = False
) -> Path:
    """Write the landlord letter to `out` as `render_pdf` writes a report."""
    renderer = LetterRenderer(letter, large_print=large_print)
    out = Path(out)
    with private_output(out, binary=True, exclusive=exclusive) as handle:
        renderer.build(handle)
    return out
