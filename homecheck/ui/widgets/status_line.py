"""A line above the footer for the screen's short messages, in place of toasts.

A toast is drawn over the bottom right of the screen: on the visit and the review that is
where the item's "What to do" and the finding's recommendation are read, so a message
("Visit completed ...", "All answered ...") hid the very words the person was reading.
Here a message takes a line of its own, and the lists above give it the room.
"""

from __future__ import annotations

from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widgets import Static

from homecheck.display import visible
from homecheck.ui.styled_once import StyledOnce

SHOWN_FOR = 8.0
"""Seconds a message stays when no time is given: long enough to read a two-line one."""


class StatusLine(Static):
    """Hidden while there is nothing to say; a new message replaces the one shown."""

    DEFAULT_CSS = """
    StatusLine {
        height: auto; max-height: 2; padding: 0 1; display: none;
        background: $boost; color: $text;
    }
    StatusLine.-shown { display: block; }
    StatusLine.-warning, StatusLine.-error { text-style: bold; }
    StatusLine.-warning { color: $text-warning; }
    StatusLine.-error { color: $text-error; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.message = ""
        """The message on show, as given (what tests and callers read back)."""
        self._timer: Timer | None = None

    def say(
        self, message: str, *, severity: SeverityLevel = "information", timeout: float | None = None
    ) -> None:
        """Show `message` (stored text is drawn with control characters made visible)."""
        if self._timer is not None:
            self._timer.stop()
        self.message = message
        self.update(visible(message, multiline=True))
        self.set_class(severity == "warning", "-warning")
        self.set_class(severity == "error", "-error")
        self.add_class("-shown")
        self._timer = self.set_timer(SHOWN_FOR if timeout is None else timeout, self.clear)

    def clear(self) -> None:
        self._timer = None
        self.message = ""
        self.update("")
        self.remove_class("-shown")


class StatusLineScreen(StyledOnce[None]):
    """A screen whose messages go on its StatusLine, never in a toast over its text."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        lines = self.query(StatusLine)
        if not lines:  # not composed yet: a toast as anywhere else
            super().notify(message, title=title, severity=severity, timeout=timeout)
            return
        lines.first().say(message, severity=severity, timeout=timeout)
