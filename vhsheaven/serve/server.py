"""The dev server: serves the last good build, reloads browsers after rebuilds, shows errors.

It knows nothing of how the site is built: it gets a builder callback, as MkDocs' does.
"""

from __future__ import annotations

import html
import json
import mimetypes
import re
import shutil
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from vhsheaven.errors import BuildFailed, Diagnostic
from vhsheaven.messages import plural
from vhsheaven.write.owned import CONTROL

# builder(folder, origin) builds the site into `folder` for a server at `origin`
# ("http://127.0.0.1:8000") and returns the URL path it lives under ("/" or "/repo/").
Builder = Callable[[Path, str], str]
RELOAD_PATH = "/__vhsheaven/reload"
# A long poll answers after this long even without a rebuild, so idle connections recycle.
POLL_SECONDS = 20.0
# A connection that sends nothing (or half a request) for this long is closed. A long poll
# waits for a rebuild, not for the socket, so it is not cut short.
IDLE_SECONDS = 5.0
# The longest file name and path a file system takes, in bytes: a request naming longer ones
# names no file, and is answered 414 before the file system is asked.
NAME_MAX = 255
PATH_MAX = 4096
RELOAD_SCRIPT = """<script>
(function () {
  var epoch = %d;
  function poll() {
    fetch("%s?epoch=" + epoch, {cache: "no-store"})
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (state) {
        if (state.epoch !== epoch) { location.reload(); } else { poll(); }
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
"""
OVERLAY_STYLE = (
    "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;"
    "background:rgba(24,0,8,.94);color:#fff;font:15px/1.5 monospace;text-align:left"
)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What is being served: the last good build, the last failure's problems, and the epoch."""

    site: Path | None
    base_path: str
    problems: tuple[Diagnostic, ...]
    epoch: int


@dataclass(frozen=True, slots=True)
class Response:
    """An HTTP response, built without touching the socket."""

    status: HTTPStatus
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True, slots=True)
class Redirect:
    """The request names a folder without its trailing slash, or the site's mount point."""

    location: str


class LiveSite:
    """Builds into two folders in turn, so requests never see a half-written site."""

    def __init__(self, builder: Builder, workdir: Path, origin: str) -> None:
        self.builder = builder
        self.folders = (workdir / "a", workdir / "b")
        self.origin = origin
        # Held while a build writes a folder, by whoever builds (a rebuild, fill_idle).
        self.building = threading.RLock()
        self.condition = threading.Condition()
        # Start from the clock so a browser left open across a server restart still reloads.
        self.current = Snapshot(None, "/", (), time.time_ns() // 1_000_000)
        self.closed = False

    def snapshot(self) -> Snapshot:
        """What to serve now."""
        with self.condition:
            return self.current

    def rebuild(self) -> tuple[Diagnostic, ...]:
        """Build into the idle folder; serve it on success, keep the last good site on failure."""
        with self.building:
            current = self.snapshot()
            target = self._idle(current)
            try:
                base_path = self.builder(target, self.origin)
            except BuildFailed as failed:
                problems = tuple(failed.diagnostics)
                self._publish(replace(current, problems=problems, epoch=current.epoch + 1))
                return problems
            self._publish(Snapshot(target, base_path, (), current.epoch + 1))
            return ()

    def fill_idle(self, builder: Builder) -> None:
        """Build the site into the idle folder too, once, without serving it.

        Otherwise the first rebuild after start writes every page into an empty folder: at
        thousands of reviews, the first save would take as long as a whole build. A failure
        here is left for the next rebuild to report.
        """
        with self.building:
            current = self.snapshot()
            idle = self._idle(current)
            if current.site is None or idle.exists():
                return
            try:
                builder(idle, self.origin)
            except BuildFailed:
                shutil.rmtree(idle, ignore_errors=True)

    def _idle(self, current: Snapshot) -> Path:
        return self.folders[1] if current.site == self.folders[0] else self.folders[0]

    def _publish(self, snapshot: Snapshot) -> None:
        with self.condition:
            self.current = snapshot
            self.condition.notify_all()

    def wait_for_change(self, epoch: int, timeout: float) -> int:
        """Block until the epoch moves past `epoch`, the server closes, or `timeout` passes."""
        with self.condition:
            self.condition.wait_for(lambda: self.current.epoch != epoch or self.closed, timeout)
            return self.current.epoch

    def close(self) -> None:
        """Release every waiting long poll."""
        with self.condition:
            self.closed = True
            self.condition.notify_all()


def request_path(raw_path: str) -> str:
    """A request's path, decoded, with runs of slashes made one: "/%2Freviews" is "/reviews",
    so no redirect made from it can start with "//" (another host, to a browser)."""
    return re.sub("/{2,}", "/", unquote(urlsplit(raw_path).path))


def too_long(path: str) -> bool:
    """Whether a decoded request path is longer than any file system path, or has a part
    longer than any file name."""
    data = path.encode()
    return len(data) > PATH_MAX or any(len(part) > NAME_MAX for part in data.split(b"/"))


def resolve_request(site: Path, base_path: str, raw_path: str) -> Path | Redirect | None:
    """The file a request path names inside `site`; None for anything outside it or missing."""
    path = request_path(raw_path)
    if "\\" in path or "\0" in path:
        return None
    if not path.startswith(base_path):
        return Redirect(base_path) if path in ("", "/", base_path.rstrip("/")) else None
    relative = path[len(base_path) :]
    parts = relative.split("/")
    # The build's own control folder (its lock and records) is not part of the site.
    if any(part in (".", "..", CONTROL) for part in parts):
        return None
    try:
        return _find(site, path, relative)
    except OSError:  # a name the file system refuses (too long, a loop of links): no file
        return None


def _find(site: Path, path: str, relative: str) -> Path | Redirect | None:
    root = site.resolve()
    target = root.joinpath(*(part for part in relative.split("/") if part)).resolve()
    if not target.is_relative_to(root):
        return None
    if target.is_dir():
        if relative and not relative.endswith("/"):
            return Redirect(quote(path + "/"))
        target = target / "index.html"
    return target if target.is_file() else None


def content_type(path: Path) -> str:
    """The Content-Type header for a file, with a charset for text."""
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    textual = guessed.startswith("text/") or guessed in ("image/svg+xml", "application/json")
    return f"{guessed}; charset=utf-8" if textual else guessed


def respond(snapshot: Snapshot, raw_path: str) -> Response:
    """The response to a GET of `raw_path` (other than the reload long poll)."""
    if snapshot.site is None:
        page = b"<!DOCTYPE html><title>Build failed</title><body></body>"
        return _page(HTTPStatus.INTERNAL_SERVER_ERROR, page, snapshot)
    if too_long(request_path(raw_path)):
        return Response(HTTPStatus.REQUEST_URI_TOO_LONG, (), b"request path too long")
    found = resolve_request(snapshot.site, snapshot.base_path, raw_path)
    if isinstance(found, Redirect):
        return Response(HTTPStatus.FOUND, (("Location", found.location),), b"")
    if found is None:
        missing = snapshot.site / "404.html"
        page = missing.read_bytes() if missing.is_file() else b"<!DOCTYPE html><title>404</title>"
        return _page(HTTPStatus.NOT_FOUND, page, snapshot)
    kind = content_type(found)
    if kind.startswith("text/html"):
        return _page(HTTPStatus.OK, found.read_bytes(), snapshot)
    return Response(HTTPStatus.OK, (("Content-Type", kind),), found.read_bytes())


def _page(status: HTTPStatus, page: bytes, snapshot: Snapshot) -> Response:
    """An HTML response with the build errors (if any) and the reload script added."""
    added = (overlay(snapshot.problems) + RELOAD_SCRIPT % (snapshot.epoch, RELOAD_PATH)).encode()
    at = page.lower().rfind(b"</body>")
    body = page[:at] + added + page[at:] if at >= 0 else page + added
    return Response(status, (("Content-Type", "text/html; charset=utf-8"),), body)


def overlay(problems: tuple[Diagnostic, ...]) -> str:
    """A box over the page listing the last build's problems; empty when it succeeded."""
    if not problems:
        return ""
    items = "".join(f"<li>{html.escape(str(problem))}</li>\n" for problem in problems)
    return (
        f'<div id="vhsheaven-build-errors" role="alert" style="{OVERLAY_STYLE}">\n'
        f"<h2>Build failed: {plural(sum(p.is_error for p in problems), 'error')}</h2>\n"
        "<p>The page below is the last good build. Fix the problem and save; "
        "this page reloads by itself.</p>\n"
        f'<ul style="padding-left:1.2em">\n{items}</ul>\n</div>\n'
    )


class DevServer(ThreadingHTTPServer):
    """A threaded HTTP server of a LiveSite; each long poll waits in its own thread."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], builder: Builder, workdir: Path) -> None:
        super().__init__(address, _RequestHandler)
        host = address[0] if ":" not in address[0] else f"[{address[0]}]"
        self.origin = f"http://{host}:{self.server_port}"
        self.live = LiveSite(builder, workdir, self.origin)

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        """A browser that closes a tab mid-response, or a client too slow to take one, is
        normal here, not an error to print."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)

    def close(self) -> None:
        """Answer every waiting long poll, then close the socket."""
        self.live.close()
        self.server_close()


class _RequestHandler(BaseHTTPRequestHandler):
    server: DevServer
    timeout = IDLE_SECONDS

    def do_GET(self) -> None:
        self._send(self._response(), with_body=True)

    def do_HEAD(self) -> None:
        self._send(self._response(), with_body=False)

    def _response(self) -> Response:
        parts = urlsplit(self.path)
        if parts.path == RELOAD_PATH:
            return self._long_poll(parts.query)
        return respond(self.server.live.snapshot(), self.path)

    def _long_poll(self, query: str) -> Response:
        values = parse_qs(query).get("epoch", [""])
        if not values[0].isdigit():
            return Response(HTTPStatus.BAD_REQUEST, (), b"epoch must be a number")
        epoch = self.server.live.wait_for_change(int(values[0]), POLL_SECONDS)
        body = json.dumps({"epoch": epoch}).encode()
        return Response(HTTPStatus.OK, (("Content-Type", "application/json"),), body)

    def _send(self, response: Response, *, with_body: bool) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if with_body:
            self.wfile.write(response.body)

    def log_message(self, format: str, *args: object) -> None:
        """Requests are not logged: the terminal is for build results and errors."""
