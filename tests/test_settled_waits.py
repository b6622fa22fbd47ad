"""The pilot waits for the app's work, not for the clock (tests/settled_waits.py)."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest
import textual._wait
from textual.app import App, ComposeResult
from textual.widgets import Label
from textual.worker import WorkerState

from tests import settled_waits


class _Counter(App[None]):
    """A label that counts key presses, a thread worker and two timers to wait for."""

    def compose(self) -> ComposeResult:
        yield Label("0", id="count")

    def on_mount(self) -> None:
        self.presses = 0
        self.fired: list[str] = []

    def on_key(self) -> None:
        self.presses += 1
        self.query_one(Label).update(str(self.presses))


def _sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every positive `asyncio.sleep` from now on, by its delay."""
    slept: list[float] = []
    sleep = asyncio.sleep

    async def noted(delay: float, result: Any = None) -> Any:
        if delay > 0:
            slept.append(delay)
        return await sleep(delay, result)

    monkeypatch.setattr(asyncio, "sleep", noted)
    monkeypatch.setattr(textual._wait, "sleep", noted)  # Textual's own wait imported it
    return slept


async def test_keys_and_pauses_never_sleep_on_an_idle_app(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _Counter()
    async with app.run_test(size=(40, 5)) as pilot:
        slept = _sleeps(monkeypatch)
        await pilot.press("a", "b", "c")
        await pilot.pause()
        assert app.presses == 3
        # The label was laid out and drawn with the new text, with no frame timer waited for.
        label = app.query_one(Label)
        assert label.content_size.width == 1 and not app.screen._layout_required
        assert slept == []  # Textual's own wait slept 20 ms at least, twice a key


async def test_a_thread_worker_is_waited_for() -> None:
    app = _Counter()
    release = threading.Event()

    def work() -> str:
        release.wait(5)
        time.sleep(0.05)  # still working after the app's queue has emptied
        return "done"

    async with app.run_test() as pilot:
        worker = app.run_worker(work, thread=True)
        app.call_later(release.set)
        await pilot.pause()
        assert worker.result == "done"


async def test_a_worker_that_fails_is_the_apps_to_handle() -> None:
    """As the review's report worker: its failure is shown by the app, not raised at the test."""
    app = _Counter()

    def work() -> None:
        time.sleep(0.05)
        raise OSError("disk full")

    async with app.run_test() as pilot:
        worker = app.run_worker(work, thread=True, exit_on_error=False)
        await pilot.pause()
        assert worker.state is WorkerState.ERROR


async def test_a_stuck_worker_fails_in_one_line_rather_than_hanging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(settled_waits, "STUCK", 0.05)
    app = _Counter()
    release = threading.Event()
    async with app.run_test() as pilot:
        app.run_worker(lambda: release.wait(5), thread=True)
        try:
            with pytest.raises(AssertionError, match="a thread worker of the app never finished"):
                await pilot.pause()
        finally:
            release.set()
            await app.workers.wait_for_complete()


async def test_a_debounce_about_to_fire_is_waited_for_and_a_later_timer_is_not() -> None:
    app = _Counter()
    async with app.run_test() as pilot:
        app.set_timer(settled_waits.SOON / 2, lambda: app.fired.append("soon"))
        app.set_timer(30, lambda: app.fired.append("later"))
        await pilot.pause()
        assert app.fired == ["soon"]


async def test_next_timer_lets_the_next_timer_fire(monkeypatch: pytest.MonkeyPatch) -> None:
    app = _Counter()
    async with app.run_test() as pilot:
        app.set_timer(0.04, lambda: app.fired.append("detail"))
        slept = _sleeps(monkeypatch)
        await pilot.pause()
        assert slept == []  # the pause did not wait for it (a stalled machine may have run it)
        await settled_waits.next_timer()
        assert app.fired == ["detail"]


async def test_next_timer_waits_for_no_blink_and_no_later_timeout() -> None:
    """A failing `until` ends in seconds: a repeating timer (a cursor blink) and a timer due
    after `NEXT` (a message's timeout) are not waited for."""
    app = _Counter()
    async with app.run_test() as pilot:
        blink = app.set_interval(0.5, lambda: app.fired.append("blink"))
        app.set_timer(60, lambda: app.fired.append("timeout"))
        await pilot.pause()
        loop = asyncio.get_running_loop()
        due = settled_waits._next_due(loop, once=True)
        assert due is not None and due > settled_waits.NEXT
        blink.stop()
        app.set_timer(0.04, lambda: app.fired.append("detail"))
        await settled_waits.next_timer()
        # A machine stalled half a second before the blink stopped may have shown one blink.
        assert [fired for fired in app.fired if fired != "blink"] == ["detail"]


async def test_a_paused_timer_is_not_waited_for() -> None:
    app = _Counter()
    async with app.run_test() as pilot:
        timer = app.set_timer(0.5, lambda: app.fired.append("tick"))
        await pilot.pause()
        loop = asyncio.get_running_loop()
        due = settled_waits._next_due(loop)
        assert due is not None and 0 < due <= 0.5
        timer.pause()  # its sleep is still pending, but ends only in waiting to resume
        assert settled_waits._next_due(loop) is None
        await settled_waits.next_timer()
        assert app.fired == []
        timer.resume()
        await settled_waits.next_timer()
        assert app.fired == ["tick"]


async def test_an_app_that_never_goes_idle_fails_the_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """A timer that fires again and again before any wait could end (Textual's own wait gave
    up after a second, unnoticed): the test fails rather than going on."""
    monkeypatch.setattr(settled_waits, "_PASSES", 50)
    app = _Counter()
    async with app.run_test() as pilot:
        timer = app.set_interval(settled_waits.SOON / 10, lambda: app.fired.append("tick"))
        try:
            with pytest.raises(AssertionError, match="never goes idle"):
                await pilot.pause()
        finally:
            timer.stop()
