"""Review a visit: findings by priority, what is still unanswered, completion and reports.

When the client has an earlier completed visit, the screen splits into tabs, so each list
keeps its height at 80x24: the findings, the comparison of the two visits (resolved,
persisting, new), and what is still unanswered. Any finding can carry an action: who
fixes it, by when, when done.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from homecheck import rules
from homecheck.config import ensure_private_dir
from homecheck.display import counted, visible
from homecheck.model import (
    AssessorRole,
    Audience,
    Item,
    Response,
    Section,
    Visit,
    VisitEventKind,
    VisitStatus,
)
from homecheck.report import build_report, describe_item, load_visit
from homecheck.store import StoreError
from homecheck.ui.dialogs.action import ActionChoice, ActionDialog, describe_action
from homecheck.ui.dialogs.confirm import ConfirmDialog, complete_dialog
from homecheck.ui.dialogs.report_saved import ReportSavedDialog
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.review_tables import (
    add_columns,
    fill_comparison,
    fill_findings,
    fill_unanswered,
    findings_title,
)
from homecheck.ui.widgets.status_line import StatusLine, StatusLineScreen
from homecheck.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp


class ReviewScreen(StatusLineScreen):
    """Enter goes to the item; E edits a recommendation; A records an action; C completes
    (asking first when items are unanswered) and O reopens; R/G/L write PDFs; ] and [
    switch tabs when there is an earlier visit to compare with."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_recommendation", "Advice", id="edit-recommendation"),
        Binding("a", "edit_action", "Action", id="finding-action"),
        Binding("c", "complete", "Complete", id="complete-visit"),
        Binding("o", "reopen", "Reopen", id="reopen-visit"),
        # c on a completed visit, o on one in progress: say why nothing happens.
        Binding("c,o", "status_notice", "Status", show=False, id="status-notice"),
        Binding("r", "report('clinician')", "Report", id="report-clinician"),
        Binding("g", "report('household')", "Handout", id="report-household"),
        Binding("l", "report('household-large')", "Large print", show=False, id="report-large"),
        Binding("right_square_bracket", "tab(1)", "Next tab", show=False, id="next-tab"),
        Binding("left_square_bracket", "tab(-1)", "Prev tab", show=False, id="prev-tab"),
        Binding("escape", "back", "Back", show=False, id="back-review"),
    ]

    _TABS = (
        ("tab-findings", "#findings"),
        ("tab-comparison", "#comparison"),
        ("tab-unanswered", "#unanswered"),
    )
    """Each tab (when there is a comparison) and the table that takes the keys in it."""

    def __init__(self, visit_id: int) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.previous: Visit | None = None
        """The client's earlier completed visit this one is compared with, if any."""
        self.comparison: rules.Comparison | None = None
        """Resolved, persisting and new findings against `previous`."""
        self.compared: list[str] = []
        """The comparison table's item ids, in row order."""
        self.situation = rules.Situation()
        """The client's flags and this visit's answers: they choose each item's advice."""

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    @property
    def audience(self) -> Audience:
        """A caregiver's visit is reviewed in plain words."""
        return Audience.of(plain=self.plain)

    def compose(self) -> ComposeResult:
        self.record = load_visit(self.homecheck.store, self.homecheck.catalog, self.visit_id)
        # Fixed for the screen's life: nothing done here changes which visit came before,
        # nor the earlier visit's answers.
        self.previous = self.record.previous
        self.previous_responses = self.record.previous_responses
        yield TitleBar()
        with Vertical(id="review-body"):
            if self.previous is None:
                yield Static("", id="review-summary", markup=False)
                yield from self._compose_findings()
                yield from self._compose_unanswered()
            else:
                yield Static("", id="review-summary", classes="-compared", markup=False)
                with TabbedContent(id="review-tabs"):
                    with TabPane("Findings", id="tab-findings"):
                        yield from self._compose_findings()
                    with TabPane(
                        f"Since {self.previous.visit_date.isoformat()}", id="tab-comparison"
                    ):
                        yield Label(
                            "The last visit's findings, and new ones  (Enter: go to the item;"
                            " a: action)",
                            classes="pane-title",
                        )
                        yield DataTable(id="comparison", cursor_type="row")
                    with TabPane("Not answered", id="tab-unanswered"):
                        yield from self._compose_unanswered()
        yield StatusLine(id="review-status")
        yield KeyFooter()

    def _compose_findings(self) -> ComposeResult:
        yield Label(findings_title(noted=False), classes="pane-title", id="findings-title")
        yield DataTable(id="findings", cursor_type="row")
        # Scrolls, and Tab reaches it, so a long recommendation is never cut off at 80x24.
        with VerticalScroll(id="finding-detail-scroll"):
            yield Static("", id="finding-detail", markup=False)

    def _compose_unanswered(self) -> ComposeResult:
        yield Label("Not answered yet", classes="pane-title", id="unanswered-title")
        yield DataTable(id="unanswered", cursor_type="row")

    def on_mount(self) -> None:
        comparison = self.query_one("#comparison", DataTable) if self.previous else None
        add_columns(
            self.query_one("#findings", DataTable),
            self.query_one("#unanswered", DataTable),
            comparison,
            screen_width=self.app.size.width,
        )
        self.query_one("#findings", DataTable).focus()

    def on_screen_resume(self) -> None:
        """Runs on the first show too: the one place the review is loaded."""
        self.refresh_review()

    def refresh_review(self) -> None:
        catalog = self.homecheck.catalog
        self.record = record = load_visit(self.homecheck.store, catalog, self.visit_id)
        self.visit, self.client = record.visit, record.client
        self.plain = self.visit.role is AssessorRole.CAREGIVER
        responses = record.responses
        sections = record.sections
        # The plan's order: the reports list the same findings the same way.
        ranked = rules.ranked_findings(catalog, sections, self.client.flags, responses)
        self.found = [r.finding for r in ranked]
        unknown = rules.unknown_items(sections, self.client.flags, responses)
        self.situation = rules.Situation.of(self.client.flags, responses)
        self.missing: list[tuple[Section, Item]] = [
            (section, item)
            for section in sections
            for item in rules.applicable_items(section, self.client.flags)
            if item.id not in responses
        ]
        self.actions = record.actions
        fill_findings(
            self.query_one("#findings", DataTable), self.found, self.actions, self.audience
        )
        noted = any(finding.response.note for finding in self.found)
        self.query_one("#findings-title", Label).update(findings_title(noted=noted))
        missing_table = self.query_one("#unanswered", DataTable)
        fill_unanswered(missing_table, self.missing, self.audience)
        status = "completed" if self.completed else "in progress"
        history = self.homecheck.store.visit_history(self.visit_id)
        if not self.completed and history and history[-1].event is VisitEventKind.REOPENED:
            status += " (reopened)"
        if self.visit.amended:
            status += ", amended after completion"
        counts = rules.priority_counts(self.found)
        by_priority = ", ".join(f"{n} {p.value}" for p, n in counts.items() if n)
        summary = (
            f"{visible(self.client.name)} · visit {self.visit.visit_date.isoformat()} · {status}\n"
            f"{counted(len(self.found), 'finding')}"
            + (f" ({by_priority})" if by_priority else "")
            + f" · {len(self.missing)} not answered"
            + (f" · {len(unknown)} don't know" if unknown else "")
        )
        if self.previous is not None:
            summary += "\n" + self._compare(responses)
        self.query_one("#review-summary", Static).update(summary)
        if self.previous is None:
            title = self.query_one("#unanswered-title", Label)
            title.display = bool(self.missing)
            title.update("Not answered: not checked" if self.completed else "Not answered yet")
            missing_table.display = bool(self.missing)
        else:
            tabs = self.query_one("#review-tabs", TabbedContent)
            tabs.get_tab("tab-unanswered").label = f"Not answered ({len(self.missing)})"
        self.sub_title = "Review"
        self._show_finding()
        self.refresh_bindings()

    @property
    def completed(self) -> bool:
        return self.visit.status is VisitStatus.COMPLETED

    def action_back(self) -> None:
        """Where Esc goes is the App's to say (a completed visit returns to the client)."""
        self.homecheck.leave_review(self)

    def _compare(self, responses: Mapping[str, Response]) -> str:
        """Fill the comparison table; returns the summary line with both dates."""
        assert self.previous is not None
        catalog = self.homecheck.catalog
        self.comparison = rules.compare(catalog, self.previous_responses, responses)
        table = self.query_one("#comparison", DataTable)
        self.compared, counts = fill_comparison(
            table, self.comparison, lambda item_id: self._describe(item_id), self.actions
        )
        return (
            f"Since {self.previous.visit_date.isoformat()}"
            f" (this visit {self.visit.visit_date.isoformat()}): " + ", ".join(counts)
        )

    def _describe(self, item_id: str) -> tuple[str, str]:
        """(section title, check) in this visit's wording; retired items by their old text."""
        described = describe_item(self.homecheck.catalog, item_id, self.audience)
        return described.section, described.what

    def _selected_finding(self) -> rules.Finding | None:
        table = self.query_one("#findings", DataTable)
        if not self.found or table.cursor_row is None or table.cursor_row >= len(self.found):
            return None
        return self.found[table.cursor_row]

    def _show_finding(self) -> None:
        finding = self._selected_finding()
        detail = self.query_one("#finding-detail", Static)
        if finding is None:
            detail.update("No hazards recorded." if not self.found else "")
            return
        words = rules.wording(finding.item, self.audience, finding.response, self.situation)
        lines = [f"Recommendation: {words.recommend}"]
        if not self.app.size.width >= 100:
            # The table cuts the finding to its column; here it is whole.
            lines.insert(0, f"Finding: {words.finding}")
        if finding.response.note:
            lines.append(f"Note: {finding.response.note}")
        reason = finding.decision.reason(self.homecheck.catalog.flags)
        if reason:
            lines.append(reason)
        action = describe_action(self.actions.get(finding.item.id))
        if action:
            lines.append(f"Action: {action}")
        # Notes, reasons and edited advice are stored text: drawn through `visible`.
        detail.update(visible("\n".join(lines), multiline=True))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "findings":
            self._show_finding()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        item_id = event.row_key.value
        if item_id is None:
            return
        item = self.homecheck.catalog.items.get(item_id)
        if item is not None:
            self._go_to(item.section_id, item_id)

    def _go_to(self, section_id: str, item_id: str) -> None:
        self.homecheck.go_to_item(self, section_id, item_id)

    def action_edit_recommendation(self) -> None:
        from homecheck.ui.dialogs.text_entry import TextEntryDialog

        if self.completed:
            self.notify("This visit is completed: press o to reopen it.", severity="warning")
            return
        target = self._highlighted_item()
        finding = next((f for f in self.found if target and f.item.id == target.id), None)
        if finding is None:
            if self.found:
                self.notify("Highlight a finding of this visit first.", severity="warning")
            return
        item = finding.item

        def done(text: str | None) -> None:
            if text is None:
                return
            # Saving the catalog's own words again means "no edit".
            value = "" if text == item.recommend else text
            try:
                self.homecheck.store.save_response(self.visit_id, item.id, recommendation=value)
            except StoreError as error:
                self.homecheck.show_error(str(error))
                return
            self.refresh_review()

        self.app.push_screen(
            TextEntryDialog(
                "Recommendation for this visit",
                finding.recommendation,
                "Edit the advice printed for this client. Clear the text to restore the "
                "checklist's wording.",
            ),
            lambda text: done(item.recommend if text == "" else text),
        )

    def _active_tab(self) -> str:
        if self.previous is None:
            return "tab-findings"
        return self.query_one("#review-tabs", TabbedContent).active

    def _highlighted_item(self) -> Item | None:
        """The item under the cursor of the table shown: the comparison or the findings."""
        catalog = self.homecheck.catalog
        tab = self._active_tab()
        if tab == "tab-unanswered":
            return None
        if tab == "tab-comparison":
            row = self.query_one("#comparison", DataTable).cursor_row
            if self.compared and 0 <= row < len(self.compared):
                return catalog.items.get(self.compared[row])
            return None
        finding = self._selected_finding()
        return finding.item if finding is not None else None

    def action_edit_action(self) -> None:
        item = self._highlighted_item()
        if item is None:
            self.notify("Highlight a finding first: actions are for findings.", severity="warning")
            return
        store = self.homecheck.store

        def done(choice: ActionChoice | None) -> None:
            if choice is None:
                return
            try:
                if choice.owner is None:
                    store.clear_action(self.visit_id, item.id)
                else:
                    store.save_action(
                        self.visit_id,
                        item.id,
                        choice.owner,
                        target_date=choice.target_date,
                        done_date=choice.done_date,
                        note=choice.note,
                    )
            except StoreError as error:
                self.homecheck.show_error(str(error))
                return
            self.refresh_review()
            self.notify("Action removed." if choice.owner is None else "Action saved.", timeout=2)

        what = rules.wording(item, self.audience).check
        self.app.push_screen(ActionDialog(what, self.actions.get(item.id)), done)

    # -- tabs --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The tab keys exist only when there is an earlier visit to compare with; C is
        offered on a visit in progress, O on a completed one."""
        if action == "tab":
            return self.previous is not None
        if action in ("complete", "reopen", "status_notice") and hasattr(self, "visit"):
            return {"complete": not self.completed, "reopen": self.completed}.get(action, True)
        return True

    def action_tab(self, step: int) -> None:
        """Show the next tab and focus its table, so the keys act on what is shown.

        Focus is set here rather than on TabActivated: focusing inside a pane activates
        that pane, and the two reacting to each other can swap tabs back and forth.
        """
        if self.previous is None:
            return
        tabs = self.query_one("#review-tabs", TabbedContent)
        index = [pane for pane, _ in self._TABS].index(tabs.active)
        pane, table = self._TABS[(index + step) % len(self._TABS)]
        tabs.active = pane
        self.query_one(table, DataTable).focus()

    def action_complete(self) -> None:
        """Completes at once when every item is answered; else lists what is left first."""
        if self.completed:
            self.action_status_notice()
            return
        incomplete = rules.incomplete_sections(
            self.record.sections, self.client.flags, self.record.responses
        )
        if not incomplete:
            self._complete()
            return
        self.app.push_screen(
            complete_dialog(incomplete, self.audience),
            lambda confirmed: self._complete() if confirmed else None,
        )

    def _complete(self) -> None:
        try:
            self.homecheck.store.complete_visit(self.visit_id)
        except StoreError as error:
            self.homecheck.show_error(str(error))
            return
        left = counted(len(self.missing), "question" if self.plain else "item")
        note = f" {left} {'was' if len(self.missing) == 1 else 'were'} left unanswered."
        note = note if self.missing else ""
        self.notify(
            f"Visit completed.{note} Press g for the household handout, r for the clinician report."
        )
        self.refresh_review()

    def action_reopen(self) -> None:
        """Put a completed visit back in progress, after a one-line confirmation."""
        if not self.completed:
            self.action_status_notice()
            return

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self.homecheck.store.reopen_visit(self.visit_id)
            except StoreError as error:
                self.homecheck.show_error(str(error))
                return
            self.notify("Visit reopened: answers can be changed. Press c to complete it again.")
            self.refresh_review()

        self.app.push_screen(
            ConfirmDialog(
                "Reopen this visit?",
                "Its answers can then be changed; changes are recorded and the visit is "
                "marked as amended after completion.",
                "Reopen",
                key="o",
                focus_confirm=True,
            ),
            done,
        )

    def action_status_notice(self) -> None:
        if self.completed:
            self.notify("This visit is already completed. Press o to reopen it.")
        else:
            self.notify("This visit is in progress: press c to complete it.")

    def action_report(self, kind: str) -> None:
        from homecheck.pdf import new_report_path, render_pdf

        audience = Audience.CLINICIAN if kind == "clinician" else Audience.HOUSEHOLD
        large = kind == "household-large"
        try:
            record = load_visit(self.homecheck.store, self.homecheck.catalog, self.visit_id)
            data = build_report(self.homecheck.catalog, record, audience=audience)
            folder = self.homecheck.config.reports_dir
            ensure_private_dir(folder)
            out = new_report_path(folder, data, large_print=large)
        except (StoreError, OSError) as error:
            self.homecheck.show_error(f"Cannot write the report: {error}")
            return
        self.notify("Writing the report…", timeout=2)
        self.run_worker(
            lambda: render_pdf(data, out, large_print=large, exclusive=True),
            thread=True,
            group="report",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "report":
            return
        if event.state is WorkerState.SUCCESS:
            written = event.worker.result
            if isinstance(written, Path):
                self.app.push_screen(ReportSavedDialog(written))
        elif event.state is WorkerState.ERROR:
            # Only the type: a rendering library's message can quote a client's notes.
            kind = type(event.worker.error).__name__
            self.homecheck.show_error(f"The report could not be written ({kind}).")
