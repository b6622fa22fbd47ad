"""Who will fix a finding, by when, and when it was done: the action log's one entry.

Dates are typed (YYYY-MM-DD) rather than picked: faster on a keyboard, and a wrong one is
refused next to its field before anything is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from homecheck.dates import parse_date
from homecheck.display import visible
from homecheck.model import Action, ActionOwner
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.visible_text import VisibleControls


@dataclass(frozen=True, slots=True)
class ActionChoice:
    """What to record. None as owner means: remove the finding's action."""

    owner: ActionOwner | None
    """Who took the fix on; None removes the action."""
    target_date: date | None = None
    done_date: date | None = None
    note: str = ""


def describe_action(action: Action | None, *, short: bool = False) -> str:
    """'Family by 2026-12-01 — done 2026-11-30 — note'; `short` for a table column:
    'Family by 2026-12-01' while open, 'done 2026-11-30' once done."""
    if action is None:
        return ""
    owner = action.owner.label
    if action.target_date:
        owner += f" by {action.target_date.isoformat()}"
    done = f"done {action.done_date.isoformat()}" if action.done_date else ""
    if short:
        return done or owner
    return " — ".join(part for part in (owner, done, action.note) if part)


_DATE_FIELDS = (("target", "By (date)"), ("done", "Done on"))


class ActionDialog(ModalScreen[ActionChoice | None], StyledOnce[ActionChoice | None]):
    """Returns the choice, or None when cancelled. Save needs who; both dates may be empty."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="save-action"),
        Binding("escape", "cancel", "Cancel", id="cancel"),
    ]

    def __init__(self, what: str, current: Action | None = None) -> None:
        super().__init__(classes="dialog")
        self.what = what
        self.current = current

    def compose(self) -> ComposeResult:
        current = self.current
        with Vertical(classes="dialog-box"):
            yield Label("Action on this finding", classes="dialog-title")
            yield Static(visible(self.what), markup=False, classes="dialog-hint")
            with Horizontal(classes="form-row"):
                yield Label("Who", classes="form-label")
                yield Select(
                    [(owner.label, owner.value) for owner in ActionOwner],
                    prompt="Choose who",
                    value=current.owner.value if current else Select.NULL,
                    id="owner",
                    compact=True,
                )
                yield Label("", id="error-owner", classes="field-error")
            values = {
                "target": current.target_date if current else None,
                "done": current.done_date if current else None,
            }
            for field, label in _DATE_FIELDS:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    value = values[field]
                    yield Input(
                        value.isoformat() if value else "",
                        placeholder="YYYY-MM-DD",
                        id=f"{field}-date",
                        classes="date-input",
                        compact=True,
                    )
                    yield Label("", id=f"error-{field}", classes="field-error")
            with Horizontal(classes="form-row"):
                yield Label("Note", classes="form-label")
                yield Input(
                    current.note if current else "",
                    placeholder="Optional, e.g. quote asked for",
                    id="note",
                    compact=True,
                    highlighter=VisibleControls(),
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Remove action", id="remove", disabled=current is None)
                yield Button("Cancel", id="cancel")
        # Its own keys at the foot, not those of the screen under it ("s Safe" types an s).
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#owner", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "remove":
            self.dismiss(ActionChoice(None))
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        ok = True
        owner_value = self.query_one("#owner", Select).value
        owner_error = self.query_one("#error-owner", Label)
        if isinstance(owner_value, str):
            owner_error.update("")
        else:
            owner_error.update("Choose who will do it.")
            ok = False
        dates: dict[str, date | None] = {}
        for field, _ in _DATE_FIELDS:
            error = self.query_one(f"#error-{field}", Label)
            try:
                dates[field] = parse_date(self.query_one(f"#{field}-date", Input).value)
            except ValueError as problem:
                error.update(str(problem))
                ok = False
            else:
                error.update("")
        if not ok or not isinstance(owner_value, str):
            return
        self.dismiss(
            ActionChoice(
                ActionOwner(owner_value),
                target_date=dates["target"],
                done_date=dates["done"],
                note=self.query_one("#note", Input).value.strip(),
            )
        )
