"""One client: details, the profile flags that shape the advice, and their visits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Label

from homecheck import rules
from homecheck.config import ensure_private_dir
from homecheck.dates import parse_date
from homecheck.model import Audience, Client, Priority, Visit, VisitStatus
from homecheck.report.names import ReportFile, find_reports
from homecheck.settings import Checker
from homecheck.store import StoreError
from homecheck.ui import opener
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.check_marks import SwitchBox
from homecheck.ui.widgets.form_column import FormColumn
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.title_bar import TitleBar
from homecheck.ui.widgets.visible_text import VisibleControls, cell

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp

_FIELDS = (
    ("name", "Name"),
    ("birth_date", "Birth date (YYYY-MM-DD)"),
    ("address", "Address"),
    ("contact", "Phone or email"),
    ("caregiver", "Caregiver or next of kin"),
    ("notes", "Notes"),
)

_CHECKED_FIELDS = ("name", "birth_date")
"""The fields that can be wrong, each with a line under it that says how; the others take
any text."""

_TOP_FIELDS = {f"field-{field}" for field, _ in _FIELDS[:2]}
"""Fields shown with the form's title above them when focused (they fit at 80x24)."""


def _is_field(widget: Widget) -> bool:
    """One of the form's boxes, in its block with its label."""
    parent = widget.parent
    return isinstance(widget, Input) and isinstance(parent, Widget) and parent.has_class("field")


def _one_line(text: str) -> str:
    """An Input shows one line: an imported multi-line address is shown joined by commas."""
    lines = [line.strip() for line in text.splitlines()]
    return ", ".join(line for line in lines if line) if len(lines) > 1 else text


def parse_birth_date(text: str, today: date) -> date | None:
    """'' -> None; a valid past ISO date -> date; anything else raises ValueError."""
    try:
        value = parse_date(text)
    except ValueError:
        raise ValueError("Use the form YYYY-MM-DD, e.g. 1941-03-28.") from None
    if value is None:
        return None
    if value > today:
        raise ValueError("The birth date is in the future.")
    if value.year < 1890:
        raise ValueError("That birth date is too early.")
    return value


class RowTable(DataTable[object]):
    """A click on the highlighted row opens it, as Enter does (so does a double click).

    Textual's table opens only on a click on the very cell under its cursor: one click
    elsewhere on the highlighted row, the common case with a row cursor, did nothing.
    """

    def on_click(self, event: events.Click) -> None:
        """Runs before DataTable's own handler moves the cursor, which then posts a
        selection for a click on the cursor's own cell: this covers the rest of the row."""
        meta = event.style.meta
        row, column = meta.get("row"), meta.get("column")
        if not isinstance(row, int) or row < 0 or not isinstance(column, int):
            return
        cursor = self.cursor_coordinate
        if row == cursor.row and column != cursor.column and row < self.row_count:
            row_key = self.coordinate_to_cell_key(cursor).row_key
            self.post_message(DataTable.RowSelected(self, row, row_key))


class ClientScreen(StyledOnce[None]):
    """Details save as they are typed whenever valid; each profile switch saves at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save-client"),
        # A letter first (the footer shows it), for a browser keeps Ctrl+N to itself; a
        # letter typed in a field stays in the field. Ctrl+ as before, where it reaches us.
        Binding("v,ctrl+n", "new_visit", "New visit", id="new-visit"),
        Binding("r,ctrl+r", "resume", "Resume visit", id="resume-visit"),
        Binding("u,ctrl+f", "follow_up", "Follow-up", id="follow-up-visit"),
        Binding("escape", "back", "Back", id="back"),
        Binding("f", "open_folder", "Folder", id="open-reports-folder"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.finding_counts: dict[int, dict[Priority, int]] = {}
        """Findings per priority for each visit listed, by visit id: the history."""
        self.reports: dict[str, ReportFile] = {}
        """The reports listed, by row key (their path)."""
        self._resumed = False
        """Shown once already: reports found now that were not listed are new."""

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    def compose(self) -> ComposeResult:
        client = self.homecheck.store.get_client(self.client_id)
        self.client = client
        yield TitleBar()
        with Horizontal(id="client-body"):
            with FormColumn(id="client-details"):
                yield Label("Details", classes="pane-title")
                values = {
                    "name": client.name,
                    "birth_date": client.birth_date.isoformat() if client.birth_date else "",
                    "address": _one_line(client.address),
                    "contact": _one_line(client.contact),
                    "caregiver": _one_line(client.caregiver),
                    "notes": _one_line(client.notes),
                }
                for field, label in _FIELDS:
                    # One block per field, so the label is scrolled into view with it.
                    with Vertical(classes="field"):
                        yield Label(label, classes="field-label")
                        yield Input(
                            values[field],
                            id=f"field-{field}",
                            compact=True,
                            select_on_focus=False,
                            highlighter=VisibleControls(),
                        )
                        if field in _CHECKED_FIELDS:
                            problem = Label("", id=f"error-{field}", classes="field-error")
                            problem.display = False  # a line only while there is a problem
                            yield problem
            with FormColumn(id="client-profile"):
                yield Label("Profile (shapes the advice)", classes="pane-title")
                group = ""
                # A family member reads each flag in plain words, as the handout prints it.
                plain = self.homecheck.settings.checker is Checker.CAREGIVER
                audience = Audience.of(plain=plain)
                for flag in self.homecheck.catalog.flags.values():
                    if flag.group != group:
                        group = flag.group
                        yield Label(group, classes="flag-group")
                    yield SwitchBox(
                        rules.flag_label(flag, audience),
                        value=flag.id in client.flags,
                        id=f"flag-{flag.id}",
                        classes="flag",
                    )
        with Vertical(id="client-visits"):
            yield Label(
                "Visits and findings  (click or Enter opens; v new visit; u follow-up)",
                classes="pane-title",
            )
            yield RowTable(id="visits", cursor_type="row")
            yield Label("* changed after it was completed", id="visits-legend")
            yield Label(
                "Reports  (click or Enter opens one; f opens the folder)",
                classes="pane-title",
                id="reports-title",
            )
            yield RowTable(id="reports", cursor_type="row")
        # Details save as they are typed: Ctrl+S is the key to leave out at 80 columns.
        yield KeyFooter(spare=("save-client",))

    def on_mount(self) -> None:
        self.sub_title = self.client.name
        table = self.query_one("#visits", DataTable)
        table.add_column("Date", key="date", width=10)
        table.add_column("Status", key="status", width=12)
        table.add_column("High", key="high", width=4)
        table.add_column("Med", key="medium", width=4)
        table.add_column("Low", key="low", width=4)
        table.add_column("Follow-up of", key="follows", width=12)
        table.add_column("Assessor", key="assessor", width=36)
        table.add_column("Mode", key="mode")
        reports = self.query_one("#reports", DataTable)
        reports.add_column("Date", key="date", width=10)
        # At 80 columns the file's name (which has the kind in it) is the one shown whole.
        kind_width = 30 if self.app.size.width >= 100 else 18
        reports.add_column("Kind", key="kind", width=kind_width)
        reports.add_column("File", key="file")
        self._first_to_fill().focus()

    def set_focus(
        self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False
    ) -> None:
        """A field scrolls into view with its label (`on_descendant_focus`), not through
        Textual's own scroll: that one is animated, and when it ended after ours the form
        stayed a line down, its title (or the field's label) out of sight at 80x24."""
        if widget is not None and _is_field(widget):
            scroll_visible = False
        super().set_focus(widget, scroll_visible, from_app_focus)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A field is shown with its label: Textual scrolls just the box into view, and on
        a short screen the label above it stayed scrolled away."""
        parent = event.widget.parent
        if not (_is_field(event.widget) and isinstance(parent, Widget)):
            return
        if event.widget.id in _TOP_FIELDS:
            # Near the top: the form from its title down, as it first shows.
            for scroller in (self.query_one("#client-body"), self.query_one("#client-details")):
                self.call_after_refresh(scroller.scroll_home, animate=False)
        else:
            self.call_after_refresh(parent.scroll_visible, animate=False)

    def _first_to_fill(self) -> Widget:
        """A new client's first empty detail after the name, since the name was just typed;
        a client with visits starts on the visits, what one comes back to a client for."""
        table = self.query_one("#visits", DataTable)
        if self.homecheck.store.list_visits(self.client_id):
            return table
        for field, _ in _FIELDS:
            box = self.query_one(f"#field-{field}", Input)
            if not box.value:
                return box
        return table

    def on_screen_resume(self) -> None:
        """Runs on the first show too: the one place the visits and reports are loaded, so
        a report written on the review (or from the command line) shows on return.

        A report written while away is what one comes back for: the list takes the focus
        with such a report highlighted (of the newest visit), so Enter opens it."""
        listed = set(self.reports) if self._resumed else None
        self._resumed = True
        self.refresh_visits()
        self.refresh_reports()
        new = [key for key in self.reports if listed is not None and key not in listed]
        if new:
            table = self.query_one("#reports", DataTable)
            table.move_cursor(row=table.get_row_index(new[0]))  # the newest visit's first
            table.focus()

    def refresh_visits(self) -> None:
        """Newest first, each with its findings by priority, so the trend reads downwards."""
        table = self.query_one("#visits", DataTable)
        highlighted = self._highlighted_visit_id()
        table.clear()
        visits = self.homecheck.store.list_visits(self.client_id)
        dates = {visit.id: visit.visit_date for visit in visits}
        self.finding_counts = {visit.id: self._count_findings(visit) for visit in visits}
        for row, visit in enumerate(visits):
            status = "in progress" if visit.status is VisitStatus.IN_PROGRESS else "completed"
            if visit.amended:
                status += "*"
            assessor = (
                f"{visit.assessor} ({visit.role.label})" if visit.assessor else visit.role.label
            )
            counts = self.finding_counts[visit.id]
            follows = dates.get(visit.previous_visit_id) if visit.previous_visit_id else None
            table.add_row(
                visit.visit_date.isoformat(),
                status,
                *(str(counts[p]) for p in Priority),
                follows.isoformat() if follows else "",
                cell(assessor),
                visit.mode.label,
                key=str(visit.id),
            )
            if visit.id == highlighted:
                table.move_cursor(row=row)
        self.query_one("#visits-legend", Label).display = any(v.amended for v in visits)

    def refresh_reports(self) -> None:
        """The reports folder's files named for this client's visits, newest visit first."""
        table = self.query_one("#reports", DataTable)
        visits = {v.id: v.visit_date for v in self.homecheck.store.list_visits(self.client_id)}
        self.reports = {
            str(report.path): report
            for report in find_reports(self.homecheck.config.reports_dir, visits)
        }
        table.clear()
        for key, report in self.reports.items():
            when = report.visit_date or visits[report.visit_id]
            kind = cell(report.kind.label)
            kind.no_wrap, kind.overflow = True, "ellipsis"
            table.add_row(when.isoformat(), kind, cell(report.path.name), key=key)
        if not self.reports:
            table.add_row("", "No reports yet.", "r or g on a visit's review writes one.")

    def _count_findings(self, visit: Visit) -> dict[Priority, int]:
        """Findings as the review counts them: this client's priorities, the visit's sections."""
        catalog = self.homecheck.catalog
        found = rules.findings(
            catalog,
            rules.visit_sections(catalog, visit.sections),
            self.client.flags,
            self.homecheck.store.responses(visit.id),
        )
        return rules.priority_counts(found)

    def _highlighted_visit_id(self) -> int | None:
        table = self.query_one("#visits", DataTable)
        if not table.row_count:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return int(row_key.value) if row_key.value is not None else None

    # -- saving ------------------------------------------------------------------------

    def _collect(self) -> Client | None:
        """The form as a Client, or None after showing each problem next to its field."""
        values = {f: self.query_one(f"#field-{f}", Input).value for f, _ in _FIELDS}
        problems = dict.fromkeys(_CHECKED_FIELDS, "")
        if not values["name"].strip():
            problems["name"] = "A client needs a name."
        try:
            birth = parse_birth_date(values["birth_date"], date.today())
        except ValueError as problem:
            problems["birth_date"], birth = str(problem), None
        for field, said in problems.items():
            self._say(field, said)
        if any(problems.values()):
            return None
        flags = frozenset(
            box.id.removeprefix("flag-")
            for box in self.query(".flag").results(Checkbox)
            if box.value and box.id
        )
        # The stored client with the form's details: what the form does not show (its uuid,
        # when it last changed) is kept, so an unchanged form equals it and is not written.
        return replace(
            self.client,
            name=values["name"].strip(),
            birth_date=birth,
            address=self._text(values, "address"),
            contact=self._text(values, "contact"),
            caregiver=self._text(values, "caregiver"),
            notes=self._text(values, "notes"),
            flags=flags,
        )

    def _say(self, field: str, problem: str) -> None:
        """Show `problem` under `field` (empty: none). Only a change is drawn: this runs on
        every key typed, and each update lays the whole screen out again."""
        label = self.query_one(f"#error-{field}", Label)
        if str(label.content) != problem:
            label.update(problem)
            label.display = bool(problem)

    def _text(self, values: dict[str, str], field: str) -> str:
        """The typed text, or the stored (perhaps multi-line) text when left as shown."""
        stored: str = getattr(self.client, field)
        return stored if values[field] == _one_line(stored) else values[field].strip()

    def _save(self, *, quiet: bool = False) -> bool:
        client = self._collect()
        if client is None:
            return False
        if client == self.client:
            return True
        try:
            self.client = self.homecheck.store.update_client(client)
        except StoreError as error:
            self.homecheck.show_error(str(error))
            return False
        self.sub_title = self.client.name
        if not quiet:
            self.notify("Saved.", timeout=2)
        return True

    def action_save(self) -> None:
        self._save()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Saved at once, and said: a switch that shapes the advice never changes unseen."""
        box = event.checkbox
        name = box.text if isinstance(box, SwitchBox) else str(box.label)
        state = "on" if event.value else "off"
        if self._save(quiet=True):
            self.notify(f"{name}: {state}", timeout=3)
        else:
            self.notify(f"{name}: {state}, saved once the marked field is fixed.", timeout=5)

    def on_input_changed(self, event: Input.Changed) -> None:
        """Details save as they are typed (when valid), so quitting loses nothing."""
        self._save(quiet=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._save()

    def action_back(self) -> None:
        if self._save(quiet=True):
            self.app.pop_screen()
        else:
            self.notify("Fix the marked field, or correct it before leaving.", severity="warning")

    # -- visits ------------------------------------------------------------------------

    def action_new_visit(self) -> None:
        if self._save(quiet=True):
            self.homecheck.start_visit(self.client_id)

    def action_resume(self) -> None:
        visit = self.homecheck.store.open_visit(self.client_id)
        if visit is None:
            self.notify("No visit in progress. v starts one.")
            return
        self._open_visit(visit.id)

    def action_follow_up(self) -> None:
        """Follow up the highlighted visit when it is completed, else the latest completed one."""
        store = self.homecheck.store
        highlighted = self._highlighted_visit_id()
        visits = store.list_visits(self.client_id)
        chosen = next(
            (v for v in visits if v.id == highlighted and v.status is VisitStatus.COMPLETED),
            None,
        ) or next((v for v in visits if v.status is VisitStatus.COMPLETED), None)
        if chosen is None:
            self.notify(
                "No completed visit to follow up yet. Complete a visit (c on its review) first.",
                severity="warning",
            )
            return
        if self._save(quiet=True):
            self.homecheck.start_visit(self.client_id, follow_up_of=chosen.id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "reports":
            report = self.reports.get(str(event.row_key.value))
            if report is not None:
                self._open(report.path)
        elif event.row_key.value is not None:
            self._open_visit(int(event.row_key.value))

    # -- reports -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`f` belongs to the reports list: elsewhere it is a letter like any other."""
        if action == "open_folder":
            return self.focused is not None and self.focused.id == "reports"
        return True

    def action_open_folder(self) -> None:
        folder = self.homecheck.config.reports_dir
        try:
            ensure_private_dir(folder)
        except OSError:
            self.notify("The reports folder cannot be made.", severity="error")
            return
        self._open(folder)

    def _open(self, path: Path) -> None:
        """Handed to the system's viewer (in a browser, to the browser), and said: the
        viewer may take a while to show, and without a word Enter looks as if it did nothing."""
        problem = opener.open_path(path, app=self.app)
        if problem is None and opener.in_browser(self.app) and path.is_file():
            self.notify(
                f"Opening {path.name} in a new browser tab … If none opens, allow pop-ups"
                " for this page.",
                timeout=8,
            )
        elif problem is None:
            self.notify(f"Opening {path.name} …", timeout=4)
        else:
            folder = self.homecheck.config.reports_dir
            self.notify(f"{problem} The reports are in {folder}", severity="warning", timeout=15)

    def _open_visit(self, visit_id: int) -> None:
        if not self._save(quiet=True):
            return
        visit = self.homecheck.store.get_visit(visit_id)
        if visit.status is VisitStatus.IN_PROGRESS:
            self.homecheck.open_visit(visit_id)
        else:
            self.homecheck.open_review(visit_id)
