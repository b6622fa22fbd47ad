"""The home screen: find a client as you type, visits in progress first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from homecheck.store import StoreError

if TYPE_CHECKING:
    from homecheck.ui.app import HomecheckApp

LIST_LIMIT = 200


class HomeScreen(Screen[None]):
    """Clients with search; Enter opens one, N adds one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_client", "New client", id="new-client"),
        Binding("enter", "open_client", "Open", id="open-client"),
        Binding("slash", "focus_search", "Search", id="search"),
        Binding("escape", "clear_search", "Clear search", show=False, id="clear-search"),
        Binding("q", "app.quit", "Quit", id="quit-home"),
    ]

    @property
    def homecheck(self) -> HomecheckApp:
        return cast("HomecheckApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Search by name or address  ( / )", id="search")
        yield DataTable(id="clients", cursor_type="row", zebra_stripes=True)
        yield Static("", id="clients-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Clients"
        table = self.query_one("#clients", DataTable)
        table.add_column("Client", key="name", width=32)
        table.add_column("Visit", key="status", width=16)
        table.add_column("Last visit", key="last", width=11)
        table.add_column("Address", key="address")
        self.refresh_clients()
        table.focus()

    def on_screen_resume(self) -> None:
        self.refresh_clients()

    def refresh_clients(self) -> None:
        search = self.query_one("#search", Input).value
        try:
            overviews = self.homecheck.store.client_overviews(search, limit=LIST_LIMIT)
        except StoreError as error:
            self.homecheck.show_error(str(error))
            return
        table = self.query_one("#clients", DataTable)
        table.clear()
        for overview in overviews:
            status = (
                "in progress"
                if overview.open_visit_id
                else (f"{overview.visit_count} done" if overview.visit_count else "no visits")
            )
            last = overview.last_visit_date.isoformat() if overview.last_visit_date else ""
            table.add_row(
                overview.client.name,
                status,
                last,
                overview.client.address.replace("\n", ", "),
                key=str(overview.client.id),
            )
        empty = self.query_one("#clients-empty", Static)
        if overviews:
            empty.update("")
        elif search.strip():
            empty.update("No client matches. Press Escape to clear the search.")
        else:
            empty.update("No clients yet. Press N to add one, or run `homecheck demo`.")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_clients()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        table = self.query_one("#clients", DataTable)
        if table.row_count:
            table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.row_key.value)

    def action_open_client(self) -> None:
        table = self.query_one("#clients", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self._open(key.value)

    def _open(self, key: str | None) -> None:
        from homecheck.ui.screens.client import ClientScreen

        if key is not None:
            self.app.push_screen(ClientScreen(int(key)))

    def action_new_client(self) -> None:
        from homecheck.ui.dialogs.new_client import NewClientDialog
        from homecheck.ui.screens.client import ClientScreen

        def created(client_id: int | None) -> None:
            if client_id is not None:
                self.app.push_screen(ClientScreen(client_id))

        self.app.push_screen(NewClientDialog(), created)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        self.query_one("#clients", DataTable).focus()
