"""The FHIR export of one 150-item visit, against the JSON export of the same visit in
the same run (issue 16)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import scale
from homecheck.exchange import export_json
from homecheck.exchange.fhir_export import export_fhir
from homecheck.model import Catalog
from homecheck.report import load_visit
from homecheck.store import Store

BUDGET_RATIO = 3.0
"""The FHIR bundle carries the whole Questionnaire (every item of the checklists) beside
the answers, about four times the JSON document's bytes; it may take up to three times
the JSON export's time, so it writes no slower per byte."""


@dataclass
class Timings:
    fhir: list[float]
    json: list[float]
    fhir_bytes: int
    json_bytes: int


def fhir_seconds(folder: Path, catalog: Catalog, runs: int) -> Timings:
    """FHIR and JSON export times of a completed 150-item visit with 40 findings, 10 of
    them with an action, measured alternately, and the size of each document."""
    store = Store(folder / "fhir.db")
    visit_id = scale.findings_visit(store, catalog, actions=True)
    ours: list[float] = []
    base: list[float] = []
    fhir_text = export_fhir(
        store, catalog, load=lambda v: load_visit(store, catalog, v), visit_id=visit_id
    )
    json_text = export_json(store, visit_id=visit_id)
    for _ in range(runs):
        started = time.perf_counter()
        export_fhir(store, catalog, load=lambda v: load_visit(store, catalog, v), visit_id=visit_id)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        export_json(store, visit_id=visit_id)
        base.append(time.perf_counter() - started)
    store.close()
    return Timings(ours, base, len(fhir_text.encode()), len(json_text.encode()))


def ratio(ours: list[float], base: list[float]) -> float:
    """Median of the pairs' ratios: each pair runs back to back, so drift cancels out."""
    return statistics.median(o / b for o, b in zip(ours, base, strict=True))
