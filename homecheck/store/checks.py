"""What the store refuses to write: anything the import would refuse in its export.

The limits are `homecheck.limits`, shared with the import. Each refusal is one
`StoreError` that names the field, never the value (it may be health information).
These run on every save, so they are cheap: a length, `in`, and an encode only for text
that is not ASCII.
"""

from __future__ import annotations

import math
from datetime import date

from homecheck.limits import EARLIEST_DATE, LATEST_DATE, MEASUREMENT_RANGE
from homecheck.store.base import StoreError


def check_text(text: str, field: str, limit: int) -> None:
    """Refuse text longer than `limit`, with a NUL (C and SQLite tools end text there) or
    with a lone surrogate (not Unicode: SQLite cannot store it as UTF-8)."""
    if len(text) > limit:
        raise StoreError(f"{field}: text longer than the {limit:,} characters allowed")
    if "\x00" in text:
        where = text.index("\x00") + 1
        raise StoreError(f"{field}: text contains a NUL character at character {where}")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise StoreError(
                f"{field}: text contains a lone surrogate (not Unicode) at character"
                f" {error.start + 1}"
            ) from None


def check_date(
    value: date | None,
    field: str,
    earliest: date = EARLIEST_DATE,
    latest: date = LATEST_DATE,
    *,
    latest_text: str = "",
) -> None:
    """Refuse a date outside earliest..latest (None, no date, passes)."""
    if value is not None and not earliest <= value <= latest:
        last = latest_text or latest.isoformat()
        raise StoreError(f"{field}: expected a date from {earliest.isoformat()} to {last}")


def check_measurement(value: float | None) -> None:
    """Refuse a measurement that is not a finite number in MEASUREMENT_RANGE."""
    if value is None:
        return
    low, high = MEASUREMENT_RANGE
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not low <= value < high
    ):
        raise StoreError(f"measurement: expected a number from {low:g} to under {high:,.0f}")
