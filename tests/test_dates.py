"""Age, date parsing and the long date form: one helper each."""

from __future__ import annotations

from datetime import date

import pytest

from homecheck.dates import age_in_years, long_date, parse_date


def test_age_counts_the_birthday_itself() -> None:
    assert age_in_years(date(1941, 3, 28), date(2026, 3, 27)) == 84
    assert age_in_years(date(1941, 3, 28), date(2026, 3, 28)) == 85
    assert age_in_years(date(1940, 2, 29), date(2026, 2, 28)) == 85


def test_parse_date_blank_is_none_and_a_bad_date_is_not_quoted() -> None:
    assert parse_date("  ") is None
    assert parse_date(" 2026-11-02 ") == date(2026, 11, 2)
    with pytest.raises(ValueError) as problem:
        parse_date("1941-02-30")
    assert "1941" not in str(problem.value)


def test_long_date_has_no_leading_zero() -> None:
    assert long_date(date(2026, 11, 2)) == "2 November 2026"
    assert long_date(date(2026, 11, 12)) == "12 November 2026"
