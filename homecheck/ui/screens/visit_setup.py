"""Start a visit: date, assessor, mode, and which sections apply to this home and client."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, SelectionList
from textual.widgets.selection_list import Selection

from homecheck import rules
from homecheck.model import AssessorRole, SectionKind, VisitMode
from homecheck.store import StoreError

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp

_KIND_LABEL = {
    SectionKind.PERSON: "person",
    SectionKind.HOME: "home",
    SectionKind.BODY_MECHANICS: "task",
}


def _today() -> date:
    """Today's date; a function so tests can freeze the clock."""
    return date.today()


def _count(items: int) -> str:
    return f"{items} item" if items == 1 else f"{items} items"


class VisitSetupScreen(Screen[None]):
    """Defaults: today, the last assessor, in person, sections from the client's profile."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start visit", id="start-visit"),
        Binding("escape", "app.pop_screen", "Cancel", id="cancel-setup"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    def compose(self) -> ComposeResult:
        store, catalog = self.homecheck.store, self.homecheck.catalog
        client = store.get_client(self.client_id)
        assessor, role = store.last_assessor()
        included = set(rules.default_sections(catalog, client.flags))
        yield Header()
        with Horizontal(id="setup-body"):
            with VerticalScroll(id="setup-form"):
                yield Label("Visit", classes="pane-title")
                yield Label("Date (YYYY-MM-DD)", classes="field-label")
                yield Input(_today().isoformat(), id="visit-date", compact=True)
                yield Label("", id="error-date", classes="field-error")
                yield Label("Assessor", classes="field-label")
                yield Input(assessor, placeholder="Your name", id="assessor", compact=True)
                yield Label("Role", classes="field-label")
                yield Select(
                    [(r.label, r.value) for r in AssessorRole],
                    value=(role or AssessorRole.OT).value,
                    allow_blank=False,
                    id="role",
                )
                yield Label("Mode", classes="field-label")
                yield Select(
                    [(m.label, m.value) for m in VisitMode],
                    value=VisitMode.IN_PERSON.value,
                    allow_blank=False,
                    id="mode",
                )
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Start visit (Ctrl+S)", variant="primary", id="start")
            with Vertical(id="setup-sections"):
                yield Label(
                    "Sections for this home and client (Space toggles). Untick rooms the home "
                    "does not have and tasks you will not observe.",
                    classes="pane-title",
                )
                yield SelectionList[str](
                    *(
                        Selection(
                            f"{section.title}  ({_KIND_LABEL[section.kind]},"
                            f" {_count(len(rules.applicable_items(section, client.flags)))})",
                            section.id,
                            section.id in included,
                        )
                        for section in catalog.sections
                    ),
                    id="sections",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "New visit"
        self.query_one("#assessor", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        from homecheck.ui.screens.visit import VisitScreen

        text = self.query_one("#visit-date", Input).value.strip()
        error = self.query_one("#error-date", Label)
        try:
            visit_date = date.fromisoformat(text)
        except ValueError:
            error.update("Use the form YYYY-MM-DD.")
            return
        error.update("")
        sections = self.query_one("#sections", SelectionList).selected
        if not sections:
            self.notify("Choose at least one section.", severity="warning")
            return
        role = AssessorRole(str(self.query_one("#role", Select).value))
        mode = VisitMode(str(self.query_one("#mode", Select).value))
        try:
            visit = self.homecheck.store.start_visit(
                self.client_id,
                visit_date=visit_date,
                sections=[s.id for s in self.homecheck.catalog.sections if s.id in sections],
                content_hash=self.homecheck.catalog.content_hash,
                assessor=self.query_one("#assessor", Input).value,
                role=role,
                mode=mode,
            )
        except StoreError as problem:
            self.homecheck.show_error(str(problem))
            return
        self.app.switch_screen(VisitScreen(visit.id))
