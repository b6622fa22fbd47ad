"""Open a report or the reports folder with what the system uses for it.

Everything that touches the operating system goes through `launch`, the one function
tests replace, so no test ever starts a real PDF viewer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


class NoOpener(Exception):
    """Nothing on this system opens files; the message says so in one line."""


def opener_command(platform: str = sys.platform) -> list[str] | None:
    """The command that opens a file or folder on `platform`, or None on Windows
    (os.startfile) and where none is installed."""
    if platform == "darwin":
        return ["open"]
    if platform.startswith("win"):
        return None
    found = shutil.which("xdg-open")
    return [found] if found else None


def launch(path: Path) -> None:
    """Hand `path` to the system's viewer and return at once (the OS boundary).

    Raises NoOpener when the system has no way to open it."""
    if sys.platform.startswith("win"):
        startfile = getattr(os, "startfile", None)
        if startfile is None:
            raise NoOpener("This system has no program set to open PDF files.")
        startfile(str(path))
        return
    command = opener_command()
    if command is None:
        raise NoOpener("No program to open files was found (xdg-open is not installed).")
    subprocess.Popen(
        [*command, str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def open_path(path: Path) -> str | None:
    """Open `path`; None when handed over, else one line saying why not (no path in it)."""
    if not path.exists():
        return "That file is no longer in the reports folder."
    try:
        launch(path)
    except NoOpener as error:
        return str(error)
    except OSError as error:
        return f"The viewer could not be started ({type(error).__name__})."
    return None
