"""Report file names, and finding the reports again by them.

A name carries the visit date, the visit number and the kind of document, never a client's
name: folder listings, backups and "recent files" menus are not private. The name is also
the only index: the client screen finds the reports of a client's visits, including those
written by `homecheck report`, by reading the folder, so nothing else has to be kept.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

MAX_COPIES = 999
"""Past this many copies of one document a new one is refused rather than named."""


class ReportKind(Enum):
    """Each document homecheck writes, as its name says it."""

    CLINICIAN = "clinician"
    CLINICIAN_LARGE = "clinician-large-print"
    HOUSEHOLD = "household"
    HOUSEHOLD_LARGE = "household-large-print"
    LANDLORD = "landlord"
    LANDLORD_LARGE = "landlord-large-print"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @classmethod
    def of(cls, audience: str, *, large_print: bool = False) -> ReportKind:
        """The kind for an audience (`clinician`, `household`, `landlord`) and print size."""
        return cls(f"{audience}-large-print" if large_print else audience)


_LABELS = {
    ReportKind.CLINICIAN: "Clinician report",
    ReportKind.CLINICIAN_LARGE: "Clinician report, large print",
    ReportKind.HOUSEHOLD: "Household handout",
    ReportKind.HOUSEHOLD_LARGE: "Household handout, large print",
    ReportKind.LANDLORD: "Landlord letter",
    ReportKind.LANDLORD_LARGE: "Landlord letter, large print",
}
_ORDER = {kind: n for n, kind in enumerate(ReportKind)}

_KINDS = "|".join(re.escape(kind.value) for kind in ReportKind)
# Names before the date was added (homecheck-visit-3-clinician.pdf) are found too.
_NAME = re.compile(
    rf"homecheck-(?:(?P<date>\d{{4}}-\d{{2}}-\d{{2}})-)?visit-(?P<visit>[1-9]\d*)"
    rf"-(?P<kind>{_KINDS})(?:-(?P<copy>[2-9]|[1-9]\d+))?\.pdf"
)


def report_name(visit_id: int, visit_date: date, kind: ReportKind, copy: int = 1) -> str:
    """`homecheck-2026-11-02-visit-3-household-large-print.pdf`; later copies end `-2` ..."""
    suffix = f"-{copy}" if copy > 1 else ""
    return f"homecheck-{visit_date.isoformat()}-visit-{visit_id}-{kind.value}{suffix}.pdf"


def unused_report_path(folder: Path, visit_id: int, visit_date: date, kind: ReportKind) -> Path:
    """The first name not yet taken in `folder`: writing again adds a copy, never replaces.

    Raises FileExistsError past MAX_COPIES."""
    for copy in range(1, MAX_COPIES + 1):
        path = folder / report_name(visit_id, visit_date, kind, copy)
        if not os.path.lexists(path):
            return path
    raise FileExistsError(f"{folder} holds {MAX_COPIES} copies of this report already")


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A report found in the reports folder, known by its name alone."""

    path: Path
    visit_id: int
    visit_date: date | None
    """None for a name written before names carried the date."""
    kind: ReportKind
    copy: int


def parse_report_name(name: str) -> tuple[int, date | None, ReportKind, int] | None:
    """(visit id, visit date, kind, copy) from a report's file name, or None for another file."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    try:
        when = date.fromisoformat(match["date"]) if match["date"] else None
    except ValueError:
        return None
    return int(match["visit"]), when, ReportKind(match["kind"]), int(match["copy"] or 1)


def find_reports(folder: Path, visit_ids: Collection[int]) -> list[ReportFile]:
    """The regular files in `folder` named as reports of these visits: newest visit first,
    then by kind, the latest copy first. A folder that cannot be read holds none."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found: list[ReportFile] = []
    for entry in entries:
        parsed = parse_report_name(entry.name)
        if parsed is None or parsed[0] not in visit_ids:
            continue
        try:
            if not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                continue
        except OSError:
            continue
        visit_id, when, kind, copy = parsed
        found.append(ReportFile(Path(entry.path), visit_id, when, kind, copy))
    found.sort(
        key=lambda r: (
            -(r.visit_date or date.min).toordinal(),
            -r.visit_id,
            _ORDER[r.kind],
            -r.copy,
        )
    )
    return found
