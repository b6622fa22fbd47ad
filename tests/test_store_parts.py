"""The Store is a facade over sibling parts that share one connection: every public
method of a part must reach callers, and the parts share only public names."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import homecheck.store
from homecheck.store import Store
from homecheck.store.answers import AnswersPart
from homecheck.store.clients import ClientsPart
from homecheck.store.interchange import InterchangePart
from homecheck.store.visits import VisitsPart

PARTS = (ClientsPart, VisitsPart, AnswersPart, InterchangePart)
STORE_DIR = Path(homecheck.store.__file__).parent


def public_methods(cls: type) -> list[str]:
    return [
        name
        for name, member in vars(cls).items()
        if inspect.isfunction(member) and not name.startswith("_")
    ]


@pytest.mark.parametrize("part", PARTS, ids=lambda cls: cls.__name__)
def test_store_exposes_every_public_method_of_each_part(part: type) -> None:
    store = Store()
    try:
        for name in public_methods(part):
            method = getattr(store, name, None)
            assert method is not None, f"Store has no {name} (from {part.__name__})"
            assert method.__func__ is vars(part)[name], name
            assert method.__self__.connection is store.connection, name
    finally:
        store.close()


def test_store_parts_import_no_private_names() -> None:
    """What parts share is a public name of its module; a private one stays at home."""
    imported = []
    for path in sorted(STORE_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("homecheck"):
                imported += [
                    f"{path.name}: {alias.name}" for alias in node.names if alias.name[0] == "_"
                ]
    assert imported == []
