"""Where a cold build's CPU goes: each worker pool's wall time and the CPU of the main process
and of its workers, and the main process's own steps in between.

    .venv/bin/python benchmarks/cold_split.py SITE

SITE is a corpus (benchmarks/corpus.py); its output and cache are removed first. CPU is
user plus system time (os.times), which a shared machine moves less than wall time; the
workers' is counted as each pool ends and its workers are reaped.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import vhsheaven.build
import vhsheaven.model.place
import vhsheaven.pool
import vhsheaven.write.page_plan
import vhsheaven.write.site
from vhsheaven.options import BuildOptions

Clock = tuple[float, float, float]
ROWS: list[tuple[str, Clock, Clock]] = []


def clock() -> Clock:
    """Wall time, this process's CPU, its reaped children's CPU."""
    times = os.times()
    children = times.children_user + times.children_system
    return time.perf_counter(), times.user + times.system, children


def timed(module: Any, name: str) -> None:
    """Record each call of module.name (as the modules calling it see it)."""
    function: Callable[..., Any] = getattr(module, name)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return function(*args, **kwargs)
        finally:
            ROWS.append((f"{module.__name__.split('.', 1)[1]}.{name}", start, clock()))

    setattr(module, name, wrapper)


def pools() -> None:
    """Record each parallel_map's pool."""
    mapped = vhsheaven.pool._mapped

    def wrapper(function: Callable[[Any], Any], items: Any, *args: Any) -> Iterator[Any]:
        start = clock()
        yield from mapped(function, items, *args)
        ROWS.append((f"pool {function.__name__} x{len(items)}", start, clock()))

    vhsheaven.pool._mapped = wrapper  # type: ignore[assignment]


def main() -> None:
    site = Path(sys.argv[1])
    pools()
    timed(vhsheaven.model.place, "place")
    timed(vhsheaven.write.site, "site_specs")
    timed(vhsheaven.write.page_plan, "_full_plan")
    timed(vhsheaven.write.site, "_record")
    shutil.rmtree(site / "_site", ignore_errors=True)
    shutil.rmtree(site / ".vhsheaven-cache", ignore_errors=True)
    start = clock()
    vhsheaven.build.build(site, None, BuildOptions())
    ROWS.append(("whole build", start, clock()))
    print(f"{'step':34} {'at':>7} {'wall':>7} {'main':>6} {'workers':>7}")
    for name, (wall, main_cpu, workers), end in sorted(ROWS, key=lambda row: row[1][0]):
        spent = f"{end[0] - wall:7.2f} {end[1] - main_cpu:6.2f} {end[2] - workers:7.2f}"
        print(f"{name:34} {wall - start[0]:7.2f} {spent}")


if __name__ == "__main__":
    main()
