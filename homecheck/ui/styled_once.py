"""Screens whose widgets are styled once when the screen first appears, not three times.

Textual styles a new screen's widgets as they mount; then the screen's first Resize gives
it the App's breakpoint classes (`-narrow`, `-short` ...) and restyles every widget; then
its first ScreenResume restyles every widget again. Nothing changed in between, and those
two passes were most of what opening a screen cost (the client screen: 376 style
applications, 170 without them). Here the breakpoint classes are set before the widgets
mount, so the Resize finds nothing to change, and the first show keeps the styles just
applied. A screen shown again still restyles: the theme may have changed meanwhile.
The same first show also laid the screen out twice, and the screens under it once more.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen, ScreenResultType


class StyledOnce(Screen[ScreenResultType]):
    """A base of the screen, before Screen in its MRO so these handlers run before
    Textual's. A ModalScreen names it second: Textual takes CSS (ModalScreen's translucent
    backdrop) from the first base only."""

    _shown = False

    _resized = False

    async def _on_compose(self, event: events.Compose) -> None:
        # Before Widget's own handler mounts the children: this restyles the screen alone.
        self._fit_breakpoints()

    def _fit_breakpoints(self) -> None:
        app = self.app
        width, height = app.size
        horizontal = self.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or []
        vertical = self.VERTICAL_BREAKPOINTS or app.VERTICAL_BREAKPOINTS or []
        classes = {name: False for _, name in [*horizontal, *vertical]}
        for size, breakpoints in ((width, horizontal), (height, vertical)):
            reached = [(least, name) for least, name in breakpoints if size >= least]
            if reached:
                classes[max(reached)[1]] = True
        self.update_classes(classes)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    async def _on_resize(self, event: events.Resize) -> None:
        # The first layout, on the first show, tells the screen the size it was just laid
        # out at; Textual then lays it out again, and every screen under it, though none
        # changed size (two or three of the six layouts of opening a screen). That one
        # Resize is dropped; any later one (the terminal resized) is Textual's.
        if not self._resized:
            self._resized = True
            if event.size == self.outer_size == self.app.size:
                self._fit_breakpoints()
                event.stop()
                event.prevent_default()
