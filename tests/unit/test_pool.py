"""Work spread over forked workers, and the parent's own work done meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vhsheaven.errors import BuildFailed, Diagnostic, Location
from vhsheaven.pool import Later, parallel_map, worker_count

needs_workers = pytest.mark.skipif(worker_count() < 2, reason="needs two cores")


def square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def in_fresh_process(code: str) -> list[str]:
    """Run `code` in a new interpreter, where no other test has left a thread that would
    make parallel_map work alone; its output lines."""
    prelude = (
        "import os\n"
        "from tests.unit.test_pool import square_and_pid\n"
        "from vhsheaven.pool import MIN_PARALLEL, parallel_map\n"
        "items = list(range(3 * MIN_PARALLEL))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", prelude + code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@needs_workers
def test_work_runs_in_workers_in_order_while_the_parent_does_its_own() -> None:
    found = in_fresh_process(
        "calls = []\n"
        "results = list(parallel_map(square_and_pid, items, meanwhile=lambda: calls.append(1)))\n"
        "print([s for s, _ in results] == [n * n for n in items])\n"
        "print(bool({pid for _, pid in results} - {os.getpid()}), calls)\n"
    )
    # In order; some done by workers; the parent's own work done once.
    assert found == ["True", "True", "[1]"]


def test_without_workers_meanwhile_is_left_to_the_caller() -> None:
    calls: list[int] = []
    results = list(parallel_map(square_and_pid, [1, 2, 3], meanwhile=lambda: calls.append(1)))
    assert [square for square, _ in results] == [1, 4, 9]
    assert calls == []


@needs_workers
def test_a_failure_meanwhile_stops_the_work_and_is_raised() -> None:
    found = in_fresh_process(
        "def fail():\n"
        "    raise KeyError('meanwhile')\n"
        "try:\n"
        "    list(parallel_map(square_and_pid, items, meanwhile=fail))\n"
        "except KeyError as exc:\n"
        "    print('raised', exc)\n"
    )
    assert found == ["raised", "'meanwhile'"]


def test_later_computes_once_and_keeps_a_build_failure_for_get(tmp_path: Path) -> None:
    made: list[int] = []
    later = Later(lambda: made.append(1) or len(made))
    later.make()
    later.make()
    assert (later.get(), later.get(), made) == (1, 1, [1])

    failure = BuildFailed([Diagnostic(Location(tmp_path / "templates/base.html", 3), None, "bad")])

    def broken() -> int:
        raise failure

    failing = Later(broken)
    failing.make()  # as parallel_map's meanwhile: nothing raised yet
    with pytest.raises(BuildFailed) as raised:
        failing.get()
    assert raised.value is failure
