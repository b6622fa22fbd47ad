"""`homecheck serve` in a real browser: Debian's Chromium, driven by Playwright.

The page draws the app on a canvas (xterm.js), so what it shows is read from xterm's own
screen buffer: a script run before the page's grabs the terminal object as it is built.
Without Chromium the test is skipped on a developer's machine, and fails under CI.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from homecheck.model import Answer, Catalog
from homecheck.report.names import ReportKind, report_name
from homecheck.settings import Checker, Settings, save_settings
from homecheck.store import Store

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path(os.environ.get("HOMECHECK_CHROMIUM", "/usr/bin/chromium"))
CLIENT = "Ada Testperson"  # fictional
WAIT_MS = 60_000
WAIT_S = float(os.environ.get("HOMECHECK_WAIT", 60))
# How often the page is asked whether it shows what a step waits for. Playwright's default
# asks on every animation frame, and each ask reads the whole terminal buffer.
POLL_MS = 100

# Chromium keeps only the last --disable-features it is given, so the list Playwright passes
# itself (1.65, chromiumSwitches.ts) is given again here, with ours after it.
PLAYWRIGHT_DISABLED_FEATURES = [
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
]
# The address bar's popup, which Chromium builds in a renderer of its own at start even
# when headless: about a second of CPU, a sixth of this test's, for a window no one sees.
BROWSER_UI_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=" + ",".join(PLAYWRIGHT_DISABLED_FEATURES + BROWSER_UI_FEATURES),
]

# Runs before the page's own scripts: xterm's Terminal sets `this._core` in its constructor,
# and a setter on Object.prototype sees that assignment, so each terminal is kept in a list.
GRAB_TERMINAL = """
(() => {
  const found = [];
  window.__homecheckTerminals = found;
  Object.defineProperty(Object.prototype, "_core", {
    configurable: true,
    get() { return undefined; },
    set(value) {
      Object.defineProperty(this, "_core", {
        value, writable: true, configurable: true, enumerable: true,
      });
      found.push(this);
    },
  });
})();
"""

# The screen as text, one line per row; null until the terminal exists.
SCREEN_TEXT = """() => {
  const terminal = (window.__homecheckTerminals || []).find(
    (t) => t.buffer && t.buffer.active && typeof t.rows === "number");
  if (!terminal) return null;
  const buffer = terminal.buffer.active;
  const lines = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return {text: lines.join("\\n"), cols: terminal.cols, rows: terminal.rows};
}"""


def _browser_or_skip() -> Path:
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium); CI runs this test")


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    db: Path
    visit_id: int
    first_items: tuple[str, str]

    @property
    def base(self) -> str:
        return self.url.split("?", 1)[0]


def _wait(condition: Callable[[], bool], what: str, state: Callable[[], str] = lambda: "") -> None:
    """Poll `condition` (a callable) until it holds, up to a generous limit."""
    import time

    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)  # a poll interval, not a wait for something to happen
    raise AssertionError(f"timed out waiting for {what}: {state()}")


def _children(pid: int) -> set[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def served(tmp_path: Path, catalog: Catalog) -> Iterator[Served]:
    with _serve(tmp_path, catalog, ["--no-open"]) as serving:
        yield serving


@contextmanager
def _serve(
    tmp_path: Path, catalog: Catalog, options: list[str], **extra_env: str
) -> Iterator[Served]:
    home = tmp_path / "home"
    # The cache folder stays the test's own (tests/conftest.py), which holds the shipped
    # catalog already validated: an app process started here reads it instead of parsing
    # every checklist again.
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "HOMECHECK_DB": str(tmp_path / "homecheck.db"),
        "HOMECHECK_REPORTS": str(tmp_path / "reports"),
        "PYTHONUNBUFFERED": "1",
        **extra_env,
    }
    env.pop("HOMECHECK_CHECKLISTS", None)
    save_settings(
        home / "config" / "homecheck" / "settings.toml", Settings(checker=Checker.PROFESSIONAL)
    )
    section = catalog.sections[0]
    store = Store(tmp_path / "homecheck.db")
    try:
        client = store.add_client(CLIENT)
        visit = store.start_visit(
            client.id,
            visit_date=date(2026, 3, 2),
            sections=[section.id],
            content_hash=catalog.content_hash,
        )
    finally:
        store.close()
    # A report already written, for the page to open from the client's list.
    reports = tmp_path / "reports"
    reports.mkdir()
    report = reports / report_name(visit.id, date(2026, 3, 2), ReportKind.HOUSEHOLD)
    report.write_bytes(b"%PDF-1.4\n%homecheck test\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "homecheck", "serve", "--port", "0", *options],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]+", line)
        assert found, f"no address in the first line: {line!r}"
        yield Served(
            process,
            found.group(0),
            tmp_path / "homecheck.db",
            visit.id,
            (section.items[0].id, section.items[1].id),
        )
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=WAIT_S) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_serve_opens_the_browser_and_refuses_without_the_token(
    tmp_path: Path, catalog: Catalog
) -> None:
    """Without --no-open, the address with its token goes to the browser (BROWSER here).
    Without the token, with a wrong one, from another host or origin: 403 on every route
    that matters, and nothing is started. (One server for both: each costs a Python.)"""
    opened = tmp_path / "opened"
    record = "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])"
    browser = f'{sys.executable} -c "{record}" {opened} %s'
    with _serve(tmp_path, catalog, [], BROWSER=browser) as served:
        _wait(opened.exists, "the browser to be opened")
        # The browser command is the server's child until it ends; only then may "nothing
        # is started" be checked.
        _wait(lambda: not _children(served.process.pid), "the browser command to end")
        assert opened.read_text() == served.url
        base, token = served.base, served.url.split("=", 1)[1]
        assert _status(base) == 403
        assert _status(base + "?token=" + "x" * len(token)) == 403
        assert _status(base + "?token=") == 403
        assert _status(base + "ws") == 403
        assert _status(base + "static/js/textual.js") == 403
        assert _status(base + "download/anything") == 403
        assert _status(base + "?token=" + token, {"Host": "evil.example:80"}) == 403
        assert _status(served.url, {"Origin": "http://evil.example"}) == 403
        assert _status(served.url) == 200
        assert not _children(served.process.pid)
        page = _get(served.url)
        assert "googleapis" not in page  # the font is served here: nothing asks a third party
        served.process.send_signal(signal.SIGINT)
        out, err = served.process.communicate(timeout=WAIT_S)
        assert (served.process.returncode, out, err) == (0, "", "")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=WAIT_S) as response:
        return str(response.read().decode("utf-8"))


def test_serve_in_chromium(served: Served) -> None:
    from playwright.sync_api import sync_playwright

    _browser_or_skip()
    base = served.base
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.add_init_script(GRAB_TERMINAL)
            outside: list[str] = []
            page.on(
                "request",
                lambda r: None if r.url.startswith(base) else outside.append(r.url),
            )
            page.goto(served.url)

            def screen() -> str:
                shown = page.evaluate(SCREEN_TEXT)
                return "" if shown is None else str(shown["text"])

            def wait_for_text(text: str) -> None:
                page.wait_for_function(
                    f"(text) => {{ const s = ({SCREEN_TEXT})();"
                    " return !!s && s.text.includes(text); }",
                    arg=text,
                    polling=POLL_MS,
                    timeout=WAIT_MS,
                )

            # The home screen, with the client's name; a click on it opens the client.
            wait_for_text(CLIENT)
            _click_text(page, CLIENT)
            wait_for_text("Visits")
            # A click on the report's row opens it in this browser, as a PDF in a new tab
            # (through the page's own guarded download address), not in a viewer.
            with page.context.expect_event(
                "response", lambda r: "/download/" in r.url, timeout=WAIT_MS
            ) as delivered:
                _click_text(page, "household.pdf")
            response = delivered.value
            assert response.status == 200
            assert response.headers["content-type"] == "application/pdf"
            assert response.headers["content-disposition"].startswith("inline")
            # (Its body, as Playwright reads it, is Chromium's PDF viewer around the file.)
            wait_for_text("browser tab")
            for other in page.context.pages[1:]:
                other.close()
            # The client's only visit, highlighted: a click on it goes into the visit.
            _click_text(page, "2026-03-02")
            wait_for_text("Hazard")
            first, second = served.first_items
            # A key answers the first item.
            page.keyboard.press("h")
            _wait(lambda: _answers(served).get(first) is Answer.HAZARD, "the key's answer")
            # A click on the footer's "n" answer (its label depends on the section) answers
            # the next one.
            _click_text(page, " n ", footer=True)
            _wait(
                lambda: _answers(served).get(second) is Answer.NA,
                "the click's answer",
                lambda: f"{_answers(served)}\n{screen()}",
            )
            assert CLIENT in screen()  # the title: the visit's client
            assert outside == [], "the page asked for something from elsewhere"

            # Ctrl+C with the page still open: its app is asked to quit, the server ends
            # with 0, nothing but the address line is printed, no traceback.
            children = _children(served.process.pid)
            assert children, "no app process was started for the page"
            served.process.send_signal(signal.SIGINT)
            out, err = served.process.communicate(timeout=WAIT_S)
            assert served.process.returncode == 0, err
            assert out == "" and err == ""
            _wait(lambda: not any(_alive(pid) for pid in children), "the app processes to end")
            # The page says so (its own dialog, in the DOM).
            page.wait_for_function(
                "() => document.body.classList.contains('-closed')"
                " && document.body.innerText.includes('Session ended')",
                polling=POLL_MS,
                timeout=WAIT_MS,
            )
        finally:
            browser.close()
    assert _answers(served) == {first: Answer.HAZARD, second: Answer.NA}


def _answers(served: Served) -> dict[str, Answer]:
    store = Store(served.db, read_only=True)
    try:
        return {key: r.answer for key, r in store.responses(served.visit_id).items()}
    finally:
        store.close()


def _click_text(page: Page, text: str, *, footer: bool = False) -> None:
    """Click the middle of `text` where it shows on the terminal's grid (in the footer, the
    last row, when asked), once it shows there."""
    last = "rows.length - 1" if footer else "rows.findIndex((r) => r.includes(text))"
    shown = page.wait_for_function(
        f"""(text) => {{
          const s = ({SCREEN_TEXT})();
          if (!s) return null;
          const rows = s.text.split("\\n");
          const row = {last};
          if (row < 0 || !rows[row].includes(text)) return null;
          return {{row, col: rows[row].indexOf(text), cols: s.cols, rows: s.rows}};
        }}""",
        arg=text,
        polling=POLL_MS,
        timeout=WAIT_MS,
    ).json_value()
    box = page.locator(".xterm-screen").bounding_box()
    assert box is not None
    col = shown["col"] + len(text) / 2
    page.mouse.click(
        box["x"] + col * box["width"] / shown["cols"],
        box["y"] + (shown["row"] + 0.5) * box["height"] / shown["rows"],
    )


def test_serve_port_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A taken port is one line and status 1, not a traceback. (In this process: the
    other tests run the command as a real process; here a server that started anyway
    fails the test rather than serving on.)"""
    import socket

    from homecheck import serve
    from homecheck.cli import main

    def started(*args: object, **kwargs: object) -> None:
        raise AssertionError("a server was started on a port in use")

    monkeypatch.setattr(serve, "HomecheckServer", started)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["--db", str(tmp_path / "h.db"), "serve", "--no-open", "--port", str(port)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == "" and err.count("\n") == 1
    assert f"port {port} is in use" in err


def test_no_display_opens_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over ssh, say: webbrowser would start a text browser in this very terminal."""
    from homecheck import serve

    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "BROWSER"):
        monkeypatch.delenv(name, raising=False)
    assert not serve._has_browser()
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert serve._has_browser()
