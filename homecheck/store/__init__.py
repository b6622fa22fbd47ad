"""The Store: the only place with SQL. Rows stay in here; frozen model values leave it.

Every write is one short `BEGIN IMMEDIATE` transaction committed with synchronous=FULL
before the call returns, so an answer the screen shows as saved survives a dead battery;
`Store.atomic()` makes several writes one transaction (the demo). Commands that only
read open it with `read_only=True`.
The Store is split by concern (connection, clients, visits, answers, interchange), each a
layer over the one before.
"""

from homecheck.store.base import (
    BUSY_TIMEOUT_MS,
    MEMORY,
    StoreError,
    iso_to_ms,
    ms_to_iso,
    needs_upgrade,
    now_ms,
    now_stamp,
    search_key,
)
from homecheck.store.files import create_private_file, is_writable
from homecheck.store.interchange import InterchangeStore


class Store(InterchangeStore):
    """Clients, visits and answers in one SQLite file (or in memory for tests)."""


__all__ = [
    "BUSY_TIMEOUT_MS",
    "MEMORY",
    "Store",
    "StoreError",
    "create_private_file",
    "is_writable",
    "iso_to_ms",
    "ms_to_iso",
    "needs_upgrade",
    "now_ms",
    "now_stamp",
    "search_key",
]
