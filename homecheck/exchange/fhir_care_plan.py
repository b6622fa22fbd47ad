"""A visit's plan as a FHIR CarePlan (pure: plain dicts, no I/O): the findings the
clinician report prints, in its order, with the same advice variant and priority, and
the actions recorded on them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from homecheck import rules
from homecheck.exchange.deidentify import Deidentifier
from homecheck.exchange.fhir import (
    EXTENSION,
    ITEM_SYSTEM,
    PRIORITY_SYSTEM,
    UUID_SYSTEM,
    VisitParts,
    care_plan_uuid,
    record_uuid,
    retired_item,
    shifted_day,
    shifted_stamp,
    urn,
)
from homecheck.model import Action, Audience, Catalog, VisitStatus

# -- the CarePlan ----------------------------------------------------------------------------


def care_plan(
    catalog: Catalog,
    record: VisitParts,
    *,
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
        what = item.check if item else retired_item(catalog, item_id).check
        advice = rules.wording(item, Audience.CLINICIAN, None, situation).recommend if item else ""
        activities.append(_activity({"code": _item_concept(item_id, what)}, advice, action, hide))
    visit_ref = urn(record_uuid(visit))
    resource: dict[str, Any] = {
        "resourceType": "CarePlan",
        "identifier": [{"system": UUID_SYSTEM, "value": urn(care_plan_uuid(visit))}],
    }
    resource.update(
        status="active" if visit.status is VisitStatus.COMPLETED else "draft",
        intent="plan",
        title="Home fall-risk plan",
        subject={"reference": urn(record_uuid(client))},
        created=shifted_stamp(
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
        target = shifted_day(action.target_date, hide)
        if target:
            detail["scheduledPeriod"] = {"end": target}
        detail["performer"] = [{"display": action.owner.label}]
        done = shifted_day(action.done_date, hide)
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
