"""The interchange format's name, version, fields and limits, and the error an unusable
file raises.

Export writes these fields and import accepts exactly these: a field added to the export
goes here too, or import refuses the new files (a misspelt field must not silently drop
data). The limits keep everything that imports usable later by the store, the reports
and the next export; the README's interchange paragraph states them.
"""

from __future__ import annotations

from datetime import UTC, datetime

from homecheck import limits

FORMAT = "homecheck"
FORMAT_VERSION = 1

# The fields each object may have. Unknown fields are refused.
DOCUMENT_FIELDS = frozenset({"format", "format_version", "exported", "deidentified", "clients"})
CLIENT_FIELDS = frozenset(
    {
        "name",
        "birth_date",
        "age_band",
        "address",
        "contact",
        "caregiver",
        "notes",
        "flags",
        "visits",
    }
)
VISIT_FIELDS = frozenset(
    {
        "date",
        "assessor",
        "role",
        "mode",
        "status",
        "amended",
        "sections",
        "content_hash",
        "created",
        "completed",
        "follow_up_of",
        "responses",
        "history",
        "actions",
    }
)
_STATE_FIELDS = {
    "answer",
    "note",
    "measurement",
    "priority_override",
    "override_reason",
    "recommendation",
}
RESPONSE_FIELDS = frozenset({*_STATE_FIELDS, "updated"})
CHANGE_FIELDS = frozenset({*_STATE_FIELDS, "item_id", "changed"})
ACTION_FIELDS = frozenset({"owner", "target_date", "done_date", "note", "updated"})

# An import file is read whole into memory: 256 MiB is about 1,500 visits with full
# history (a 150-answer visit exports to about 170 KB).
MAX_FILE_BYTES = 256 * 1024 * 1024

# Dates: visits and actions from 1900 to 2200; birth dates from 1890 (as the client screen
# accepts) to the day of the import. These and the limits below are the store's too.
EARLIEST_DATE = limits.EARLIEST_DATE
LATEST_DATE = limits.LATEST_DATE
EARLIEST_BIRTH_DATE = limits.EARLIEST_BIRTH_DATE

# Timestamps (created, completed, updated, changed) are machine-made, stored as epoch
# milliseconds: from 1970 to the end of 2200, UTC.
EARLIEST_STAMP = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_STAMP = datetime(2200, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)

# A measurement, as the measurement dialog accepts it: 0 up to (not including) 100,000.
MEASUREMENT_RANGE = limits.MEASUREMENT_RANGE

# Longest text per field, in characters.
SHORT_TEXT = limits.SHORT_TEXT  # name, assessor
MEDIUM_TEXT = limits.MEDIUM_TEXT  # address, contact, caregiver
LONG_TEXT = limits.LONG_TEXT  # notes, note, override_reason, recommendation
HASH_TEXT = limits.HASH_TEXT  # content_hash
ID_TEXT = limits.ID_TEXT  # flag, section and item ids


class ExchangeError(Exception):
    """An import file that cannot be used; the message names where in the file."""
