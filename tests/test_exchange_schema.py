"""The interchange schema (`exchange/format.py`) is the one description of the document:
export writes exactly its fields in its order, it covers the model, and the README's
example follows it (issue 12)."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from homecheck.demo import add_demo
from homecheck.exchange import export_data, read_import
from homecheck.exchange.deidentify import Deidentifier
from homecheck.exchange.format import (
    ACTION,
    CHANGE,
    CLIENT,
    DOCUMENT,
    RESPONSE,
    VISIT,
    Boolean,
    Choice,
    Const,
    Day,
    Entries,
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
    ActionOwner,
    Catalog,
    Client,
    Response,
    ResponseChange,
    Visit,
)
from homecheck.store import Store

README = Path(__file__).resolve().parent.parent / "README.md"
FIXED = date(2026, 11, 2)


def readme_example() -> Any:
    """The JSON block of the README's interchange-format section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### The interchange format (JSON)") :]
    block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the interchange section has no JSON example"
    return json.loads(block.group(1))


def problems(spec: Spec, obj: Any, where: str, *, deidentified: bool = False) -> list[str]:
    """Where `obj` differs from the schema: a missing or extra field, or a value of the
    wrong kind (checked all the way down)."""
    if not isinstance(obj, dict):
        return [f"{where}: not an object"]
    expected = [
        f.name
        for f in spec.fields
        if (deidentified or not f.deidentified_only) and not (deidentified and f.identified_only)
    ]
    found = []
    if list(obj) != expected:
        found.append(f"{where}: fields {list(obj)}, schema {expected}")
    for field in spec.fields:
        if field.name in obj:
            value, place = obj[field.name], f"{where}.{field.name}"
            found += kind_problems(field.kind, value, place, deidentified=deidentified)
    return found


def kind_problems(kind: Kind, value: Any, where: str, *, deidentified: bool) -> list[str]:
    optional = isinstance(kind, Day | Stamp) and kind.optional
    nullable = (
        optional
        or isinstance(kind, Measurement | Position)
        or (isinstance(kind, Choice) and kind.nullable)
    )
    if value is None:
        return [] if nullable else [f"{where}: null"]
    match kind:
        case Const():
            ok = value == kind.value
        case Text() | Stamp() | ItemId() | Uuid():
            ok = isinstance(value, str)
        case Day():
            ok = isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
        case Boolean():
            ok = isinstance(value, bool)
        case Choice():
            ok = value in {member.value for member in kind.kind}
        case Measurement():
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        case Position() | Shift():
            ok = isinstance(value, int) and not isinstance(value, bool)
        case Ids():
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        case Entries():
            if kind.by_item:
                if not isinstance(value, dict):
                    return [f"{where}: not an object"]
                entries = [(f"{where}['{key}']", entry) for key, entry in value.items()]
            else:
                if not isinstance(value, list):
                    return [f"{where}: not a list"]
                entries = [(f"{where}[{i}]", entry) for i, entry in enumerate(value)]
            return [
                problem
                for place, entry in entries
                for problem in problems(kind.spec, entry, place, deidentified=deidentified)
            ]
    return [] if ok else [f"{where}: not {type(kind).__name__}"]


def nested(spec: Spec, name: str) -> Spec:
    kind = next(f.kind for f in spec.fields if f.name == name)
    assert isinstance(kind, Entries)
    return kind.spec


def test_the_schema_nests_the_objects_as_the_document_does() -> None:
    assert nested(DOCUMENT, "clients") is CLIENT
    assert nested(CLIENT, "visits") is VISIT
    assert nested(VISIT, "responses") is RESPONSE
    assert nested(VISIT, "history") is CHANGE
    assert nested(VISIT, "actions") is ACTION


@pytest.mark.parametrize(
    ("spec", "model", "not_exported"),
    [
        (CLIENT, Client, {"id"}),
        # previous_visit_id is written as follow_up_of, a position (ids are not exported).
        (VISIT, Visit, {"id", "client_id", "previous_visit_id"}),
        (RESPONSE, Response, {"visit_id", "item_id"}),  # the key of `responses`
        (CHANGE, ResponseChange, set()),
        (ACTION, Action, {"visit_id", "item_id"}),  # the key of `actions`
    ],
)
def test_the_schema_covers_every_model_field(
    spec: Spec, model: type, not_exported: set[str]
) -> None:
    """A field added to the model fails here until the schema says how it travels."""
    attrs = {f.attr for f in spec.fields if f.attr is not None}
    assert attrs == {f.name for f in dataclasses.fields(model)} - not_exported


def test_the_readme_example_has_every_field_of_the_right_kind() -> None:
    assert problems(DOCUMENT, readme_example(), "the README example") == []


def test_the_readme_example_imports(catalog: Catalog) -> None:
    text = json.dumps(readme_example())
    [record] = read_import(text, catalog, today=FIXED)
    assert record.client.name == "Ada Example"
    assert [len(v.responses) for v in record.visits] == [1]


def test_problems_finds_a_missing_field_and_a_wrong_kind() -> None:
    """The README check itself notices what it is there to notice."""
    example = readme_example()
    visit = example["clients"][0]["visits"][0]
    del visit["amended"]
    visit["responses"]["bathroom.toilet_height"]["measurement"] = "39"
    found = problems(DOCUMENT, example, "doc")
    assert len(found) == 2, found
    assert found[0].startswith("doc.clients[0].visits[0]: fields")
    assert found[1] == (
        "doc.clients[0].visits[0].responses['bathroom.toilet_height'].measurement: not Measurement"
    )


def full_store(store: Store, catalog: Catalog) -> None:
    """The demo client, with an action and a follow-up, so that every object appears."""
    add_demo(store, catalog, visit_date=FIXED)
    [client] = store.list_clients()
    [visit] = store.list_visits(client.id)
    store.save_action(
        visit.id,
        next(iter(store.responses(visit.id))),
        ActionOwner.FAMILY,
        target_date=date(2026, 11, 16),
        note="Buy a raised seat",
    )


@pytest.mark.parametrize("deidentify", [False, True])
def test_export_writes_the_schema_fields_in_its_order(
    store: Store, catalog: Catalog, deidentify: bool
) -> None:
    full_store(store, catalog)
    data = export_data(store, deidentify=deidentify, keep_notes=True, today=FIXED)
    visit = data["clients"][0]["visits"][0]
    assert visit["responses"] and visit["history"] and visit["actions"]
    assert problems(DOCUMENT, data, "export", deidentified=deidentify) == []
    assert ("age_band" in data["clients"][0]) is deidentify


SECRET = "Gertrude Quillfeather"
KEPT_TEXT = {"content_hash"}  # the checklist version, not about the person


def sample_entry(spec: Spec) -> dict[str, Any]:
    """An object of `spec` with a person's text in every text field and a date or time in
    every date and time field, nested all the way down."""
    entry: dict[str, Any] = {}
    for field in spec.fields:
        match field.kind:
            case Text():
                entry[field.name] = SECRET
            case Day():
                entry[field.name] = "2026-11-02"
            case Stamp():
                entry[field.name] = "2026-11-02T09:00:00.000+00:00"
            case Entries(spec=inner, by_item=True):
                entry[field.name] = {"bathroom.toilet_height": sample_entry(inner)}
            case Entries(spec=inner):
                entry[field.name] = [sample_entry(inner)]
            case _:
                entry[field.name] = None
    return entry


def leaks(spec: Spec, before: dict[str, Any], after: dict[str, Any], where: str) -> list[str]:
    """Text kept or dates not moved by de-identification, by place."""
    found = []
    for field in spec.fields:
        place, old, new = f"{where}.{field.name}", before[field.name], after[field.name]
        match field.kind:
            case Text() if field.name not in KEPT_TEXT and new != "":
                found.append(f"{place}: text kept")
            case Day() | Stamp() if new == old:
                found.append(f"{place}: not moved")
            case Entries(spec=inner, by_item=True):
                for key in old:
                    found += leaks(inner, old[key], new[key], f"{place}['{key}']")
            case Entries(spec=inner):
                found += leaks(inner, old[0], new[0], f"{place}[0]")
    return found


def test_deidentification_hides_every_text_and_moves_every_date_of_the_schema() -> None:
    """A text, date or time field added to a visit (or anything in it) fails here until
    de-identification handles it, instead of leaking into de-identified exports."""
    before = sample_entry(VISIT)
    hide = Deidentifier(Client(id=1, name=SECRET), shift=timedelta(days=-3))
    after = hide.visit(sample_entry(VISIT))
    assert leaks(VISIT, before, after, "visit") == []
