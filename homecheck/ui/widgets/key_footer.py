"""Textual's Footer, fitted to the width, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 100
"""Below this many columns the keys are packed tight and the palette's key is left out
(Ctrl+P still works, and the help lists it)."""

HELP_ACTION = "help"
"""The App's help key: never left out, so every key left out can still be found."""


class KeyFooter(Footer):
    """Draws what Footer draws, fitted to the width, at a fraction of the cost.

    Fitted: Footer lets keys run past the right edge, and at 80 columns the last ones,
    help among them, were cut. Under NARROW columns the keys are packed tight. Keys that
    still do not fit are left out: the palette's hint first, then those named in `spare`
    (in that order), then from the right; F1 Help always stays. The help lists every key.

    Cost: Footer rebuilds every key it shows each time the screen's bindings may have
    changed (every focus move, every screen shown): about three times in four nothing
    changed, and those rebuilds were the largest single cost of moving around the app.
    What it draws depends only on the screen's active bindings and the width, so an
    unchanged set keeps the keys drawn.
    """

    _ready = False
    _drawn: tuple[object, ...] | None = None
    """The bindings and width the keys on show were drawn from; None while none are drawn."""

    def __init__(self, *, spare: Iterable[str] = ()) -> None:
        """`spare`: ids of the screen's bindings to leave out first when space is short."""
        super().__init__()
        self.spare = tuple(spare)

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._ready = True  # as Footer, which draws nothing until the first call
        super().bindings_changed(screen)

    def _keys(self) -> tuple[object, ...]:
        bindings = tuple(
            (active.binding, active.enabled, active.tooltip)
            for active in self.screen.active_bindings.values()
        )
        return (self.app.size.width, bindings)

    def compose(self) -> ComposeResult:
        # Read here, as Footer.compose reads them: nothing runs between the two.
        self._drawn = self._keys() if self._ready else None
        narrow = self.app.size.width < NARROW
        self.set_reactive(Footer.compact, narrow)
        self.set_class(narrow, "-compact", update=False)
        self.set_reactive(Footer.show_command_palette, not narrow)
        widgets = list(super().compose())
        for widget in widgets:
            # A key starts compact and its watcher sets the class after mounting; Footer
            # binds a key's `compact` to its own (all but the palette's), and the watcher
            # sets the class again: in a wide footer every key was restyled twice for
            # nothing. A bound key given the footer's value and class is left alone by both.
            if isinstance(widget, FooterKey) and widget._reactive_connect:
                widget.set_reactive(FooterKey.compact, narrow)
                widget.set_class(narrow, "-compact", update=False)
        yield from self._fitted(widgets, narrow=narrow)

    def _fitted(self, widgets: list[Widget], *, narrow: bool) -> list[Widget]:
        """The keys that fit in the width, in their order; the help key always. The
        palette's hint goes first (Ctrl+P works without it), then the spare keys."""
        width = self.app.size.width
        keys = [w for w in widgets if isinstance(w, FooterKey) and not _is_palette(w)]
        needed = sum(_key_width(key, compact=narrow) for key in keys)
        gone: set[int] = set()
        for palette in (w for w in widgets if isinstance(w, FooterKey) and _is_palette(w)):
            # Docked at the right, over the keys: its rule, " key label" and a space.
            docked = cell_len(palette.key_display) + cell_len(palette.description) + 3
            if needed + docked > width:
                gone.add(id(palette))
            else:
                width -= docked
        ids = self._binding_ids()
        order = [ids.get((key.key, key.action), "") for key in keys]
        candidates = [order.index(i) for i in self.spare if i in order]
        candidates += [i for i in reversed(range(len(keys))) if i not in candidates]
        for index in candidates:
            if needed <= width:
                break
            if keys[index].action == HELP_ACTION:
                continue
            gone.add(id(keys[index]))
            needed -= _key_width(keys[index], compact=narrow)
        return [w for w in widgets if id(w) not in gone]

    def _binding_ids(self) -> dict[tuple[str, str], str]:
        """Each shown binding's id, by what a drawn key keeps of it: key and action."""
        return {
            (active.binding.key, active.binding.action): active.binding.id or ""
            for active in self.screen.active_bindings.values()
        }

    def on_resize(self, event: events.Resize) -> None:
        if self._drawn is not None and self._keys() != self._drawn:
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        if self.is_attached and self._drawn is not None and self._keys() == self._drawn:
            return
        await super().recompose()


def _is_palette(key: Widget) -> bool:
    return key.has_class("-command-palette")


def _key_width(key: FooterKey, *, compact: bool) -> int:
    """Columns a key takes as Footer's styles draw it: "k Label" and a space after when
    compact; " k Label " when not."""
    shown = cell_len(key.key_display)
    if key.description:
        shown += 1 + cell_len(key.description)
    return shown + 1 if compact else shown + (2 if key.description else 0)
