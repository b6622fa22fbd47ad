"""The home screen: find a client as you type, visits in progress first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList, Static

from homecheck.settings import Checker
from homecheck.store import StoreError
from homecheck.ui.styled_once import StyledOnce
from homecheck.ui.widgets.client_list import ClientList, client_header
from homecheck.ui.widgets.key_footer import KeyFooter
from homecheck.ui.widgets.title_bar import TitleBar
from homecheck.ui.widgets.visible_text import VisibleControls

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp

LIST_LIMIT = 200
# Clients listed before the first frame: a screenful. The rest follow straight after it.
FIRST_FRAME_LIMIT = 40


class HomeScreen(StyledOnce[None]):
    """Clients with search; Enter or a click opens one, n adds one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_client", "New client", id="new-client"),
        Binding("enter", "open_client", "Open", id="open-client"),
        Binding("slash", "focus_search", "Search", id="search"),
        Binding("w", "who_is_checking", "Who checks", id="who-is-checking"),
        # The App's Ctrl+T, as a letter: a browser keeps Ctrl+T (a new tab) to itself.
        Binding("c", "app.toggle_contrast", "Contrast", id="contrast-home"),
        Binding("escape", "clear_search", "Clear search", show=False, id="clear-search"),
        Binding("q", "app.quit", "Quit", id="quit-home"),
    ]

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(
            placeholder="Search by name or address  ( / )",
            id="search",
            highlighter=VisibleControls(),
        )
        yield Static(client_header(), id="clients-header")
        # Above the list, which is hidden while empty: the hint shows at the top, where no
        # message (they show at the bottom right) ever covers it.
        yield Static("", id="clients-empty")
        yield ClientList(id="clients")
        yield KeyFooter(spare=("contrast-home",))

    _shown = False

    def on_mount(self) -> None:
        self.sub_title = "Clients"
        self.query_one(ClientList).focus()

    def on_screen_resume(self) -> None:
        """Also runs when the screen is first shown: the one place the list is filled.

        On the first show, a screenful first so the first frame comes quickly, and the
        full list right after; coming back, the full list at once.
        """
        if self._shown:
            self.refresh_clients()
            return
        self._shown = True
        self.refresh_clients(limit=FIRST_FRAME_LIMIT)
        self.call_after_refresh(self.refresh_clients)

    def refresh_clients(self, limit: int = LIST_LIMIT) -> None:
        search = self.query_one("#search", Input).value
        try:
            overviews = self.homecheck.store.client_overviews(search, limit=limit)
        except StoreError as error:
            self.homecheck.show_error(str(error))
            return
        clients = self.query_one(ClientList)
        clients.show(overviews)
        empty = self.query_one("#clients-empty", Static)
        empty.display = not overviews
        if overviews:
            empty.update("")
        elif search.strip():
            empty.update("No client matches. Press Escape to clear the search.")
        else:
            empty.update(self._empty_text())

    def _empty_text(self) -> str:
        """What to do first; a family member is told in words that fit them, without the
        command line (a terminal command means nothing to someone new to one)."""
        if self.homecheck.settings.checker is Checker.CAREGIVER:
            return "No one added yet. Press n to add the person whose home you are checking."
        return "No clients yet. Press n to add one, or run `homecheck demo` for an example."

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_clients()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        clients = self.query_one(ClientList)
        if clients.option_count:
            clients.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._open(int(event.option.id))

    def action_open_client(self) -> None:
        client_id = self.query_one(ClientList).selected_client_id()
        if client_id is not None:
            self._open(client_id)

    def _open(self, client_id: int) -> None:
        self.homecheck.open_client(client_id)

    def action_new_client(self) -> None:
        self.homecheck.new_client()

    def action_who_is_checking(self) -> None:
        self.homecheck.ask_who_is_checking(changing=True)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        self.query_one(ClientList).focus()
