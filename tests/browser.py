"""Browser helpers: build a site under a sub-path, serve it on 127.0.0.1, drive system Chromium."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from vhsheaven.build import build
from vhsheaven.options import BuildOptions

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# Served under a sub-path, as on GitHub Pages project sites, so every link must follow base_url.
SUB_PATH = "vhs-heaven"
BASE_URL = f"https://example.org/{SUB_PATH}/"
# Debian's Chromium; Playwright's own browser download is not possible.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTHS = {"narrow": 375, "wide": 1280}
# What marks a redirect page (an alias): it sends the browser on at once.
REDIRECT = b'<meta http-equiv="refresh"'
# An old address of the sample site's Alien review, added by the browser tests' site.
OLD_ALIEN = "2019/05/04/alien/"


def chromium_path() -> str | None:
    """The system Chromium, if installed."""
    return shutil.which("chromium")


def build_into(root: Path, www: Path) -> Path:
    """Build the site at `root` into `www/<SUB_PATH>/`; returns that folder."""
    out = www / SUB_PATH
    build(root, out, BuildOptions(base_url=BASE_URL))
    return out


class _SiteHandler(SimpleHTTPRequestHandler):
    """Static files, with the site's own 404.html for missing pages (as GitHub Pages does)."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory, SUB_PATH, "404.html")
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read results, not access logs."""


@contextmanager
def serve(www: Path) -> Iterator[str]:
    """Serve `www` on a free port of 127.0.0.1; yields the site's address under the sub-path."""
    handler = functools.partial(_SiteHandler, directory=str(www))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def chromium(executable: str) -> Iterator[Browser]:
    """A headless system Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser: Browser, url: str, width: int, height: int = 900) -> Page:
    """A fresh page (its own context) at `width` pixels, loaded from `url`."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url)
    return page


def screenshot(page: Page, path: Path, *, full_page: bool = False) -> Path:
    """Save a PNG of the page; its fonts and images are loaded first."""
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def page_kinds(out: Path) -> dict[str, PurePosixPath]:
    """One page of every kind in a built site: each root page, plus the first page per (folder, depth).

    A kind is a top-level folder and a depth, so `genres/`, `genres/horror/` and
    `reviews/alien/` are three kinds; pages added by later features are covered automatically.
    """
    kinds: dict[str, PurePosixPath] = {}
    for path in sorted(out.rglob("*.html")):
        relative = PurePosixPath(path.relative_to(out).as_posix())
        parts = relative.parts
        # Redirect pages leave at once; test_browser checks them on their own.
        if parts[0] == "static" or REDIRECT in path.read_bytes():
            continue
        key = parts[0] if len(parts) == 1 else f"{parts[0]}/{'*/' * (len(parts) - 2)}"
        kinds.setdefault(key, relative)
    return kinds


def page_url(site_url: str, relative: PurePosixPath) -> str:
    """The served address of an output file, in its pretty form for index pages."""
    text = relative.as_posix()
    return site_url + (text[: -len("index.html")] if text.endswith("index.html") else text)
