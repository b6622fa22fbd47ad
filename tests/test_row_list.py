"""The list's rows look as their CSS says when focus moves in and out of the list."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Input

from homecheck.ui.widgets.row_list import RowList


class ListAndField(App[None]):
    def compose(self) -> ComposeResult:
        yield RowList()
        yield Input()

    def on_mount(self) -> None:
        self.query_one(RowList).set_rows([Text(f"row {n}") for n in range(5)], highlight=2)


async def test_the_highlighted_row_follows_the_lists_focus_and_the_others_stay() -> None:
    app = ListAndField()
    async with app.run_test() as pilot:
        rows = app.query_one(RowList)
        await pilot.pause()
        variables = app.get_css_variables()

        def backgrounds() -> list[str]:
            return [row.styles.background.hex for row in rows.children]

        rows.focus()
        await pilot.pause()
        focused = backgrounds()
        assert focused[2] == variables["block-cursor-background"].upper()

        app.query_one(Input).focus()
        await pilot.pause()
        blurred = backgrounds()
        assert blurred[2] != focused[2]
        assert blurred[2][:7] == variables["block-cursor-blurred-background"].upper()[:7]
        # Rows the cursor is not on look the same either way.
        assert blurred[:2] + blurred[3:] == focused[:2] + focused[3:]
