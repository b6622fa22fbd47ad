"""The interchange format, described once: each object's fields in the order export
writes them, with their kind, limits, what a missing field reads as, and the model
attribute each maps to; and the error an unusable file raises.

`export` writes the document from this description and `reader` checks it against the
same one, so a field exists in both directions or in neither (a misspelt field must not
silently drop data). The limits keep everything that imports usable later by the store,
the reports and the next export; the README's interchange paragraph states them and a
test checks its example against this description.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, Literal

from homecheck import limits
from homecheck.model import (
    ActionOwner,
    Answer,
    AssessorRole,
    Priority,
    VisitMode,
    VisitStatus,
)

FORMAT = "homecheck"
# 2: clients and visits carry a `uuid`, clients their `updated` time, and import merges by
# them. Version 1 files (without them) still import, as new clients and visits.
FORMAT_VERSION = 2
READABLE_VERSIONS = frozenset({1, 2})

# An import file is read whole into memory: 256 MiB is about 1,500 visits with full
# history (a 150-answer visit exports to about 170 KB).
MAX_FILE_BYTES = 256 * 1024 * 1024
# An import of several files keeps what it checked of the first this many bytes for the
# merge, and reads the rest again then, so memory stays near one file's worth (checked,
# a file takes about four times its size in memory).
IMPORT_KEPT_BYTES = 16 * 1024 * 1024

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

# A client's de-identification shift, in days back: 1 to this (0: not drawn yet).
MAX_SHIFT_DAYS = limits.MAX_SHIFT_DAYS

# Longest text per field, in characters.
SHORT_TEXT = limits.SHORT_TEXT  # name, assessor
MEDIUM_TEXT = limits.MEDIUM_TEXT  # address, contact, caregiver
LONG_TEXT = limits.LONG_TEXT  # notes, note, override_reason, recommendation
HASH_TEXT = limits.HASH_TEXT  # content_hash
ID_TEXT = limits.ID_TEXT  # flag, section and item ids


class ExchangeError(Exception):
    """An import file that cannot be used; the message names where in the file."""


# -- The kinds of value a field holds --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Const:
    """The document's fixed markers (`format`, `format_version`)."""

    value: str | int


@dataclass(frozen=True, slots=True)
class Text:
    """Text of at most `limit` characters; `blank`, when set, refuses blank text with
    that message."""

    limit: int
    blank: str = ""


@dataclass(frozen=True, slots=True)
class Boolean:
    pass


@dataclass(frozen=True, slots=True)
class Day:
    """A date YYYY-MM-DD from `earliest` to `latest` (None: the day of the import);
    optional ones may be null or ""."""

    earliest: date
    latest: date | None = LATEST_DATE
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Stamp:
    """A machine-made ISO 8601 time, kept as UTC to the millisecond; optional ones may be
    null or "" (the model keeps "")."""

    optional: bool = True


@dataclass(frozen=True, slots=True)
class Uuid:
    """A UUID written 8-4-4-4-12 in hexadecimal digits (kept in lower case), or "" when
    absent (files written before UUIDs: import gives a new one)."""


@dataclass(frozen=True, slots=True)
class Shift:
    """A client's de-identification shift: whole days from 1 to MAX_SHIFT_DAYS, or 0 or
    absent (not known: the import draws one)."""


@dataclass(frozen=True, slots=True)
class Choice:
    """One of an enum's values; `nullable` ones may be null."""

    kind: type[Enum]
    nullable: bool = False


@dataclass(frozen=True, slots=True)
class Measurement:
    """A number in MEASUREMENT_RANGE, or null."""


@dataclass(frozen=True, slots=True)
class Ids:
    """A list of catalog ids (flags or sections), each known to the catalog; `ordered`
    lists keep the model's order, others are written sorted."""

    vocabulary: Literal["flags", "sections"]
    unknown: str
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class ItemId:
    """An item id the catalog knows (a current or retired item)."""


@dataclass(frozen=True, slots=True)
class Position:
    """A 0-based position in the same client's visits, or null (`follow_up_of`)."""


@dataclass(frozen=True, slots=True)
class Entries:
    """Nested objects: a list, or (`by_item`) an object keyed by item id."""

    spec: Spec
    by_item: bool = False


Kind = (
    Const
    | Text
    | Boolean
    | Day
    | Stamp
    | Uuid
    | Shift
    | Choice
    | Measurement
    | Ids
    | ItemId
    | Position
    | Entries
)


@dataclass(frozen=True, slots=True)
class Field:
    """One field of an object.

    `attr` is the model attribute the field maps to; None when export computes it (the
    nested lists, `follow_up_of`, the de-identified `age_band`). `absent` is what a
    missing field reads as (None refuses it unless its kind allows null).
    `deidentified_only` fields are written by de-identified exports alone, and
    `identified_only` ones by full exports alone.
    """

    name: str
    kind: Kind
    attr: str | None = None
    absent: Any = None
    deidentified_only: bool = False
    identified_only: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Spec:
    """An object of the document: its fields, in the order export writes them. Compared
    and hashed by identity: each is one of the module's constants."""

    fields: tuple[Field, ...]
    names: frozenset[str] = dataclass_field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", frozenset(f.name for f in self.fields))

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


def _state(*, nullable_answer: bool) -> tuple[Field, ...]:
    """An answer's state, as a response holds it now and a history entry held it then."""
    return (
        Field("answer", Choice(Answer, nullable=nullable_answer), "answer"),
        Field("note", Text(LONG_TEXT), "note", ""),
        Field("measurement", Measurement(), "measurement"),
        Field("priority_override", Choice(Priority, nullable=True), "priority_override"),
        Field("override_reason", Text(LONG_TEXT), "override_reason", ""),
        Field("recommendation", Text(LONG_TEXT), "recommendation", ""),
    )


# An answer's and an action's UUID are derived from their visit's UUID and item id
# (`store.response_uuid`, `store.action_uuid`): written so a receiving system has one
# per entry, checked on import, stored nowhere.
RESPONSE = Spec(
    (
        Field("uuid", Uuid(), absent=""),
        *_state(nullable_answer=False),
        Field("updated", Stamp(), "updated"),
    )
)
CHANGE = Spec(
    (
        Field("item_id", ItemId(), "item_id"),
        *_state(nullable_answer=True),
        Field("changed", Stamp(optional=False), "changed"),
    )
)
ACTION = Spec(
    (
        Field("uuid", Uuid(), absent=""),
        Field("owner", Choice(ActionOwner), "owner"),
        Field("target_date", Day(EARLIEST_DATE, optional=True), "target_date"),
        Field("done_date", Day(EARLIEST_DATE, optional=True), "done_date"),
        Field("note", Text(LONG_TEXT), "note", ""),
        Field("updated", Stamp(), "updated"),
    )
)
VISIT = Spec(
    (
        Field("uuid", Uuid(), "uuid", ""),
        Field("date", Day(EARLIEST_DATE), "visit_date"),
        Field("assessor", Text(SHORT_TEXT), "assessor", ""),
        Field("role", Choice(AssessorRole), "role"),
        Field("mode", Choice(VisitMode), "mode"),
        Field("status", Choice(VisitStatus), "status"),
        Field("amended", Boolean(), "amended", False),
        Field("sections", Ids("sections", "unknown section", ordered=True), "sections", []),
        Field("content_hash", Text(HASH_TEXT), "content_hash", ""),
        Field("created", Stamp(), "created"),
        Field("completed", Stamp(), "completed"),
        Field("follow_up_of", Position()),
        Field("responses", Entries(RESPONSE, by_item=True), absent={}),
        Field("history", Entries(CHANGE), absent=[]),
        Field("actions", Entries(ACTION, by_item=True), absent={}),
    )
)
CLIENT = Spec(
    (
        Field("uuid", Uuid(), "uuid", ""),
        Field("name", Text(SHORT_TEXT, blank="a client needs a name"), "name"),
        Field("birth_date", Day(EARLIEST_BIRTH_DATE, latest=None, optional=True), "birth_date"),
        Field("age_band", Text(20), absent="", deidentified_only=True),  # not kept on import
        Field("address", Text(MEDIUM_TEXT), "address", ""),
        Field("contact", Text(MEDIUM_TEXT), "contact", ""),
        Field("caregiver", Text(MEDIUM_TEXT), "caregiver", ""),
        Field("notes", Text(LONG_TEXT), "notes", ""),
        Field("flags", Ids("flags", "unknown profile flag"), "flags", []),
        Field("updated", Stamp(), "updated"),
        Field("date_shift", Shift(), "date_shift", 0, identified_only=True),
        Field("visits", Entries(VISIT), absent=[]),
    )
)
DOCUMENT = Spec(
    (
        Field("format", Const(FORMAT)),
        Field("format_version", Const(FORMAT_VERSION)),
        Field("exported", Stamp()),
        Field("deidentified", Boolean(), absent=False),
        Field("clients", Entries(CLIENT)),
    )
)

# The fields each object may have; import refuses any other.
DOCUMENT_FIELDS = DOCUMENT.names
CLIENT_FIELDS = CLIENT.names
VISIT_FIELDS = VISIT.names
RESPONSE_FIELDS = RESPONSE.names
CHANGE_FIELDS = CHANGE.names
ACTION_FIELDS = ACTION.names
