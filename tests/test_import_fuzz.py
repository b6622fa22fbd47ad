"""Fuzzing import: a valid export, mutated at every level, either imports fully or is
refused with one located line; nothing that imports breaks the export, the next import or
a report (issue 11). Deterministic (derandomized) and a few seconds long."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from homecheck import cli
from homecheck.checklists import load_catalog
from homecheck.cli import main
from homecheck.exchange import export_data, export_json
from homecheck.exchange.format import (
    ACTION_FIELDS,
    CHANGE_FIELDS,
    CLIENT_FIELDS,
    DOCUMENT_FIELDS,
    RESPONSE_FIELDS,
    VISIT_FIELDS,
)
from homecheck.model import (
    ActionOwner,
    Answer,
    AssessorRole,
    Catalog,
    Priority,
    VisitMode,
    VisitStatus,
)
from homecheck.report import Audience, build_report_for_visit
from homecheck.store import Store
from tests.conftest import MINI_CHECKLISTS
from tests.import_support import import_text, valid_export

Path_ = tuple[str | int, ...]

DEEP_PARSEABLE = "@@deep-40@@"
DEEP_UNPARSEABLE = "@@deep-5000@@"
SECRET = "Gertrude Quillfeather, 99 Unique Crescent"

# Values of every type, and the edge values that broke import before.
SPECIAL_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2,
    10**400,
    -(10**400),
    1e308,
    -0.0,
    99_999.5,
    100_000,
    float("nan"),
    float("inf"),
    "",
    " ",
    "\ud800",
    "x\udfffy",
    "\x00",
    "\x1b[2K\x1b]0;pwned\x07",
    "line\rbreak\u202e",
    SECRET,
    "x" * 20_001,
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00",
    "1969-12-31T23:59:59Z",
    "2026-11-02T09:40:10Z",
    "2026-11-02 09:40:10",
    "2026-11-02T25:00",
    "2026-02-30",
    "1899-12-31",
    "2201-01-01",
    "2026-11-02",
    "2025-01-01",
    "2027-06-30",
    "1941-03-28",
    "ok",
    "hazard",
    "completed",
    "in-progress",
    "family",
    "high",
    "bathroom",
    "bathroom.alarm",
    "bathroom.bath_mat",
    "smoker",
    [],
    {},
    [1, "two"],
    {"a": {"b": [None]}},
    DEEP_PARSEABLE,
    DEEP_UNPARSEABLE,
]
values = st.one_of(
    st.sampled_from(SPECIAL_VALUES),
    st.text(max_size=30),
    st.integers(),
    st.floats(),
)
KEYS = ["note", "name", "answer", "updated", "bathroom.alarm", "bathroom.grab_bar", SECRET, ""]
keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=20))


@cache
def base_text() -> str:
    return json.dumps(valid_export(), ensure_ascii=False)


def all_paths(node: Any, prefix: Path_ = ()) -> list[Path_]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += all_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += all_paths(value, (*prefix, index))
    return found


@cache
def paths() -> tuple[Path_, ...]:
    return tuple(all_paths(json.loads(base_text())))


@cache
def date_paths() -> tuple[Path_, ...]:
    """Leaves holding a date or a time: swapping two of them swaps dates."""
    document = json.loads(base_text())
    return tuple(
        p
        for p in paths()
        if p
        and isinstance(value := resolve(document, p), str)
        and len(value) >= 10
        and value[:4].isdigit()
        and value[4] == "-"
    )


def resolve(document: Any, path: Path_) -> Any:
    node = document
    for step in path:
        node = node[step]
    return node


mutations = st.one_of(
    st.tuples(st.just("replace"), st.sampled_from(range(10_000)), values),
    st.tuples(st.just("delete"), st.sampled_from(range(10_000))),
    st.tuples(st.just("extra"), st.sampled_from(range(10_000)), keys, values),
    st.tuples(st.just("rename"), st.sampled_from(range(10_000)), keys),
    st.tuples(st.just("duplicate"), st.sampled_from(range(10_000))),
    st.tuples(st.just("swap"), st.sampled_from(range(10_000)), st.sampled_from(range(10_000))),
)


def mutate(document: Any, mutation: tuple[Any, ...], inserted: list[str]) -> None:
    """Apply one mutation where it fits; one that no longer fits (an earlier mutation
    removed its place) changes nothing."""
    kind, where = mutation[0], mutation[1]
    path = paths()[where % len(paths())]
    try:
        if kind == "swap":
            dates = date_paths()
            first, second = dates[where % len(dates)], dates[mutation[2] % len(dates)]
            parent_a, parent_b = resolve(document, first[:-1]), resolve(document, second[:-1])
            parent_a[first[-1]], parent_b[second[-1]] = (
                parent_b[second[-1]],
                parent_a[first[-1]],
            )
            return
        node = resolve(document, path)
        if kind == "replace":
            if not path:
                return
            resolve(document, path[:-1])[path[-1]] = mutation[2]
            note_inserted(mutation[2], inserted)
        elif kind == "delete" and path:
            del resolve(document, path[:-1])[path[-1]]
        elif kind == "extra" and isinstance(node, dict):
            node[mutation[2]] = mutation[3]
            note_inserted(mutation[2], inserted)
            note_inserted(mutation[3], inserted)
        elif kind == "rename" and path and isinstance(parent := resolve(document, path[:-1]), dict):
            parent[mutation[2]] = parent.pop(path[-1])
            note_inserted(mutation[2], inserted)
        elif (
            kind == "duplicate"
            and path
            and isinstance(parent := resolve(document, path[:-1]), list)
        ):
            parent.insert(path[-1], json.loads(json.dumps(node)))
    except (KeyError, IndexError, TypeError):
        return


def note_inserted(value: Any, inserted: list[str]) -> None:
    if isinstance(value, str):
        inserted.append(value)


def to_text(document: Any) -> str:
    text = json.dumps(document)  # lone surrogates as \ud800 escapes, as JSON allows
    text = text.replace(f'"{DEEP_PARSEABLE}"', "[" * 40 + "]" * 40)
    return text.replace(f'"{DEEP_UNPARSEABLE}"', "[" * 5000 + "]" * 5000)


def never_quoted_exempt(catalog: Catalog) -> frozenset[str]:
    """Words a message may contain for its own reasons: field names, catalog ids, choices."""
    words = {*catalog.items, *catalog.retired, *catalog.flags, *(s.id for s in catalog.sections)}
    for fields in (DOCUMENT_FIELDS, CLIENT_FIELDS, VISIT_FIELDS, RESPONSE_FIELDS, CHANGE_FIELDS):
        words.update(fields)
    words.update(ACTION_FIELDS)
    for kind in (Answer, AssessorRole, VisitMode, VisitStatus, Priority, ActionOwner):
        words.update(str(member.value) for member in kind)
    return frozenset(words)


def comparable(store: Store) -> dict[str, Any]:
    data = export_data(store)
    data.pop("exported")
    return data


@pytest.fixture
def template(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Path, dict[str, Any]]]:
    """A database holding the valid export once, and its export: each example starts from
    a copy, so a refused import can be checked to have changed nothing."""
    home = tmp_path_factory.mktemp("home")
    for variable in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(variable, str(home / variable.lower()))
    path = tmp_path_factory.mktemp("template") / "template.db"
    store = Store(path)
    import_text(store, base_text(), load_catalog(MINI_CHECKLISTS))
    before = comparable(store)
    store.close()
    yield path, before


@pytest.fixture
def one_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's parser built once for all the examples: `main` builds the same
    one on every call (4 ms of CPU, a tenth of an example)."""
    parser = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: parser)


@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(changes=st.lists(mutations, min_size=1, max_size=3))
@pytest.mark.usefixtures("one_parser")
def test_a_mutated_export_imports_fully_or_is_refused_in_one_line(
    template: tuple[Path, dict[str, Any]],
    mini_catalog: Catalog,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    changes: list[tuple[Any, ...]],
) -> None:
    template_path, before = template
    document = json.loads(base_text())
    inserted: list[str] = []
    for change in changes:
        mutate(document, change, inserted)
    work = tmp_path_factory.mktemp("fuzz")
    db = work / "homecheck.db"
    shutil.copyfile(template_path, db)
    db.chmod(0o600)  # as homecheck makes it; a wider copy would add a notice line
    source = work / "import.json"
    source.write_text(to_text(document), encoding="utf-8")
    capsys.readouterr()

    code = main(["--checklists", str(MINI_CHECKLISTS), "--db", str(db), "import", str(source)])

    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    store = Store(db)
    try:
        after = comparable(store)
        if code != 0:
            assert code == 1
            assert err.endswith("\n") and err.count("\n") == 1, err
            assert err.startswith(f"homecheck: import: {source}: "), err
            message = err.removeprefix(f"homecheck: import: {source}: ")
            exempt = never_quoted_exempt(mini_catalog)
            for value in inserted:
                if len(value.strip()) >= 4 and value not in exempt:
                    assert value not in message, (value, message)
            assert after == before, "a refused import changed the database"
            return
        *conflicts, summary = out.splitlines()
        assert err == "" and summary.startswith("imported "), (out, err)
        assert all(line.startswith("conflict: visit ") for line in conflicts), out
        # Import merges by UUID (issue 16): a client the template holds already is not
        # added again; one whose UUID a mutation removed is.
        known = {c["uuid"] for c in before["clients"]}
        added = sum(1 for c in document["clients"] if str(c.get("uuid", "")).lower() not in known)
        assert len(after["clients"]) == len(before["clients"]) + added
        exported = export_json(store)
    finally:
        store.close()
    fresh = Store()
    try:
        import_text(fresh, exported, mini_catalog)
        for visit in fresh.list_visits():
            for audience in Audience:
                build_report_for_visit(fresh, mini_catalog, visit.id, audience=audience)
    finally:
        fresh.close()
