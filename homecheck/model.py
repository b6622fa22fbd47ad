"""Frozen values that cross every boundary: the catalog, clients, visits and answers.

No I/O here, so every other layer can depend on this module without dragging in SQLite,
textual or reportlab.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date


class Priority(enum.Enum):
    """How soon a finding should be dealt with; `rank` sorts high first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _PRIORITY_RANK[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()


_PRIORITY_RANK = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}


class Answer(enum.Enum):
    """What the assessor saw. Never yes/no: the polarity of a question must not decide a key.

    UNKNOWN ("Don't know") answers an item without judging it: never safe, never N/A,
    never a finding; the reports list it as still to be checked.
    """

    OK = "ok"
    HAZARD = "hazard"
    NA = "na"
    UNKNOWN = "unknown"


class SectionKind(enum.Enum):
    """A room or area, an observed task, or person-level risk factors.

    RECHECK is never written in a checklist file: it is the follow-up visit's first
    section, made of the previous visit's findings.
    """

    HOME = "home"
    BODY_MECHANICS = "body-mechanics"
    PERSON = "person"
    RECHECK = "recheck"


# Short labels per section kind: the item list's badge, the review and the reports.
_ANSWER_LABELS: dict[SectionKind, dict[Answer, str]] = {
    SectionKind.HOME: {
        Answer.OK: "Safe",
        Answer.HAZARD: "Hazard",
        Answer.NA: "N/A",
        Answer.UNKNOWN: "Don't know",
    },
    SectionKind.PERSON: {
        Answer.OK: "No concern",
        Answer.HAZARD: "Risk",
        Answer.NA: "N/A",
        Answer.UNKNOWN: "Don't know",
    },
    SectionKind.BODY_MECHANICS: {
        Answer.OK: "Safe",
        Answer.HAZARD: "Unsafe",
        Answer.NA: "Not observed",
        Answer.UNKNOWN: "Don't know",
    },
    SectionKind.RECHECK: {
        Answer.OK: "Fixed",
        Answer.HAZARD: "Still there",
        Answer.NA: "N/A now",
        Answer.UNKNOWN: "Don't know",
    },
}

# What each answer means, in plain words, where the keys are offered (the footer, the
# section's head): "N/A" means nothing to someone who has never filled in a form.
_ANSWER_MEANINGS: dict[SectionKind, dict[Answer, str]] = {
    SectionKind.HOME: {Answer.NA: "Does not apply here"},
    SectionKind.PERSON: {Answer.NA: "Does not apply"},
    SectionKind.BODY_MECHANICS: {},
    SectionKind.RECHECK: {Answer.NA: "No longer applies"},
}

# The keys of each answer, in the order they are offered: the letter first, then the digit.
ANSWER_KEYS: tuple[tuple[Answer, str, str], ...] = (
    (Answer.OK, "s", "1"),
    (Answer.HAZARD, "h", "2"),
    (Answer.NA, "n", "3"),
    (Answer.UNKNOWN, "d", "4"),
)


def answer_label(kind: SectionKind, answer: Answer | None) -> str:
    """The word shown for an answer in a section of this kind."""
    if answer is None:
        return "Not answered"
    return _ANSWER_LABELS[kind][answer]


def answer_meaning(kind: SectionKind, answer: Answer) -> str:
    """The answer as its key offers it: the label, or longer plain words where the label
    is an abbreviation ("Does not apply here" for "N/A")."""
    return _ANSWER_MEANINGS[kind].get(answer) or _ANSWER_LABELS[kind][answer]


class Audience(enum.Enum):
    """Who reads the words: the assessor (clinical) or the household (plain language)."""

    CLINICIAN = "clinician"
    HOUSEHOLD = "household"

    @property
    def plain(self) -> bool:
        return self is Audience.HOUSEHOLD

    @classmethod
    def of(cls, *, plain: bool) -> Audience:
        """The audience a screen's plain-words switch stands for."""
        return cls.HOUSEHOLD if plain else cls.CLINICIAN


class VisitMode(enum.Enum):
    IN_PERSON = "in-person"
    PHONE = "phone"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return {"in-person": "In person", "phone": "Phone", "video": "Video"}[self.value]


class VisitStatus(enum.Enum):
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"


class AssessorRole(enum.Enum):
    OT = "occupational-therapist"
    PT = "physical-therapist"
    NURSE = "nurse"
    CAREGIVER = "caregiver"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "occupational-therapist": "Occupational therapist",
            "physical-therapist": "Physical therapist",
            "nurse": "Nurse",
            "caregiver": "Family caregiver",
            "other": "Other",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Measure:
    """A measurement an item takes, and the values that make it a hazard."""

    label: str
    unit: str
    hazard_below: float | None = None
    hazard_above: float | None = None

    def is_hazard(self, value: float) -> bool:
        below = self.hazard_below is not None and value < self.hazard_below
        above = self.hazard_above is not None and value > self.hazard_above
        return below or above

    def threshold(self) -> str:
        """'hazard if below 43 cm': the rule in words."""
        parts = []
        if self.hazard_below is not None:
            parts.append(f"below {_num(self.hazard_below)} {self.unit}")
        if self.hazard_above is not None:
            parts.append(f"above {_num(self.hazard_above)} {self.unit}")
        return "hazard if " + " or ".join(parts)

    def describe(self) -> str:
        """The measure and its rule, for the detail pane and the dialog."""
        return f"{self.label}: {self.threshold()}"


def _num(value: float) -> str:
    return f"{value:g}"


class FallContext(enum.Enum):
    """What makes a fall with injury likely and often: the plan ranks findings by it.

    Declared in the order it ranks, most urgent first; an item with none ranks last.
    """

    NIGHT_ROUTE = "night_route"
    TOILET_BATH = "toilet_bath"
    STAIRS = "stairs"
    DAILY_ROUTE = "daily_route"
    HEIGHT = "height"
    SPINE_DAILY = "spine_daily"


class FixedBy(enum.Enum):
    """Who acts on a finding, so a handout can sort what to do by who does it."""

    HOUSEHOLD = "household"
    BUILDING = "building"
    """A fixed installation or repair: the landlord's job in rented or communal housing."""
    DOCTOR = "doctor"
    THERAPIST = "therapist"


@dataclass(frozen=True, slots=True)
class Advice:
    """A variant of an item's advice for some people or homes; the first that matches prints.

    `flags`: the client has any of them; `all_flags`: every one of them (a combination,
    such as hip precautions with memory problems); `not_flags`: none of them; `answers`:
    every named item was answered so. An empty part always holds.

    `fixed_by` and `devices`, when set, replace the item's: who acts and what is got can
    depend on the variant (a renter asks the landlord to fit what an owner fits).
    """

    recommend: str
    plain_recommend: str
    why: str = ""
    plain_why: str = ""
    flags: tuple[str, ...] = ()
    not_flags: tuple[str, ...] = ()
    answers: tuple[tuple[str, Answer], ...] = ()
    all_flags: tuple[str, ...] = ()
    fixed_by: FixedBy | None = None
    devices: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Device:
    """Something a household obtains (a grab rail, a night light), listed once per handout."""

    id: str
    label: str
    plain: str


@dataclass(frozen=True, slots=True)
class Item:
    """One check, phrased as the safe condition, with its operational hazard definition."""

    id: str
    section_id: str
    check: str
    plain: str
    hazard_if: str
    priority: Priority
    why: str
    recommend: str
    plain_recommend: str = ""
    referral: str = ""
    measure: Measure | None = None
    applies_if: tuple[str, ...] = ()
    raise_if: tuple[tuple[str, Priority], ...] = ()
    technique: str = ""
    no_technique: str = ""
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    finding: str = ""
    """The problem as found, in clinician words ("Fell in the past 12 months")."""
    plain_finding: str = ""
    plain_why: str = ""
    advice: tuple[Advice, ...] = ()
    context: FallContext | None = None
    fixed_by: FixedBy = FixedBy.HOUSEHOLD
    devices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A room or area, an observed task, or the person-level factors."""

    id: str
    title: str
    plain_title: str
    kind: SectionKind
    order: int
    items: tuple[Item, ...]
    intro: str = ""
    applies_if: tuple[str, ...] = ()
    plain_intro: str = ""


@dataclass(frozen=True, slots=True)
class Technique:
    """A step-by-step method that a body-mechanics finding pulls into the report."""

    id: str
    title: str
    plain_title: str
    purpose: str
    steps: tuple[str, ...]
    tips: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


class PrecautionKind(enum.Enum):
    AVOID = "avoid"
    KEEP = "keep"


@dataclass(frozen=True, slots=True)
class Precaution:
    """Movement advice selected by the client's profile flags."""

    id: str
    kind: PrecautionKind
    title: str
    text: str
    plain: str
    why: str
    applies_if: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Flag:
    """A client-profile flag that items and precautions are conditioned on."""

    id: str
    label: str
    plain: str
    group: str


@dataclass(frozen=True, slots=True)
class RetiredItem:
    """An item taken out of the checklists; old answers to it are kept and reported."""

    id: str
    check: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Catalog:
    """All clinical content, loaded once and never changed while the app runs."""

    sections: tuple[Section, ...]
    techniques: Mapping[str, Technique]
    precautions: tuple[Precaution, ...]
    flags: Mapping[str, Flag]
    content_hash: str
    items: Mapping[str, Item] = field(default_factory=dict)
    retired: Mapping[str, RetiredItem] = field(default_factory=dict)
    devices: Mapping[str, Device] = field(default_factory=dict)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)


@dataclass(frozen=True, slots=True)
class Client:
    """The person whose home is assessed. `flags` are ids from the catalog's flag file."""

    id: int
    name: str
    birth_date: date | None = None
    address: str = ""
    contact: str = ""
    caregiver: str = ""
    notes: str = ""
    flags: frozenset[str] = frozenset()
    uuid: str = ""  # stable across databases: what export and import match on
    updated: str = ""  # when the details last changed: the later copy wins on import
    # Days a de-identified export moves this client's dates back: drawn once, so repeat
    # exports line up and cannot be compared to narrow the dates down (0: not drawn yet).
    date_shift: int = 0


@dataclass(frozen=True, slots=True)
class Visit:
    """One assessment of one client's home on one date."""

    id: int
    client_id: int
    visit_date: date
    assessor: str = ""
    role: AssessorRole = AssessorRole.OT
    mode: VisitMode = VisitMode.IN_PERSON
    status: VisitStatus = VisitStatus.IN_PROGRESS
    sections: tuple[str, ...] = ()
    content_hash: str = ""
    created: str = ""
    completed: str = ""
    amended: bool = False
    previous_visit_id: int | None = None
    uuid: str = ""  # stable across databases: what export and import match on


class ActionOwner(enum.Enum):
    """Who has taken on a fix."""

    CLIENT = "client"
    FAMILY = "family"
    HANDYPERSON = "handyperson"
    LANDLORD = "landlord"
    THERAPIST = "therapist"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class Action:
    """Who will fix a finding, by when, and whether it is done. Carried into follow-ups."""

    visit_id: int
    item_id: str
    owner: ActionOwner
    target_date: date | None = None
    done_date: date | None = None
    note: str = ""
    updated: str = ""

    @property
    def done(self) -> bool:
        return self.done_date is not None


@dataclass(frozen=True, slots=True)
class ClientOverview:
    """A client as the home screen lists them: with their open and latest visits."""

    client: Client
    open_visit_id: int | None
    last_visit_date: date | None
    visit_count: int


@dataclass(frozen=True, slots=True)
class ResponseChange:
    """One entry of the append-only history: the state of an item after a change."""

    item_id: str
    answer: Answer | None
    note: str
    measurement: float | None
    priority_override: Priority | None
    override_reason: str
    recommendation: str
    changed: str


@dataclass(frozen=True, slots=True)
class Response:
    """The assessor's answer to one item in one visit."""

    visit_id: int
    item_id: str
    answer: Answer
    note: str = ""
    measurement: float | None = None
    priority_override: Priority | None = None
    override_reason: str = ""
    recommendation: str = ""
    updated: str = ""


@dataclass(frozen=True, slots=True)
class ImportVisit:
    """A visit as read from an interchange file, with its answers and history."""

    visit: Visit
    responses: tuple[Response, ...] = ()
    history: tuple[ResponseChange, ...] = ()
    actions: tuple[Action, ...] = ()
    follow_up_of: int | None = None  # index of the earlier visit in the same client's list


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """A client as read from an interchange file (ids are assigned on import)."""

    client: Client
    visits: tuple[ImportVisit, ...] = ()


class VisitEventKind(enum.Enum):
    """What happened to a visit as a whole (its answers have their own history)."""

    COMPLETED = "completed"
    REOPENED = "reopened"


@dataclass(frozen=True, slots=True)
class VisitEvent:
    """One entry of a visit's append-only log: completed, or reopened for changes."""

    visit_id: int
    event: VisitEventKind
    changed: str
