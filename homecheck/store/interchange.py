"""Import of interchange records: merged by UUID into what is there, all or nothing.

A client or visit whose UUID the database (or an earlier file of the same import) already
holds is the same one: nothing is added twice. Its answers merge item by item: the later
change stays, the earlier goes into the history, and both sides' history is kept. Files
are merged one after another in one transaction: each is matched against the database
with a few queries per thousand UUIDs and written with `executemany`, so the time grows
with the number of visits, never with their square.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from homecheck.display import counted
from homecheck.model import (
    Action,
    Client,
    ImportRecord,
    Response,
    ResponseChange,
    Visit,
    VisitEventKind,
    VisitStatus,
)
from homecheck.store.base import (
    StoreError,
    iso_to_ms,
    ms_to_iso,
    new_uuid,
    now_ms,
    now_stamp,
)
from homecheck.store.connection import Connection
from homecheck.store.rows import (
    ACTION_SELECT,
    CHANGE_SELECT,
    DELETE_RESPONSE,
    INSERT_CHANGE,
    INSERT_CLIENT,
    RESPONSE_SELECT,
    UPDATE_CLIENT,
    UPSERT_ACTION,
    UPSERT_RESPONSE,
    action_from_row,
    action_values,
    change_from_row,
    client_from_row,
    client_values,
    log_visit_event,
    new_client_row,
    response_from_row,
    visit_from_row,
)

# UUIDs per `IN (...)` query: well under SQLite's limit on parameters.
_CHUNK = 500
# What an import did to a client or visit, in the order one outcome beats another.
_UNCHANGED, _UPDATED, _NEW = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Conflict:
    """One item changed on two devices since they last agreed: which change was kept and
    which went into the history. Ids and times only, never names or notes."""

    visit_uuid: str
    item_id: str
    kept: str
    other: str

    def line(self) -> str:
        return (
            f"conflict: visit {self.visit_uuid} item {self.item_id}: kept the change of"
            f" {self.kept}; the change of {self.other} is in the history"
        )


@dataclass(slots=True)
class ImportSummary:
    """What an import did, for its summary line."""

    client_ids: list[int] = field(default_factory=list)  # one per record, in order
    new_clients: int = 0
    updated_clients: int = 0
    unchanged_clients: int = 0
    new_visits: int = 0
    updated_visits: int = 0
    unchanged_visits: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    def line(self) -> str:
        """'clients: 0 new, 1 unchanged; visits: 1 new, 1 updated, 0 unchanged; 1 conflict'
        (updated only when some were)."""

        def part(what: str, new: int, updated: int, unchanged: int) -> str:
            middle = f", {updated} updated" if updated else ""
            return f"{what}: {new} new{middle}, {unchanged} unchanged"

        return (
            part("clients", self.new_clients, self.updated_clients, self.unchanged_clients)
            + "; "
            + part("visits", self.new_visits, self.updated_visits, self.unchanged_visits)
            + f"; {counted(len(self.conflicts), 'conflict')}"
        )


@dataclass(slots=True)
class _Visit:
    """One visit with everything recorded in it, as a file or the database holds it;
    times of answers, history and actions in epoch milliseconds."""

    visit: Visit
    client_uuid: str
    previous_uuid: str | None
    responses: dict[str, Response]
    history: list[ResponseChange]
    actions: dict[str, Action]
    last_seq: int = 0  # of the stored history


def _state(r: Response | ResponseChange) -> tuple[Any, ...]:
    """What is recorded for the item, to compare (enums as they are: cheap)."""
    return (
        r.answer,
        r.note,
        r.measurement,
        r.priority_override,
        r.override_reason,
        r.recommendation,
    )


def _stored_state(r: Response | ResponseChange) -> tuple[Any, ...]:
    """The same, as the answers and history tables store it."""
    return (
        r.answer.value if r.answer else None,
        r.note,
        r.measurement,
        r.priority_override.value if r.priority_override else None,
        r.override_reason,
        r.recommendation,
    )


def _change_key(change: ResponseChange) -> tuple[Any, ...]:
    return (change.item_id, change.changed, *_state(change))


def _as_change(response: Response) -> ResponseChange:
    return ResponseChange(
        item_id=response.item_id,
        answer=response.answer,
        note=response.note,
        measurement=response.measurement,
        priority_override=response.priority_override,
        override_reason=response.override_reason,
        recommendation=response.recommendation,
        changed=response.updated,
    )


def _action_state(a: Action) -> tuple[Any, ...]:
    return (a.owner.value, a.target_date, a.done_date, a.note, a.updated)


def _merge_visits(a: _Visit, b: _Visit, conflicts: list[Conflict]) -> _Visit:
    """`a` (what is there) and `b` (what comes in) as one visit.

    Times are compared as text: the reader and the store both write them in UTC to the
    millisecond in one form, in which text order is time order.

    Each item keeps its later change (`updated`; equal times: the one whose state sorts
    last, so the order of imports does not matter); an item cleared after the other side's
    answer stays cleared. Changes on both sides since they last agreed are a conflict.
    The history is `a`'s followed by `b`'s entries that `a` lacks, in time order, and it
    holds both sides' versions of every item that differed. The visit is completed if
    either copy is (at the later completion), amended if either is or an answer kept
    changed after completion; date, assessor, role, mode, sections and checklist version
    are set when a visit starts and stay `a`'s.
    """
    a_keys = {_change_key(h) for h in a.history}
    b_keys = {_change_key(h) for h in b.history}
    history = list(a.history)
    added = {k: h for h in b.history if (k := _change_key(h)) not in a_keys}
    history += sorted(added.values(), key=lambda h: h.changed)
    keys = a_keys | b_keys
    last_a, last_b = _last_changes(a.history), _last_changes(b.history)

    responses: dict[str, Response] = {}
    changed_at: list[str] = []  # times of the changes one side had and the other lacked
    for item_id in sorted(a.responses.keys() | b.responses.keys()):
        ra, rb = a.responses.get(item_id), b.responses.get(item_id)
        if ra is None or rb is None:
            only = ra or rb
            assert only is not None
            other_last = last_b if ra is not None else last_a
            cleared = other_last.get(item_id)
            if cleared is None or cleared[0] <= only.updated or cleared[1]:
                responses[item_id] = only
                changed_at.append(only.updated)
            continue
        ta, tb = ra.updated, rb.updated
        if ta == tb and _state(ra) == _state(rb):
            responses[item_id] = ra
            continue
        b_wins = tb > ta or (tb == ta and repr(_stored_state(rb)) > repr(_stored_state(ra)))
        winner, loser = (rb, ra) if b_wins else (ra, rb)
        responses[item_id] = winner
        changed_at.append(winner.updated)
        loser_change, winner_change = _as_change(loser), _as_change(winner)
        if _state(winner) != _state(loser) and _change_key(loser_change) not in (
            b_keys if b_wins else a_keys
        ):
            conflicts.append(Conflict(a.visit.uuid, item_id, winner.updated, loser.updated))
        for change in sorted((loser_change, winner_change), key=lambda h: h.changed):
            key = _change_key(change)
            if key not in keys:
                keys.add(key)
                history.append(change)

    actions = dict(a.actions)
    for item_id, action in b.actions.items():
        kept = actions.get(item_id)
        if kept is None or (action.updated, repr(_action_state(action))) > (
            kept.updated,
            repr(_action_state(kept)),
        ):
            actions[item_id] = action

    va, vb = a.visit, b.visit
    completed = max(va.completed, vb.completed)  # "" (in progress) sorts first
    amended = (
        va.amended
        or vb.amended
        or (bool(completed) and any(moment > completed for moment in changed_at))
    )
    visit = replace(
        va,
        status=VisitStatus.COMPLETED if completed else VisitStatus.IN_PROGRESS,
        completed=completed,
        amended=amended,
    )
    return _Visit(
        visit=visit,
        client_uuid=a.client_uuid,
        previous_uuid=a.previous_uuid or b.previous_uuid,
        responses=responses,
        history=history,
        actions=actions,
    )


def _last_changes(history: Iterable[ResponseChange]) -> dict[str, tuple[str, bool]]:
    """Per item: the time of its latest change and whether it left an answer."""
    last: dict[str, tuple[str, bool]] = {}
    for change in history:
        moment = change.changed
        if moment >= last.get(change.item_id, ("", False))[0]:
            last[change.item_id] = (moment, change.answer is not None)
    return last


def _later_client(a: Client, b: Client) -> Client:
    """The client's details from the copy changed last (equal times: `a`'s)."""
    if b.updated > a.updated:
        return replace(b, id=a.id)
    return a


def _tally(outcomes: dict[str, int]) -> tuple[int, int, int]:
    """How many are new, updated and unchanged."""
    counts = Counter(outcomes.values())
    return counts[_NEW], counts[_UPDATED], counts[_UNCHANGED]


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


class InterchangePart:
    """Adds or merges whole clients with their visits from an import."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # -- interchange -------------------------------------------------------------------

    def import_records(self, records: Iterable[ImportRecord]) -> list[int]:
        """Merge one file's clients in (see `import_files`); their ids, one per record."""
        return self.import_files([("", list(records))]).client_ids

    def import_files(self, files: Iterable[tuple[str, Sequence[ImportRecord]]]) -> ImportSummary:
        """Merge the clients and visits of several files, all in one transaction.

        `files` pairs a name for messages with each file's records; it may be a generator
        that reads each file when its turn comes, so that memory holds one file at a time
        (whatever it raises undoes the whole import). Each file is merged into what the
        database holds by then, earlier files included. Timestamps and history come in as
        they were exported, so an export of a new client equals the original. A visit
        whose UUID belongs to another client is refused (a StoreError naming the file and
        place), and nothing is written.
        """
        summary = ImportSummary()
        clients: dict[str, int] = {}  # outcome by UUID, over every file
        visits: dict[str, int] = {}
        with self.connection.write() as conn:
            for name, records in files:
                self._import_one(conn, name, records, summary, clients, visits)
        summary.new_clients, summary.updated_clients, summary.unchanged_clients = _tally(clients)
        summary.new_visits, summary.updated_visits, summary.unchanged_visits = _tally(visits)
        return summary

    def _import_one(
        self,
        conn: sqlite3.Connection,
        name: str,
        records: Sequence[ImportRecord],
        summary: ImportSummary,
        client_outcomes: dict[str, int],
        visit_outcomes: dict[str, int],
    ) -> None:
        """Merge one file in; what happened to each client and visit goes into the
        outcomes (new beats updated beats unchanged: a visit new in this import and
        merged again by a later file is new)."""
        clients, client_of_record, visits, places = self._fold(name, records)
        stored_clients = self._stored_clients(list(clients))
        stored_visits = self._stored_visits(list(visits))
        for uuid, merged in visits.items():
            stored = stored_visits.get(uuid)
            if stored is not None and stored.client_uuid != merged.client_uuid:
                raise StoreError(
                    f"{places[uuid]}.uuid: this visit belongs to another client in the"
                    " database; nothing was imported"
                )
        ids = self._write_clients(conn, clients, stored_clients)
        outcomes = self._write_visits(conn, visits, stored_visits, ids, summary)
        changed_clients = set()
        for uuid, outcome in outcomes.items():
            visit_outcomes[uuid] = max(visit_outcomes.get(uuid, _UNCHANGED), outcome)
            if outcome != _UNCHANGED:
                changed_clients.add(visits[uuid].client_uuid)
        for uuid, client in clients.items():
            if uuid not in stored_clients:
                outcome = _NEW
            elif client is not stored_clients[uuid] or uuid in changed_clients:
                outcome = _UPDATED
            else:
                outcome = _UNCHANGED
            client_outcomes[uuid] = max(client_outcomes.get(uuid, _UNCHANGED), outcome)
        summary.client_ids += [ids[uuid] for uuid in client_of_record]

    # -- one file's records by UUID ----------------------------------------------------

    def _fold(
        self, name: str, records: Sequence[ImportRecord]
    ) -> tuple[dict[str, Client], list[str], dict[str, _Visit], dict[str, str]]:
        """One file's clients and visits by UUID, and each visit's place; records without
        UUIDs (older files) get new ones. A UUID given twice in one file is refused: the
        reader refuses it first, with both places, so this guards other callers."""
        clients: dict[str, Client] = {}
        client_of_record: list[str] = []
        visits: dict[str, _Visit] = {}
        places: dict[str, str] = {}
        prefix = f"{name}: " if name else ""
        for c, record in enumerate(records):
            client = record.client
            if not client.uuid:
                client = replace(client, uuid=new_uuid())
            uuid = client.uuid
            if uuid in clients:
                raise StoreError(f"{prefix}clients[{c}].uuid: given twice; nothing was imported")
            client_of_record.append(uuid)
            clients[uuid] = client
            uuids = [v.visit.uuid or new_uuid() for v in record.visits]
            for n, item in enumerate(record.visits):
                place = f"{prefix}clients[{c}].visits[{n}]"
                if uuids[n] in visits:
                    raise StoreError(f"{place}.uuid: given twice; nothing was imported")
                stamp = now_ms()
                visits[uuids[n]] = _Visit(
                    visit=replace(
                        item.visit, uuid=uuids[n], created=item.visit.created or now_stamp()
                    ),
                    client_uuid=uuid,
                    previous_uuid=(
                        uuids[item.follow_up_of] if item.follow_up_of is not None else None
                    ),
                    responses={
                        r.item_id: r if r.updated else replace(r, updated=ms_to_iso(stamp))
                        for r in item.responses
                    },
                    history=list(item.history),
                    actions={
                        a.item_id: a if a.updated else replace(a, updated=ms_to_iso(stamp))
                        for a in item.actions
                    },
                )
                places[uuids[n]] = place
        return clients, client_of_record, visits, places

    # -- what the database holds -------------------------------------------------------

    def _stored_clients(self, uuids: list[str]) -> dict[str, Client]:
        found: dict[str, Client] = {}
        for chunk in _chunks(uuids):
            marks = ",".join("?" * len(chunk))
            rows = self.connection.query(
                f"SELECT * FROM clients WHERE uuid IN ({marks})",  # noqa: S608 (marks only)
                chunk,
            )
            found.update((row["uuid"], client_from_row(row)) for row in rows)
        return found

    def _stored_visits(self, uuids: list[str]) -> dict[str, _Visit]:
        """The visits the database already holds of these, with everything recorded."""
        found: dict[str, _Visit] = {}
        for chunk in _chunks(uuids):
            marks = ",".join("?" * len(chunk))
            rows = self.connection.query(
                "SELECT v.*, c.uuid AS client_uuid, p.uuid AS previous_uuid"  # noqa: S608
                " FROM visits v JOIN clients c ON c.id = v.client_id"
                " LEFT JOIN visits p ON p.id = v.previous_visit_id"
                f" WHERE v.uuid IN ({marks})",
                chunk,
            )
            if not rows:
                continue
            by_id = {
                row["id"]: _Visit(
                    visit=visit_from_row(row),
                    client_uuid=row["client_uuid"],
                    previous_uuid=row["previous_uuid"],
                    responses={},
                    history=[],
                    actions={},
                )
                for row in rows
            }
            ids = list(by_id)
            id_marks = ",".join("?" * len(ids))
            for row in self.connection.query(
                RESPONSE_SELECT + f" WHERE r.visit_id IN ({id_marks})", ids
            ):
                by_id[row["visit_id"]].responses[row["item_id"]] = response_from_row(row)
            for row in self.connection.query(
                CHANGE_SELECT + f" WHERE l.visit_id IN ({id_marks}) ORDER BY l.visit_id, l.seq",
                ids,
            ):
                stored = by_id[row["visit_id"]]
                stored.history.append(change_from_row(row))
                stored.last_seq = row["seq"]
            for row in self.connection.query(
                ACTION_SELECT + f" WHERE a.visit_id IN ({id_marks})", ids
            ):
                by_id[row["visit_id"]].actions[row["item_id"]] = action_from_row(row)
            found.update((v.visit.uuid, v) for v in by_id.values())
        return found

    # -- writing -----------------------------------------------------------------------

    def _write_clients(
        self,
        conn: sqlite3.Connection,
        clients: dict[str, Client],
        stored: dict[str, Client],
    ) -> dict[str, int]:
        """Insert the new clients, update those whose incoming details are later; the
        database id of every client by UUID."""
        stamp = now_stamp()
        new = [c for uuid, c in clients.items() if uuid not in stored]
        conn.executemany(INSERT_CLIENT, [new_client_row(c, stamp) for c in new])
        for uuid, client in list(clients.items()):
            kept = stored.get(uuid)
            if kept is None:
                continue
            merged = _later_client(kept, client)
            if merged is kept or client_values(merged) == client_values(kept):
                clients[uuid] = kept
                continue
            clients[uuid] = merged
            conn.execute(UPDATE_CLIENT, (*client_values(merged), merged.updated, kept.id))
        ids = {uuid: c.id for uuid, c in stored.items()}
        ids.update(self._ids(conn, "clients", [c.uuid for c in new]))
        return ids

    def _ids(self, conn: sqlite3.Connection, table: str, uuids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(uuids):
            marks = ",".join("?" * len(chunk))
            found.update(
                conn.execute(
                    f"SELECT uuid, id FROM {table} WHERE uuid IN ({marks})",  # noqa: S608
                    chunk,
                ).fetchall()
            )
        return found

    def _write_visits(
        self,
        conn: sqlite3.Connection,
        visits: dict[str, _Visit],
        stored: dict[str, _Visit],
        client_ids: dict[str, int],
        summary: ImportSummary,
    ) -> dict[str, int]:
        """Insert new visits, merge the rest into what is stored; the outcome of each."""
        outcomes: dict[str, int] = {}
        new = [v for uuid, v in visits.items() if uuid not in stored]
        conn.executemany(
            "INSERT INTO visits (client_id, visit_date, assessor, role, mode, status, sections,"
            " content_hash, created, completed, amended, uuid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    client_ids[v.client_uuid],
                    v.visit.visit_date.isoformat(),
                    v.visit.assessor,
                    v.visit.role.value,
                    v.visit.mode.value,
                    v.visit.status.value,
                    json.dumps(list(v.visit.sections)),
                    v.visit.content_hash,
                    v.visit.created,
                    v.visit.completed,
                    int(v.visit.amended),
                    v.visit.uuid,
                )
                for v in new
            ],
        )
        ids = {uuid: v.visit.id for uuid, v in stored.items()}
        ids.update(self._ids(conn, "visits", [v.visit.uuid for v in new]))
        outcomes.update((v.visit.uuid, _NEW) for v in new)
        conn.executemany(
            "UPDATE visits SET previous_visit_id = ? WHERE id = ?",
            [(ids[v.previous_uuid], ids[v.visit.uuid]) for v in new if v.previous_uuid],
        )
        # As the upgrade to schema v6 does: the log starts with the completion.
        conn.executemany(
            "INSERT INTO visit_log (visit_id, seq, event, changed) VALUES (?, 1, ?, ?)",
            [
                (ids[v.visit.uuid], VisitEventKind.COMPLETED.value, iso_to_ms(v.visit.completed))
                for v in new
                if v.visit.completed
            ],
        )
        responses: list[tuple[Any, ...]] = []
        removed: list[tuple[int, int]] = []
        history: list[tuple[Any, ...]] = []
        actions: list[tuple[Any, ...]] = []
        key = functools.partial(self.connection.item_key, conn)  # it caches the keys
        for v in new:
            visit_id = ids[v.visit.uuid]
            responses += (_response_row(visit_id, key(r.item_id), r) for r in v.responses.values())
            history += (
                _change_row(visit_id, seq, key(h.item_id), h) for seq, h in enumerate(v.history, 1)
            )
            actions += (_action_row(visit_id, key(a.item_id), a) for a in v.actions.values())
        for uuid, before in stored.items():
            merged = _merge_visits(before, visits[uuid], summary.conflicts)
            visit_id = before.visit.id
            changed = False
            for item_id, r in merged.responses.items():
                old = before.responses.get(item_id)
                if old is None or old.updated != r.updated or _state(old) != _state(r):
                    responses.append(_response_row(visit_id, key(item_id), r))
                    changed = True
            for item_id in before.responses.keys() - merged.responses.keys():
                removed.append((visit_id, key(item_id)))
                changed = True
            for seq, h in enumerate(merged.history[len(before.history) :], before.last_seq + 1):
                history.append(_change_row(visit_id, seq, key(h.item_id), h))
                changed = True
            for item_id, a in merged.actions.items():
                old_action = before.actions.get(item_id)
                if old_action is None or _action_state(old_action) != _action_state(a):
                    actions.append(_action_row(visit_id, key(item_id), a))
                    changed = True
            mv, bv = merged.visit, before.visit
            if (mv.status, mv.completed, mv.amended) != (bv.status, bv.completed, bv.amended) or (
                merged.previous_uuid != before.previous_uuid
            ):
                changed = True
                conn.execute(
                    "UPDATE visits SET status = ?, completed = ?, amended = ?,"
                    " previous_visit_id = ? WHERE id = ?",
                    (
                        mv.status.value,
                        mv.completed,
                        int(mv.amended),
                        ids.get(merged.previous_uuid or "", bv.previous_visit_id),
                        visit_id,
                    ),
                )
                if mv.completed and mv.completed != bv.completed:
                    completed = iso_to_ms(mv.completed)
                    log_visit_event(conn, visit_id, VisitEventKind.COMPLETED, completed)
            outcomes[uuid] = _UPDATED if changed else _UNCHANGED
        conn.executemany(DELETE_RESPONSE, removed)
        conn.executemany(UPSERT_RESPONSE, responses)
        conn.executemany(INSERT_CHANGE, history)
        conn.executemany(UPSERT_ACTION, actions)
        return outcomes


def _response_row(visit_id: int, key: int, r: Response) -> tuple[Any, ...]:
    return (visit_id, key, *_stored_state(r), iso_to_ms(r.updated))


def _change_row(visit_id: int, seq: int, key: int, h: ResponseChange) -> tuple[Any, ...]:
    return (visit_id, seq, key, *_stored_state(h), iso_to_ms(h.changed))


def _action_row(visit_id: int, key: int, a: Action) -> tuple[Any, ...]:
    values = action_values(a.owner, a.target_date, a.done_date, a.note)
    return (visit_id, key, *values, iso_to_ms(a.updated))
