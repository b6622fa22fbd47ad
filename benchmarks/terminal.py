"""Measure an app as a person sees it: in a real terminal (tmux), by what it draws.

The pane's output is streamed to a file (`pipe-pane`) and read from Python, so waiting
for a frame costs almost nothing; polling `capture-pane` spawned a process every few
milliseconds, which on a 2-core machine competed with the very app being timed. A FIFO
holds the program back until the clock starts.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SESSION = "homecheck-bench"
POLL = 0.0005
_ESCAPES = re.compile(
    r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-B]"
)


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def kill() -> None:
    tmux("kill-session", "-t", SESSION)


class Pane:
    """A 120x40 tmux pane running one program, its output captured to a file."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        kill()
        self.folder = Path(tempfile.mkdtemp(prefix="homecheck-pane-"))
        self.fifo = self.folder / "go"
        self.out = self.folder / "out"
        os.mkfifo(self.fifo)
        self.out.touch()
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        line = (
            f"read _ < {shlex.quote(str(self.fifo))};"
            f" env {exports} {shlex.join(command)}; echo exit status $?; sleep 30"
        )
        tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", line)
        tmux("pipe-pane", "-t", SESSION, "-o", f"cat >> {shlex.quote(str(self.out))}")
        self.handle = self.out.open("rb")
        self.seen = ""

    def start(self) -> float:
        """Let the program run; returns the moment it was released."""
        started = time.perf_counter()
        with self.fifo.open("w") as gate:
            gate.write("\n")
        return started

    def read_new(self) -> str:
        data = self.handle.read()
        text = _ESCAPES.sub("", data.decode("utf-8", "replace")) if data else ""
        self.seen += text
        return text

    def wait_for(self, ready: Callable[[str], bool], timeout: float = 30.0) -> float:
        """Seconds until everything drawn so far satisfies `ready`; returns the time."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.read_new() and ready(self.seen):
                return time.perf_counter()
            time.sleep(POLL)
        raise TimeoutError("never drew what was expected; last output:\n" + self.seen[-2000:])

    def settle(self, quiet: float = 0.15, timeout: float = 5.0) -> None:
        """Wait until nothing has been drawn for `quiet` seconds, as between a person's keys."""
        deadline = time.perf_counter() + timeout
        last = time.perf_counter()
        while time.perf_counter() < deadline:
            if self.read_new():
                last = time.perf_counter()
            elif time.perf_counter() - last >= quiet:
                return
            time.sleep(POLL)

    def press(self, key: str) -> float:
        """Seconds from sending `key` (on a settled pane) to the first output it causes."""
        self.settle()
        started = time.perf_counter()
        tmux("send-keys", "-t", SESSION, key)
        deadline = started + 5
        while time.perf_counter() < deadline:
            if self.handle.read(1):
                arrived = time.perf_counter()
                self.read_new()
                return arrived - started
            time.sleep(POLL)
        raise TimeoutError(f"no output after {key!r}")

    def close(self) -> None:
        self.handle.close()
        kill()


def launch(command: list[str], env: dict[str, str], ready: Callable[[str], bool]) -> float:
    """Seconds from starting `command` in a 120x40 pane to the first output `ready` accepts."""
    pane = Pane(command, env)
    try:
        started = pane.start()
        return pane.wait_for(ready) - started
    finally:
        pane.close()
