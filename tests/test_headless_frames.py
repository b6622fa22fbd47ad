"""The UI tests draw the frame they end on: a widget that cannot draw still fails them."""

from __future__ import annotations

import os

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import Static


class Drawing(Static):
    fail = False
    drawn = 0

    def render_lines(self, crop: Region) -> list[Strip]:
        Drawing.drawn += 1
        if self.fail:
            raise RuntimeError("cannot draw")
        return super().render_lines(crop)


class OneWidget(App[None]):
    def compose(self) -> ComposeResult:
        yield Drawing()


@pytest.mark.skipif(
    bool(os.environ.get("HOMECHECK_TEST_EVERY_FRAME")), reason="every frame drawn on request"
)
async def test_frames_no_one_sees_are_not_drawn_and_the_last_one_is() -> None:
    Drawing.drawn = 0
    app = OneWidget()
    async with app.run_test() as pilot:
        widget = app.query_one(Drawing)
        for _ in range(3):
            widget.refresh()
            await pilot.pause()
        assert Drawing.drawn == 0
    assert Drawing.drawn == 1


async def test_a_widget_that_fails_to_draw_fails_the_test() -> None:
    app = OneWidget()
    with pytest.raises(RuntimeError, match="cannot draw"):
        async with app.run_test() as pilot:
            app.query_one(Drawing).fail = True
            await pilot.pause()
