"""The first run: what homecheck does, and who is checking (a family caregiver or a
professional), since that decides the wording and which sections a visit starts with."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from homecheck.settings import Checker
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.title_bar import TitleBar

WELCOME_TEXT = (
    "homecheck helps you look for what could make someone fall at home, room by room, "
    "and for what makes a fall more likely for them. Every answer is saved as you give "
    "it. At the end it writes a list of what to fix first, as a PDF you can print."
)

CHOICES = {
    Checker.CAREGIVER: (
        "I am checking the home of someone I help",
        "Plain words: the rooms, and questions about the person.",
        "The movements a therapist watches stay in the list, unticked.",
    ),
    Checker.PROFESSIONAL: (
        "I am a therapist or professional",
        "Clinical wording: sections chosen from the client's profile,",
        "observed movement tasks included.",
    ),
}
"""Each way in: its title, then two lines (each fits 80 columns) on what it changes."""


class WelcomeScreen(StyledOnce[Checker | None]):
    """Two ways in; dismissed with the choice. `changing`: opened again from the client
    list to change an earlier choice, so Escape keeps it; on the first run there is no
    way round the question but quitting."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose('caregiver')", "Someone I help", id="choose-caregiver"),
        Binding("2", "choose('professional')", "Professional", id="choose-professional"),
        Binding("escape", "keep", "Keep as is", id="keep-checker"),
    ]

    def __init__(self, *, current: Checker | None = None, changing: bool = False) -> None:
        super().__init__()
        self.current = current
        self.changing = changing

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="welcome-body"):
            yield Static(WELCOME_TEXT, id="welcome-text")
            yield Static("Who is checking? (Enter or 1 / 2)", id="welcome-question")
            yield OptionList(
                *(
                    Option(
                        f"{number}  {title}{'  (now)' if checker is self.current else ''}\n"
                        f"   {first}\n   {second}",
                        id=checker.value,
                    )
                    for number, (checker, (title, first, second)) in enumerate(CHOICES.items(), 1)
                ),
                id="welcome-choices",
            )
            yield Static(
                "Escape keeps the choice as it is."
                if self.changing
                else "You can change this later with W on the client list.",
                id="welcome-later",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Who is checking" if self.changing else "Welcome"
        choices = self.query_one(OptionList)
        if self.current is not None:
            choices.highlighted = list(CHOICES).index(self.current)
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_choose(event.option.id)

    def action_choose(self, checker: str) -> None:
        self.dismiss(Checker(checker))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape only where there is a choice to keep."""
        return self.changing if action == "keep" else True

    def action_keep(self) -> None:
        self.dismiss(None)
