"""The keys a screen answers to, on one line at the bottom, fitted to the width."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

NARROW = 100
"""Below this many columns the keys are packed tight and the palette's key is left out
(Ctrl+P still works, and the help lists it)."""

HELP_ACTION = "help"
"""The App's help key: never left out, so every key left out can still be found."""


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it, and the columns it takes there."""

    key: str
    """What a click on it presses."""
    action: str
    display: str
    description: str
    binding_id: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0

    @property
    def label(self) -> str:
        return f"{self.display} {self.description}" if self.description else self.display


class KeyFooter(Widget, can_focus=False):
    """Draws what Textual's Footer draws, fitted to the width, as one widget.

    Fitted: Footer lets keys run past the right edge, and at 80 columns the last ones,
    help among them, were cut. Under NARROW columns the keys are packed tight. Keys that
    still do not fit are left out: the palette's hint first, then those named in `spare`
    (in that order), then from the right; F1 Help always stays. The help lists every key.

    One widget: Footer is a container with a widget per key, rebuilt whenever the
    screen's bindings change (every focus move, every screen shown). Building and styling
    those widgets was a sixth of what moving around the app cost; here a change of keys
    is a repaint of one line. A click presses the key under it, as on Footer.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {  # noqa: RUF012 - Textual's API
        "footer-key--key",
        "footer-key--description",
        "footer-key--hover",
        "footer-key--rule",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyFooter > .footer-key--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyFooter > .footer-key--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyFooter > .footer-key--hover {
        color: $footer-key-foreground;
        background: $block-hover-background;
    }
    KeyFooter > .footer-key--rule { color: $foreground 20%; }
    """

    def __init__(self, *, spare: Iterable[str] = ()) -> None:
        """`spare`: ids of the screen's bindings to leave out first when space is short."""
        super().__init__()
        self.spare = tuple(spare)
        self._shown: tuple[list[FooterEntry], FooterEntry | None] | None = None
        self._shown_for: tuple[object, ...] | None = None
        self._hover: int | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        # A repaint of one line; what it shows is worked out when it is drawn, since the
        # screen's bindings may still change before then.
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.refresh()

    def _source(self) -> tuple[object, ...]:
        bindings = tuple(
            (active.binding, active.enabled, active.tooltip)
            for active in self.screen.active_bindings.values()
        )
        return (self.size.width, bindings)

    def shown(self) -> tuple[list[FooterEntry], FooterEntry | None]:
        """The keys drawn from the left, and the palette's key docked at the right (or
        None), each with its columns: worked out again only when the keys or the width
        have changed."""
        source = self._source()
        if self._shown is None or source != self._shown_for:
            self._shown = self._fit()
            self._shown_for = source
        return self._shown

    def _fit(self) -> tuple[list[FooterEntry], FooterEntry | None]:
        app = self.app
        width = self.size.width
        narrow = width < NARROW
        keys: list[FooterEntry] = []
        palette: FooterEntry | None = None
        actions: set[str] = set()
        for name, active in self.screen.active_bindings.items():
            binding = active.binding
            entry = FooterEntry(
                key=binding.key,
                action=binding.action,
                display=app.get_key_display(binding),
                description=binding.description,
                binding_id=binding.id or "",
                enabled=active.enabled,
                tooltip=active.tooltip or binding.tooltip,
            )
            if name == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                if not narrow:
                    palette = entry
            elif binding.show and binding.action not in actions:
                actions.add(binding.action)  # as Footer: the first key of each action
                keys.append(entry)
        needed = sum(_width(key, narrow=narrow) for key in keys)
        if palette is not None:
            docked = _palette_width(palette)
            if needed + docked > width:
                palette = None
            else:
                width -= docked
        gone: set[int] = set()
        ids = [key.binding_id for key in keys]
        candidates = [ids.index(spare) for spare in self.spare if spare in ids]
        candidates += [i for i in reversed(range(len(keys))) if i not in candidates]
        helps = {i for i, key in enumerate(keys) if key.action == HELP_ACTION}
        for index in candidates:
            if needed <= width:
                break
            if index in helps:
                continue
            gone.add(index)
            needed -= _width(keys[index], narrow=narrow)
        placed: list[FooterEntry] = []
        column = 0
        for index, key in enumerate(keys):
            if index in gone:
                continue
            end = column + _width(key, narrow=narrow) - (1 if narrow else 0)
            placed.append(_at(key, column, end))
            column = end + (1 if narrow else 0)
        if palette is not None:  # its columns are its words, after the rule
            start = self.size.width - _palette_width(palette) + 1
            palette = _at(palette, start, start + cell_len(palette.label))
        return placed, palette

    def render(self) -> Text:
        keys, palette = self.shown()
        narrow = self.size.width < NARROW
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        hover_style = self.get_component_rich_style("footer-key--hover")
        line = Text(no_wrap=True, overflow="crop", end="")
        for index, key in enumerate(keys):
            part = _drawn(key, key_style, description_style, narrow=narrow)
            if index == self._hover:
                part.stylize(hover_style)
            line.append_text(part)
            if narrow and index < len(keys) - 1:
                line.append(" ")
        if palette is not None:
            line.append(" " * max(0, palette.start - 1 - line.cell_len))
            line.append("▏", self.get_component_rich_style("footer-key--rule"))
            part = _drawn(palette, key_style, description_style, narrow=True)
            if self._hover == len(keys):
                part.stylize(hover_style)
            line.append_text(part)
            line.append(" ")
        line.stylize_before(self.rich_style)
        return line

    def _entry_at(self, x: int) -> tuple[int, FooterEntry] | None:
        keys, palette = self.shown()
        entries = keys + ([palette] if palette is not None else [])
        for index, entry in enumerate(entries):
            if entry.start <= x < entry.end:
                return index, entry
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        found = self._entry_at(event.x)
        hover = None if found is None else found[0]
        if hover != self._hover:
            self._hover = hover
            self.tooltip = None if found is None else (found[1].tooltip or None)
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        found = self._entry_at(event.x)
        if found is None:
            return
        if found[1].enabled:
            self.app.simulate_key(found[1].key)
        else:
            self.app.bell()


def _at(key: FooterEntry, start: int, end: int) -> FooterEntry:
    return replace(key, start=start, end=end)


def _width(key: FooterEntry, *, narrow: bool) -> int:
    """Columns a key takes: "k Label" and a space after when narrow; " k Label " when not."""
    shown = cell_len(key.display)
    if key.description:
        shown += 1 + cell_len(key.description)
    return shown + 1 if narrow else shown + (2 if key.description else 0)


def _palette_width(key: FooterEntry) -> int:
    """Docked at the right: its rule, "key label" packed tight, and a space."""
    return 1 + _width(key, narrow=True)


def _drawn(key: FooterEntry, key_style: Style, description_style: Style, *, narrow: bool) -> Text:
    pad = "" if narrow else " "
    if key.description:
        part = Text.assemble(
            (f"{pad}{key.display}{pad}", key_style),
            (f"{' ' if narrow else ''}{key.description}{pad}", description_style),
        )
    else:
        part = Text(key.display, key_style)
    if not key.enabled:
        part.stylize(Style(dim=True))
    return part
