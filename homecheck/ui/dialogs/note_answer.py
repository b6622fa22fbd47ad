"""A note on an item not yet answered, saved with its answer in the same dialog.

An answer row cannot hold a note alone (unanswered means no row: progress, the reports and
the export all read a row as answered), so the note is saved with the answer chosen here.
"Don't know" is the answer for a note taken before deciding: the reports list the item as
still to check, with its note.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from homecheck.display import visible
from homecheck.model import ANSWER_KEYS, Answer, SectionKind, answer_label
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.visit_keys import answer_bindings
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.visible_text import VisibleTextArea


@dataclass(frozen=True, slots=True)
class NoteAnswer:
    """The note typed and the answer it is saved with."""

    answer: Answer
    note: str

    def changes(self) -> dict[str, Any]:
        """As the store's save_response takes them."""
        return {"answer": self.answer, "note": self.note}


class NoteAnswerDialog(ModalScreen[NoteAnswer | None], StyledOnce[NoteAnswer | None]):
    """Type the note, then the answer's key (after Tab or Ctrl+S): one dialog, one save.

    Returns the note and its answer, or None when cancelled. While the note has the cursor
    its letters are typed, so the footer offers Tab and Ctrl+S there, the answer keys
    once the cursor is on the answers."""

    DEFAULT_CSS = """
    /* Four answers and Cancel on one line at 80 columns. */
    NoteAnswerDialog #note-answers Button { min-width: 0; margin-right: 2; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *answer_bindings("note-answer"),
        Binding("ctrl+s", "to_answers", "Choose the answer", id="note-to-answers"),
        Binding("escape", "cancel", "Cancel", id="cancel-note-answer"),
    ]

    def __init__(self, kind: SectionKind, hint: str = "", text: str = "") -> None:
        super().__init__(classes="dialog")
        self.kind = kind
        self.hint = hint
        self.text = text
        """The note as typed before: a save the store refused opens the dialog again."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box dialog-wide"):
            yield Label("Note (the item is not answered yet)", classes="dialog-title")
            if self.hint:
                yield Static(visible(self.hint), markup=False, classes="dialog-hint")
            yield VisibleTextArea(self.text, id="text", soft_wrap=True, show_line_numbers=False)
            unknown = answer_label(self.kind, Answer.UNKNOWN)
            yield Static(
                f"Saved with an answer: Tab, then its key. Not sure yet? {unknown} (d):"
                " the reports list the item as still to check, with the note.",
                id="note-answer-hint",
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons", id="note-answers"):
                for answer, letter, _digit in ANSWER_KEYS:
                    yield Button(
                        f"{answer_label(self.kind, answer)} ({letter})",
                        id=f"answer-{answer.value}",
                        compact=True,
                        variant="primary" if answer is Answer.UNKNOWN else "default",
                    )
                yield Button("Cancel (Esc)", id="cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Answer keys out of the note only (in it they are typed), worded for this kind."""
        typing = isinstance(self.focused, TextArea)
        if action == "answer":
            return not typing and len(parameters) == 2 and parameters[1] == self.kind.value
        if action == "to_answers":
            return typing
        return True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id or ""
        if button.startswith("answer-"):
            self.action_answer(button.removeprefix("answer-"))
        else:
            self.action_cancel()

    def action_answer(self, value: str, kind: str = "") -> None:
        """Save the note with this answer; `kind` only picks the binding's words."""
        self.dismiss(NoteAnswer(Answer(value), self.query_one(TextArea).text.strip()))

    def action_to_answers(self) -> None:
        self.query_one(f"#answer-{Answer.UNKNOWN.value}", Button).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


def note_editor(
    kind: SectionKind, hint: str, text: str, *, answered: bool
) -> ModalScreen[str | None] | NoteAnswerDialog:
    """The note's dialog: the plain editor on an answered item, else this one, which asks
    for the answer the note is saved with."""
    from homecheck.ui.dialogs.text_entry import TextEntryDialog

    if answered:
        return TextEntryDialog("Note", text, hint)
    return NoteAnswerDialog(kind, hint, text)
