"""Exported files for the import rows of `make bench`: F files of C clients, each client
with one completed visit of K answers and their history, as `homecheck export` writes
them (UUIDs included), generated directly so that making 100 files takes seconds."""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path

from homecheck.checklists import load_catalog
from homecheck.exchange import FORMAT_VERSION


def make_files(
    folder: Path, *, files: int, clients: int, items_per_visit: int = 30, seed: int = 11
) -> list[Path]:
    """Write the files into `folder` (made if needed); their paths, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    item_ids = list(catalog.items)[:items_per_visit]
    sections = sorted({catalog.items[i].section_id for i in item_ids})
    rng = random.Random(seed)
    paths = []
    for f in range(files):
        entries = []
        for c in range(clients):
            stamp = f"2026-{1 + c % 12:02d}-{1 + f % 28:02d}T09:{c % 60:02d}:00.000+00:00"
            responses = {}
            history = []
            for n, item_id in enumerate(item_ids):
                state = {
                    "answer": "hazard" if (n + c) % 5 == 0 else "ok",
                    "note": "",
                    "measurement": None,
                    "priority_override": None,
                    "override_reason": "",
                    "recommendation": "",
                }
                responses[item_id] = {**state, "updated": stamp}
                history.append({"item_id": item_id, **state, "changed": stamp})
            visit = {
                "uuid": _uuid(rng),
                "date": stamp[:10],
                "assessor": "Sam Example",
                "role": "occupational-therapist",
                "mode": "in-person",
                "status": "completed",
                "amended": False,
                "sections": sections,
                "content_hash": catalog.content_hash,
                "created": stamp,
                "completed": stamp,
                "follow_up_of": None,
                "responses": responses,
                "history": history,
                "actions": {},
            }
            entries.append(
                {
                    "uuid": _uuid(rng),
                    "name": f"Bench Example {f}-{c}",
                    "birth_date": None,
                    "address": "",
                    "contact": "",
                    "caregiver": "",
                    "notes": "",
                    "flags": [],
                    "updated": stamp,
                    "visits": [visit],
                }
            )
        document = {
            "format": "homecheck",
            "format_version": FORMAT_VERSION,
            "exported": "2026-11-26T00:00:00.000+00:00",
            "deidentified": False,
            "clients": entries,
        }
        path = folder / f"export-{f:03d}.json"
        path.write_text(json.dumps(document, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
