"""The home screen's list of clients: one aligned line each, cheap to fill and to draw.

An OptionList rather than a DataTable: a DataTable measures every cell of every row
before its first frame, which alone cost the home screen its launch budget.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from homecheck.display import visible
from homecheck.model import ClientOverview

NAME_WIDTH = 32
STATUS_WIDTH = 14
DATE_WIDTH = 11


def client_header() -> Text:
    return Text(
        f"{'Client':<{NAME_WIDTH}} {'Visit':<{STATUS_WIDTH}} {'Last visit':<{DATE_WIDTH}} Address",
        style="bold",
    )


class ClientList(OptionList):
    """Option ids are client ids; a visit in progress is marked in the status column.

    One row per client at any width: a long address is cut with an ellipsis rather than
    wrapped, so that the rows stay aligned with the header and countable at 80 columns."""

    DEFAULT_CSS = """
    ClientList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def show(self, overviews: Iterable[ClientOverview]) -> None:
        self.clear_options()
        self.add_options(Option(self._line(o), id=str(o.client.id)) for o in overviews)
        if self.option_count:
            self.highlighted = 0

    def selected_client_id(self) -> int | None:
        if self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return int(option_id) if option_id is not None else None

    def client_ids(self) -> list[int]:
        return [int(self.get_option_at_index(i).id or 0) for i in range(self.option_count)]

    @staticmethod
    def _line(overview: ClientOverview) -> Text:
        client = overview.client
        if overview.open_visit_id:
            status, style = "in progress", "bold"
        elif overview.visit_count:
            status, style = f"{overview.visit_count} done", ""
        else:
            status, style = "no visits", ""
        last = overview.last_visit_date.isoformat() if overview.last_visit_date else ""
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(_fit(visible(client.name), NAME_WIDTH) + " ")
        line.append(f"{status:<{STATUS_WIDTH}} ", style=style)
        line.append(f"{last:<{DATE_WIDTH}} ")
        # Not dim: dimmed on the highlight's blue it fell to 2.5:1 contrast.
        line.append(visible(client.address.replace("\n", ", ")))
        return line


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
