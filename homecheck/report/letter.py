"""The landlord's letter: the repairs and fittings a rented home needs, on one page."""

from __future__ import annotations

from homecheck.model import Audience, Catalog
from homecheck.report.build import build_report
from homecheck.report.data import LetterData, LetterItem
from homecheck.report.record import VisitRecord


def build_letter(catalog: Catalog, record: VisitRecord) -> LetterData:
    """The findings routed to the landlord or building manager, in the plan's order: what
    is wrong, where, and the fittings named by the content. Never the person's health,
    the assessor's notes or the advice written for the household."""
    data = build_report(catalog, record, audience=Audience.CLINICIAN)
    items = tuple(
        LetterItem(
            item_id=f.item_id,
            what=f.what,
            where=f.section,
            fittings=tuple(catalog.devices[d].label for d in f.devices if d in catalog.devices),
        )
        for f in data.findings
        if f.to_landlord
    )
    return LetterData(
        client_name=record.client.name,
        address=record.client.address,
        visit_id=record.visit.id,
        visit_date=record.visit.visit_date,
        assessor=record.visit.assessor,
        role=record.visit.role.label,
        findings=items,
    )
