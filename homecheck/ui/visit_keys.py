"""The visit screen's keys: the answer keys worded for each kind of section, and the rest.

Kept apart from the screen: what each key says in the footer, its tooltip and its id (the
help and the footer's packing name keys by id) are read and changed on their own.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from homecheck.model import ANSWER_KEYS, SectionKind, answer_label, answer_meaning


def answer_bindings(id_prefix: str = "answer") -> list[BindingType]:
    """The answer keys once per section kind, each worded for its kind ("Unsafe" for an
    observed task, "Fixed" in the re-check section); check_action shows the set for the
    section on screen, so the footer always says what the keys mean here. The visit and
    the note dialog use them, with their own `id_prefix`.

    The footer has the short label, so that every key fits at 80 columns; the section's
    head and the key's tooltip give the meaning in plain words ("Does not apply here")."""
    return [
        Binding(
            f"{letter},{digit}",
            f"answer('{answer.value}', '{kind.value}')",
            answer_label(kind, answer),
            tooltip=answer_meaning(kind, answer),
            id=f"{id_prefix}-{kind.value}-{answer.value}",
        )
        for kind in SectionKind
        for answer, letter, digit in ANSWER_KEYS
    ]


VISIT_KEYS: list[BindingType] = [
    # The screen's check_action shows only the answer keys of the section on screen.
    *answer_bindings(),
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
