"""Import from JSON: checked whole before anything is written.

Problems name a position in the file (`clients[0].visits[1].responses[3]`, or an item id
when the catalog knows it) and the kind of value that was wrong, never the value itself:
it may be a person's name, address or notes. Whatever passes can be stored, shown,
reported on, exported and imported again (see the limits in `format`).
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from homecheck.exchange.format import (
    ACTION,
    CHANGE,
    CLIENT,
    DOCUMENT,
    EARLIEST_STAMP,
    FORMAT,
    FORMAT_VERSION,
    ID_TEXT,
    LATEST_STAMP,
    MAX_FILE_BYTES,
    MAX_SHIFT_DAYS,
    MEASUREMENT_RANGE,
    READABLE_VERSIONS,
    RESPONSE,
    VISIT,
    Boolean,
    Choice,
    Const,
    Day,
    Entries,
    ExchangeError,
    Ids,
    ItemId,
    Kind,
    Measurement,
    Position,
    Shift,
    Spec,
    Stamp,
    Text,
    Uuid,
)
from homecheck.model import (
    Action,
    Catalog,
    Client,
    ImportRecord,
    ImportVisit,
    Response,
    ResponseChange,
    Visit,
    VisitStatus,
)
from homecheck.store import action_uuid, response_uuid

E = TypeVar("E", bound=Enum)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_STAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?", re.ASCII
)
_STAMP_TEXT = 40
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
_CANONICAL_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00", re.ASCII)
# NUL ends text early in C and SQLite tools; a lone surrogate is not Unicode and cannot be
# written as UTF-8 (json.loads makes one from "\ud800").
_UNUSABLE_CHAR = re.compile("[\x00\ud800-\udfff]")


def read_import_file(path: Path) -> str:
    """The text of an import file: a regular file of at most MAX_FILE_BYTES, UTF-8.

    A folder, a device, a pipe or a socket is refused before anything is read from it
    (/dev/zero would never end).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ExchangeError("no such file") from None
    except IsADirectoryError:
        raise ExchangeError("is a folder, not a file") from None
    except PermissionError:
        raise ExchangeError("cannot be read (permission denied)") from None
    except OSError as error:
        raise ExchangeError(f"cannot be opened ({error.strerror or 'unknown error'})") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ExchangeError("is a folder, not a file")
        if not stat.S_ISREG(mode):
            raise ExchangeError("is not a regular file (a device, pipe or socket)")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ExchangeError(f"cannot be read ({error.strerror or 'unknown error'})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError(f"larger than {MAX_FILE_BYTES // 2**20} MB, the most one import reads")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ExchangeError(f"not UTF-8 text (line {line})") from None
    if not text.strip():
        raise ExchangeError("is empty, not a homecheck export")
    return text


def read_import(text: str, catalog: Catalog, *, today: date | None = None) -> list[ImportRecord]:
    """Parse and check a whole JSON export; raise ExchangeError at the first problem.

    `today` is the latest birth date accepted (the day of the import by default).
    """
    try:
        data = json.loads(text, parse_int=_parse_int, object_pairs_hook=_object_from_pairs)
    except json.JSONDecodeError as error:
        # json's messages name the problem ("Expecting value"), never the text.
        raise ExchangeError(
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except RecursionError:
        raise ExchangeError("nested far deeper than a homecheck export (not one)") from None
    return _Reader(catalog, today or date.today()).document(data)


class _HugeNumber:
    """An integer with more digits than any field allows (json.loads would build it whole:
    10**400 makes float() overflow, and 5,000 digits make int() refuse)."""

    __slots__ = ()


_HUGE = _HugeNumber()


def _parse_int(text: str) -> int | _HugeNumber:
    return int(text) if len(text) <= 18 else _HUGE


class _RepeatedKeys(dict[str, Any]):
    """An object in which a key appears twice: JSON keeps the last silently, import refuses."""


def _object_from_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    return obj if len(obj) == len(pairs) else _RepeatedKeys(obj)


_FieldsReader = Callable[[dict[str, Any], str], dict[str, Any]]


class _Reader:
    """Checks a parsed document against the schema in `format`, object by object, and
    builds the model from it."""

    def __init__(self, catalog: Catalog, today: date) -> None:
        self.catalog = catalog
        self.today = today
        # A visit may list a section whose items have all been retired since.
        retired_sections = {
            item_id[:end]
            for item_id in catalog.retired
            for end in (m.start() for m in re.finditer(r"\.", item_id))
        }
        self.vocabularies = {
            "flags": frozenset(catalog.flags),
            "sections": frozenset({s.id for s in catalog.sections} | retired_sections),
        }
        self._fields: dict[Spec, _FieldsReader] = {}

    def document(self, data: Any) -> list[ImportRecord]:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ExchangeError('not a homecheck export (missing "format": "homecheck")')
        version = data.get("format_version")
        if type(version) is not int or version not in READABLE_VERSIONS:
            newer = type(version) is int and version > FORMAT_VERSION
            readable = " and ".join(str(v) for v in sorted(READABLE_VERSIONS))
            raise ExchangeError(
                f"format_version: this homecheck reads versions {readable}, got "
                + ("a newer version (upgrade homecheck)" if newer else _kind(version))
            )
        obj = _object(data, "the file", DOCUMENT.names)
        self.fields(DOCUMENT, obj, "")
        records = [
            self.client(c, where) for _, c, where in self.entries(DOCUMENT, "clients", obj, "")
        ]
        _refuse_repeated_uuids(records)
        return records

    def client(self, data: Any, where: str) -> ImportRecord:
        obj = _object(data, where, CLIENT.names)
        values = self.fields(CLIENT, obj, where)
        del values["age_band"]  # de-identified exports have it; the model does not
        client = Client(id=0, **values)
        parsed = tuple(
            self.visit(v, place) for _, v, place in self.entries(CLIENT, "visits", obj, where)
        )
        for index, visit in enumerate(parsed):
            earlier = visit.follow_up_of
            if earlier is None:
                continue
            if not 0 <= earlier < index:
                raise ExchangeError(
                    f"{where}.visits[{index}].follow_up_of: must name an earlier visit of this"
                    + (
                        " client (none comes before it)"
                        if index == 0
                        else f" client (0 to {index - 1})"
                    )
                )
            if visit.visit.visit_date < parsed[earlier].visit.visit_date:
                raise ExchangeError(
                    f"{where}.visits[{index}].date: a follow-up cannot be dated before the"
                    f" visit it follows up (visits[{earlier}])"
                )
        return ImportRecord(client=client, visits=parsed)

    def visit(self, data: Any, where: str) -> ImportVisit:
        obj = _object(data, where, VISIT.names)
        values = self.fields(VISIT, obj, where)
        follow_up_of = values.pop("follow_up_of")  # a position, not a model attribute
        created, completed = values["created"], values["completed"]
        if values["status"] is VisitStatus.COMPLETED:
            if not completed:
                raise ExchangeError(f"{where}.completed: a completed visit needs this time")
            if not created:
                raise ExchangeError(f"{where}.created: a completed visit needs this time")
            if completed < created:
                raise ExchangeError(f"{where}.completed: earlier than {where}.created")
        elif completed:
            raise ExchangeError(f'{where}.completed: a visit in progress has none (expected "")')
        entries = {
            name: self.entries(VISIT, name, obj, where)
            for name in ("responses", "history", "actions")
        }
        return ImportVisit(
            visit=Visit(id=0, client_id=0, **values),
            responses=tuple(
                Response(
                    visit_id=0,
                    item_id=item_id,
                    **_derived_uuid_checked(
                        self.object(RESPONSE, r, place),
                        response_uuid,
                        values["uuid"],
                        item_id,
                        place,
                    ),
                )
                for item_id, r, place in entries["responses"]
            ),
            history=tuple(
                ResponseChange(**self.object(CHANGE, h, place))
                for _, h, place in entries["history"]
            ),
            actions=tuple(
                Action(
                    visit_id=0,
                    item_id=item_id,
                    **_derived_uuid_checked(
                        self.object(ACTION, a, place), action_uuid, values["uuid"], item_id, place
                    ),
                )
                for item_id, a, place in entries["actions"]
            ),
            follow_up_of=follow_up_of,
        )

    def object(self, spec: Spec, data: Any, where: str) -> dict[str, Any]:
        """An object with no rules beyond its fields' own."""
        return self.fields(spec, _object(data, where, spec.names), where)

    def fields(self, spec: Spec, obj: dict[str, Any], where: str) -> dict[str, Any]:
        """The object's own fields checked and converted, in the schema's order, by the
        model attribute each maps to (by name for those export computes); its nested
        entries are read after the object's rules (`entries`)."""
        read = self._fields.get(spec)
        if read is None:
            read = self._fields[spec] = self._fields_reader(spec)
        return read(obj, f"{where}." if where else "")

    def _fields_reader(self, spec: Spec) -> _FieldsReader:
        """The function `fields` runs for objects of `spec`.

        Generated once per reader as one dict display with each field's check, as export's
        writers are: a loop over the fields made import a quarter slower. The source is
        made only of the schema's own names, never of data.
        """
        namespace: dict[str, Any] = {}
        members = []
        own = (f for f in spec.fields if not isinstance(f.kind, Entries))
        for n, field in enumerate(own):
            check, args = self.check(field.kind)
            namespace[f"check{n}"], namespace[f"absent{n}"] = check, field.absent
            namespace.update({f"arg{n}_{i}": arg for i, arg in enumerate(args)})
            more = "".join(f", arg{n}_{i}" for i in range(len(args)))
            key, name = field.attr or field.name, field.name
            value = f"obj.get({name!r}, absent{n})"
            members.append(f"{key!r}: check{n}({value}, prefix + {name!r}{more})")
        source = "lambda obj, prefix: {" + ", ".join(members) + "}"
        read: _FieldsReader = eval(source, namespace)  # noqa: S307 (the schema's names only)
        return read

    def entries(
        self, spec: Spec, name: str, obj: dict[str, Any], where: str
    ) -> list[tuple[str, Any, str]]:
        """The nested entries in field `name`: (item id or "", raw entry, place), the
        container checked and each item id known; the entries themselves are not."""
        field = spec.field(name)
        assert isinstance(field.kind, Entries)
        place = f"{where}.{field.name}" if where else field.name
        value = obj.get(field.name, field.absent)
        if not field.kind.by_item:
            return [("", data, f"{place}[{i}]") for i, data in enumerate(_list(value, place))]
        return [
            (item_id, data, self._item_at(place, n, item_id))
            for n, (item_id, data) in enumerate(_object(value, place).items())
        ]

    def check(self, kind: Kind) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        """The function that checks a value of this kind and converts it for the model,
        and what it takes after the value and its place."""
        match kind:
            case Const():
                return _as_is, ()  # checked first, by `document`
            case Text(limit=limit, blank=""):
                return _text, (limit,)
            case Text(limit=limit, blank=blank):
                return _nonblank_text, (limit, blank)
            case Boolean():
                return _bool, ()
            case Day(earliest=earliest, latest=None, optional=optional):
                return _date, (earliest, self.today, optional, "today")
            case Day(earliest=earliest, latest=latest, optional=optional):
                return _date, (earliest, latest, optional)
            case Stamp(optional=optional):
                return _stamp, (optional,)
            case Uuid():
                return _uuid, ()
            case Shift():
                return _shift, ()
            case Choice(kind=choices, nullable=True):
                return _optional_enum, (choices,)
            case Choice(kind=choices):
                return _enum, (choices,)
            case Measurement():
                return _measurement, ()
            case Ids(vocabulary=vocabulary, unknown=unknown, ordered=ordered):
                return _ids, (self.vocabularies[vocabulary], unknown, ordered)
            case ItemId():
                return self._item_id, ()
            case Position():
                return _position, ()
            case Entries():
                raise AssertionError("nested entries are read by `entries`")
        raise AssertionError(f"no check for {kind}")

    def _item_id(self, value: Any, where: str) -> str:
        item_id = _text(value, where, ID_TEXT)
        if not self._known(item_id):
            raise ExchangeError(f"{where}: unknown item id")
        return item_id

    def _known(self, item_id: str) -> bool:
        return item_id in self.catalog.items or item_id in self.catalog.retired

    def _item_at(self, where: str, position: int, item_id: str) -> str:
        """The place of an entry keyed by item id: by its id when the catalog knows it
        (a catalog id is safe to print), else refused by its position."""
        if not self._known(item_id):
            raise ExchangeError(f"{where}[{position}]: unknown item id")
        return f"{where}['{item_id}']"


def _as_is(value: Any, where: str) -> Any:
    return value


def _nonblank_text(value: Any, where: str, limit: int, blank: str) -> str:
    """Text that is not only spaces; `blank` says why."""
    text = _text(value, where, limit)
    if not text.strip():
        raise ExchangeError(f"{where}: {blank}")
    return text


def _ids(
    value: Any, where: str, known: frozenset[str], unknown: str, ordered: bool
) -> tuple[str, ...] | frozenset[str]:
    """Catalog ids (flags, sections), each one the catalog knows."""
    ids = []
    for i, item in enumerate(_list(value, where)):
        text = _text(item, f"{where}[{i}]", ID_TEXT)
        if text not in known:
            raise ExchangeError(f"{where}[{i}]: {unknown}")
        ids.append(text)
    return tuple(ids) if ordered else frozenset(ids)


def _position(value: Any, where: str) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise ExchangeError(f"{where}: expected a visit number or null, got {_kind(value)}")
    return value


def _object(value: Any, where: str, fields: frozenset[str] | None = None) -> dict[str, Any]:
    """An object; with `fields`, only those keys (by position: a key may be anything)."""
    if not isinstance(value, dict):
        raise ExchangeError(f"{where}: expected an object, got {_kind(value)}")
    if isinstance(value, _RepeatedKeys):
        what = "field" if fields is not None else "item id"
        raise ExchangeError(f"{where}: the same {what} appears twice")
    if fields is not None:
        for position, key in enumerate(value):
            if key not in fields:
                raise ExchangeError(
                    f"{where}: field {position + 1} (counting from 1) is not part of the"
                    " homecheck format"
                )
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ExchangeError(f"{where}: expected a list, got {_kind(value)}")
    return value


def _text(value: Any, where: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ExchangeError(f"{where}: expected text, got {_kind(value)}")
    if not value:
        return value
    if len(value) > limit:
        raise ExchangeError(f"{where}: text longer than the {limit:,} characters allowed")
    bad = _UNUSABLE_CHAR.search(value)
    if bad is not None:
        what = "a NUL character" if bad.group() == "\x00" else "a lone surrogate (not Unicode)"
        raise ExchangeError(f"{where}: text contains {what} at character {bad.start() + 1}")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise ExchangeError(f"{where}: expected true or false, got {_kind(value)}")
    return value


def _measurement(value: Any, where: str) -> float | None:
    if value is None:
        return None
    low, high = MEASUREMENT_RANGE
    expected = f"expected a number from {low:g} to under {high:,.0f}"
    if isinstance(value, bool) or not isinstance(value, int | float | _HugeNumber):
        raise ExchangeError(f"{where}: {expected}, got {_kind(value)}")
    if isinstance(value, _HugeNumber):
        raise ExchangeError(f"{where}: {expected}, got a number out of that range")
    number = float(value)
    if not math.isfinite(number):
        raise ExchangeError(f"{where}: {expected}, got NaN or infinity")
    if not low <= number < high:
        raise ExchangeError(f"{where}: {expected}, got a number out of that range")
    return number


def _date(
    value: Any,
    where: str,
    earliest: date,
    latest: date,
    optional: bool = False,
    latest_text: str = "",
) -> date | None:
    if optional and (value is None or value == ""):
        return None
    expected = "expected a date YYYY-MM-DD"
    if not isinstance(value, str):
        raise ExchangeError(f"{where}: {expected}, got {_kind(value)}")
    if not _DATE.fullmatch(value):
        raise ExchangeError(f"{where}: {expected}, got text in another form")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ExchangeError(f"{where}: {expected}, got a day that does not exist") from None
    if not earliest <= parsed <= latest:
        last = latest_text or latest.isoformat()
        raise ExchangeError(
            f"{where}: expected a date from {earliest.isoformat()} to {last}, got one outside"
            " that range"
        )
    return parsed


def _stamp(value: Any, where: str, optional: bool) -> str:
    """An ISO 8601 date and time (UTC when no offset is given), as the store and the export
    write it: UTC to the millisecond, so two compare in time order as text; "" for an
    optional one not given."""
    if optional and (value is None or value == ""):
        return ""
    expected = "expected a date and time YYYY-MM-DDTHH:MM:SS (ISO 8601)"
    if not isinstance(value, str):
        raise ExchangeError(f"{where}: {expected}, got {_kind(value)}")
    canonical = _CANONICAL_STAMP.fullmatch(value) is not None
    if not canonical and (len(value) > _STAMP_TEXT or not _STAMP.fullmatch(value)):
        raise ExchangeError(f"{where}: {expected}, got text in another form")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ExchangeError(f"{where}: {expected}, got a time that does not exist") from None
    outside = (
        f"{where}: expected a time from {EARLIEST_STAMP.year} to {LATEST_STAMP.year} (UTC),"
        " got one outside that range"
    )
    if canonical and EARLIEST_STAMP.year <= moment.year <= LATEST_STAMP.year:
        return value  # what every export writes: nothing to convert
    # Checked on the year first: converting year 1 or 9999 with an offset overflows.
    if not EARLIEST_STAMP.year - 1 <= moment.year <= LATEST_STAMP.year + 1:
        raise ExchangeError(outside)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    if not EARLIEST_STAMP <= moment <= LATEST_STAMP:
        raise ExchangeError(outside)
    return moment.isoformat(timespec="milliseconds")


def _uuid(value: Any, where: str) -> str:
    """A UUID in lower case, or "" (absent: the import gives a new one)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise ExchangeError(f"{where}: expected a UUID, got {_kind(value)}")
    text = value.lower()
    if len(text) != 36 or not _UUID.fullmatch(text):
        raise ExchangeError(
            f"{where}: expected a UUID (8-4-4-4-12 hexadecimal digits), got text in another form"
        )
    return text


def _derived_uuid_checked(
    values: dict[str, Any],
    derive: Callable[[str, str], str],
    visit_uuid: str,
    item_id: str,
    where: str,
) -> dict[str, Any]:
    """The entry's values without its `uuid`, which must be the one its visit and item
    give (an answer's or action's UUID is derived, never stored): a different one means
    the entry was moved to another visit or item by hand, so it is refused."""
    given = values.pop("uuid")
    if given and (not visit_uuid or given != derive(visit_uuid, item_id)):
        raise ExchangeError(f"{where}.uuid: not the UUID of this visit's entry for this item")
    return values


def _shift(value: Any, where: str) -> int:
    """Whole days from 1 to MAX_SHIFT_DAYS, or 0 (absent or null: the import draws one)."""
    if value is None:
        return 0
    expected = f"expected a whole number of days from 1 to {MAX_SHIFT_DAYS}"
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExchangeError(f"{where}: {expected}, got {_kind(value)}")
    if not 0 <= value <= MAX_SHIFT_DAYS:
        raise ExchangeError(f"{where}: {expected}, got a number out of that range")
    return value


def _refuse_repeated_uuids(records: list[ImportRecord]) -> None:
    """One file holds each client and each visit once (an export always does): a UUID
    given twice would make two entries one, so it is refused, naming both places."""
    seen: dict[str, str] = {}
    for c, record in enumerate(records):
        places = [(record.client.uuid, f"clients[{c}].uuid")]
        places += [
            (v.visit.uuid, f"clients[{c}].visits[{n}].uuid") for n, v in enumerate(record.visits)
        ]
        for value, place in places:
            if not value:
                continue
            first = seen.setdefault(value, place)
            if first != place:
                raise ExchangeError(f"{place}: the same UUID as {first}")


def _optional_enum(value: Any, where: str, kind: type[E]) -> E | None:
    return None if value is None else _enum(value, where, kind)


def _enum(value: Any, where: str, kind: type[E]) -> E:
    if isinstance(value, str):
        try:
            return kind(value)
        except ValueError:
            pass
    choices = ", ".join(str(member.value) for member in kind)
    got = "other text" if isinstance(value, str) else _kind(value)
    raise ExchangeError(f"{where}: expected one of {choices}, got {got}")


def _kind(value: Any) -> str:
    """Describe a bad value without echoing it (it may be a person's details)."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float | _HugeNumber):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def count_records(records: Iterable[ImportRecord]) -> tuple[int, int]:
    """(clients, visits) in a parsed import, for the summary line."""
    items = list(records)
    return len(items), sum(len(r.visits) for r in items)
