"""FHIR export: every resource of the bundle validates against the R4B models of
`fhir.resources`, every answer has its question, the CarePlan is the report's plan, and a
de-identified bundle hides what the de-identified JSON export hides.

Every person here is fictional.
"""

from __future__ import annotations

import json
import stat
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from homecheck.cli import main
from homecheck.demo import DEMO_HAZARDS, add_demo
from homecheck.exchange import export_data, export_json, read_import
from homecheck.exchange.fhir import ANSWER_SYSTEM, RETIRED_GROUP, UUID_SYSTEM
from homecheck.exchange.fhir_export import export_fhir
from homecheck.model import ActionOwner, Answer, AssessorRole, Catalog, Priority
from homecheck.report import Audience, build_report_for_visit, load_visit
from homecheck.store import Store
from tests.privacy_text import without_ids

# The R4 value sets of the coded elements we fill (fhir.resources checks the type only).
STATUS = {
    "QuestionnaireResponse": {"in-progress", "completed", "amended"},
    "CarePlan": {"draft", "active", "completed"},
    "Questionnaire": {"active"},
}
ACTIVITY_STATUS = {"not-started", "scheduled", "in-progress", "completed"}
ITEM_TYPES = {"group", "display", "choice", "string", "quantity", "decimal"}


def bundle_of(store: Store, catalog: Catalog, **options: Any) -> dict[str, Any]:
    text = export_fhir(
        store,
        catalog,
        load=lambda v: load_visit(store, catalog, v),
        today=date(2026, 11, 2),
        **options,
    )
    value: dict[str, Any] = json.loads(text)
    return value


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def r4b() -> tuple[Any, Any]:
    """The Bundle model and the model finder, imported when a test validates: the models and
    pydantic cost about 0.4 s of CPU to import, and every pytest-xdist worker imports every
    test module, while one worker runs these tests."""
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle

    return Bundle, get_fhir_model_class


_VALID: set[str] = set()
"""Resources already validated, as JSON text: the Questionnaire of some 300 items is the
same in every bundle and takes most of a second to validate."""


def validate(bundle: dict[str, Any], *, whole: bool = False) -> None:
    """Every resource with its own R4B model (contained ones too), then the Bundle's own
    elements (type, fullUrl, request) around them. With `whole` (in
    `test_the_demo_visit_validates`), the whole Bundle in one go instead, which validates
    each resource with its own model as well (contained ones too): each once, not twice."""
    Bundle, get_fhir_model_class = r4b()
    if whole:
        Bundle.model_validate(bundle)
    else:
        shell = [{k: v for k, v in e.items() if k != "resource"} for e in bundle["entry"]]
        Bundle.model_validate({**bundle, "entry": shell})
    for entry in bundle["entry"]:
        resource = entry["resource"]
        kind = resource["resourceType"]
        key = json.dumps(resource, sort_keys=True)
        if key not in _VALID:
            if not whole:
                get_fhir_model_class(kind).model_validate(resource)
                for inner in resource.get("contained", []):
                    get_fhir_model_class(inner["resourceType"]).model_validate(inner)
            _VALID.add(key)
        if kind in STATUS:
            assert resource["status"] in STATUS[kind]
        for activity in resource.get("activity", []):
            assert activity["detail"]["status"] in ACTIVITY_STATUS


def walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every item at any depth: nested in an item, or in an answer (QuestionnaireResponse)."""
    for item in items:
        yield item
        yield from walk(item.get("item", []))
        for answer in item.get("answer", []):
            yield from walk(answer.get("item", []))


@pytest.fixture
def demo(store: Store, catalog: Catalog) -> int:
    _, visit = add_demo(store, catalog, visit_date=date(2026, 11, 2))
    return visit.id


def test_the_demo_visit_validates(store: Store, catalog: Catalog, demo: int) -> None:
    bundle = bundle_of(store, catalog, visit_id=demo)
    validate(bundle, whole=True)
    assert bundle["type"] == "collection"
    kinds = Counter(e["resource"]["resourceType"] for e in bundle["entry"])
    assert kinds == {"Patient": 1, "QuestionnaireResponse": 1, "CarePlan": 1, "Questionnaire": 1}
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(urls)) == len(urls) and all(u.startswith("urn:uuid:") for u in urls)
    # Every reference to another resource points at an entry of the bundle.
    text = json.dumps(bundle)
    for entry in bundle["entry"]:
        for reference in _references(entry["resource"]):
            assert reference in urls or reference == "#author", reference
    assert "Edith Marlow (demo)" in text


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference":
                yield inner
            else:
                yield from _references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _references(inner)


def test_every_answer_appears_once_with_its_question(
    store: Store, catalog: Catalog, demo: int
) -> None:
    bundle = bundle_of(store, catalog, visit_id=demo)
    (questionnaire,) = resources(bundle, "Questionnaire")
    (response,) = resources(bundle, "QuestionnaireResponse")
    questions = {q["linkId"]: q for q in walk(questionnaire["item"])}
    assert len(questions) == sum(1 for _ in walk(questionnaire["item"])), "linkIds unique"
    assert all(q["type"] in ITEM_TYPES for q in questions.values())
    choices = [q["linkId"] for q in questions.values() if q["type"] == "choice"]
    assert sorted(choices) == sorted([*catalog.items, *catalog.retired])
    answered = [i for i in walk(response["item"]) if "answer" in i]
    links = Counter(i["linkId"] for i in answered)
    assert all(n == 1 for n in links.values())
    assert set(links) <= set(questions)
    stored = store.responses(demo)
    coded = {i["linkId"]: i["answer"][0]["valueCoding"] for i in answered if "/" not in i["linkId"]}
    assert set(coded) == set(stored)
    for item_id, coding in coded.items():
        assert coding["system"] == ANSWER_SYSTEM and coding["code"] == stored[item_id].answer.value
        options = [o["valueCoding"] for o in questions[item_id]["answerOption"]]
        assert coding in options
        assert questions[item_id]["type"] == "choice"
    assert response["questionnaire"] == f"{questionnaire['url']}|{questionnaire['version']}"
    # Groups are sections; each answered item sits under its own section's group; every
    # text in the response repeats its question's.
    for group in response["item"]:
        for item in group["item"]:
            assert item["linkId"] in {q["linkId"] for q in questions[group["linkId"]]["item"]}
    for item in walk(response["item"]):
        assert item["text"] == questions[item["linkId"]]["text"]


def test_notes_and_measurements_are_nested_in_the_answer(
    store: Store, catalog: Catalog, demo: int
) -> None:
    bundle = bundle_of(store, catalog, visit_id=demo)
    (response,) = resources(bundle, "QuestionnaireResponse")
    (questionnaire,) = resources(bundle, "Questionnaire")
    items = {i["linkId"]: i for i in walk(response["item"])}
    toilet = items["bathroom.toilet_height"]["answer"][0]
    children = {c["linkId"]: c["answer"][0] for c in toilet["item"]}
    assert children["bathroom.toilet_height/note"] == {
        "valueString": DEMO_HAZARDS["bathroom.toilet_height"][0]
    }
    quantity = children["bathroom.toilet_height/measurement"]["valueQuantity"]
    assert quantity == {
        "value": 39.0,
        "unit": "cm",
        "system": "http://unitsofmeasure.org",
        "code": "cm",
    }
    question = {q["linkId"]: q for q in walk(questionnaire["item"])}
    assert question["bathroom.toilet_height/measurement"]["type"] == "quantity"
    help_text = question["bathroom.toilet_height/hazard-if"]
    assert help_text["type"] == "display" and help_text["text"].startswith("Hazard if: ")
    assert response["authored"] and response["status"] == "completed"
    assert response["contained"][0]["code"][0]["coding"][0]["code"] == "occupational-therapist"


def test_the_care_plan_is_the_clinician_plan(store: Store, catalog: Catalog, demo: int) -> None:
    """The same findings, order, advice variant and priority as the clinician report."""
    finding = "bathroom.toilet_height"
    store.save_action(
        demo,
        finding,
        ActionOwner.FAMILY,
        target_date=date(2026, 11, 16),
        done_date=date(2026, 11, 14),
        note="Son to fit a raised seat",
    )
    store.save_action(demo, "floors.rugs_secure", ActionOwner.CLIENT, target_date=date(2026, 12, 1))
    store.save_response(demo, "stairs.rails_both_sides", priority_override=Priority.LOW)
    report = build_report_for_visit(store, catalog, demo, audience=Audience.CLINICIAN)
    bundle = bundle_of(store, catalog, visit_id=demo)
    validate(bundle)
    (plan,) = resources(bundle, "CarePlan")
    assert plan["intent"] == "plan" and plan["status"] == "active"
    details = [a["detail"] for a in plan["activity"]]
    assert [d["code"]["coding"][0]["code"] for d in details] == [f.item_id for f in report.findings]
    for detail, entry in zip(details, report.findings, strict=True):
        assert detail["description"] == entry.recommendation
        assert detail["extension"][0]["valueCoding"]["code"] == entry.priority.value
        assert detail["extension"][1]["valueInteger"] == entry.position
        assert detail["code"]["text"] == entry.what
    by_item = {a["detail"]["code"]["coding"][0]["code"]: a for a in plan["activity"]}
    done = by_item[finding]
    assert done["detail"]["status"] == "completed"
    assert done["detail"]["performer"] == [{"display": "Family"}]
    assert done["detail"]["scheduledPeriod"] == {"end": "2026-11-16"}
    assert done["progress"] == [
        {"time": "2026-11-14", "text": "Done"},
        {"text": "Son to fit a raised seat"},
    ]
    assert by_item["floors.rugs_secure"]["detail"]["status"] == "scheduled"
    assert (
        by_item["stairs.rails_both_sides"]["detail"]["extension"][0]["valueCoding"]["code"] == "low"
    )
    assert by_item["bedroom.night_light"]["detail"]["status"] == "not-started"


def test_the_advice_variant_is_the_one_for_this_person(store: Store, catalog: Catalog) -> None:
    """An item with advice variants: the plan says what the clinician report says."""
    item = next(i for i in catalog.items.values() if i.advice and i.advice[0].flags)
    flags = frozenset(item.advice[0].flags[:1]) | frozenset(item.applies_if[:1])
    client = store.add_client("Wren Example", flags=flags)
    visit = store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=[item.section_id],
        content_hash=catalog.content_hash,
    )
    store.save_response(visit.id, item.id, Answer.HAZARD)
    report = build_report_for_visit(store, catalog, visit.id)
    (plan,) = resources(bundle_of(store, catalog, visit_id=visit.id), "CarePlan")
    (activity,) = plan["activity"]
    assert activity["detail"]["description"] == report.findings[0].recommendation
    assert report.findings[0].recommendation != item.recommend


def test_deidentified_hides_the_person(store: Store, catalog: Catalog, demo: int) -> None:
    identified = bundle_of(store, catalog, visit_id=demo)
    bundle = bundle_of(store, catalog, visit_id=demo, deidentify=True)
    validate(bundle)
    (patient,) = resources(bundle, "Patient")
    assert set(patient) == {"resourceType", "identifier", "extension"}
    assert patient["extension"][0]["valueString"] == "85-89"
    (response,) = resources(bundle, "QuestionnaireResponse")
    assert response["contained"][0] == {
        "resourceType": "PractitionerRole",
        "id": "author",
        "code": response["contained"][0]["code"],
    }
    notes = [i for i in walk(response["item"]) if i["linkId"].endswith("/note")]
    assert notes == []
    text = json.dumps(bundle)
    for secret in ("Edith", "Marlow", "Larch", "Fernhill", "01234", "1941", "Sam Rivera"):
        assert secret not in without_ids(text)
    for note, _ in DEMO_HAZARDS.values():
        assert note not in text
    # Dates move back, by the client's own shift, the same in every export and in the
    # de-identified JSON export; the UUIDs stay, as the JSON export keeps them, so a
    # record system can update what it was sent before.
    day = next(e for e in response["extension"] if e["url"].endswith("visit-date"))["valueDate"]
    assert day < "2026-11-02"
    assert (
        day
        == bundle_of(store, catalog, visit_id=demo, deidentify=True)["entry"][1]["resource"][
            "extension"
        ][0]["valueDate"]
    )
    shifted = export_data(store, visit_id=demo, deidentify=True)
    assert day == shifted["clients"][0]["visits"][0]["date"]
    assert [e["fullUrl"] for e in bundle["entry"]] == [e["fullUrl"] for e in identified["entry"]]


def test_keep_notes_keeps_them_without_names(store: Store, catalog: Catalog, demo: int) -> None:
    store.save_response(demo, "floors.rugs_secure", note="Edith says the rug moved on Sunday")
    bundle = bundle_of(store, catalog, visit_id=demo, deidentify=True, keep_notes=True)
    validate(bundle)
    text = json.dumps(bundle)
    assert "[removed] says the rug moved" in text and "Edith" not in text


def test_a_transaction_bundle_has_a_request_per_entry(
    store: Store, catalog: Catalog, demo: int
) -> None:
    bundle = bundle_of(store, catalog, visit_id=demo, transaction=True)
    validate(bundle)
    assert bundle["type"] == "transaction"
    for entry in bundle["entry"]:
        request = entry["request"]
        kind = entry["resource"]["resourceType"]
        assert request["method"] == "PUT"
        if kind == "Questionnaire":
            assert request["url"].startswith(
                "Questionnaire?url=urn:homecheck:questionnaire&version="
            )
        else:
            identifier = entry["resource"]["identifier"]
            value = (identifier[0] if isinstance(identifier, list) else identifier)["value"]
            assert request["url"] == f"{kind}?identifier={UUID_SYSTEM}|{value}"
    deidentified = bundle_of(store, catalog, visit_id=demo, transaction=True, deidentify=True)
    validate(deidentified)
    assert [e["request"] for e in deidentified["entry"]] == [e["request"] for e in bundle["entry"]]


def test_resources_carry_the_stored_uuids(store: Store, catalog: Catalog, demo: int) -> None:
    """The client's and the visit's own UUIDs, kept by export and import: the same in
    every export and every database the visit is imported into."""
    visit = store.get_visit(demo)
    client = store.get_client(visit.client_id)
    first = bundle_of(store, catalog, visit_id=demo)
    patient, response, plan, _ = (e["resource"] for e in first["entry"])
    assert patient["identifier"][0]["value"] == f"urn:uuid:{client.uuid}"
    assert response["identifier"]["value"] == f"urn:uuid:{visit.uuid}"
    assert response["subject"]["reference"] == f"urn:uuid:{client.uuid}"
    assert plan["supportingInfo"] == [{"reference": f"urn:uuid:{visit.uuid}"}]
    copy = Store()
    copy.import_records(read_import(export_json(store), catalog))
    again = bundle_of(copy, catalog, visit_id=copy.list_visits()[0].id)
    copy.close()
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in again["entry"]]


def test_everything_with_a_follow_up_and_a_retired_item(store: Store, catalog: Catalog) -> None:
    """The whole database: one Patient per client, a response and a plan per visit; the
    follow-up names the visit it follows; an answer to an item the checklists no longer
    have keeps a question of its own."""
    ann = store.add_client("Ann Example", birth_date=date(1950, 1, 2))
    first = store.start_visit(
        ann.id,
        visit_date=date(2026, 10, 1),
        sections=["bathroom"],
        content_hash="older",
        role=AssessorRole.CAREGIVER,
        assessor="Bo Example",
    )
    store.save_response(first.id, "bathroom.toilet_height", Answer.HAZARD, measurement=40)
    store.save_response(first.id, "bathroom.gone_item", Answer.OK, note="kept")
    store.complete_visit(first.id)
    follow = store.start_visit(
        ann.id,
        visit_date=date(2026, 11, 1),
        sections=["bathroom"],
        content_hash=catalog.content_hash,
        previous_visit_id=first.id,
    )
    store.save_response(follow.id, "bathroom.toilet_height", Answer.OK)
    store.add_client("Cy Example")
    bundle = bundle_of(store, catalog)
    validate(bundle)
    assert len(resources(bundle, "Patient")) == 2
    earlier, later = resources(bundle, "QuestionnaireResponse")
    assert later["status"] == "in-progress" and earlier["status"] == "completed"
    assert resources(bundle, "CarePlan")[1]["status"] == "draft"
    follows = [e for e in later["extension"] if e["url"].endswith("follow-up-of")]
    assert follows[0]["valueIdentifier"] == earlier["identifier"]
    assert earlier["contained"][0]["resourceType"] == "RelatedPerson"
    (questionnaire,) = resources(bundle, "Questionnaire")
    retired = [g for g in questionnaire["item"] if g["linkId"] == RETIRED_GROUP]
    assert "bathroom.gone_item" in {q["linkId"] for q in walk(retired[0]["item"])}
    answered = {i["linkId"]: i for i in walk(earlier["item"])}
    assert {"bathroom.gone_item", "bathroom.gone_item/note"} <= set(answered)
    questions = {q["linkId"]: q for q in walk(questionnaire["item"])}
    for link, item in answered.items():
        assert item["text"] == questions[link]["text"]


def test_the_command_line_writes_a_private_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "h.db")
    assert main(["--db", db, "demo"]) == 0
    out = tmp_path / "visit.fhir.json"
    capsys.readouterr()
    code = main(["--db", db, "export", "--format", "fhir", "--visit", "1", "-o", str(out)])
    assert code == 0 and capsys.readouterr().out == f"{out}\n"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    validate(json.loads(out.read_text()))
    code = main(["--db", db, "export", "--format", "fhir", "--fhir-transaction", "--deidentify"])
    printed = capsys.readouterr().out
    assert code == 0 and json.loads(printed)["type"] == "transaction" and "Marlow" not in printed
    with pytest.raises(SystemExit) as usage:
        main(["--db", db, "export", "--fhir-transaction"])
    assert usage.value.code == 2 and "--format fhir" in capsys.readouterr().err
    code = main(
        ["--db", db, "export", "--format", "fhir", "--visit", "9", "-o", str(tmp_path / "x")]
    )
    assert code == 1 and not (tmp_path / "x").exists()


def test_hostile_text_is_escaped_and_reads_back(store: Store, catalog: Catalog) -> None:
    """Controls a terminal would act on are written as escapes; the values read back."""
    name = "Zoë \x1b]0;owned\x07 Ødegård-Nguyễn \u202eevil"
    note = "Rug near <stairs> & hall\x9b31m\r\nsecond line"
    client = store.add_client(name)
    visit = store.start_visit(
        client.id,
        visit_date=date(2026, 11, 2),
        sections=["floors"],
        content_hash=catalog.content_hash,
    )
    store.save_response(visit.id, "floors.rugs_secure", Answer.HAZARD, note=note)
    text = export_fhir(store, catalog, load=lambda v: load_visit(store, catalog, v))
    assert not {"\x1b", "\x9b", "\u202e", "\x07"} & set(text)
    bundle = json.loads(text)
    validate(bundle)
    (patient,) = resources(bundle, "Patient")
    assert patient["name"] == [{"text": name}]
    (response,) = resources(bundle, "QuestionnaireResponse")
    notes = [i for i in walk(response["item"]) if i["linkId"].endswith("/note")]
    assert notes[0]["answer"] == [{"valueString": note}]
