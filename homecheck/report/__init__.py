"""Everything a report says, decided here as frozen data; `pdf/` only lays it out.

Keeping the decisions (what is a finding, its rank, who acts on it, which precautions,
which wording for which audience) in plain data means tests can check them without
reading a PDF.
"""

from homecheck.model import Audience
from homecheck.report.build import (
    STATEMENT_CLINICIAN,
    STATEMENT_HOUSEHOLD,
    build_report,
    build_report_for_visit,
    describe_item,
    referral_for,
)
from homecheck.report.data import (
    ActionEntry,
    AppendixRow,
    AppendixSection,
    ComparedItem,
    ComparisonData,
    DeviceEntry,
    FindingEntry,
    HouseholdPlan,
    LetterData,
    LetterItem,
    NotChecked,
    PrecautionEntry,
    ReportData,
    SectionSummary,
    TechniqueEntry,
)
from homecheck.report.letter import build_letter
from homecheck.report.plan import without_letter_offer
from homecheck.report.record import VisitRecord, age_on, load_visit

__all__ = [
    "STATEMENT_CLINICIAN",
    "STATEMENT_HOUSEHOLD",
    "ActionEntry",
    "AppendixRow",
    "AppendixSection",
    "Audience",
    "ComparedItem",
    "ComparisonData",
    "DeviceEntry",
    "FindingEntry",
    "HouseholdPlan",
    "LetterData",
    "LetterItem",
    "NotChecked",
    "PrecautionEntry",
    "ReportData",
    "SectionSummary",
    "TechniqueEntry",
    "VisitRecord",
    "age_on",
    "build_letter",
    "build_report",
    "build_report_for_visit",
    "describe_item",
    "load_visit",
    "referral_for",
    "without_letter_offer",
]
