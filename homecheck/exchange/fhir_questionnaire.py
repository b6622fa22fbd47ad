"""The checklists as a FHIR Questionnaire, and a visit's answers as the
QuestionnaireResponse to it (pure: plain dicts, no I/O).

Each item is a coded question whose linkId is the item id; its hazard definition is a
help text (a `display` child with the core itemControl extension: R4's
`Questionnaire.item.definition` is a URI to an ElementDefinition, not a text), and its
note and measurement are child questions, nested in the answer in the response.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from homecheck.exchange.deidentify import Deidentifier
from homecheck.exchange.fhir import (
    EXTENSION,
    FLAG_SYSTEM,
    HAZARD_IF,
    ITEM_CONTROL,
    ITEM_CONTROL_SYSTEM,
    MEASUREMENT,
    MODE_SYSTEM,
    NOTE,
    QUESTIONNAIRE_UNIT,
    QUESTIONNAIRE_URL,
    RETIRED_GROUP,
    ROLE_SYSTEM,
    UCUM,
    UCUM_CODES,
    UUID_SYSTEM,
    VisitParts,
    answer_coding,
    questionnaire_canonical,
    questionnaire_uuid,
    record_uuid,
    retired_item,
    shifted_stamp,
    unit_coding,
    urn,
)
from homecheck.model import (
    Answer,
    AssessorRole,
    Catalog,
    Item,
    Response,
    SectionKind,
    Visit,
    VisitStatus,
)

# -- the Questionnaire -----------------------------------------------------------------------


RETIRED_TEXT = "Retired items (answers given before they were retired)"
"""The retired group's text, the same in the Questionnaire and the response (an item's
text in a response repeats its question's)."""


def questionnaire(catalog: Catalog, unknown_ids: Iterable[str] = ()) -> dict[str, Any]:
    """Every section as a group and every item as a coded question (linkId = item id),
    each with its hazard definition as help text, a note and, where the item measures, a
    quantity; retired items (and `unknown_ids`, answered items these checklists do not
    have) in a read-only group of their own, so every answer has its question."""
    # Shared within this one Questionnaire: a 300-item checklist would otherwise make
    # 1,200 identical option dicts.
    options = {
        kind: [{"valueCoding": answer_coding(a, kind)} for a in Answer]
        for kind in (*SectionKind, None)
    }
    help_control = [
        {
            "url": ITEM_CONTROL,
            "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]},
        }
    ]
    groups: list[dict[str, Any]] = [
        {
            "linkId": section.id,
            "text": section.title,
            "type": "group",
            "item": [_question(i, options[section.kind], help_control) for i in section.items],
        }
        for section in catalog.sections
    ]
    extra = set(catalog.retired) | (set(unknown_ids) - set(catalog.items))
    retired = [
        _question(retired_item(catalog, i), options[None], help_control) for i in sorted(extra)
    ]
    if retired:
        groups.append(
            {
                "linkId": RETIRED_GROUP,
                "text": RETIRED_TEXT,
                "type": "group",
                "readOnly": True,
                "item": retired,
            }
        )
    return {
        "resourceType": "Questionnaire",
        "url": QUESTIONNAIRE_URL,
        "identifier": [{"system": UUID_SYSTEM, "value": urn(questionnaire_uuid(catalog))}],
        "version": catalog.content_hash,
        "name": "HomecheckHomeFallRisk",
        "title": "Home fall-risk assessment (homecheck)",
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "homecheck",
        "description": "Home fall-hazard and body-mechanics checklist. Each check is worded"
        " as the safe condition: 'ok' means it holds, 'hazard' that it does not.",
        "item": groups,
    }


def _question(
    item: Item, options: list[dict[str, Any]], help_control: list[dict[str, Any]]
) -> dict[str, Any]:
    """One item: a choice of the four answers (`options`, one list shared by the items of
    a section kind), with its children: the hazard definition as help text, a note, and
    the measurement where the item takes one."""
    children: list[dict[str, Any]] = []
    if item.hazard_if:
        children.append(
            {
                "extension": help_control,
                "linkId": item.id + HAZARD_IF,
                "text": f"Hazard if: {item.hazard_if}",
                "type": "display",
            }
        )
    children.append({"linkId": item.id + NOTE, "text": "Note", "type": "string"})
    if item.measure is not None:
        measure: dict[str, Any] = {"linkId": item.id + MEASUREMENT, "text": item.measure.label}
        measure["extension"] = [
            {"url": QUESTIONNAIRE_UNIT, "valueCoding": unit_coding(item.measure.unit)}
        ]
        measure["type"] = "quantity"
        children.append(measure)
    elif not item.section_id:  # retired: the unit is no longer known
        children.append({"linkId": item.id + MEASUREMENT, "text": "Measurement", "type": "decimal"})
    return {
        "linkId": item.id,
        "text": item.check,
        "type": "choice",
        "answerOption": options,
        "item": children,
    }


# -- the QuestionnaireResponse -----------------------------------------------------------------


def questionnaire_response(
    catalog: Catalog,
    record: VisitParts,
    *,
    hide: Deidentifier | None,
) -> dict[str, Any]:
    """The visit's answers, grouped by section as the Questionnaire is, each answered item
    once; its note and measurement are nested in the answer, as R4 nests a question's
    children."""
    visit, client = record.visit, record.client
    subject = {"reference": urn(record_uuid(client))}
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "contained": [_author(visit, subject, hide)],
        "extension": _visit_extensions(catalog, record, hide),
        "identifier": {"system": UUID_SYSTEM, "value": urn(record_uuid(visit))},
    }
    resource["questionnaire"] = questionnaire_canonical(catalog)
    resource["status"] = _response_status(visit)
    resource["subject"] = subject
    resource["authored"] = shifted_stamp(authored(record), hide)
    resource["author"] = {"reference": "#author"}
    resource["item"] = _answer_groups(catalog, record.responses, hide)
    return resource


def _response_status(visit: Visit) -> str:
    if visit.status is VisitStatus.IN_PROGRESS:
        return "in-progress"
    return "amended" if visit.amended else "completed"


def authored(record: VisitParts) -> str:
    """When the answers stand as given: the latest of completion and the last answer's
    change (a visit amended after completion counts from the change), else its start."""
    stamps = [r.updated for r in record.responses.values() if r.updated]
    if record.visit.completed:
        stamps.append(record.visit.completed)
    # Stored stamps are all UTC, to the millisecond, in one format: text order is time order.
    return max(stamps, default=record.visit.created or record.visit.visit_date.isoformat())


def _author(visit: Visit, patient_ref: dict[str, str], hide: Deidentifier | None) -> dict[str, Any]:
    """The assessor as a contained resource: a family caregiver is a RelatedPerson of the
    client, every other role a PractitionerRole; the name only when not de-identified."""
    role = {
        "coding": [{"system": ROLE_SYSTEM, "code": visit.role.value, "display": visit.role.label}],
        "text": visit.role.label,
    }
    name = visit.assessor if hide is None else ""
    if visit.role is AssessorRole.CAREGIVER:
        person: dict[str, Any] = {
            "resourceType": "RelatedPerson",
            "id": "author",
            "patient": patient_ref,
            "relationship": [role],
        }
        if name:
            person["name"] = [{"text": name}]
        return person
    practitioner: dict[str, Any] = {"resourceType": "PractitionerRole", "id": "author"}
    if name:
        practitioner["practitioner"] = {"display": name}
    practitioner["code"] = [role]
    return practitioner


def _visit_extensions(
    catalog: Catalog, record: VisitParts, hide: Deidentifier | None
) -> list[dict[str, Any]]:
    """What a QuestionnaireResponse has no element for: the visit's date and mode, the
    checklist version it was started with, the profile the advice was chosen by, and
    the visit it follows up."""
    visit = record.visit
    day = visit.visit_date.isoformat()
    extensions: list[dict[str, Any]] = [
        {"url": EXTENSION + "visit-date", "valueDate": hide.day(day) if hide else day},
        {
            "url": EXTENSION + "visit-mode",
            "valueCoding": {
                "system": MODE_SYSTEM,
                "code": visit.mode.value,
                "display": visit.mode.label,
            },
        },
    ]
    if visit.content_hash:
        extensions.append(
            {"url": EXTENSION + "checklist-version", "valueString": visit.content_hash}
        )
    for flag in sorted(record.client.flags):
        coding = {"system": FLAG_SYSTEM, "code": flag}
        if flag in catalog.flags:
            coding["display"] = catalog.flags[flag].label
        extensions.append({"url": EXTENSION + "profile-flag", "valueCoding": coding})
    earlier = record.previous
    if visit.previous_visit_id is not None and earlier is not None:
        extensions.append(
            {
                "url": EXTENSION + "follow-up-of",
                "valueIdentifier": {"system": UUID_SYSTEM, "value": urn(record_uuid(earlier))},
            }
        )
    return extensions


def _answer_groups(
    catalog: Catalog, responses: Mapping[str, Response], hide: Deidentifier | None
) -> list[dict[str, Any]]:
    """Answered items under their section's group, in checklist order; items the
    checklists no longer have under the retired group."""
    groups: list[dict[str, Any]] = []
    for section in catalog.sections:
        answered = [
            _answered(item, responses[item.id], section.kind, hide)
            for item in section.items
            if item.id in responses
        ]
        if answered:
            groups.append({"linkId": section.id, "text": section.title, "item": answered})
    others = sorted(i for i in responses if i not in catalog.items)
    if others:
        retired = [_answered(retired_item(catalog, i), responses[i], None, hide) for i in others]
        groups.append({"linkId": RETIRED_GROUP, "text": RETIRED_TEXT, "item": retired})
    return groups


def _answered(
    item: Item, response: Response, kind: SectionKind | None, hide: Deidentifier | None
) -> dict[str, Any]:
    answer: dict[str, Any] = {"valueCoding": answer_coding(response.answer, kind)}
    children: list[dict[str, Any]] = []
    note = hide.text(response.note) if hide else response.note
    if note:
        children.append(
            {"linkId": item.id + NOTE, "text": "Note", "answer": [{"valueString": note}]}
        )
    value = response.measurement
    if value is not None and item.measure is not None:
        quantity = {"value": value, "unit": item.measure.unit}
        code = UCUM_CODES.get(item.measure.unit)
        if code:
            quantity.update(system=UCUM, code=code)
        children.append(
            {
                "linkId": item.id + MEASUREMENT,
                "text": item.measure.label,
                "answer": [{"valueQuantity": quantity}],
            }
        )
    elif value is not None and not item.section_id:
        children.append(
            {
                "linkId": item.id + MEASUREMENT,
                "text": "Measurement",
                "answer": [{"valueDecimal": value}],
            }
        )
    # A measurement on a current item that takes none cannot be entered in homecheck
    # (only an edited import carries one); its question has no measure to answer.
    if children:
        answer["item"] = children
    return {"linkId": item.id, "text": item.check, "answer": [answer]}
