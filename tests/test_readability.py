"""The offline Flesch-Kincaid grade that content authors and the content tests use."""

from __future__ import annotations

import pytest

from homecheck.readability import measure, plain_texts, syllables


@pytest.mark.parametrize(
    ("word", "count"),
    [("rail", 1), ("make", 1), ("table", 2), ("toilet", 2), ("hazard", 2), ("wanted", 2)],
)
def test_syllables_by_vowel_groups(word: str, count: int) -> None:
    assert syllables(word) == count


def test_short_common_words_score_a_low_grade() -> None:
    easy = measure(["Put a lamp by the bed. Turn it on before you get up."])
    hard = measure(
        [
            "Environmental modification recommendations necessitate comprehensive"
            " occupational therapy evaluation, considering individualised functional capacity."
        ]
    )
    assert easy.grade < 3 < 12 < hard.grade


def test_a_text_without_a_full_stop_still_counts_as_a_sentence() -> None:
    assert measure(["Grab rail by the bath", "Night light"]).sentences == 2
    assert measure(["One. Two."]).sentences == 2


def test_plain_texts_reach_into_variants_and_steps() -> None:
    data = {
        "item": [
            {
                "check": "clinical words",
                "plain": "a",
                "plain_finding": "b",
                "advice": [{"recommend": "clinical", "plain_recommend": "c"}],
            }
        ],
        "technique": [{"steps": ["d", "e"], "purpose": "clinical"}],
    }
    assert sorted(plain_texts(data)) == ["a", "b", "c", "d", "e"]
