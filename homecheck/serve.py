"""`homecheck serve`: the same app in the person's own browser, and for them alone.

textual-serve starts one app process per browser tab and relays the screen over a websocket.
Health information is on that screen, so the server listens on 127.0.0.1 only and every
request must carry a random token: in the address it prints (and opens), then in a cookie the
first visit sets, because the page's own websocket, scripts and downloads cannot carry it in
their addresses. Anything else on the computer, or a web page the browser happens to visit,
gets 403. The command it runs is ours, fixed here, never taken from a request.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import os
import re
import secrets
import signal
import socket
import sys
import threading
import webbrowser
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

HOST = "127.0.0.1"
TOKEN_PARAM = "token"  # noqa: S105 (the query parameter's name, not a secret)
QUIT_GRACE = 10.0
"""Seconds an app process has to save and quit when asked, before it is killed."""
SHUTDOWN_GRACE = 2.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ServeError(Exception):
    """A problem to show as one line; the message is already user-facing."""


def app_command(global_options: Sequence[str]) -> list[str]:
    """The app each browser tab gets: this Python running homecheck's own command line,
    with the options `serve` was given (the environment, HOMECHECK_DB and the rest, is
    inherited as it is)."""
    return [sys.executable, "-m", "homecheck", *global_options, "tui"]


def serve(command: Sequence[str], *, port: int, open_browser: bool) -> int:
    """Serve until Ctrl+C (or SIGTERM); 0 when stopped that way."""
    listener = _listen(port)
    token = secrets.token_urlsafe(32)
    server = HomecheckServer(list(command), token=token, port=listener.getsockname()[1])
    asyncio.run(server.run(listener, open_browser=open_browser))
    return 0


def _listen(port: int) -> socket.socket:
    """Bind here, before anything starts, so a taken port is one line and not a traceback."""
    if not 0 <= port <= 65535:
        raise ServeError(f"port {port} does not exist; choose one from 1024 to 65535")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.bind((HOST, port))
        listener.listen(128)
    except OSError as error:
        listener.close()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} is in use; choose another with --port N (0 picks a free one)"
            ) from None
        if error.errno in (errno.EACCES, errno.EPERM):
            raise ServeError(f"port {port} is not allowed here; choose one above 1023") from None
        raise ServeError(
            f"cannot listen on {HOST}:{port} ({errno.errorcode.get(error.errno or 0, 'error')})"
        ) from None
    listener.setblocking(False)
    return listener


class HomecheckServer(Server):
    """textual-serve's Server, with the token guard, our page and a clean stop."""

    def __init__(self, command: list[str], *, token: str, port: int) -> None:
        super().__init__(" ".join(command), host=HOST, port=port, title="homecheck")
        self.argv = command
        self.token = token
        self.url = f"http://{HOST}:{port}/?{TOKEN_PARAM}={token}"
        self.cookie = f"homecheck-{port}"  # cookies ignore the port: one name per server
        self._host = f"{HOST}:{port}"  # the page names this host in every address it uses
        self._sessions: set[tuple[web.WebSocketResponse, HomecheckAppService]] = set()

    async def run(self, listener: socket.socket, *, open_browser: bool) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        runner = web.AppRunner(
            await self._make_app(), access_log=None, shutdown_timeout=SHUTDOWN_GRACE
        )
        await runner.setup()
        try:
            await web.SockSite(runner, listener).start()
            print(f"homecheck: open {self.url} (only this address works; Ctrl+C stops)")
            sys.stdout.flush()
            if open_browser and _has_browser():
                # In a thread of its own: a browser that is slow to start (or never
                # returns) must not hold up the server nor its stop.
                threading.Thread(target=_open, args=(self.url,), daemon=True).start()
            await stop.wait()
        finally:
            await self._stop_sessions()
            await runner.cleanup()

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(
            app,
            loader=jinja2.DictLoader({"app_index.html": _page(self.templates_path)}),
            autoescape=True,
        )
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """The token, from the address or the cookie, for every route; the right host, and
        for the websocket our own page as its origin."""
        if request.host != self._host:
            raise web.HTTPForbidden(
                text="homecheck: open the address exactly as `homecheck serve` printed it\n"
            )
        from_address = request.query.get(TOKEN_PARAM)
        if not (self._is_token(from_address) or self._is_token(request.cookies.get(self.cookie))):
            raise web.HTTPForbidden(
                text="homecheck: open the full address that `homecheck serve` printed\n"
            )
        origin = request.headers.get("Origin")
        if origin is not None and origin != f"http://{self._host}":
            raise web.HTTPForbidden(text="homecheck: not from this page\n")
        response = await handler(request)
        if not response.prepared:
            if from_address is not None and request.path == "/":
                response.set_cookie(
                    self.cookie, self.token, httponly=True, samesite="Strict", path="/"
                )
            response.headers["Referrer-Policy"] = "no-referrer"
            response.headers["X-Frame-Options"] = "DENY"
            response.headers["Cache-Control"] = "no-store"
        return response

    def _is_token(self, given: str | None) -> bool:
        if given is None:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve's banner is replaced by our one line."""

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handler, with our app process and a one-line error report (a
        library's message could quote what is on the screen)."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        service: HomecheckAppService | None = None
        try:
            await websocket.prepare(request)
            service = HomecheckAppService(
                self.argv,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
            )
            session = (websocket, service)
            self._sessions.add(session)
            try:
                await service.start(width, height)
                await self._process_messages(websocket, service)
            finally:
                self._sessions.discard(session)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            print(f"homecheck: a browser session ended ({type(error).__name__})", file=sys.stderr)
        finally:
            if service is not None:
                await service.stop()
        return websocket

    async def _stop_sessions(self) -> None:
        """Each app is asked to quit (answers are saved as given) before the server goes."""
        sessions = list(self._sessions)
        await asyncio.gather(*(service.stop() for _, service in sessions))
        await asyncio.gather(*(websocket.close() for websocket, _ in sessions))


def _has_browser() -> bool:
    """Whether a graphical browser can be opened. Without a display (over ssh, say),
    webbrowser falls back to a text browser such as lynx, which would take over this
    terminal: then the printed address is enough."""
    if sys.platform in ("darwin", "win32") or os.environ.get("BROWSER"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _open(url: str) -> None:
    with contextlib.suppress(webbrowser.Error, OSError):
        webbrowser.open(url)


def _size(value: str | None, default: int) -> int:
    try:
        size = int(value or default)
    except ValueError:
        return default
    return min(max(size, 10), 1000)


_GOOGLE_FONTS = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)
_OWN_HEAD = """<head>
    <meta charset="utf-8" />
    <title>homecheck</title>
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
      }
    </style>"""


def _page(templates: Path) -> str:
    """textual-serve's page, less its font from Google (the browser would tell a third
    party that homecheck is open, with our address as referrer): the font it ships is used.
    """
    page = (templates / "app_index.html").read_text(encoding="utf-8")
    return _GOOGLE_FONTS.sub("", page).replace("<head>", _OWN_HEAD, 1)


class HomecheckAppService(AppService):
    """One app process: started without a shell in a session of its own (Ctrl+C in the
    terminal reaches the server, which asks each app to quit), and never left behind."""

    def __init__(self, argv: list[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), **kwargs)
        self.argv = argv
        self._stopping: asyncio.Future[None] | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
        )
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """Once, however many callers ask (the websocket's end and the server's)."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop_once())
        await asyncio.shield(self._stopping)

    async def _stop_once(self) -> None:
        process = self._process
        task = self._task
        if process is None:
            return
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(process.wait(), QUIT_GRACE)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            await process.wait()
        if task is not None:
            await task
            self._task = None
