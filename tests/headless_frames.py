"""Draw only the frames a test looks at.

A running app turns every change into a frame for the terminal: the widgets that changed
draw their lines, and the lines become one update. In the headless mode of the UI tests
Textual throws that update away unwritten, and drawing it was about a quarter of what the
UI tests cost. Here the top screen's changes are noted as drawn without drawing them.

What still draws, so a widget that fails to draw still fails a test: every screenshot,
every `render_lines`/`render_strips` a test calls (the snapshot, contrast, hostile-text and
80-column tests draw each screen and dialog they check), and the screen each test ends on,
drawn once in full as it leaves `run_test`. Tests only: the app draws every frame.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

_compositor_refresh = Screen._compositor_refresh
_run_test = App.run_test


def _note_drawn(self: Screen[Any]) -> None:
    app = self.app
    if app.is_headless and not app.is_inline and self is app.screen:
        # What `_compositor_refresh` does after drawing the update, without drawing it.
        self._compositor._dirty_regions.clear()
        self._dirty_widgets.clear()
        app._update_mouse_over(self)
    else:
        _compositor_refresh(self)


@asynccontextmanager
async def _run_test_drawing_the_last_frame(
    self: App[Any], *args: Any, **kwargs: Any
) -> AsyncIterator[Pilot[Any]]:
    async with _run_test(self, *args, **kwargs) as pilot:
        yield pilot
        if self.is_running and self._screen_stack:
            self.screen._compositor.render_update(full=True, screen_stack=self._background_screens)


def install() -> None:
    Screen._compositor_refresh = _note_drawn  # type: ignore[method-assign]
    App.run_test = _run_test_drawing_the_last_frame  # type: ignore[method-assign]
