"""Review a visit: findings by priority, what is still unanswered, completion and reports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static
from textual.worker import Worker, WorkerState

from homecheck import rules
from homecheck.config import ensure_private_dir
from homecheck.model import AssessorRole, Item, Section, VisitStatus
from homecheck.report import Audience, build_report_for_visit
from homecheck.store import StoreError

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp


class ReviewScreen(Screen[None]):
    """Enter goes to the item; E edits a recommendation; C completes; R/G/L write PDFs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_recommendation", "Edit advice", id="edit-recommendation"),
        Binding("c", "complete", "Complete visit", id="complete-visit"),
        Binding("r", "report('clinician')", "Clinician PDF", id="report-clinician"),
        Binding("g", "report('household')", "Household PDF", id="report-household"),
        Binding("l", "report('household-large')", "Large print", show=False, id="report-large"),
        Binding("escape", "app.pop_screen", "Back", id="back-review"),
    ]

    def __init__(self, visit_id: int) -> None:
        super().__init__()
        self.visit_id = visit_id

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review-body"):
            yield Static("", id="review-summary")
            yield Label(
                "Findings, most urgent first  (Enter: go to the item)", classes="pane-title"
            )
            yield DataTable(id="findings", cursor_type="row")
            yield Static("", id="finding-detail")
            yield Label("Not answered yet", classes="pane-title", id="unanswered-title")
            yield DataTable(id="unanswered", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        findings = self.query_one("#findings", DataTable)
        findings.add_column("Priority", key="priority", width=8)
        findings.add_column("Section", key="section", width=24)
        findings.add_column("Finding", key="finding")
        unanswered = self.query_one("#unanswered", DataTable)
        unanswered.add_column("Section", key="section", width=24)
        unanswered.add_column("Item", key="item")
        self.refresh_review()
        findings.focus()

    def on_screen_resume(self) -> None:
        self.refresh_review()

    def refresh_review(self) -> None:
        store, catalog = self.homecheck.store, self.homecheck.catalog
        self.visit = store.get_visit(self.visit_id)
        self.client = store.get_client(self.visit.client_id)
        self.plain = self.visit.role is AssessorRole.CAREGIVER
        responses = store.responses(self.visit_id)
        sections = rules.visit_sections(catalog, self.visit.sections)
        self.found = rules.findings(catalog, sections, self.client.flags, responses)
        self.missing: list[tuple[Section, Item]] = [
            (section, item)
            for section in sections
            for item in rules.applicable_items(section, self.client.flags)
            if item.id not in responses
        ]
        table = self.query_one("#findings", DataTable)
        table.clear()
        for finding in self.found:
            title = finding.section.plain_title if self.plain else finding.section.title
            what = finding.item.plain if self.plain else finding.item.check
            marks = " ✎" if finding.response.note else ""
            marks += " (edited advice)" if finding.response.recommendation else ""
            table.add_row(finding.priority.label, title, what + marks, key=finding.item.id)
        missing_table = self.query_one("#unanswered", DataTable)
        missing_table.clear()
        for section, item in self.missing:
            title = section.plain_title if self.plain else section.title
            missing_table.add_row(title, item.plain if self.plain else item.check, key=item.id)
        status = "completed" if self.visit.status is VisitStatus.COMPLETED else "in progress"
        if self.visit.amended:
            status += ", amended after completion"
        counts = {
            p: sum(1 for f in self.found if f.priority is p)
            for p in (f.priority for f in self.found)
        }
        by_priority = ", ".join(
            f"{n} {p.value}" for p, n in sorted(counts.items(), key=lambda kv: kv[0].rank)
        )
        summary = (
            f"{self.client.name} · visit {self.visit.visit_date.isoformat()} · {status}\n"
            f"{len(self.found)} findings"
            + (f" ({by_priority})" if by_priority else "")
            + f" · {len(self.missing)} not answered"
        )
        self.query_one("#review-summary", Static).update(summary)
        self.query_one("#unanswered-title", Label).display = bool(self.missing)
        missing_table.display = bool(self.missing)
        self.sub_title = "Review"
        self._show_finding()

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
        lines = [f"Recommendation: {finding.recommendation}"]
        if finding.response.note:
            lines.append(f"Note: {finding.response.note}")
        if finding.raised_by:
            labels = ", ".join(self.homecheck.catalog.flags[f].label for f in finding.raised_by)
            lines.append(f"Priority raised by: {labels}")
        if finding.overridden:
            lines.append(f"Priority set by assessor: {finding.response.override_reason}")
        detail.update("\n".join(lines))

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
        from homecheck.ui.screens.visit import VisitScreen

        stack = self.app.screen_stack
        if len(stack) >= 2 and isinstance(stack[-2], VisitScreen):
            visit_screen = stack[-2]
            self.app.pop_screen()
            visit_screen.jump_to(section_id, item_id)
            return
        screen = VisitScreen(self.visit_id)
        self.app.switch_screen(screen)
        self.call_after_refresh(screen.jump_to, section_id, item_id)

    def action_edit_recommendation(self) -> None:
        from homecheck.ui.dialogs.text_entry import TextEntryDialog

        finding = self._selected_finding()
        if finding is None:
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

    def action_complete(self) -> None:
        if self.visit.status is VisitStatus.COMPLETED:
            self.notify("This visit is already completed.")
            return
        try:
            self.homecheck.store.complete_visit(self.visit_id)
        except StoreError as error:
            self.homecheck.show_error(str(error))
            return
        note = f" {len(self.missing)} items were left unanswered." if self.missing else ""
        self.notify(f"Visit completed.{note} Press r or g for the reports.")
        self.refresh_review()

    def action_report(self, kind: str) -> None:
        from homecheck.pdf import render_pdf, report_filename

        audience = Audience.CLINICIAN if kind == "clinician" else Audience.HOUSEHOLD
        large = kind == "household-large"
        try:
            data = build_report_for_visit(
                self.homecheck.store, self.homecheck.catalog, self.visit_id, audience=audience
            )
            folder = self.homecheck.config.reports_dir
            ensure_private_dir(folder)
        except (StoreError, OSError) as error:
            self.homecheck.show_error(f"Cannot write the report: {error}")
            return
        out = folder / report_filename(data, large_print=large)
        self.notify("Writing the report…", timeout=2)
        self.run_worker(
            lambda: render_pdf(data, out, large_print=large),
            thread=True,
            group="report",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "report":
            return
        if event.state is WorkerState.SUCCESS:
            path = event.worker.result
            self.notify(f"Saved {path}", timeout=8)
            self.last_report = Path(str(path))
        elif event.state is WorkerState.ERROR:
            # Only the type: a rendering library's message can quote a client's notes.
            kind = type(event.worker.error).__name__
            self.homecheck.show_error(f"The report could not be written ({kind}).")
