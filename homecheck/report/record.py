"""One visit read from the store once, as every view needs it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from homecheck import rules
from homecheck.dates import age_in_years
from homecheck.model import Action, Catalog, Client, Response, Section, Visit
from homecheck.store import Store, StoreError


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """One visit as every view needs it, read from the store in one place.

    Screens and `build_report` work from this; nothing in it changes once loaded, so a
    screen that needs fresh answers loads the record again.
    """

    client: Client
    visit: Visit
    sections: tuple[Section, ...]
    """The visit's own sections in catalog order (a follow-up's re-check not included)."""
    responses: Mapping[str, Response]
    actions: Mapping[str, Action]
    previous: Visit | None = None
    """The earlier visit this one is compared with: the visit it follows up, else the
    client's latest completed visit before it, else the one named to `load_visit`."""
    previous_responses: Mapping[str, Response] = field(default_factory=dict)

    @property
    def flags(self) -> frozenset[str]:
        return self.client.flags

    @property
    def follows(self) -> Visit | None:
        """The visit this one follows up (its findings are re-checked first), if any."""
        return self.previous if self.visit.previous_visit_id is not None else None


def load_visit(
    store: Store, catalog: Catalog, visit_id: int, *, compare_to: int | None = None
) -> VisitRecord:
    """Read one visit's client, sections, answers, actions and the earlier visit it is
    compared with: `compare_to` when given (it must be an earlier visit of the same
    client), else the client's previous completed visit. Raises StoreError."""
    visit = store.get_visit(visit_id)
    client = store.get_client(visit.client_id)
    earlier: Visit | None
    if compare_to is not None:
        earlier = store.get_visit(compare_to)
        if earlier.client_id != visit.client_id:
            raise StoreError(
                f"visit {compare_to} is not an earlier visit of the same client"
                " (it is another client's)"
            )
        if (earlier.visit_date, earlier.id) >= (visit.visit_date, visit.id):
            raise StoreError(
                f"visit {compare_to} is not an earlier visit of the same client"
                f" (it does not come before visit {visit_id})"
            )
    else:
        earlier = store.previous_completed_visit(visit)
    return VisitRecord(
        client=client,
        visit=visit,
        sections=rules.visit_sections(catalog, visit.sections),
        responses=MappingProxyType(store.responses(visit_id)),
        actions=MappingProxyType(store.actions(visit_id)),
        previous=earlier,
        previous_responses=MappingProxyType(store.responses(earlier.id) if earlier else {}),
    )


def age_on(birth: date | None, on: date) -> str:
    """'85 (born 1941-03-28)' on the visit date; empty without a birth date."""
    if birth is None:
        return ""
    return f"{age_in_years(birth, on)} (born {birth.isoformat()})"
