"""Messages stay said for the whole test: the wall clock never takes one away.

The app's messages last a few seconds of real time: Textual's notifications (a toast, and
the entry in `app._notifications` a test reads) expire by `time()`, and the status line of
the visit and the review clears itself on a timer. A test that reads a message a moment
after it was said found it gone when a loaded machine stalled that moment past its two to
eight seconds, so a right app could fail a test. Here a notification's time never runs
out and the status line keeps its message until the next one replaces it.

No test waits for a message to go (none may wait on the clock), so nothing a test checks
depends on expiry. Tests only: the app still clears its messages.
"""

from __future__ import annotations

from textual.notifications import Notification, SeverityLevel

from homecheck.ui.widgets.status_line import StatusLine

_say = StatusLine.say
_FOREVER = 365 * 24 * 3600.0
"""A time no test outlives: what a notification has left, and the status line's timeout."""


def _time_left(self: Notification) -> float:
    return _FOREVER


def _say_lastingly(
    self: StatusLine,
    message: str,
    *,
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    _say(self, message, severity=severity, timeout=_FOREVER)


def install() -> None:
    Notification.time_left = property(_time_left)  # type: ignore[method-assign,assignment]
    StatusLine.say = _say_lastingly  # type: ignore[method-assign]
