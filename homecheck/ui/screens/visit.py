"""Walk a visit section by section: one key per answer, saved before it is shown.

A key press does only the save, the repaint of one row and of the sidebar entries of the
sections holding that item, and moving the cursor to the next unanswered item; nothing
else is recomputed.

A follow-up visit starts with a re-check section made of the previous visit's findings.
Its items are the catalog's own, so they also sit in their own sections: one answer, one
`responses` entry, shown in both places.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer

from homecheck import rules
from homecheck.model import (
    Answer,
    AssessorRole,
    Audience,
    Client,
    Item,
    Response,
    Section,
    Visit,
    VisitStatus,
    answer_label,
)
from homecheck.store import StoreError
from homecheck.ui.dialogs.action import describe_action
from homecheck.ui.dialogs.confirm import complete_dialog
from homecheck.ui.visit_keys import VISIT_KEYS
from homecheck.ui.visit_walk import VisitWalk, resume_position
from homecheck.ui.widgets.item_detail import ItemDetail
from homecheck.ui.widgets.item_list import ItemList
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.row_list import RowList
from homecheck.ui.widgets.section_head import SectionHead
from homecheck.ui.widgets.section_list import SectionList
from homecheck.ui.widgets.status_line import StatusLine, StatusLineScreen
from homecheck.ui.widgets.title_bar import TitleBar

# Seconds between an answer (or a cursor move) and the detail pane following it.
DETAIL_DELAY = 0.04

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp
    from homecheck.ui.dialogs.priority import PriorityChoice


class VisitScreen(StatusLineScreen):
    """Sidebar of sections, the items of the current one, and the selected item's detail."""

    BINDINGS: ClassVar[list[BindingType]] = VISIT_KEYS

    def __init__(self, visit_id: int) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.section_index = 0
        self.walk: VisitWalk | None = None
        """The visit as walked here: read in compose, kept in step with each save."""
        self._detail_timer: Timer | None = None
        self._shown = False

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    def compose(self) -> ComposeResult:
        self.walk = VisitWalk(self.homecheck.store, self.homecheck.catalog, self.visit_id)
        self.plain = self.visit.role is AssessorRole.CAREGIVER
        self.items: tuple[Item, ...] = ()
        yield TitleBar()
        with Horizontal(id="visit-body"):
            yield SectionList(id="sections")
            with Vertical(id="visit-main"):
                yield SectionHead("", id="section-head")
                yield ItemList(id="items")
                yield ItemDetail(id="detail")
        yield StatusLine(id="visit-status")
        # At 80 columns the long answer words of a task or re-check section leave no room
        # for Note: it is the key left out (the help and the item's detail name it).
        yield KeyFooter(spare=("note",))

    def on_mount(self) -> None:
        self._title()
        self.query_one(SectionList).border_title = "b hides the list"
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
        self.visited.reload()
        self._title()
        self.query_one(SectionList).show(self.sections, self._all_progress(), plain=self.plain)
        items = self.query_one(ItemList)
        self._show_section(self.section_index, highlight=items.highlighted or 0)

    def _title(self) -> None:
        """Whose visit, its date, and whether it is completed: a completed visit looks
        like one in progress, and its keys otherwise only say so when pressed."""
        shown = f"{self.client.name} · {self.visit.visit_date.isoformat()}"
        completed = self.visit.status is VisitStatus.COMPLETED
        self.sub_title = f"{shown} · completed" if completed else shown

    # -- state -------------------------------------------------------------------------

    @property
    def audience(self) -> Audience:
        """Whose words the screen shows: `w` switches between the two."""
        return Audience.of(plain=self.plain)

    @property
    def section(self) -> Section:
        return self.sections[self.section_index]

    @property
    def visited(self) -> VisitWalk:
        assert self.walk is not None, "read in compose"
        return self.walk

    @property
    def sections(self) -> tuple[Section, ...]:
        """In the order shown: a follow-up's re-check section first."""
        return self.walk.sections if self.walk is not None else ()

    @property
    def visit(self) -> Visit:
        return self.visited.visit

    @property
    def client(self) -> Client:
        return self.visited.client

    @property
    def flags(self) -> frozenset[str]:
        return self.visited.flags

    @property
    def responses(self) -> dict[str, Response]:
        return self.visited.responses

    def _all_progress(self) -> list[rules.Progress]:
        return self.visited.progress()

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
        self.query_one(SectionHead).show(
            section,
            self.audience,
            position=self.section_index + 1,
            count=len(self.sections),
            list_hidden=not self.query_one(SectionList).display,
        )
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
            last_visit=self.visited.last_visit(item),
            action=describe_action(self.visited.actions.get(item.id)),
            situation=rules.Situation.of(self.flags, self.responses),
        )

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
        for section_index in self.visited.sections_holding(item.id) or [self.section_index]:
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
                "Answer this item first (s, h, n or d), then set its priority."
                " For the item above: ↑, then the key again.",
                severity="warning",
            )
            return None
        return index, item, response

    def action_note(self) -> None:
        """Edit the item's note; on an item not answered yet, its dialog also asks for the
        answer (see note_editor). The cursor stays on the item, its note in the detail."""
        from homecheck.ui.dialogs.note_answer import NoteAnswer, note_editor

        index = self._current_index()
        if index is None or self._refuse_completed():
            return
        item = self.items[index]
        response = self.responses.get(item.id)
        hint = rules.wording(item, self.audience).check
        editor = partial(note_editor, self.section.kind, hint, answered=response is not None)

        def done(chosen: str | NoteAnswer | None) -> None:
            if chosen is None or (response is not None and chosen == response.note):
                return
            changes = {"note": chosen} if isinstance(chosen, str) else chosen.changes()
            try:
                saved = self.homecheck.store.save_response(self.visit_id, item.id, **changes)
            except StoreError as error:
                # The typed note is not lost: its editor opens again under the message.
                self.app.push_screen(editor(str(changes["note"])), done)
                self.homecheck.show_error(str(error))
                return
            self._after_save(index, item, saved)
            self._show_detail()

        self.app.push_screen(editor(response.note if response else ""), done)

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
                self.visited.visit = self.homecheck.store.complete_visit(self.visit_id)
            except StoreError as error:
                self.homecheck.show_error(str(error))
                return
            self._title()
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
        return self.visited.jump_targets(self.audience)

    def jump_to(self, section_id: str, item_id: str | None) -> None:
        for index, section in enumerate(self.sections):
            if section.id != section_id:
                continue
            items = rules.applicable_items(section, self.flags)
            highlight = next((i for i, item in enumerate(items) if item.id == item_id), None)
            self._show_section(index, highlight=highlight)
            self.query_one(ItemList).focus()
            return
