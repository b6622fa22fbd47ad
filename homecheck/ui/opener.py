"""Open a report or the reports folder with what the system uses for it, or, when the
app runs in a browser (`homecheck serve`), a report in that browser.

Everything that touches the operating system goes through `launch`, the one function
tests replace, so no test ever starts a real PDF viewer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App


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


def in_browser(app: App[Any] | None) -> bool:
    """Whether `app` is drawn in a web browser: `homecheck serve` runs it with Textual's
    web driver. There a report opens in the person's own browser, not in a viewer."""
    return app is not None and app.is_web


def browser_file_name(path: Path) -> str:
    """The name the browser is given: letters, digits and `._-` only, since it travels in
    a header (`Content-Disposition`) that a quote, a semicolon or an accent would break."""
    safe = "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in path.name
    )
    return safe or "report.pdf"


def open_path(path: Path, *, app: App[Any] | None = None) -> str | None:
    """Open `path`; None when handed over, else one line saying why not (no path in it).

    With `app` in a browser (see `in_browser`), a file goes to that browser, which shows
    a PDF in a new tab; a folder still opens on this computer (the server is local)."""
    if not path.exists():
        return "That file is no longer in the reports folder."
    if in_browser(app) and path.is_file():
        assert app is not None
        try:
            app.deliver_binary(
                path,
                save_filename=browser_file_name(path),
                open_method="browser",
                mime_type="application/pdf" if path.suffix.lower() == ".pdf" else None,
            )
        except OSError as error:
            return f"The report could not be sent to the browser ({type(error).__name__})."
        return None
    try:
        launch(path)
    except NoOpener as error:
        return str(error)
    except OSError as error:
        return f"The viewer could not be started ({type(error).__name__})."
    return None
