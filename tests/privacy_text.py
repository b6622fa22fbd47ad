"""Looking for a person's details in an export, past the random ids it carries."""

from __future__ import annotations

import re

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def without_ids(text: str) -> str:
    """`text` with each UUID replaced by a mark. A UUID is random hex, so now and then one
    holds a birth year such as 1941 or a run of a phone number's digits, and a search for
    that detail failed a right export (one run in a few hundred)."""
    return _UUID.sub("<uuid>", text)
