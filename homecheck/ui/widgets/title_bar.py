"""The line at the top of every screen: the palette's icon and the screen's title.

Textual's Header draws the same line with four widgets (the bar, the icon, the title and
the space a clock would take), and every screen has one: a tenth of the widgets the app
mounts, each styled, laid out, drawn and taken down in turn. This is one widget that draws
the line Header draws, cell for cell: the icon at the left in its 8 columns, the title
centred between them and the 10 columns kept blank at the right, cut with "…" when long.
"""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.color import Color
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8
"""Header's icon: its 8 columns, with a column's padding either side."""
RIGHT_WIDTH = 10
"""The columns Header keeps blank at the right, where its clock would be."""
PALETTE_TIP = "Open the command palette"


class TitleBar(Widget):
    """The screen's title (else the app's) and sub-title, as `App.format_title` words them.

    A click on the icon opens the command palette. A click elsewhere does nothing: on
    Header it made the bar three lines tall, with the title and the icon on different
    lines, and nothing in homecheck needs that."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._over_icon = False

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        screen, app = self.screen, self.app
        title = app.format_title(
            screen.title if screen.title is not None else app.title,
            screen.sub_title if screen.sub_title is not None else app.sub_title,
        )
        middle = max(0, self.size.width - ICON_WIDTH - RIGHT_WIDTH)
        if title.cell_length > middle:
            title = title.truncate(middle, ellipsis=True)
        before = (middle - title.cell_length) // 2
        icon = Content(f" {ICON}".ljust(ICON_WIDTH))
        if self._over_icon:
            icon = icon.stylize(self._lit())
        return Content.assemble(
            icon,
            " " * before,
            title,
            " " * (middle - before - title.cell_length + RIGHT_WIDTH),
        )

    def _lit(self) -> Style:
        """Header's icon under the mouse: `$foreground 10%` over the bar. Worked out here,
        not as a component class: those are restyled with the widget, on every screen."""
        foreground = Color.parse(self.app.theme_variables["foreground"])
        return Style(background=self.styles.background + foreground.with_alpha(0.1))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(event.x < ICON_WIDTH)

    def on_leave(self) -> None:
        self._hover(False)

    def _hover(self, over_icon: bool) -> None:
        if over_icon != self._over_icon:
            self._over_icon = over_icon
            self.tooltip = PALETTE_TIP if over_icon else None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        if event.x < ICON_WIDTH:
            await self.run_action("app.command_palette")
