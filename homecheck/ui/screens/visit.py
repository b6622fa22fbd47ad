"""Walk a visit section by section: one key per answer, saved before it is shown.

A key press does only the save, the repaint of one row and of the sidebar entries of the
sections holding that item, and moving the cursor to the next unanswered item; nothing
else is recomputed.

A follow-up visit starts with a re-check section made of the previous visit's findings.
Its items are the catalog's own, so they also sit in their own sections: one answer, one
`responses` entry, shown in both places.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Static

from homecheck import rules
from homecheck.display import visible
from homecheck.model import (
    ANSWER_KEYS,
    Action,
    Answer,
    AssessorRole,
    Audience,
    Item,
    Priority,
    Response,
    Section,
    SectionKind,
    VisitStatus,
    answer_label,
    answer_meaning,
)
from homecheck.report import load_visit
from homecheck.store import StoreError
from homecheck.ui.dialogs.action import describe_action
from homecheck.ui.dialogs.confirm import complete_dialog
from homecheck.ui.widgets.item_detail import ItemDetail
from homecheck.ui.widgets.item_list import ItemList
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.row_list import RowList
from homecheck.ui.widgets.section_list import SectionList
from homecheck.ui.widgets.status_line import StatusLine

# Seconds between an answer (or a cursor move) and the detail pane following it.
DETAIL_DELAY = 0.04

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp
    from homecheck.ui.dialogs.priority import PriorityChoice


def _answer_bindings() -> list[BindingType]:
    """The answer keys once per section kind, each worded for its kind ("Unsafe" for an
    observed task, "Fixed" in the re-check section); check_action shows the set for the
    section on screen, so the footer always says what the keys mean here.

    The footer has the short label, so that every key fits at 80 columns; the section's
    head and the key's tooltip give the meaning in plain words ("Does not apply here")."""
    return [
        Binding(
            f"{letter},{digit}",
            f"answer('{answer.value}', '{kind.value}')",
            answer_label(kind, answer),
            tooltip=answer_meaning(kind, answer),
            id=f"answer-{kind.value}-{answer.value}",
        )
        for kind in SectionKind
        for answer, letter, digit in ANSWER_KEYS
    ]


class VisitScreen(Screen[None]):
    """Sidebar of sections, the items of the current one, and the selected item's detail."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *_answer_bindings(),
        Binding("x,delete", "clear", "Clear answer", show=False, id="clear-answer"),
        Binding("e", "note", "Note", id="note"),
        Binding("m", "measure", "Measure", show=False, id="measure"),
        Binding("p", "priority", "Priority", show=False, id="priority"),
        Binding("right_square_bracket,pagedown", "section(1)", "Next section", id="next-section"),
        Binding(
            "left_square_bracket,pageup",
            "section(-1)",
            "Prev section",
            show=False,
            id="prev-section",
        ),
        Binding("w", "toggle_wording", "Plain words", show=False, id="toggle-wording"),
        # Named on the sidebar's frame and in the help: the 80-column footer is full.
        Binding("b", "toggle_sections", "Sections", show=False, id="toggle-sections"),
        Binding("v", "review", "Review", id="review"),
        Binding("c", "complete", "Complete", show=False, id="complete-from-visit"),
        Binding("escape", "back", "Back", show=False, id="back-visit"),
    ]

    def __init__(self, visit_id: int) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.section_index = 0
        self.sections: tuple[Section, ...] = ()
        self._detail_timer: Timer | None = None
        self._shown = False

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    def compose(self) -> ComposeResult:
        self._load()
        self.plain = self.visit.role is AssessorRole.CAREGIVER
        self.items: tuple[Item, ...] = ()
        yield Header()
        with Horizontal(id="visit-body"):
            yield SectionList(id="sections")
            with Vertical(id="visit-main"):
                yield Static("", id="section-head")
                yield ItemList(id="items")
                yield ItemDetail(id="detail")
        yield StatusLine(id="visit-status")
        # At 80 columns the long answer words of a task or re-check section leave no room
        # for Note: it is the key left out (the help and the item's detail name it).
        yield KeyFooter(spare=("note",))

    def _load(self) -> None:
        """The visit as `load_visit` reads it; a follow-up's re-check section first."""
        catalog = self.homecheck.catalog
        record = load_visit(self.homecheck.store, catalog, self.visit_id)
        self.visit, self.client, self.flags = record.visit, record.client, record.flags
        self.sections = record.sections
        self.previous_responses: Mapping[str, Response] = {}
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

    def on_mount(self) -> None:
        self.sub_title = f"{self.client.name} · {self.visit.visit_date.isoformat()}"
        self.query_one(SectionList).border_title = "b hides"
        self.query_one(SectionList).show(self.sections, self._all_progress(), plain=self.plain)
        section_index, item_index = resume_position(self.sections, self.flags, self.responses)
        self._show_section(section_index, highlight=item_index)
        self.query_one(ItemList).focus()

    def on_screen_resume(self) -> None:
        """Back from the review screen: answers may have changed there.

        Textual also sends this on the first show, just after on_mount has drawn
        everything from what compose loaded; reading it all again then is wasted work.
        """
        if not self._shown:
            self._shown = True
            return
        record = load_visit(self.homecheck.store, self.homecheck.catalog, self.visit_id)
        self.responses = dict(record.responses)
        self.actions = dict(record.actions)
        self.visit = record.visit
        self.query_one(SectionList).show(self.sections, self._all_progress(), plain=self.plain)
        items = self.query_one(ItemList)
        self._show_section(self.section_index, highlight=items.highlighted or 0)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Said on the status line above the footer: a toast covered the item's detail."""
        lines = self.query(StatusLine)
        if not lines:
            super().notify(message, title=title, severity=severity, timeout=timeout)
            return
        lines.first().say(message, severity=severity, timeout=timeout)

    # -- state -------------------------------------------------------------------------

    @property
    def audience(self) -> Audience:
        """Whose words the screen shows: `w` switches between the two."""
        return Audience.of(plain=self.plain)

    @property
    def section(self) -> Section:
        return self.sections[self.section_index]

    def _all_progress(self) -> list[rules.Progress]:
        return [rules.progress(s, self.flags, self.responses) for s in self.sections]

    def _current_index(self) -> int | None:
        highlighted = self.query_one(ItemList).highlighted
        if highlighted is None or not self.items:
            return None
        return highlighted

    def _show_section(self, index: int, highlight: int | None = None) -> None:
        if not self.sections:
            return
        self.section_index = index % len(self.sections)
        section = self.section
        self.items = rules.applicable_items(section, self.flags)
        if highlight is None:
            first = rules.next_unanswered(self.items, self.responses, -1) if self.items else None
            highlight = first if first is not None else 0
        labels = " · ".join(
            f"{letter} {answer_meaning(section.kind, answer)}" for answer, letter, _ in ANSWER_KEYS
        )
        title = rules.title(section, self.audience)
        where = f"{self.section_index + 1} of {len(self.sections)}"
        if not self.query_one(SectionList).display:
            where += "; b shows the list"
        head = f"[b]{_markup_escape(title)}[/b]   ({where})"
        head += f"   [dim]{labels}[/dim]"
        intro = rules.intro(section, self.audience)
        if section.kind is SectionKind.RECHECK:
            intro += " Changed? h, then ↑ and e for a note on what changed."
        if intro:
            head += f"\n{_markup_escape(intro.strip())}"
        self.query_one("#section-head", Static).update(head)
        self.query_one(ItemList).show(
            self.items,
            self.responses,
            section.kind,
            plain=self.plain,
            highlight=highlight,
            person=self.client.name,
        )
        sidebar = self.query_one(SectionList)
        sidebar.highlighted = self.section_index
        self.refresh_bindings()
        self._show_detail()

    def _show_detail(self) -> None:
        index = self._current_index()
        detail = self.query_one(ItemDetail)
        if index is None:
            detail.show(None, None, self.section.kind, plain=self.plain)
            return
        item = self.items[index]
        response = self.responses.get(item.id)
        decision = rules.effective_priority(item, self.flags, response)
        detail.show(
            item,
            response,
            self.section.kind,
            plain=self.plain,
            priority=decision.priority,
            priority_note=decision.reason(self.homecheck.catalog.flags),
            last_visit=self._last_visit(item),
            action=describe_action(self.actions.get(item.id)),
            situation=rules.Situation.of(self.flags, self.responses),
        )

    def _last_visit(self, item: Item) -> str:
        """What the visit followed up found for this item, when it was a finding there."""
        before = self.previous_responses.get(item.id)
        if before is None or before.answer is not Answer.HAZARD:
            return ""
        kind = self.homecheck.catalog.section(item.section_id).kind
        text = f"{answer_label(kind, before.answer)} on {self.previous_date}"
        return f"{text} — {before.note}" if before.note else text

    # -- events ------------------------------------------------------------------------

    def _schedule_detail(self) -> None:
        """Show the selected item's detail shortly after the answered row has repainted.

        The row must reach the terminal at once. Re-laying out the detail pane costs more
        than the rest of a key press, and done straight after the frame it holds the GIL
        while Textual's writer thread is still sending that frame; so it waits a moment,
        and a burst of keys pays for it once.
        """
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self._show_pending_detail)

    def _show_pending_detail(self) -> None:
        self._detail_timer = None
        self._show_detail()

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        if isinstance(event.row_list, ItemList):
            self._schedule_detail()
        elif (
            isinstance(event.row_list, SectionList)
            and event.index != self.section_index
            and event.index == event.row_list.highlighted  # not a stale, queued move
            and event.row_list.has_focus
        ):
            self._show_section(event.index)

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        if isinstance(event.row_list, SectionList):
            self._show_section(event.index)
            self.query_one(ItemList).focus()

    # -- saving ------------------------------------------------------------------------

    def _save(self, item: Item, **changes: object) -> tuple[bool, Response | None]:
        """Save through the store: (saved, stored response); a failure shows a dialog."""
        store = self.homecheck.store
        try:
            response = store.save_response(self.visit_id, item.id, **changes)  # type: ignore[arg-type]
        except StoreError as error:
            self.homecheck.show_error(str(error))
            return False, None
        return True, response

    def _refuse_completed(self) -> bool:
        """A completed visit is a signed record: a stray key must not change it, so each
        change says how to reopen it instead (the store would mark the visit amended)."""
        if self.visit.status is not VisitStatus.COMPLETED:
            return False
        self.notify(
            "This visit is completed: press o on the review to reopen it.", severity="warning"
        )
        return True

    def _after_save(self, index: int, item: Item, response: Response | None) -> None:
        if response is None:
            self.responses.pop(item.id, None)
        else:
            self.responses[item.id] = response
        self.query_one(ItemList).repaint(index, response)
        sidebar = self.query_one(SectionList)
        for section_index in self._sections_of.get(item.id, [self.section_index]):
            section = self.sections[section_index]
            sidebar.repaint(section_index, rules.progress(section, self.flags, self.responses))

    def action_answer(self, value: str, kind: str = "") -> None:
        """Save `value` for the highlighted item; `kind` only picks the binding's words."""
        index = self._current_index()
        if index is None or self._refuse_completed():
            return
        item = self.items[index]
        ok, saved = self._save(item, answer=Answer(value))
        if not ok:
            return
        self._after_save(index, item, saved)
        following = rules.next_unanswered(self.items, self.responses, index)
        items = self.query_one(ItemList)
        if following is None:
            done = rules.title(self.section, self.audience)
            last = self.section_index == len(self.sections) - 1
            hint = "press v to review" if last else "press ] for the next section"
            self.notify(f"{done}: all answered, {hint}.", timeout=3)
            if index + 1 < len(self.items):
                items.highlighted = index + 1
        else:
            items.highlighted = following
        self._schedule_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Answer keys are worded for the section shown: Safe/Hazard or Fixed/Still there.

        A re-check answer is the item's answer for the whole visit, as any other."""
        if action == "answer" and len(parameters) == 2 and self.sections:
            return parameters[1] == self.section.kind.value
        return True

    def action_clear(self) -> None:
        index = self._current_index()
        if index is None or self.items[index].id not in self.responses:
            return
        if self._refuse_completed():
            return
        item = self.items[index]
        ok, _ = self._save(item, answer=None)
        if ok:
            self._after_save(index, item, None)
            self._show_detail()

    def _answered_item(self) -> tuple[int, Item, Response] | None:
        index = self._current_index()
        if index is None or self._refuse_completed():
            return None
        item = self.items[index]
        response = self.responses.get(item.id)
        if response is None:
            self.notify(
                "Answer the item first (s, h, n or d), then add details.", severity="warning"
            )
            return None
        return index, item, response

    def action_note(self) -> None:
        from homecheck.ui.dialogs.text_entry import TextEntryDialog

        found = self._answered_item()
        if found is None:
            return
        index, item, response = found

        hint = rules.wording(item, self.audience).check

        def done(text: str | None) -> None:
            if text is None or text == response.note:
                return
            store = self.homecheck.store
            try:
                saved = store.save_response(self.visit_id, item.id, note=text)
            except StoreError as error:
                # The typed note is not lost: its editor opens again under the message.
                self.app.push_screen(TextEntryDialog("Note", text, hint), done)
                self.homecheck.show_error(str(error))
                return
            self._after_save(index, item, saved)
            self._show_detail()

        self.app.push_screen(TextEntryDialog("Note", response.note, hint), done)

    def action_measure(self) -> None:
        from homecheck.ui.dialogs.measure import MeasureDialog

        index = self._current_index()
        if index is None:
            return
        item = self.items[index]
        if item.measure is None:
            self.notify("This item has no measurement.")
            return
        if self._refuse_completed():
            return
        measure = item.measure
        response = self.responses.get(item.id)

        def done(value: float | None) -> None:
            if value is None:
                return
            proposed = Answer.HAZARD if measure.is_hazard(value) else Answer.OK
            changes: dict[str, object] = {"measurement": value}
            if response is None or response.answer is not proposed:
                changes["answer"] = proposed
            ok, saved = self._save(item, **changes)
            if not ok:
                return
            self._after_save(index, item, saved)
            self._show_detail()
            if "answer" in changes:
                word = answer_label(self.section.kind, proposed)
                self.notify(
                    f"{value:g} {measure.unit}: marked {word}. Press s, h or n to overrule."
                )

        current = response.measurement if response else None
        self.app.push_screen(MeasureDialog(measure, current), done)

    def action_priority(self) -> None:
        from homecheck.ui.dialogs.priority import PriorityDialog

        found = self._answered_item()
        if found is None:
            return
        index, item, response = found
        default = rules.effective_priority(item, self.flags).profile

        def done(choice: PriorityChoice | None) -> None:
            if choice is None:
                return
            ok, saved = self._save(
                item, priority_override=choice.priority, override_reason=choice.reason
            )
            if ok:
                self._after_save(index, item, saved)
                self._show_detail()

        self.app.push_screen(
            PriorityDialog(
                default,
                response.priority_override,
                response.override_reason,
                item=rules.wording(item, self.audience).check,
            ),
            done,
        )

    # -- navigation --------------------------------------------------------------------

    def action_section(self, step: int) -> None:
        self._show_section(self.section_index + step)
        self.query_one(ItemList).focus()

    def action_toggle_wording(self) -> None:
        self.plain = not self.plain
        self.query_one(SectionList).show(self.sections, self._all_progress(), plain=self.plain)
        self._show_section(self.section_index, highlight=self._current_index() or 0)
        self.notify("Plain wording." if self.plain else "Clinician wording.", timeout=2)

    def action_toggle_sections(self) -> None:
        """Hide the section list, giving the items and their detail the whole width (at 80
        columns the list takes a quarter of it); `b` again brings it back."""
        sidebar = self.query_one(SectionList)
        sidebar.display = not sidebar.display
        if not sidebar.display:
            self.query_one(ItemList).focus()
        self._show_section(self.section_index, highlight=self._current_index() or 0)

    def action_review(self) -> None:
        self.homecheck.open_review(self.visit_id, over=self)

    def action_complete(self) -> None:
        """As on the review: at once when all is answered, else after listing what is not."""
        if self.visit.status is VisitStatus.COMPLETED:
            self.notify("This visit is already completed. Press o on the review to reopen it.")
            return

        def complete(confirmed: bool | None = True) -> None:
            if not confirmed:
                return
            try:
                self.visit = self.homecheck.store.complete_visit(self.visit_id)
            except StoreError as error:
                self.homecheck.show_error(str(error))
                return
            self.notify("Visit completed. Press v for the review and the reports.")

        incomplete = rules.incomplete_sections(self.sections, self.flags, self.responses)
        if incomplete:
            self.app.push_screen(complete_dialog(incomplete, self.audience), complete)
        else:
            complete()

    def action_back(self) -> None:
        self.app.pop_screen()

    def jump_targets(self) -> list[tuple[str, str, str | None]]:
        """For the command palette: every section, and every applicable item."""
        targets: list[tuple[str, str, str | None]] = []
        for section in self.sections:
            title = rules.title(section, self.audience)
            targets.append((f"Section: {title}", section.id, None))
            for item in rules.applicable_items(section, self.flags):
                text = rules.wording(item, self.audience).check
                targets.append((f"{title} › {text}", section.id, item.id))
        return targets

    def jump_to(self, section_id: str, item_id: str | None) -> None:
        for index, section in enumerate(self.sections):
            if section.id != section_id:
                continue
            items = rules.applicable_items(section, self.flags)
            highlight = next((i for i, item in enumerate(items) if item.id == item_id), None)
            self._show_section(index, highlight=highlight)
            self.query_one(ItemList).focus()
            return


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


def _markup_escape(text: str) -> str:
    from textual.markup import escape

    return escape(visible(text, multiline=True))


__all__ = ["Priority", "VisitScreen", "resume_position"]
