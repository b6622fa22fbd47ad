"""Measure an app as a person sees it: in tmux, by watching the pane change."""

from __future__ import annotations

import shlex
import subprocess
import time
from collections.abc import Callable

SESSION = "homecheck-bench"
POLL = 0.002


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-e", "-t", SESSION)


def kill() -> None:
    tmux("kill-session", "-t", SESSION)


def wait_for(ready: Callable[[str], bool], timeout: float = 30.0) -> str:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        text = screen()
        if ready(text):
            return text
        time.sleep(POLL)
    raise TimeoutError("the screen never showed what was expected:\n" + screen())


def launch(command: list[str], env: dict[str, str], ready: Callable[[str], bool]) -> float:
    """Seconds from starting `command` in a 120x40 pane to the first frame `ready` accepts."""
    kill()
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    line = f"env {exports} {shlex.join(command)}"
    started = time.perf_counter()
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", line)
    wait_for(ready)
    elapsed = time.perf_counter() - started
    return elapsed


def settle(quiet: float = 0.15, timeout: float = 5.0) -> str:
    """Wait until the pane has not changed for `quiet` seconds (no frame still on its way),
    as between the keys of a person, who does not press faster than that."""
    deadline = time.perf_counter() + timeout
    last, since = screen(), time.perf_counter()
    while time.perf_counter() < deadline:
        time.sleep(POLL)
        now = screen()
        if now != last:
            last, since = now, time.perf_counter()
        elif time.perf_counter() - since >= quiet:
            break
    return last


def press_and_wait(key: str) -> float:
    """Seconds from sending `key` (on a settled screen) to the pane showing a new frame."""
    before = settle()
    started = time.perf_counter()
    tmux("send-keys", "-t", SESSION, key)
    wait_for(lambda text: text != before, timeout=5)
    return time.perf_counter() - started
