"""Dates as people read and type them, in one place: age, ISO parsing, long form.

Model layer: no I/O, so the report, the PDF, the export and the screens can all use it.
"""

from __future__ import annotations

from datetime import date


def age_in_years(birth: date, on: date) -> int:
    """Completed years on `on`: the birthday itself counts, the day before does not."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def parse_date(text: str) -> date | None:
    """'' (or blanks) -> None; an ISO date (YYYY-MM-DD) -> date; else ValueError.

    The error never quotes the text: it may be a person's birth date."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("Not a date: use YYYY-MM-DD.") from None


def long_date(day: date) -> str:
    """'2 November 2026': what reports print, with no leading zero."""
    return day.strftime("%d %B %Y").lstrip("0")
