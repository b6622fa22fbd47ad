"""Flesch-Kincaid grade of the household wording, computed here because it must work offline.

The newest `textstat` downloads a dictionary at run time, which fails on a machine that
reaches only package registries, so the syllables are counted by the usual vowel-group
rule. It is within about one grade of dictionary counts on plain English, which is what a
target of "grade 7 or lower" needs.

`python -m homecheck.readability FILE.toml ...` prints the grade of each file's plain text,
for content authors; tests and `make bench` use `grade()` over the whole catalog.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")

PLAIN_KEYS = (
    "plain",
    "plain_finding",
    "plain_recommend",
    "plain_why",
    "plain_title",
    "plain_intro",
)
"""The keys of a content file whose text the household reads."""


@dataclass(frozen=True, slots=True)
class Readability:
    """Counts over a body of text and the Flesch-Kincaid grade they give."""

    sentences: int
    words: int
    syllables: int

    @property
    def grade(self) -> float:
        if not self.words:
            return 0.0
        return (
            0.39 * self.words / max(self.sentences, 1) + 11.8 * self.syllables / self.words - 15.59
        )


def syllables(word: str) -> int:
    """Vowel groups, less a silent final e; every word has at least one."""
    word = word.lower().removesuffix("'s")
    count = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    voiced = ("ted", "ded", "ses", "zes", "ces", "ges", "shes", "ches", "xes")
    if word.endswith(("ed", "es")) and count > 1 and not word.endswith(voiced):
        count -= 1
    return max(count, 1)


def measure(texts: Iterable[str]) -> Readability:
    """Each text counts as at least one sentence: list entries and titles end without a stop."""
    sentences = words = syllable_count = 0
    for text in texts:
        found = _WORD.findall(text)
        if not found:
            continue
        words += len(found)
        syllable_count += sum(syllables(w) for w in found)
        text = text.strip()
        ends = len(_SENTENCE_END.findall(text))
        sentences += ends if text[-1:] in ".!?" else ends + 1
    return Readability(sentences, words, syllable_count)


def plain_texts(data: Any) -> Iterator[str]:
    """Every household string in a parsed content file, at any depth (variants included)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in PLAIN_KEYS and isinstance(value, str):
                yield value
            elif key == "steps" and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from plain_texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from plain_texts(value)


def main(paths: list[str]) -> int:
    import tomllib

    total: list[str] = []
    for path in paths:
        with open(path, "rb") as handle:
            texts = list(plain_texts(tomllib.load(handle)))
        total.extend(texts)
        result = measure(texts)
        print(f"{path}: grade {result.grade:.1f} ({result.words} words)")
    if len(paths) > 1:
        print(f"all: grade {measure(total).grade:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
