"""The clinician report prints a precaution as its bold title followed by its text, so the
text must add to the title (what it covers, what instead), not say it again."""

from __future__ import annotations

import re

from homecheck.model import Catalog

STOP = {"with", "that", "from", "after", "while", "they", "their", "into", "each", "least"}


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    return {w[:5] for w in words if len(w) > 3 and w not in STOP}


def test_precaution_text_does_not_restate_its_title(catalog: Catalog) -> None:
    repeated = []
    for p in catalog.precautions:
        title = _stems(p.title)
        first = _stems(re.split(r"(?<=[.:;])\s", p.text, maxsplit=1)[0])
        if title and len(title & first) / len(title) >= 0.5:
            repeated.append(p.id)
    assert repeated == []
