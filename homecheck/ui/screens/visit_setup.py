"""Start a visit: date, assessor, mode, and which sections apply to this home and client."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, SelectionList
from textual.widgets.selection_list import Selection

from homecheck import rules, settings
from homecheck.dates import parse_date
from homecheck.display import counted
from homecheck.model import AssessorRole, Audience, Client, SectionKind, Visit, VisitMode
from homecheck.store import StoreError
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.check_marks import TickList
from homecheck.ui.widgets.form_column import FormColumn
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.title_bar import TitleBar
from homecheck.ui.widgets.visible_text import VisibleControls

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


class SetupField(Input):
    """A text field of the setup: Ctrl+S starts the visit from it, and Enter moves on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "screen.start_from_field", "Start visit", id="field-start-visit"),
        Binding("enter", "submit", "Next field", id="field-next"),
    ]


class NameField(SetupField):
    """The assessor's name: Enter takes the cursor on to the sections."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "To the sections", id="name-to-sections"),
    ]


class VisitSetupScreen(StyledOnce[None]):
    """Defaults: today, the last assessor, in person, sections from the client's profile.

    A follow-up starts from the visit it follows: its sections, plus every section that
    holds one of its findings, since those are re-checked first and must count.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Letters only out of the text fields (check_action): in one they are typed, and
        # its own keys take the footer (Ctrl+S to start, Enter to move on).
        Binding("s,ctrl+s", "start", "Start visit", id="start-visit"),
        Binding("escape", "app.pop_screen", "Cancel", id="cancel-setup"),
        Binding("x", "tick('none')", "Untick all", id="tick-none"),
        Binding("r", "tick('rooms')", "Rooms only", id="tick-rooms"),
        Binding("a", "tick('all')", "Tick all", id="tick-all"),
    ]

    def __init__(self, client_id: int, *, previous_visit_id: int | None = None) -> None:
        super().__init__()
        self.client_id = client_id
        self.previous_visit_id = previous_visit_id
        """The completed visit this one follows up, if any."""
        self.recheck_sections: dict[str, int] = {}
        """For a follow-up: findings to re-check, per section id (those sections stay in)."""

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    def compose(self) -> ComposeResult:
        store, catalog = self.homecheck.store, self.homecheck.catalog
        client = store.get_client(self.client_id)
        checker = self.homecheck.settings.checker
        assessor, last_role = store.last_assessor()
        role = settings.default_role(checker, last_role)
        # A caregiver's visit is in plain words (VisitScreen follows the role): so is this.
        audience = Audience.of(plain=role is AssessorRole.CAREGIVER)
        included = set(settings.default_sections(catalog, client.flags, checker))
        previous, self.recheck_sections = self._follow_up(client)
        if previous is not None:
            included = set(previous.sections) | set(self.recheck_sections)
        yield TitleBar()
        with Horizontal(id="setup-body"):
            with FormColumn(id="setup-form"):
                yield Label("Visit", classes="pane-title")
                if previous is not None:
                    count = sum(self.recheck_sections.values())
                    yield Label(
                        f"Follow-up of the visit of {previous.visit_date.isoformat()}"
                        f" ({counted(count, 'finding')} to re-check first)",
                        id="follow-up-of",
                    )
                yield Label("Date (YYYY-MM-DD)", classes="field-label")
                yield SetupField(_today().isoformat(), id="visit-date", compact=True)
                yield Label("", id="error-date", classes="field-error")
                # A family member is not an "assessor": they are asked for their own name.
                yield Label("Your name" if audience.plain else "Assessor", classes="field-label")
                yield NameField(
                    assessor,
                    placeholder="Your name, then Enter",
                    id="assessor",
                    compact=True,
                    highlighter=VisibleControls(),
                )
                yield Label("Role", classes="field-label")
                yield Select(
                    [(r.label, r.value) for r in AssessorRole],
                    value=role.value,
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
                    yield Button("Start visit (s)", variant="primary", id="start")
            with Vertical(id="setup-sections"):
                yield Label(
                    "Sections for this home and client (Space or a click ticks). Untick rooms"
                    " the home "
                    + (
                        "does not have. Movements a therapist watches are left unticked."
                        if audience is Audience.HOUSEHOLD
                        else "does not have and tasks you will not observe."
                    ),
                    classes="pane-title",
                )
                # To check three rooms: untick all (or keep the rooms only), then tick them.
                with Horizontal(id="tick-buttons"):
                    yield Button("Untick all (x)", id="tick-none", compact=True)
                    yield Button("Rooms only (r)", id="tick-rooms", compact=True)
                    yield Button("Tick all (a)", id="tick-all", compact=True)
                yield TickList(
                    *(
                        Selection(
                            f"{rules.title(section, audience)}  ({_KIND_LABEL[section.kind]}, "
                            + counted(len(rules.applicable_items(section, client.flags)), "item")
                            + ")"
                            + self._recheck_mark(section.id),
                            section.id,
                            section.id in included,
                        )
                        for section in catalog.sections
                    ),
                    id="sections",
                )
        yield KeyFooter()

    def _follow_up(self, client: Client) -> tuple[Visit | None, dict[str, int]]:
        """The visit followed up (if any) and its findings to re-check, counted per section."""
        if self.previous_visit_id is None:
            return None, {}
        store, catalog = self.homecheck.store, self.homecheck.catalog
        previous = store.get_visit(self.previous_visit_id)
        recheck = rules.recheck_section(catalog, store.responses(previous.id), client.flags)
        per_section: dict[str, int] = {}
        for item in recheck.items if recheck else ():
            per_section[item.section_id] = per_section.get(item.section_id, 0) + 1
        return previous, per_section

    def _recheck_mark(self, section_id: str) -> str:
        count = self.recheck_sections.get(section_id, 0)
        return f"  ◆ {count} to re-check" if count else ""

    def on_mount(self) -> None:
        self.sub_title = "Follow-up visit" if self.previous_visit_id else "New visit"
        # The first field to fill: the date is today's, so the assessor's name unless it
        # is remembered; then the sections, the one choice left to make.
        assessor = self.query_one("#assessor", Input)
        (assessor if not assessor.value.strip() else self.query_one("#sections")).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a text field the letter keys are typed, so the footer leaves them out."""
        if action in ("start", "tick"):
            return not isinstance(self.focused, Input)
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on: from the date to the name, from the name to the sections, where
        x, r and a work (the name is typed first, so a letter never lands in it)."""
        event.stop()
        if event.input.id == "visit-date":
            self.query_one("#assessor").focus()
        else:
            self.query_one("#sections").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("tick-"):
            self.action_tick(event.button.id.removeprefix("tick-"))
        else:
            self.action_start()

    def action_tick(self, which: str) -> None:
        """Tick every section, none, or the home's rooms and areas only; the choice is
        said, since the list may be scrolled away from what changed."""
        sections = self.query_one("#sections", SelectionList)
        kinds = {section.id: section.kind for section in self.homecheck.catalog.sections}
        if which == "all":
            sections.select_all()
            said = "Every section ticked."
        elif which == "rooms":
            sections.deselect_all()
            for section_id, kind in kinds.items():
                if kind is SectionKind.HOME:
                    sections.select(section_id)
            said = "Rooms and areas of the home ticked, nothing else. Space ticks more."
        else:
            sections.deselect_all()
            said = "Every section unticked. Space ticks the ones to check."
        if self.recheck_sections and which != "all":
            said += " Sections with findings to re-check are kept."
        sections.focus()
        self.notify(said, timeout=4)

    def action_start_from_field(self) -> None:
        """Ctrl+S in a text field: the same start, shown in the footer while `s` is typed."""
        self.action_start()

    def action_start(self) -> None:
        text = self.query_one("#visit-date", Input).value.strip()
        error = self.query_one("#error-date", Label)
        try:
            visit_date = parse_date(text)
        except ValueError:
            visit_date = None
        if visit_date is None:
            error.update("Use the form YYYY-MM-DD.")
            return
        error.update("")
        if self.previous_visit_id is not None:
            previous = self.homecheck.store.get_visit(self.previous_visit_id)
            if visit_date < previous.visit_date:
                error.update(
                    f"A follow-up cannot be dated before {previous.visit_date.isoformat()}."
                )
                return
        sections = set(self.query_one("#sections", SelectionList).selected)
        kept = set(self.recheck_sections) - sections
        if kept:
            titles = ", ".join(s.title for s in self.homecheck.catalog.sections if s.id in kept)
            self.notify(f"Kept {titles}: findings there are re-checked first.", timeout=5)
            sections |= kept
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
                previous_visit_id=self.previous_visit_id,
            )
        except StoreError as problem:
            self.homecheck.show_error(str(problem))
            return
        self.homecheck.visit_started(visit.id)
