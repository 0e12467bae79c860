"""Workers end with their parent: a build killed by SIGKILL leaves no worker process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.corpus import write_corpus
from tests.tools import REPO, require
from vhsheaven.pool import MIN_PARALLEL, worker_count

TRIALS = 5
# Generous: a worker told of its parent's death goes at once.
GRACE_S = 5.0

Process = tuple[int, str]  # (pid, start time): a pid the system reuses is another process


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def children(parent: int) -> set[Process]:
    """The living processes whose parent is `parent`."""
    found = set()
    for entry in os.scandir("/proc"):
        fields = _stat(int(entry.name)) if entry.name.isdigit() else None
        if fields is not None and int(fields[1]) == parent and fields[0] not in "ZX":
            found.add((int(entry.name), fields[19]))
    return found


def is_alive(process: Process) -> bool:
    """Whether the process still runs (a zombie has ended; it only waits to be reaped)."""
    fields = _stat(process[0])
    return fields is not None and fields[19] == process[1] and fields[0] not in "ZX"


def wait_for(condition: Callable[[], object], seconds: float) -> bool:
    """Poll `condition()` until it is true or `seconds` have passed; its last answer."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


@pytest.fixture
def big_site(tmp_path: Path) -> Path:
    """A site with enough new reviews that a build converts them in worker processes."""
    require(Path("/proc/self/stat").is_file(), "needs Linux's /proc to find worker processes")
    require(worker_count() >= 2, "needs two cores, or builds use no workers")
    return write_corpus(tmp_path / "site", 3 * MIN_PARALLEL)


def killed_builds(site: Path, out: Path) -> Iterator[set[Process]]:
    """Builds started one after another and killed while their workers run: the workers
    of each, as they were just before the kill."""
    for trial in range(TRIALS):
        command = [sys.executable, "-m", "vhsheaven", "build", "--source", str(site)]
        command += ["--output", str(out / str(trial))]
        yield kill_when_working(subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL))


def kill_when_working(build: subprocess.Popen[bytes]) -> set[Process]:
    """SIGKILL a build once its workers run; the workers it had."""
    try:
        started = wait_for(lambda: children(build.pid) or build.poll() is not None, 30)
        assert started and build.poll() is None, "the build ended before it used workers"
        time.sleep(0.05)  # every worker started, some busy converting
        return children(build.pid)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()


def test_workers_end_when_the_build_is_killed(big_site: Path, tmp_path: Path) -> None:
    left: set[Process] = set()
    try:
        for workers in killed_builds(big_site, tmp_path / "out"):
            assert workers
            wait_for(lambda: not any(map(is_alive, workers)), GRACE_S)  # noqa: B023 (called here)
            left |= set(filter(is_alive, workers))
        assert not left, f"workers alive {GRACE_S} s after their build was killed"
    finally:
        for pid, _ in filter(is_alive, left):
            os.kill(pid, signal.SIGKILL)


WATCHED_CHILD = """\
import os, time
from vhsheaven.pool import watch_parent
child = os.fork()
if child == 0:
    watch_parent(os.getppid())
    time.sleep(60)
    os._exit(0)
print(child, flush=True)
time.sleep(60)
"""


def test_without_prctl_a_worker_watches_its_parent_and_ends_with_it() -> None:
    require(Path("/proc/self/stat").is_file(), "needs Linux's /proc to find the child")
    parent = subprocess.Popen(
        [sys.executable, "-c", WATCHED_CHILD], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    with parent.stdout:
        line = parent.stdout.readline()
    assert line.strip().isdigit(), "the parent printed no child"
    child = next(p for p in children(parent.pid) if p[0] == int(line))
    parent.kill()
    parent.wait()
    try:
        assert wait_for(lambda: not is_alive(child), GRACE_S)
    finally:
        if is_alive(child):
            os.kill(child[0], signal.SIGKILL)


def test_a_worker_whose_parent_is_already_gone_ends_at_once() -> None:
    # The parent may die before the worker asks to be told of it: it is then not its parent.
    code = "import os\nfrom vhsheaven.pool import end_with_parent\n"
    code += "end_with_parent(os.getppid() + 1)\nprint('still here')\n"
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert (ran.returncode, ran.stdout, ran.stderr) == (1, "", "")
