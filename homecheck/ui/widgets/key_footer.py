"""Textual's Footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Draws exactly what Footer draws, at a fraction of the cost.

    Footer rebuilds every key it shows each time the screen's bindings may have changed
    (every focus move, every screen shown): about three times in four nothing changed, and
    those rebuilds were the largest single cost of moving around the app. What it draws
    depends only on the screen's active bindings, so an unchanged set keeps the keys drawn.
    """

    _ready = False
    _drawn: tuple[object, ...] | None = None
    """The bindings the keys on show were drawn from; None while none are drawn."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._ready = True  # as Footer, which draws nothing until the first call
        super().bindings_changed(screen)

    def _keys(self) -> tuple[object, ...]:
        bindings = tuple(
            (active.binding, active.enabled, active.tooltip)
            for active in self.screen.active_bindings.values()
        )
        return (self.show_command_palette, bindings)

    def compose(self) -> ComposeResult:
        # Read here, as Footer.compose reads them: nothing runs between the two.
        self._drawn = self._keys() if self._ready else None
        for widget in super().compose():
            # A key starts compact and its watcher sets the class after mounting; Footer
            # binds a key's `compact` to its own (all but the palette's), and the watcher
            # sets the class again: in a wide footer every key was restyled twice for
            # nothing. A bound key given the footer's value and class is left alone by both.
            if isinstance(widget, FooterKey) and widget._reactive_connect:
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    async def recompose(self) -> None:
        if self.is_attached and self._drawn is not None and self._keys() == self._drawn:
            return
        await super().recompose()
