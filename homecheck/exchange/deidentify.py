"""What a de-identified export keeps of one client, and how it hides the rest.

No free text leaves unless asked for (`keep_notes`), and then with the client's name (each
part of it), the caregiver, the address, the contact and the assessors' names replaced by
"[removed]", as well as anything shaped like a date, a phone number or an e-mail address.
Every date and timestamp of the client moves by one random whole number of days, drawn
with `secrets` once per client and never written in a de-identified export, so intervals
between visits, answers and actions stay true while the calendar dates do not. Ages over
89 become "90+" (HIPAA Safe Harbor).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from homecheck.dates import age_in_years
from homecheck.limits import new_date_shift
from homecheck.model import Client

REMOVED = "[removed]"
OLDEST_BAND = 90

# Shapes that identify whatever they belong to: dates (2026-11-02, 2/11/26, 2.11.2026),
# phone numbers (seven or more digits, with the usual separators between them) and e-mail addresses.
_SHAPES = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|\+?\d(?:[\s().-]{0,2}\d){6,}"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def age_band(birth: date | None, on: date) -> str:
    """Five-year band ('80-84'), or '90+' past 89: all a de-identified export keeps of a
    birth date."""
    if birth is None:
        return ""
    years = age_in_years(birth, on)
    if years >= OLDEST_BAND:
        return f"{OLDEST_BAND}+"
    low = max(years, 0) // 5 * 5
    return f"{low}-{low + 4}"


class Deidentifier:
    """One client's de-identification: the day shift and the words to remove.

    The shift is back, so that no date lands in the future: the client's own (the same
    in every export, see `Client.date_shift`), or one drawn now for a client that has
    none; `shift` overrides both (tests). Of the birth date only `age_band` is kept."""

    def __init__(
        self,
        client: Client,
        assessors: Iterable[str] = (),
        *,
        keep_notes: bool = False,
        shift: timedelta | None = None,
        today: date | None = None,
    ) -> None:
        self.keep_notes = keep_notes
        # All of the birth date that is kept, worked out on `today` (default: today).
        self.age_band = age_band(client.birth_date, today or date.today())
        if shift is None:
            shift = timedelta(days=-(client.date_shift or new_date_shift()))
        self.shift = shift
        self._pattern = _removal_pattern(client, assessors) if keep_notes else None

    def text(self, value: str) -> str:
        """Free text: nothing, or (with keep_notes) the text with identifiers removed."""
        if not self.keep_notes or not value:
            return ""
        if self._pattern is not None:
            value = self._pattern.sub(REMOVED, value)
        return _SHAPES.sub(REMOVED, value)

    def day(self, value: str | None) -> str | None:
        """An ISO date moved by the client's shift."""
        if not value:
            return value
        return (date.fromisoformat(value) + self.shift).isoformat()

    def stamp(self, value: str | None) -> str | None:
        """A timestamp moved by the client's shift, written as precisely as it was."""
        if not value:
            return value
        moment = datetime.fromisoformat(value)
        spec = "microseconds" if moment.microsecond % 1000 else "milliseconds"
        return (moment + self.shift).isoformat(timespec=spec)

    def visit(self, entry: dict[str, Any]) -> dict[str, Any]:
        """A visit's interchange entry with every date moved and every free text handled."""
        entry["date"] = self.day(entry["date"])
        entry["assessor"] = ""
        entry["created"] = self.stamp(entry["created"])
        entry["completed"] = self.stamp(entry["completed"])
        for response in entry["responses"].values():
            self._texts(response)
            response["updated"] = self.stamp(response["updated"])
        for change in entry["history"]:
            self._texts(change)
            change["changed"] = self.stamp(change["changed"])
        for action in entry["actions"].values():
            action["note"] = self.text(action["note"])
            action["target_date"] = self.day(action["target_date"])
            action["done_date"] = self.day(action["done_date"])
            action["updated"] = self.stamp(action["updated"])
        return entry

    def _texts(self, answer: dict[str, Any]) -> None:
        for field in ("note", "override_reason", "recommendation"):
            answer[field] = self.text(answer[field])


def _removal_pattern(client: Client, assessors: Iterable[str]) -> re.Pattern[str] | None:
    """Every identifying phrase of this client, longest first, matched as whole words and
    regardless of case."""
    phrases: set[str] = set()
    for whole in (client.name, client.caregiver, client.address, client.contact, *assessors):
        for line in re.split(r"[\n,;]+", whole):
            line = line.strip()
            if len(line) >= 2:
                phrases.add(line)
    # Each part of a name ("Zoë", "Ødegård", "Nguyễn"); of the other fields the words
    # written with a capital (names, street and town names), not "weekly" or "visits".
    phrases.update(w for w in _WORD.findall(client.name) if len(w) >= 2)
    for other in (client.caregiver, client.address, *assessors):
        phrases.update(w for w in _WORD.findall(other) if len(w) >= 2 and w[0].isupper())
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
