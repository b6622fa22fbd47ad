"""Every text of the catalog that the household reads, so one walk serves the grade check.

The content test holds these texts to the household voice and to a reading grade, and
`make bench` prints the grade; both must read the same texts.
"""

from __future__ import annotations

from collections.abc import Iterator

from homecheck.model import Catalog
from homecheck.readability import Readability, measure


def household_texts(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(where, text) for every household text: titles, intros, checks, findings, advice, variants,
    technique steps and tips, precautions and devices."""
    for section in catalog.sections:
        yield f"{section.id}.plain_title", section.plain_title
        yield f"{section.id}.plain_intro", section.plain_intro
        for item in section.items:
            for name in ("plain", "plain_finding", "plain_recommend", "plain_why"):
                yield f"{item.id}.{name}", getattr(item, name)
            for number, advice in enumerate(item.advice, start=1):
                yield f"{item.id} advice {number}.plain_recommend", advice.plain_recommend
                yield f"{item.id} advice {number}.plain_why", advice.plain_why
    for technique in catalog.techniques.values():
        yield f"{technique.id}.plain_title", technique.plain_title
        for index, step in enumerate(technique.steps + technique.tips):
            yield f"{technique.id}[{index}]", step
    for precaution in catalog.precautions:
        yield f"{precaution.id}.plain", precaution.plain
    for device in catalog.devices.values():
        yield f"device {device.id}", device.plain


def household_readability(catalog: Catalog) -> Readability:
    """The Flesch-Kincaid counts over all household text."""
    return measure(text for _, text in household_texts(catalog) if text)
