"""What a stored value may be: the one set of limits the store's writes and the import
both enforce, so whatever homecheck stores, it exports, and the export imports again.

The README's interchange paragraph states them.
"""

from __future__ import annotations

import secrets
from datetime import date

# Dates: visits and actions from 1900 to 2200; birth dates from 1890 (as the client screen
# accepts) to today.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2200, 12, 31)
EARLIEST_BIRTH_DATE = date(1890, 1, 1)

# A measurement, as the measurement dialog accepts it: 0 up to (not including) 100,000.
MEASUREMENT_RANGE = (0.0, 100_000.0)

# Longest text per field, in characters.
SHORT_TEXT = 300  # name, assessor
MEDIUM_TEXT = 2_000  # address, contact, caregiver
LONG_TEXT = 20_000  # notes, note, override_reason, recommendation
HASH_TEXT = 128  # content_hash
ID_TEXT = 200  # flag, section and item ids

# A de-identified export moves a client's dates back by 1 to this many days.
MAX_SHIFT_DAYS = 730


def new_date_shift() -> int:
    """The days a client's de-identified exports move its dates back (1 to MAX_SHIFT_DAYS),
    drawn with `secrets`, for a new client (the v7 upgrade keeps its own copy: a released
    migration is never edited) and for a client that has none."""
    return 1 + secrets.randbelow(MAX_SHIFT_DAYS)
