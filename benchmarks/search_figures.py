"""Search's cost, for run.py --search: builds with and without it, the index, a first query.

- with and without search: cold, no-change and one-review-edit builds of the same corpus,
  the two settings taking turns run by run (so a slow spell of a shared machine falls on
  both), each a new `vhsheaven build` process: median wall time and median CPU time (user +
  system of the process and every process it waited for: its workers and Pagefind);
- a one-review edit in a running `vhsheaven serve`, search on and off (run.py's measure);
- the index alone: records made from the loaded site model and indexed by Pagefind,
  in this process (wall, and CPU of this process and of the Pagefind binary);
- the bundle's size on disk (every file under pagefind/), and how many files;
- a first query: the bytes Chromium fetches from the site for the search page's script,
  Pagefind's code, its index and the results' fragments, from opening the page to the
  first results shown (the page and stylesheets counted apart), counted as GitHub Pages
  serves them: it gzips text types (HTML, CSS, JavaScript, JSON, SVG), and Pagefind's own
  files are gzipped already (application/octet-stream, served as they are).
"""

from __future__ import annotations

import functools
import gzip
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CONFIG = "site.yaml"
CHROMIUM = shutil.which("chromium")
LONG_AGO_NS = 1_000_000_000 * 10**9
# What GitHub Pages compresses on the way (by file name ending).
SERVED_GZIPPED = (".html", "/", ".css", ".js", ".json", ".svg", ".xml", ".txt")


@dataclass(frozen=True, slots=True)
class Timing:
    """Median wall and CPU seconds of some runs."""

    wall: float
    cpu: float


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run a command to completion: its wall time, and the CPU time of it and its children."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def side_by_side(site: Path, runs: int, env: dict[str, str]) -> dict[str, dict[bool, Timing]]:
    """Cold, no-change and one-edit builds with search on and off, taking turns."""
    build = [sys.executable, "-m", "vhsheaven", "build", "--quiet"]
    settings = (site / CONFIG).read_text()
    review = sorted((site / "content" / "reviews").glob("*.md"))[0]
    original = review.read_text()
    copies = {on: site.parent / f"search-{'on' if on else 'off'}" for on in (True, False)}
    for on, copy in copies.items():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("_site", ".vhsheaven-cache"))
        (copy / CONFIG).write_text(settings + ("" if on else "search: false\n"))
        # A build trusts no stamp of a file changed in its last seconds (RACY_NS): files just
        # copied would keep the first no-change build of one setting off its fast path.
        for path in copy.rglob("*"):
            os.utime(path, ns=(LONG_AGO_NS, LONG_AGO_NS))

    def cold(copy: Path, run: int) -> None:
        shutil.rmtree(copy / "_site", ignore_errors=True)
        shutil.rmtree(copy / ".vhsheaven-cache", ignore_errors=True)

    def edit(copy: Path, run: int) -> None:
        (copy / "content" / "reviews" / review.name).write_text(original + f"\nEdit {run}.\n")

    scenes: dict[str, Callable[[Path, int], None]] = {
        "cold build": cold,
        "no-change rebuild": lambda copy, run: None,
        "one-review edit": edit,
    }
    figures: dict[str, dict[bool, Timing]] = {}
    for label, prepare in scenes.items():
        samples: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for run in range(runs):
            for on in (True, False) if run % 2 == 0 else (False, True):
                prepare(copies[on], run)
                samples[on].append(timed(build, copies[on], env))
        figures[label] = {
            on: Timing(statistics.median(s[0] for s in got), statistics.median(s[1] for s in got))
            for on, got in samples.items()
        }
    return figures


def serve_edit(site: Path, runs: int) -> dict[bool, float]:
    """The median time from saving a review to `vhsheaven serve` publishing the rebuilt
    site, with search on and off (run.py's measure, on the copies side_by_side made)."""
    from run import serve_edits

    copies = {on: site.parent / f"search-{'on' if on else 'off'}" for on in (True, False)}
    return {
        on: serve_edits(copy, sorted((copy / "content" / "reviews").glob("*.md"))[0], runs).seconds
        for on, copy in copies.items()
    }


def index_alone(site: Path) -> tuple[float, float, int]:
    """Records and Pagefind's index of the built site, in this process: wall seconds, CPU
    seconds (this process and the binary), and how many reviews."""
    from vhsheaven.build import load
    from vhsheaven.incremental.store import BuildCache
    from vhsheaven.options import BuildOptions
    from vhsheaven.search.pagefind import index
    from vhsheaven.search.records import review_record

    site_model = load(site, BuildOptions(), cache=BuildCache.open(site / ".vhsheaven-cache")).site

    def cpu() -> float:
        own, children = map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    started, used = time.perf_counter(), cpu()
    records = [review_record(review, site_model.config) for review in site_model.reviews]
    index(records, "en")
    return time.perf_counter() - started, cpu() - used, len(records)


def bundle_size(out: Path) -> tuple[int, int]:
    """Bytes on disk of every file under pagefind/, and how many files."""
    files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No access log."""


def first_query(site: Path, query: str) -> tuple[int, int] | None:
    """Bytes fetched for search (script, Pagefind, index, fragments) and for the page itself
    (HTML, stylesheets, icon), from opening /search/ of the built site to its first results;
    None without Chromium."""
    if CHROMIUM is None:
        return None
    from playwright.sync_api import Response, sync_playwright

    # The corpus is published at a host's root, so its built pages can be served as they are.
    handler = functools.partial(_Quiet, directory=str(site / "_site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()
            responses: list[Response] = []
            page.on("response", lambda response: responses.append(response))
            page.goto(f"{origin}search/?q={query}")
            page.wait_for_selector("#search-results li", timeout=120_000)
            page.wait_for_load_state("networkidle")
            sizes = {response.url: served(response.url, response.body()) for response in responses}
            if os.environ.get("SEARCH_FIGURES_URLS"):
                print("\n".join(f"    {size:8} {url}" for url, size in sizes.items()))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    search = sum(n for url, n in sizes.items() if "/pagefind/" in url or url.endswith(".js"))
    return search, sum(sizes.values()) - search


def served(url: str, body: bytes) -> int:
    """The bytes GitHub Pages sends for a file: gzipped if of a text type, else as it is."""
    path = url.split("?")[0]
    return len(gzip.compress(body, 6)) if path.endswith(SERVED_GZIPPED) else len(body)


def surname(site: Path) -> str:
    """The first review's director's surname: a query with a few dozen results."""
    first = sorted((site / "content" / "reviews").glob("*.md"))[0].read_text()
    line = next(line for line in first.splitlines() if line.startswith("director:"))
    return line.split()[-1]


def report(site: Path, runs: int, env: dict[str, str], serve: bool = True) -> None:
    """Print every search figure for the corpus at `site` (`serve`: the serve edit too)."""
    print(f"  search (median of {runs}; on and off taking turns)")
    print(f"  {'':<22} {'wall on':>9} {'wall off':>9} {'CPU on':>9} {'CPU off':>9} {'CPU +':>7}")
    for label, by in side_by_side(site, runs, env).items():
        on, off = by[True], by[False]
        more = f"{(on.cpu / off.cpu - 1) * 100:+6.0f}%" if off.cpu else "      -"
        print(
            f"  {label:<22} {on.wall:7.2f} s {off.wall:7.2f} s "
            f"{on.cpu:7.2f} s {off.cpu:7.2f} s {more}"
        )
    if serve:
        edits = serve_edit(site, runs)
        print(f"  {'one-review edit, serve':<22} {edits[True]:7.2f} s {edits[False]:7.2f} s")
    copy = site.parent / "search-on"
    wall, cpu, reviews = index_alone(copy)
    print(f"  index alone: {reviews} reviews in {wall:.2f} s wall, {cpu:.2f} s CPU")
    size, files = bundle_size(copy / "_site")
    print(f"  index on disk: {size / 1024:.0f} KiB in {files} files")
    query = surname(site)
    fetched = first_query(copy, query)
    if fetched is None:
        print("  first query: not measured (no Chromium)")
    else:
        print(
            f"  first query ({query!r}), as served: {fetched[0] / 1024:.0f} KiB for search, "
            f"{fetched[1] / 1024:.0f} KiB for the page and its styles"
        )
