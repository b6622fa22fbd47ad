"""Lay out a ReportData as a PDF: the only package that imports reportlab (lazily).

The renderer is a set of fixed hooks (styles, page decorations, story) as in pretix's
invoice renderer, split into the shared layout, the clinician pages and the household
pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from homecheck.files import private_output
from homecheck.pdf.clinician import ClinicianPages
from homecheck.pdf.household import HouseholdPages
from homecheck.report import ReportData


def report_filename(data: ReportData, *, large_print: bool = False) -> str:
    """A file name with no client name in it: file listings are not private."""
    suffix = "-large-print" if large_print else ""
    return f"homecheck-visit-{data.visit_id}-{data.audience.value}{suffix}.pdf"


def render_pdf(data: ReportData, out: Path, *, large_print: bool = False) -> Path:
    """Write the PDF to `out` (mode 0600, replaced atomically) and return the path.

    Raises OutputError (an OSError) for a target that is not a regular file."""
    renderer = _Renderer(data, large_print=large_print)
    out = Path(out)
    with private_output(out, binary=True) as handle:
        renderer.build(handle)
    return out


class _Renderer(ClinicianPages, HouseholdPages):
    """One document for one audience."""

    def _story(self) -> list[Any]:
        if self.household:
            return self._household_story()
        return self._clinician_story()
