"""What every part of the Store shares: its error, the 'not passed' sentinel, and how
times and search text are written."""

from __future__ import annotations

import functools
import hashlib
import time
import unicodedata
import uuid
from datetime import UTC, datetime
from enum import Enum
from typing import Any


class Unset(Enum):
    """'Not passed', as distinct from None (which clears a field): a typed sentinel."""

    UNSET = 0


UNSET = Unset.UNSET


class StoreError(Exception):
    """A database problem, worded for the user in one line (never with client data)."""


def now_stamp() -> str:
    """UTC time with milliseconds, sortable as text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def now_ms() -> int:
    """UTC time in integer milliseconds: how answers and history store time (compact)."""
    return time.time_ns() // 1_000_000


def ms_to_iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")


def iso_to_ms(text: str) -> int:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return round(moment.timestamp() * 1000)


def search_key(*parts: str) -> str:
    """Case- and accent-insensitive text for substring search ('zoe' finds 'Zoë')."""
    text = " ".join(parts)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def new_uuid() -> str:
    """A random (version 4) UUID: the identity a client or visit keeps everywhere."""
    return str(uuid.uuid4())


def response_uuid(visit_uuid: str, item_id: str) -> str:
    """The UUID of the answer to one item in one visit, for systems that want one per
    answer: derived from what identifies it (its visit and item), so it is stored nowhere
    and every database gives the same one."""
    return _name_based(visit_uuid, f"response/{item_id}")


def action_uuid(visit_uuid: str, item_id: str) -> str:
    """The UUID of the action on one item's finding in one visit (as `response_uuid`)."""
    return _name_based(visit_uuid, f"action/{item_id}")


@functools.lru_cache(maxsize=64)
def _namespace_hash(namespace: str) -> Any:
    return hashlib.sha1(uuid.UUID(namespace).bytes, usedforsecurity=False)


def _name_based(namespace: str, name: str) -> str:
    """`str(uuid.uuid5(UUID(namespace), name))`, a third of the time: an export writes
    one per answer, and a visit's answers share the namespace's hashed prefix."""
    digest = _namespace_hash(namespace).copy()
    digest.update(name.encode())
    raw = bytearray(digest.digest()[:16])
    raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
