"""The landlord's letter: the repairs and fittings a rented home needs, on one page."""

from __future__ import annotations

from homecheck.model import Audience, Catalog
from homecheck.report.build import build_report
from homecheck.report.data import LetterData
from homecheck.report.record import VisitRecord


def build_letter(catalog: Catalog, record: VisitRecord) -> LetterData:
    """The findings routed to the landlord or building manager, in the plan's order and
    in the clinician's words (a landlord reads about the building, never the person's
    health: no profile, no reasons, no notes)."""
    data = build_report(catalog, record, audience=Audience.CLINICIAN)
    return LetterData(
        client_name=record.client.name,
        address=record.client.address,
        visit_id=record.visit.id,
        visit_date=record.visit.visit_date,
        assessor=record.visit.assessor,
        role=record.visit.role.label,
        findings=tuple(f for f in data.findings if f.to_landlord),
    )
