"""FHIR R4 resources for a visit: the checklists as a Questionnaire, the answers as a
QuestionnaireResponse, the client as a Patient and the ranked findings as a CarePlan.

Pure: plain dicts in, plain dicts out, no store and no files, so the mapping can be read
and tested on its own. `fhir_export` chooses the visits and writes the Bundle. The
README's "FHIR export" section documents every choice made here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from homecheck import rules
from homecheck.exchange.deidentify import Deidentifier
from homecheck.model import (
    Action,
    Answer,
    AssessorRole,
    Audience,
    Catalog,
    Client,
    Item,
    Priority,
    Response,
    Section,
    SectionKind,
    Visit,
    VisitStatus,
    answer_label,
)

# Canonical names. homecheck owns no web domain, so its code systems, extensions and the
# Questionnaire are named in a private `urn:homecheck:` namespace; an agency publishing
# them under its own address changes these lines.
ANSWER_SYSTEM = "urn:homecheck:answer"
ITEM_SYSTEM = "urn:homecheck:item"
PRIORITY_SYSTEM = "urn:homecheck:priority"
ROLE_SYSTEM = "urn:homecheck:role"
FLAG_SYSTEM = "urn:homecheck:flag"
MODE_SYSTEM = "urn:homecheck:visit-mode"
QUESTIONNAIRE_URL = "urn:homecheck:questionnaire"
EXTENSION = "urn:homecheck:extension:"
UUID_SYSTEM = "urn:ietf:rfc:3986"
"""FHIR's system for an identifier that is itself a URI (here `urn:uuid:...`)."""
UCUM = "http://unitsofmeasure.org"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"
QUESTIONNAIRE_UNIT = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit"

RETIRED_GROUP = "retired-items"
NOTE = "/note"
MEASUREMENT = "/measurement"
HAZARD_IF = "/hazard-if"

HOMECHECK_NAMESPACE = uuid.UUID("af5a2fae-d280-405f-8698-d1caff316b4f")
"""Fixed namespace of the UUIDs derived here (never change it: ids would change)."""

_UCUM_CODES = {"cm": "cm", "mm": "mm", "s": "s", "°C": "Cel", "%": "%", "lux": "lx"}
_ANSWER_DISPLAY = {
    Answer.OK: "Safe",
    Answer.HAZARD: "Hazard",
    Answer.NA: "Not applicable",
    Answer.UNKNOWN: "Don't know",
}
"""The code system's own displays; an item's options show its section's words."""


class VisitParts(Protocol):
    """What the mapping reads of a loaded visit (`report.VisitRecord` has it all)."""

    @property
    def client(self) -> Client: ...
    @property
    def visit(self) -> Visit: ...
    @property
    def sections(self) -> tuple[Section, ...]: ...
    @property
    def responses(self) -> Mapping[str, Response]: ...
    @property
    def actions(self) -> Mapping[str, Action]: ...
    @property
    def previous(self) -> Visit | None: ...


def stored_uuid(kind: str, record: Client | Visit) -> uuid.UUID:
    """The record's own lasting UUID.

    Placeholder until clients and visits store one: derived from the database id, so it
    is stable within one database but not across databases.
    """
    return uuid.uuid5(HOMECHECK_NAMESPACE, f"{kind}:{record.id}")


@dataclass(frozen=True, slots=True)
class Identities:
    """The UUIDs a bundle gives its resources. De-identified, each is re-derived under a
    namespace drawn for that one export (`secret`), so resources still refer to one
    another but nothing links them to the record or to another export."""

    secret: uuid.UUID | None = None

    def of(self, kind: str, record: Client | Visit) -> uuid.UUID:
        own = stored_uuid(kind, record)
        return own if self.secret is None else uuid.uuid5(self.secret, str(own))

    def care_plan(self, visit: Visit) -> uuid.UUID:
        return uuid.uuid5(self.of("visit", visit), "careplan")


def urn(value: uuid.UUID) -> str:
    return f"urn:uuid:{value}"


def questionnaire_uuid(catalog: Catalog) -> uuid.UUID:
    return uuid.uuid5(HOMECHECK_NAMESPACE, f"questionnaire:{catalog.content_hash}")


def questionnaire_canonical(catalog: Catalog) -> str:
    return f"{QUESTIONNAIRE_URL}|{catalog.content_hash}"


# -- the Questionnaire -----------------------------------------------------------------------


def questionnaire(catalog: Catalog, unknown_ids: Iterable[str] = ()) -> dict[str, Any]:
    """Every section as a group and every item as a coded question (linkId = item id),
    each with its hazard definition as help text, a note and, where the item measures, a
    quantity; retired items (and `unknown_ids`, answered items these checklists do not
    have) in a read-only group of their own, so every answer has its question."""
    groups: list[dict[str, Any]] = [
        {
            "linkId": section.id,
            "text": section.title,
            "type": "group",
            "item": [_question(item, section.kind) for item in section.items],
        }
        for section in catalog.sections
    ]
    retired = [
        _question(Item(r.id, "", r.check, r.check, "", Priority.LOW, "", ""), None)
        for r in sorted(catalog.retired.values(), key=lambda r: r.id)
    ]
    retired += [
        _question(Item(i, "", f"{i} (not in these checklists)", "", "", Priority.LOW, "", ""))
        for i in sorted(set(unknown_ids) - set(catalog.retired) - set(catalog.items))
    ]
    if retired:
        groups.append(
            {
                "linkId": RETIRED_GROUP,
                "text": "Retired items (answers given before they were retired)",
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


def _question(item: Item, kind: SectionKind | None = None) -> dict[str, Any]:
    """One item: a choice of the four answers, with its children (help, note, measure)."""
    children: list[dict[str, Any]] = []
    if item.hazard_if:
        children.append(
            {
                "extension": [
                    {
                        "url": ITEM_CONTROL,
                        "valueCodeableConcept": {
                            "coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]
                        },
                    }
                ],
                "linkId": item.id + HAZARD_IF,
                "text": f"Hazard if: {item.hazard_if}",
                "type": "display",
            }
        )
    children.append({"linkId": item.id + NOTE, "text": "Note", "type": "string"})
    if item.measure is not None:
        measure: dict[str, Any] = {"linkId": item.id + MEASUREMENT, "text": item.measure.label}
        measure["extension"] = [
            {"url": QUESTIONNAIRE_UNIT, "valueCoding": _unit(item.measure.unit)}
        ]
        measure["type"] = "quantity"
        children.append(measure)
    elif not item.section_id:  # retired: the unit is no longer known
        children.append({"linkId": item.id + MEASUREMENT, "text": "Measurement", "type": "decimal"})
    return {
        "linkId": item.id,
        "text": item.check,
        "type": "choice",
        "answerOption": [{"valueCoding": _answer(a, kind)} for a in Answer],
        "item": children,
    }


def _answer(answer: Answer, kind: SectionKind | None) -> dict[str, str]:
    display = answer_label(kind, answer) if kind is not None else _ANSWER_DISPLAY[answer]
    return {"system": ANSWER_SYSTEM, "code": answer.value, "display": display}


def _unit(unit: str) -> dict[str, str]:
    code = _UCUM_CODES.get(unit)
    return {"system": UCUM, "code": code, "display": unit} if code else {"display": unit}


# -- the Patient -----------------------------------------------------------------------------


def patient(client: Client, *, hide: Deidentifier | None, age_band: str = "") -> dict[str, Any]:
    """The client; de-identified, only the five-year age band is left (as the JSON export
    keeps it): no identifier, name, birth date, address or contact."""
    if hide is not None:
        resource: dict[str, Any] = {"resourceType": "Patient"}
        if age_band:
            resource["extension"] = [{"url": EXTENSION + "age-band", "valueString": age_band}]
        return resource
    resource = {
        "resourceType": "Patient",
        "identifier": [{"system": UUID_SYSTEM, "value": urn(stored_uuid("client", client))}],
        "name": [{"text": client.name}],
    }
    if client.contact:
        resource["telecom"] = [{"system": "other", "value": client.contact}]
    if client.birth_date:
        resource["birthDate"] = client.birth_date.isoformat()
    if client.address:
        resource["address"] = [{"text": client.address}]
    return resource


# -- the QuestionnaireResponse -----------------------------------------------------------------


def questionnaire_response(
    catalog: Catalog,
    record: VisitParts,
    *,
    ids: Identities,
    hide: Deidentifier | None,
) -> dict[str, Any]:
    """The visit's answers, grouped by section as the Questionnaire is, each answered item
    once; its note and measurement are nested in the answer, as R4 nests a question's
    children."""
    visit, client = record.visit, record.client
    subject = {"reference": urn(ids.of("client", client))}
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "contained": [_author(visit, subject, hide)],
        "extension": _visit_extensions(catalog, record, ids, hide),
    }
    if hide is None:
        resource["identifier"] = {"system": UUID_SYSTEM, "value": urn(ids.of("visit", visit))}
    resource["questionnaire"] = questionnaire_canonical(catalog)
    resource["status"] = _response_status(visit)
    resource["subject"] = subject
    resource["authored"] = _shifted_stamp(authored(record), hide)
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


def _shifted_stamp(stamp: str, hide: Deidentifier | None) -> str:
    if hide is None:
        return stamp
    return (hide.stamp(stamp) if "T" in stamp else hide.day(stamp)) or stamp


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
    catalog: Catalog, record: VisitParts, ids: Identities, hide: Deidentifier | None
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
                "valueIdentifier": {"system": UUID_SYSTEM, "value": urn(ids.of("visit", earlier))},
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
        retired = [_answered(_retired(catalog, i), responses[i], None, hide) for i in others]
        groups.append({"linkId": RETIRED_GROUP, "text": "Retired items", "item": retired})
    return groups


def _retired(catalog: Catalog, item_id: str) -> Item:
    known = catalog.retired.get(item_id)
    text = known.check if known else f"{item_id} (not in these checklists)"
    return Item(item_id, "", text, text, "", Priority.LOW, "", "")


def _answered(
    item: Item, response: Response, kind: SectionKind | None, hide: Deidentifier | None
) -> dict[str, Any]:
    answer: dict[str, Any] = {"valueCoding": _answer(response.answer, kind)}
    children: list[dict[str, Any]] = []
    note = hide.text(response.note) if hide else response.note
    if note:
        children.append(
            {"linkId": item.id + NOTE, "text": "Note", "answer": [{"valueString": note}]}
        )
    value = response.measurement
    if value is not None and item.measure is not None:
        quantity = {"value": value, "unit": item.measure.unit}
        code = _UCUM_CODES.get(item.measure.unit)
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


# -- the CarePlan ----------------------------------------------------------------------------


def care_plan(
    catalog: Catalog,
    record: VisitParts,
    *,
    ids: Identities,
    hide: Deidentifier | None,
) -> dict[str, Any]:
    """The plan the clinician report prints: one activity per finding, in its ranked
    order, with the recommendation chosen for this person and home, its priority and why
    it ranks there, and the action recorded on it (who, by when, done); then actions on
    items that are no longer findings."""
    visit, client, responses = record.visit, record.client, record.responses
    situation = rules.Situation.of(client.flags, responses)
    ranked = rules.ranked_findings(catalog, record.sections, client.flags, responses)
    activities = []
    for entry in ranked:
        finding = entry.finding
        response = finding.response
        if hide is not None:
            response = replace(response, recommendation=hide.text(response.recommendation))
        words = rules.wording(finding.item, Audience.CLINICIAN, response, situation)
        reason = (
            entry.reason
            if hide is None
            else rules.rank_reason(finding, catalog.flags, with_note=False)
        )
        detail: dict[str, Any] = {
            "extension": [
                {
                    "url": EXTENSION + "priority",
                    "valueCoding": {
                        "system": PRIORITY_SYSTEM,
                        "code": finding.priority.value,
                        "display": finding.priority.label,
                    },
                },
                {"url": EXTENSION + "rank", "valueInteger": entry.position},
            ],
            "code": _item_concept(finding.item.id, words.finding),
            "reasonCode": [{"text": reason}],
        }
        activities.append(
            _activity(detail, words.recommend, record.actions.get(finding.item.id), hide)
        )
    found = {entry.finding.item.id for entry in ranked}
    for item_id, action in sorted(record.actions.items()):
        if item_id in found:
            continue
        item = catalog.items.get(item_id)
        what = item.check if item else _retired(catalog, item_id).check
        advice = rules.wording(item, Audience.CLINICIAN, None, situation).recommend if item else ""
        activities.append(_activity({"code": _item_concept(item_id, what)}, advice, action, hide))
    visit_ref = urn(ids.of("visit", visit))
    resource: dict[str, Any] = {"resourceType": "CarePlan"}
    if hide is None:
        resource["identifier"] = [{"system": UUID_SYSTEM, "value": urn(ids.care_plan(visit))}]
    resource.update(
        status="active" if visit.status is VisitStatus.COMPLETED else "draft",
        intent="plan",
        title="Home fall-risk plan",
        subject={"reference": urn(ids.of("client", client))},
        created=_shifted_stamp(
            visit.completed or visit.created or visit.visit_date.isoformat(), hide
        ),
        supportingInfo=[{"reference": visit_ref}],
    )
    if activities:
        resource["activity"] = activities
    return resource


def _item_concept(item_id: str, text: str) -> dict[str, Any]:
    return {"coding": [{"system": ITEM_SYSTEM, "code": item_id, "display": text}], "text": text}


def _activity(
    detail: dict[str, Any], recommendation: str, action: Action | None, hide: Deidentifier | None
) -> dict[str, Any]:
    """One activity: not started without an action; scheduled with one (its owner the
    performer, its target date the end of the period); completed once done."""
    activity: dict[str, Any] = {}
    progress: list[dict[str, str]] = []
    if action is None:
        detail["status"] = "not-started"
    else:
        detail["status"] = "completed" if action.done_date else "scheduled"
        target = _day(action.target_date, hide)
        if target:
            detail["scheduledPeriod"] = {"end": target}
        detail["performer"] = [{"display": action.owner.label}]
        done = _day(action.done_date, hide)
        if done:
            progress.append({"time": done, "text": "Done"})
        note = hide.text(action.note) if hide else action.note
        if note:
            progress.append({"text": note})
    if recommendation:
        detail["description"] = recommendation
    if progress:
        activity["progress"] = progress
    activity["detail"] = detail
    return activity


def _day(day: date | None, hide: Deidentifier | None) -> str | None:
    if day is None:
        return None
    return hide.day(day.isoformat()) if hide else day.isoformat()


# -- the Bundle ------------------------------------------------------------------------------


def bundle_head(*, transaction: bool, timestamp: str) -> dict[str, Any]:
    """The Bundle without its entries."""
    return {
        "resourceType": "Bundle",
        "type": "transaction" if transaction else "collection",
        "timestamp": timestamp,
    }


def entry(full_url: str, resource: dict[str, Any], *, transaction: bool) -> dict[str, Any]:
    """A Bundle entry; in a transaction with its request: a conditional update on the
    resource's UUID identifier (on url and version for the Questionnaire), so that sending
    the same visit again updates it in place and the client is found rather than made
    twice. A de-identified resource has no identifier and is created anew."""
    item: dict[str, Any] = {"fullUrl": full_url, "resource": resource}
    if not transaction:
        return item
    kind = resource["resourceType"]
    identifier = resource.get("identifier")
    if kind == "Questionnaire":
        url = f"Questionnaire?url={resource['url']}&version={resource['version']}"
        item["request"] = {"method": "PUT", "url": url}
    elif identifier:
        value = (identifier[0] if isinstance(identifier, list) else identifier)["value"]
        item["request"] = {"method": "PUT", "url": f"{kind}?identifier={UUID_SYSTEM}|{value}"}
    else:
        item["request"] = {"method": "POST", "url": kind}
    return item


def visit_entries(
    catalog: Catalog,
    record: VisitParts,
    *,
    ids: Identities,
    hide: Deidentifier | None,
    transaction: bool,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The visit's QuestionnaireResponse and CarePlan as Bundle entries."""
    visit = record.visit
    response = questionnaire_response(catalog, record, ids=ids, hide=hide)
    plan = care_plan(catalog, record, ids=ids, hide=hide)
    return (
        entry(urn(ids.of("visit", visit)), response, transaction=transaction),
        entry(urn(ids.care_plan(visit)), plan, transaction=transaction),
    )
