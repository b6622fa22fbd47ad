"""The harness keeps every message said for the whole test (tests/lasting_messages.py)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from homecheck.ui.widgets.status_line import StatusLine


class _Said(App[None]):
    def compose(self) -> ComposeResult:
        yield StatusLine()


async def test_a_message_outlives_any_stall() -> None:
    app = _Said()
    async with app.run_test() as pilot:
        app.notify("Opening the report", timeout=2)
        await pilot.pause()
        [notification] = list(app._notifications)
        notification.raised_at -= 3600  # as if the machine had stalled for an hour
        assert [n.message for n in app._notifications] == ["Opening the report"]

        status = app.query_one(StatusLine)
        status.say("Action saved.", timeout=2)
        await pilot.pause()
        assert status.message == "Action saved."
        assert status._timer is not None
        assert status._timer._interval > 24 * 3600  # no test runs a day
        status.say("Visit completed.")  # a new message still replaces the last
        assert status.message == "Visit completed."
