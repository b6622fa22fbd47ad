"""A visit as its screen walks it: the sections in the order shown (a follow-up's
re-check first), the answers and actions as saved, and where the walk resumes.

Kept apart from the screen so that what the visit is (read once from the store, then
kept in step with each save) is not mixed with how it is drawn; nothing here imports
textual.
"""

from __future__ import annotations

from collections.abc import Mapping

from homecheck import rules
from homecheck.model import Action, Answer, Audience, Catalog, Item, Response, Section, answer_label
from homecheck.report import load_visit
from homecheck.store import Store


class VisitWalk:
    """The visit, its client and flags, sections, answers and actions."""

    def __init__(self, store: Store, catalog: Catalog, visit_id: int) -> None:
        self.store, self.catalog, self.visit_id = store, catalog, visit_id
        record = load_visit(store, catalog, visit_id)
        self.visit, self.client, self.flags = record.visit, record.client, record.flags
        self.sections: tuple[Section, ...] = record.sections
        self.previous_responses: Mapping[str, Response] = {}
        """What the visit followed up found, by item: for each item's "last visit"."""
        self.previous_date = ""
        if record.follows is not None:
            self.previous_date = record.follows.visit_date.isoformat()
            self.previous_responses = record.previous_responses
            recheck = rules.recheck_section(catalog, self.previous_responses, self.flags)
            if recheck is not None:
                self.sections = (recheck, *self.sections)
        self._sections_of: dict[str, list[int]] = {}
        for index, section in enumerate(self.sections):
            for item in rules.applicable_items(section, self.flags):
                self._sections_of.setdefault(item.id, []).append(index)
        self.responses: dict[str, Response] = dict(record.responses)
        self.actions: dict[str, Action] = dict(record.actions)

    def reload(self) -> None:
        """Answers, actions and status read again: the review may have changed them."""
        record = load_visit(self.store, self.catalog, self.visit_id)
        self.responses = dict(record.responses)
        self.actions = dict(record.actions)
        self.visit = record.visit

    def progress(self) -> list[rules.Progress]:
        return [rules.progress(s, self.flags, self.responses) for s in self.sections]

    def sections_holding(self, item_id: str) -> list[int]:
        """The indexes of the sections an item is shown in (two on a follow-up's re-check)."""
        return self._sections_of.get(item_id, [])

    def last_visit(self, item: Item) -> str:
        """What the visit followed up found for this item, when it was a finding there."""
        before = self.previous_responses.get(item.id)
        if before is None or before.answer is not Answer.HAZARD:
            return ""
        kind = self.catalog.section(item.section_id).kind
        text = f"{answer_label(kind, before.answer)} on {self.previous_date}"
        return f"{text} — {before.note}" if before.note else text

    def jump_targets(self, audience: Audience) -> list[tuple[str, str, str | None]]:
        """For the command palette: every section, and every applicable item."""
        targets: list[tuple[str, str, str | None]] = []
        for section in self.sections:
            title = rules.title(section, audience)
            targets.append((f"Section: {title}", section.id, None))
            for item in rules.applicable_items(section, self.flags):
                text = rules.wording(item, audience).check
                targets.append((f"{title} › {text}", section.id, item.id))
        return targets


def resume_position(
    sections: tuple[Section, ...], flags: frozenset[str], responses: Mapping[str, Response]
) -> tuple[int, int]:
    """Where a visit reopens, as (section index, item index): just after the item answered
    last by time, not at the first gap in section order, so that a walk that skipped the
    hall resumes in the kitchen where it stopped. The cursor lands where it would have gone
    after that answer: the section's next unanswered item, else the first unanswered item
    of a later section, else the item after the last answered one."""
    if not sections:
        return 0, 0
    walk = [rules.applicable_items(section, flags) for section in sections]
    last: tuple[str, int, int] | None = None
    seen: set[str] = set()
    for s_index, items in enumerate(walk):
        for i_index, item in enumerate(items):
            response = responses.get(item.id)
            # An item shown twice (a follow-up's re-check) counts where it first appears;
            # on equal stamps the later place in walk order wins.
            if response is None or item.id in seen:
                continue
            seen.add(item.id)
            if last is None or response.updated >= last[0]:
                last = (response.updated, s_index, i_index)
    if last is None:
        s_index, i_index = len(sections) - 1, -1
    else:
        _, s_index, i_index = last
        following = rules.next_unanswered(walk[s_index], responses, i_index)
        if following is not None:
            return s_index, following
    count = len(sections)
    for step in range(1, count + 1):
        later = (s_index + step) % count
        first = rules.next_unanswered(walk[later], responses, -1)
        if first is not None:
            return later, first
    if last is None:
        return 0, 0
    return s_index, max(0, min(i_index + 1, len(walk[s_index]) - 1))
