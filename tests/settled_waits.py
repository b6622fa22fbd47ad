"""The pilot waits until the app has nothing left to do, never for a stretch of the clock.

Textual's pilot waits after each key and each `pause()` with `wait_for_idle`: it sleeps 20 ms,
and sleeps again while the process used more than a millisecond of CPU in that window. So
every key cost at least 40 ms of doing nothing (about a third of the UI tests' wall time was
spent asleep), and on a loaded machine a window in which the app got no CPU read as idle:
the clock decided when the app counted as done.

Here the wait asks the event loop instead. It lets everything queued run until no callback
is ready and no timer is due; waits for the app's thread workers and running animations to
finish; brings the screen's layout and paint up to date (what the screen's 60 Hz timer does
on its next tick); lets a timer of the app's that is about to fire (within `SOON`, as
Textual's 1/120 s resize debounce) fire; and looks again. A slow machine makes this take
longer; it never ends it early. An app that never goes idle, or a worker that never ends,
fails the test in one line rather than passing unnoticed. Timers set for later (a cursor
blink, the visit's detail delay) are not waited for, as Textual did not wait for them
either: a test that needs one waits for what it does with `ui_support.until`, which lets
the next one fire (`next_timer`). Tests only: the app is unchanged.
"""

from __future__ import annotations

import asyncio
import weakref
from asyncio import futures
from collections.abc import Coroutine
from typing import Any

import textual.app
import textual.pilot
from textual._context import active_app
from textual.timer import Timer
from textual.worker import Worker, WorkerState

SOON = 0.01
"""A timer due within this many seconds is waited for: Textual's resize debounce (1/120 s)."""

NEXT = 1.0
"""The longest `next_timer` waits for a timer: Textual's own wait never waited longer."""

STUCK = 300.0
"""Seconds after which a worker or an animation that never ends fails the test."""

_PASSES = 10_000
"""Passes after which an app that never goes idle (work that keeps queueing more work, say)
fails the test: the suite's busiest wait takes under a hundred."""

_WORKING = (WorkerState.PENDING, WorkerState.RUNNING)
_timers: weakref.WeakKeyDictionary[asyncio.Task[None], Timer] = weakref.WeakKeyDictionary()
"""Each running Textual timer, by the task that runs it."""
_start = Timer._start
_SLEEP_ENDS = futures._set_result_unless_cancelled  # type: ignore[attr-defined]
"""What the loop calls to end an `asyncio.sleep`."""


def _start_noted(self: Timer) -> None:
    _start(self)
    if self._task is not None:
        _timers[self._task] = self


def _timer_of(handle: Any) -> Timer | None:
    """The Textual timer whose sleep `handle` (an `asyncio.TimerHandle`) ends, if any."""
    if handle._callback is not _SLEEP_ENDS:
        return None
    waiting = handle._args[0]
    for callback, _context in waiting._callbacks or ():
        task = getattr(callback, "__self__", None)
        if task is not None and task in _timers:
            return _timers[task]
    return None


def _next_due(loop: Any, *, once: bool = False) -> float | None:
    """Seconds until the loop's next timer that will do something when it fires; with
    `once`, the next that fires once only (not a cursor blink, say).

    A paused Textual timer (the screen's update timer between frames, an animator with no
    animation) still has a sleep pending, but waking only parks it again: not counted."""
    now = loop.time()
    due: float | None = None
    for handle in loop._scheduled:
        if handle._cancelled:
            continue
        timer = _timer_of(handle)
        if timer is not None and not timer._active.is_set():
            continue
        if once and timer is not None and timer._repeat != 0:
            continue
        wait = handle._when - now
        due = wait if due is None else min(due, wait)
    return due


def _loop_busy(loop: Any) -> bool:
    """A callback is ready to run, or a timer is already due (the loop's next pass runs it)."""
    if loop._ready:
        return True
    scheduled = loop._scheduled
    return bool(scheduled) and scheduled[0]._when <= loop.time()


def _screen_stale(screen: Any) -> bool:
    """Changes the screen's update timer would lay out or paint on its next tick."""
    return bool(
        screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
        or screen._callbacks
    )


async def _ended(workers: list[Worker[Any]]) -> None:
    """Wait until each worker has ended, however it ended: one that failed or was cancelled
    is the app's to handle (the review's report worker shows its own error)."""
    await asyncio.gather(*(worker.wait() for worker in workers), return_exceptions=True)


async def _finish(what: str, work: Coroutine[Any, Any, None]) -> None:
    """Await `work`; a hang fails the test in `STUCK` seconds rather than stopping the run.

    Not a clock the test waits on: no right app takes minutes over a worker or an animation
    here, however slow the machine."""
    waiting = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({waiting}, timeout=STUCK)  # never cancels what it waits for
    if not done:
        raise AssertionError(f"{what} of the app never finished")
    waiting.result()


async def settle(min_sleep: float = 0.0, max_sleep: float = 0.0) -> None:
    """Return once the app is idle. Textual's `wait_for_idle`'s signature; no clock limits."""
    app = active_app.get()
    loop = asyncio.get_running_loop()
    for _ in range(_PASSES):
        await asyncio.sleep(0)
        if app._exit:  # closing: `run_test` waits for the rest as it leaves
            return
        if _loop_busy(loop):
            continue
        threads = [w for w in app.workers if w._thread_worker and w.state in _WORKING]
        if threads:
            await _finish("a thread worker", _ended(threads))
            continue
        animator = app.animator
        if animator._animations or animator._scheduled:
            await _finish("an animation", animator.wait_until_complete())
            continue
        try:
            screen = app.screen
        except Exception:  # no screen yet, or the app is closing
            return
        if not app._batch_count and screen.is_current and _screen_stale(screen):
            screen._on_timer_update()
            continue
        due = _next_due(loop)
        if app._batch_count or (due is not None and due <= SOON):
            # An update held back (`delay_update`) or a debounce about to fire.
            await asyncio.sleep(max(due or 0.0, 0.0))
            continue
        return
    raise AssertionError(f"the app was still busy after {_PASSES} passes: it never goes idle")


async def next_timer() -> None:
    """Let the app's next one-off timer fire if it is due within `NEXT` (the visit's detail
    delay, say), then settle. A repeating one (a cursor blink) changes nothing a test waits
    for, and a later one (a message's timeout) is not waited for: a condition that never
    comes fails its `until` in seconds, not minutes."""
    due = _next_due(asyncio.get_running_loop(), once=True)
    if due is not None and due <= NEXT:
        await asyncio.sleep(max(due, 0.0))
    await settle()


def install() -> None:
    Timer._start = _start_noted  # type: ignore[method-assign]
    textual.pilot.wait_for_idle = settle  # type: ignore[attr-defined]
    textual.app.wait_for_idle = settle  # type: ignore[attr-defined]
