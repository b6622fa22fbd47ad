"""Export to JSON or CSV: the documented interchange format, and a spreadsheet view.

JSON round-trips exactly (export, import into an empty database, export again: the same
apart from the export's own timestamp).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from homecheck import rules
from homecheck.exchange.format import FORMAT, FORMAT_VERSION
from homecheck.model import Catalog, Client, Visit
from homecheck.store import Store, now_stamp

CSV_COLUMNS = (
    "client",
    "birth_date",
    "age_band",
    "visit_date",
    "assessor",
    "role",
    "mode",
    "status",
    "section",
    "item_id",
    "check",
    "answer",
    "note",
    "measurement",
    "unit",
    "priority",
    "priority_override",
    "override_reason",
    "recommendation",
)


def age_band(birth: date | None, on: date) -> str:
    """Five-year band ('80-84'); what a de-identified export keeps of a birth date."""
    if birth is None:
        return ""
    years = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    low = years // 5 * 5
    return f"{low}-{low + 4}"


def export_data(
    store: Store,
    *,
    visit_id: int | None = None,
    deidentify: bool = False,
    today: date | None = None,
) -> dict[str, Any]:
    """Everything (or one visit with its client) as the interchange structure."""
    today = today or date.today()
    if visit_id is not None:
        visit = store.get_visit(visit_id)
        selection = [(store.get_client(visit.client_id), [visit])]
    else:
        selection = [
            (client, list(reversed(store.list_visits(client.id))))
            for client in sorted(store.list_clients(), key=lambda c: c.id)
        ]
    clients = []
    for number, (client, visits) in enumerate(selection, 1):
        entry = _client_entry(client, number, deidentify=deidentify, today=today)
        # A follow-up names the visit it re-checks by its place in this list (ids are not
        # part of the format).
        position = {v.id: n for n, v in enumerate(visits)}
        entry["visits"] = [
            _visit_entry(store, v, position.get(v.previous_visit_id or -1), deidentify=deidentify)
            for v in visits
        ]
        clients.append(entry)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported": now_stamp(),
        "deidentified": deidentify,
        "clients": clients,
    }


def export_json(store: Store, **options: Any) -> str:
    return json.dumps(export_data(store, **options), indent=2, ensure_ascii=False) + "\n"


def _client_entry(client: Client, number: int, *, deidentify: bool, today: date) -> dict[str, Any]:
    if deidentify:
        return {
            "name": f"Client {number}",
            "birth_date": None,
            "age_band": age_band(client.birth_date, today),
            "address": "",
            "contact": "",
            "caregiver": "",
            "notes": "",
            "flags": sorted(client.flags),
        }
    return {
        "name": client.name,
        "birth_date": client.birth_date.isoformat() if client.birth_date else None,
        "address": client.address,
        "contact": client.contact,
        "caregiver": client.caregiver,
        "notes": client.notes,
        "flags": sorted(client.flags),
    }


def _visit_entry(
    store: Store, visit: Visit, follow_up_of: int | None, *, deidentify: bool
) -> dict[str, Any]:
    responses = store.responses(visit.id)
    return {
        "date": visit.visit_date.isoformat(),
        "assessor": "" if deidentify else visit.assessor,
        "role": visit.role.value,
        "mode": visit.mode.value,
        "status": visit.status.value,
        "amended": visit.amended,
        "sections": list(visit.sections),
        "content_hash": visit.content_hash,
        "created": visit.created,
        "completed": visit.completed,
        "follow_up_of": follow_up_of,
        "responses": {
            item_id: {
                "answer": r.answer.value,
                "note": r.note,
                "measurement": r.measurement,
                "priority_override": r.priority_override.value if r.priority_override else None,
                "override_reason": r.override_reason,
                "recommendation": r.recommendation,
                "updated": r.updated,
            }
            for item_id, r in sorted(responses.items())
        },
        "history": [
            {
                "item_id": h.item_id,
                "answer": h.answer.value if h.answer else None,
                "note": h.note,
                "measurement": h.measurement,
                "priority_override": h.priority_override.value if h.priority_override else None,
                "override_reason": h.override_reason,
                "recommendation": h.recommendation,
                "changed": h.changed,
            }
            for h in store.response_history(visit.id)
        ],
        "actions": {
            item_id: {
                "owner": a.owner.value,
                "target_date": a.target_date.isoformat() if a.target_date else None,
                "done_date": a.done_date.isoformat() if a.done_date else None,
                "note": a.note,
                "updated": a.updated,
            }
            for item_id, a in sorted(store.actions(visit.id).items())
        },
    }


def export_csv(
    store: Store,
    catalog: Catalog,
    *,
    visit_id: int | None = None,
    deidentify: bool = False,
    today: date | None = None,
) -> str:
    """One row per answer, for a spreadsheet. Export only: import takes JSON."""
    data = export_data(store, visit_id=visit_id, deidentify=deidentify, today=today)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for client in data["clients"]:
        flags = frozenset(client["flags"])
        for visit in client["visits"]:
            for item_id, r in visit["responses"].items():
                item = catalog.items.get(item_id)
                priority = rules.profile_priority(item, flags)[0].value if item else ""
                writer.writerow(
                    [
                        client["name"],
                        client["birth_date"] or "",
                        client.get("age_band", ""),
                        visit["date"],
                        visit["assessor"],
                        visit["role"],
                        visit["mode"],
                        visit["status"],
                        item.section_id if item else "",
                        item_id,
                        item.check if item else _retired_text(catalog, item_id),
                        r["answer"],
                        r["note"],
                        "" if r["measurement"] is None else f"{r['measurement']:g}",
                        item.measure.unit if item and item.measure else "",
                        priority,
                        r["priority_override"] or "",
                        r["override_reason"],
                        r["recommendation"],
                    ]
                )
    return out.getvalue()


def _retired_text(catalog: Catalog, item_id: str) -> str:
    retired = catalog.retired.get(item_id)
    return f"{retired.check} (retired)" if retired else "(retired item)"
