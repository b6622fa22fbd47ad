"""The demo's reports stay short enough to act on (design.md §8): counted, never timed."""

from __future__ import annotations

from pathlib import Path

from benchmarks.pages import page_counts
from homecheck.model import Catalog


def test_demo_reports_and_a_follow_up_keep_to_their_page_budgets(
    tmp_path: Path, catalog: Catalog
) -> None:
    counts = page_counts(tmp_path, catalog)
    assert [c.kind for c in counts] == [
        "clinician report",
        "household handout",
        "large-print handout",
    ]
    for count in counts:
        assert count.first <= count.budget, count
        assert count.follow_up <= count.first, count
