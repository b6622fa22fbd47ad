"""The household wording speaks to the person at home, and every source can be looked up.

These guard issue 13's promises on the shipped content: every item says what was found,
has plain advice, prints no branch text, and the plain text reads at grade 7 or lower.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from homecheck.checklists import default_checklists_dir
from homecheck.checklists.household_text import household_readability, household_texts
from homecheck.model import Catalog, Item

MAX_GRADE = 7.0
MAX_FINDING_WORDS = 16
"""About 12 words is the aim; a few findings need a measurement or an 'or' clause."""


def _items(catalog: Catalog) -> Iterator[Item]:
    for section in catalog.sections:
        yield from section.items


def advice_texts(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """Every recommendation and reason that can print, clinical and plain, variants included."""
    for item in _items(catalog):
        for name in (
            "recommend",
            "plain_recommend",
            "why",
            "plain_why",
            "finding",
            "plain_finding",
        ):
            yield f"{item.id}.{name}", getattr(item, name)
        for number, advice in enumerate(item.advice, start=1):
            for name in ("recommend", "plain_recommend", "why", "plain_why"):
                yield f"{item.id} advice {number}.{name}", getattr(advice, name)


def test_every_item_says_what_was_found_and_what_to_do_in_plain_words(
    catalog: Catalog,
) -> None:
    missing = [
        f"{item.id}.{name}"
        for item in _items(catalog)
        for name in ("finding", "plain_finding", "plain_recommend")
        if not getattr(item, name).strip()
    ]
    assert missing == []


def test_every_section_intro_has_a_plain_one_for_the_family(catalog: Catalog) -> None:
    """A family member checking alone reads the intro; the clinical one speaks to an assessor."""
    missing = [
        section.id
        for section in catalog.sections
        if section.intro.strip() and not section.plain_intro.strip()
    ]
    assert missing == []


def test_a_finding_is_short_and_is_not_the_check_restated(catalog: Catalog) -> None:
    wrong = []
    for item in _items(catalog):
        for name, check in (("finding", item.check), ("plain_finding", item.plain)):
            text = getattr(item, name)
            if len(text.split()) > MAX_FINDING_WORDS:
                wrong.append(f"{item.id}.{name}: {len(text.split())} words")
            if text.strip().rstrip(".").lower() == check.strip().rstrip(".").lower():
                wrong.append(f"{item.id}.{name}: the check itself")
    assert wrong == []


def test_household_text_speaks_to_the_person_not_about_a_client(catalog: Catalog) -> None:
    third_person = re.compile(r"\b(the )?(client|assessor|patient)s?\b", re.IGNORECASE)
    found = [where for where, text in household_texts(catalog) if third_person.search(text)]
    assert found == []


def test_household_text_names_no_section_of_the_app(catalog: Catalog) -> None:
    found = [where for where, text in household_texts(catalog) if re.search(r"\bsections?\b", text)]
    assert found == []


def test_household_text_uses_one_vocabulary(catalog: Catalog) -> None:
    other_words = re.compile(
        r"physiotherap|\bphysio\b|\bGP\b(?! ?\))|\bADA\b|flexion|kyphos|lumbar|ambulat|"
        r"\bOT\b|\bPT\b",
    )
    found = [
        f"{where}: {m.group(0)}"
        for where, text in household_texts(catalog)
        for m in [other_words.search(text)]
        if m
    ]
    assert found == []


def test_no_printed_advice_mentions_branches_or_flags(catalog: Catalog) -> None:
    branch = re.compile(
        r"\(\d\)|for a client with|for any other client|for other clients|\bany flag|"
        r"\bflags?\b|profile|if applicable",
        re.IGNORECASE,
    )
    found = [
        f"{where}: {m.group(0)}"
        for where, text in advice_texts(catalog)
        for m in [branch.search(text)]
        if m
    ]
    assert found == []


def test_every_source_is_a_public_document_a_reader_can_look_up(catalog: Catalog) -> None:
    internal = re.compile(
        r"seed|clinical reference|\[practice\]|clinical(-addendum)?\.md|/work/|\.txt\b|\brows? \d",
        re.IGNORECASE,
    )
    sources = [(item.id, s) for item in _items(catalog) for s in item.sources]
    sources += [(t.id, s) for t in catalog.techniques.values() for s in t.sources]
    sources += [(p.id, s) for p in catalog.precautions for s in p.sources]
    found = [where for where, source in sources if internal.search(source)]
    assert found == []
    assert all(item.sources for item in _items(catalog))


def test_content_files_cite_no_internal_file() -> None:
    folder = Path(default_checklists_dir())
    internal = re.compile(r"/work/|clinical(-addendum)?\.md|seeds?/|\bseed\b", re.IGNORECASE)
    found = [
        path.name
        for path in sorted(folder.rglob("*.toml"))
        if internal.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_plain_text_reads_at_grade_seven_or_lower(catalog: Catalog) -> None:
    result = household_readability(catalog)
    print(f"plain text: Flesch-Kincaid grade {result.grade:.1f} over {result.words} words")
    assert result.grade <= MAX_GRADE
