"""Clients: add, edit, find (the home screen's list)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from homecheck.model import (
    Client,
    ClientOverview,
)
from homecheck.store.base import StoreError, now_stamp, search_key
from homecheck.store.connection import Connection
from homecheck.store.rows import (
    CLIENT_COLUMNS,
    UPDATE_CLIENT,
    client_from_row,
    client_values,
    insert_client,
)


class ClientsPart:
    """Clients, and the list the home screen shows."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add_client(
        self,
        name: str,
        *,
        birth_date: date | None = None,
        address: str = "",
        contact: str = "",
        caregiver: str = "",
        notes: str = "",
        flags: Iterable[str] = (),
    ) -> Client:
        client = Client(
            id=0,
            name=name,
            birth_date=birth_date,
            address=address,
            contact=contact,
            caregiver=caregiver,
            notes=notes,
            flags=frozenset(flags),
        )
        with self.connection.write() as conn:
            client_id = insert_client(conn, client)
        return self.get_client(client_id)

    def update_client(self, client: Client) -> Client:
        """Save the client's details; `updated` moves only when one of them changed, as
        the import takes the details changed last."""
        values = client_values(client)
        with self.connection.write() as conn:
            conn.execute(
                f"{UPDATE_CLIENT} AND ({CLIENT_COLUMNS}) IS NOT (?,?,?,?,?,?,?,?)",
                (*values, now_stamp(), client.id, *values),
            )
        return self.get_client(client.id)

    def get_client(self, client_id: int) -> Client:
        rows = self.connection.query("SELECT * FROM clients WHERE id = ?", (client_id,))
        if not rows:
            raise StoreError(f"no client with id {client_id}")
        return client_from_row(rows[0])

    def list_clients(self, search: str = "", limit: int | None = None) -> list[Client]:
        """Clients with a visit in progress first, then by name; `search` is a substring."""
        sql = (
            "SELECT c.*, EXISTS (SELECT 1 FROM visits v WHERE v.client_id = c.id"
            " AND v.status = 'in-progress') AS open_visit FROM clients c"
        )
        params: list[Any] = []
        key = search_key(search.strip())
        if key:
            sql += " WHERE instr(c.search_text, ?) > 0"
            params.append(key)
        sql += " ORDER BY open_visit DESC, c.name COLLATE NOCASE, c.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [client_from_row(row) for row in self.connection.query(sql, params)]

    def client_overviews(self, search: str = "", limit: int = 200) -> list[ClientOverview]:
        """The home screen's list: visits in progress first, then by name.

        Built for 10,000 clients in a few milliseconds: the clients with a visit in progress
        (few) come from a partial index, the rest by walking the name index only as far as
        the page needs, and visit counts are computed for that page alone.
        """
        key = search_key(search.strip())
        # Both queries are fixed text; the search words only ever travel as a parameter.
        match = " AND instr(c.search_text, ?) > 0" if key else ""
        params: list[Any] = [key] if key else []
        in_progress = "SELECT client_id FROM visits WHERE status = 'in-progress'"
        order = " ORDER BY c.name COLLATE NOCASE, c.id LIMIT ?"
        open_sql = f"SELECT c.* FROM clients c WHERE c.id IN ({in_progress}){match}{order}"  # noqa: S608
        rest_sql = (
            "SELECT c.* FROM clients c INDEXED BY clients_name"  # noqa: S608
            f" WHERE c.id NOT IN ({in_progress}){match}{order}"
        )
        open_rows = self.connection.query(open_sql, [*params, limit])
        rows = list(open_rows)
        if len(rows) < limit:
            rows += self.connection.query(rest_sql, [*params, limit - len(rows)])
        stats = self._visit_stats([row["id"] for row in rows])
        open_ids = {row["id"] for row in open_rows}
        overviews = []
        for row in rows:
            last, count, open_id = stats.get(row["id"], (None, 0, None))
            overviews.append(
                ClientOverview(
                    client=client_from_row(row),
                    open_visit_id=open_id if row["id"] in open_ids else None,
                    last_visit_date=date.fromisoformat(last) if last else None,
                    visit_count=count,
                )
            )
        return overviews

    def _visit_stats(self, client_ids: list[int]) -> dict[int, tuple[str | None, int, int | None]]:
        """Latest visit date, visit count and newest open visit, per client on the page."""
        if not client_ids:
            return {}
        marks = ",".join("?" * len(client_ids))
        rows = self.connection.query(
            "SELECT client_id, max(visit_date) AS last, count(*) AS n,"  # noqa: S608 - marks only
            " max(CASE WHEN status = 'in-progress' THEN id END) AS open_id"
            f" FROM visits WHERE client_id IN ({marks}) GROUP BY client_id",
            client_ids,
        )
        return {row["client_id"]: (row["last"], row["n"], row["open_id"]) for row in rows}
