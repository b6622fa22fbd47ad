"""Lay out a ReportData as a PDF: the only package that imports reportlab (lazily).

The renderer is a set of fixed hooks (styles, page decorations, story) as in pretix's
invoice renderer, split into the shared layout, the clinician pages and the household
pages.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from homecheck.pdf.clinician import ClinicianPages
from homecheck.pdf.household import HouseholdPages
from homecheck.report import ReportData


def report_filename(data: ReportData, *, large_print: bool = False) -> str:
    """A file name with no client name in it: file listings are not private."""
    suffix = "-large-print" if large_print else ""
    return f"homecheck-visit-{data.visit_id}-{data.audience.value}{suffix}.pdf"


def render_pdf(data: ReportData, out: Path, *, large_print: bool = False) -> Path:
    """Write the PDF to `out` (mode 0600, replaced atomically) and return the path."""
    renderer = _Renderer(data, large_print=large_print)
    out = Path(out)
    fd, temp_name = tempfile.mkstemp(prefix=".homecheck-", suffix=".pdf", dir=out.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            renderer.build(handle)
        os.replace(temp_name, out)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return out


class _Renderer(ClinicianPages, HouseholdPages):
    """One document for one audience."""

    def _story(self) -> list[Any]:
        if self.household:
            return self._household_story()
        return self._clinician_story()
