"""A build under faults: killed at any moment, interrupted, racing another build, out of disk
space or refused by the system, it leaves the previous site or the new one, never a mix."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CACHE_DIR, MakeSite, review_text, run_cli, snapshot
from vhsheaven.build import build
from vhsheaven.errors import BuildFailed
from vhsheaven.messages import INTERRUPTED
from vhsheaven.options import BuildOptions
from vhsheaven.write import staging as write
from vhsheaven.write.folder import finish_stopped
from vhsheaven.write.staging import JOURNAL

GENRES = ("Horror", "Drama", "Comedy", "Science Fiction", "Western")


def write_reviews(root: Path, count: int, edition: int) -> None:
    """`count` short reviews; every edition changes every review, so every page changes."""
    folder = root / "content" / "reviews"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        extra = f"genres: [{GENRES[n % len(GENRES)]}]\ndate: 2020-01-{1 + n % 28:02d}\n"
        body = f"Edition {edition} of the notes on tape {n}. " * 6
        text = review_text(f"Tape {n}", 1970 + n % 30, 1 + (n + edition) % 10, extra, body)
        (folder / f"tape-{n:04d}.md").write_text(text, encoding="utf-8")


def start_build(root: Path, *args: str) -> subprocess.Popen[str]:
    """`vhsheaven build` in its own process group, as a shell starts a job."""
    return subprocess.Popen(
        [sys.executable, "-m", "vhsheaven", "build", "--quiet", "--source", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def restore(saved: Path, root: Path) -> None:
    """Put back the output folder a build left in `saved` (a killed build saves no cache)."""
    shutil.rmtree(root / "_site", ignore_errors=True)
    shutil.copytree(saved / "_site", root / "_site", symlinks=True)


def kill_at(process: subprocess.Popen[str], moment: Callable[[], bool]) -> None:
    """SIGKILL the build and its workers once `moment()` is true (or it has ended)."""
    while process.poll() is None and not moment():
        time.sleep(0.0005)
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def after(seconds: float) -> Callable[[], bool]:
    deadline = time.monotonic() + seconds
    return lambda: time.monotonic() >= deadline


def journal_written(root: Path, delay: float) -> Callable[[], bool]:
    """True `delay` seconds after the build has written its journal: inside the commit step."""
    seen: list[float] = []

    def moment() -> bool:
        if not seen and (root / "_site" / JOURNAL).exists():
            seen.append(time.monotonic())
        return bool(seen) and time.monotonic() >= seen[0] + delay

    return moment


def test_killed_at_any_moment_the_output_is_wholly_old_or_wholly_new(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site()
    write_reviews(root, 1000, edition=1)
    assert run_cli("build", "--source", root).returncode == 0
    old = snapshot(root / "_site")
    saved = tmp_path / "saved"
    shutil.copytree(root / "_site", saved / "_site", symlinks=True)
    write_reviews(root, 1000, edition=2)
    started = time.monotonic()
    assert run_cli("build", "--source", root).returncode == 0
    seconds = time.monotonic() - started
    new = snapshot(root / "_site")
    # The same pages; the search index's files are named by their bytes, so their names change.
    pages = [{name for name in files if not name.startswith("pagefind/")} for files in (old, new)]
    assert old != new and pages[0] == pages[1]
    moments = [after(seconds * (i + 0.5) / 17) for i in range(17)]
    moments += [journal_written(root, delay) for delay in (0.0, 0.002, 0.01)]
    outcomes = []
    for index, moment in enumerate(moments):
        restore(saved, root)
        kill_at(start_build(root), moment)
        finish_stopped(root / "_site")  # what the next build or check does first
        found = snapshot(root / "_site")
        assert found in (old, new), f"kill {index} left a mix"
        outcomes.append("old" if found == old else "new")
        if index == 17:  # the next build goes on from a stopped commit to the right site
            assert run_cli("build", "--source", root).returncode == 0
            assert snapshot(root / "_site") == new
    assert "old" in outcomes
    print("kill outcomes:", " ".join(outcomes), f"(an uninterrupted build takes {seconds:.2f} s)")


def test_a_build_stopped_within_its_journal_is_finished_by_the_next(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site()
    write_reviews(root, 12, edition=1)
    build(root)
    old = snapshot(root / "_site")
    write_reviews(root, 10, edition=2)  # two reviews' pages go, the rest change
    real_replace = Path.replace
    moved: list[Path] = []

    def dying_replace(self: Path, target: str | os.PathLike[str]) -> Path:
        if root / "_site" not in self.parents:  # the cache's files, written before the journal
            return real_replace(self, target)
        if len(moved) == 5:
            raise KeyboardInterrupt  # stands for the process dying there
        moved.append(self)
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        build(root)
    monkeypatch.setattr(Path, "replace", real_replace)
    assert (root / "_site" / JOURNAL).exists()
    assert snapshot(root / "_site") not in (old,)
    assert run_cli("check", "--source", root).returncode == 0
    assert not (root / "_site" / JOURNAL).exists()
    finished = snapshot(root / "_site")
    build(root, options=BuildOptions(cache=False), output=root / "clean")
    assert finished == snapshot(root / "clean")


def test_ctrl_c_exits_130_with_one_line_and_a_whole_site(make_site: MakeSite) -> None:
    root = make_site()
    write_reviews(root, 300, edition=1)
    assert run_cli("build", "--source", root).returncode == 0
    # On a busy machine the build may finish in the moment between seeing its staging folder
    # and the signal: then edit again and interrupt the next one.
    for edition in range(2, 6):
        old = snapshot(root / "_site")
        write_reviews(root, 300, edition=edition)
        process = start_build(root)
        while process.poll() is None and not (root / "_site" / write.STAGING).exists():
            time.sleep(0.0005)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)  # what a terminal does on Ctrl-C, mid-build
        _, err = process.communicate(timeout=60)
        if process.returncode != 0:
            break
    else:
        pytest.fail("four builds in a row finished before Ctrl-C; make them bigger")
    assert process.returncode == 130
    assert [line for line in err.splitlines() if line] == [INTERRUPTED]
    assert snapshot(root / "_site") == old


def test_two_builds_at_once_never_mix(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    write_reviews(root, 200, edition=1)
    assert (
        run_cli("build", "--source", root, "--no-cache", "--output", tmp_path / "c").returncode == 0
    )
    expected = snapshot(tmp_path / "c")
    for _ in range(3):
        shutil.rmtree(root / "_site", ignore_errors=True)
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
        first, second = start_build(root), start_build(root)
        results = [(p.wait(timeout=120), p.communicate()[1]) for p in (first, second)]
        assert [code for code, _ in results].count(0) >= 1
        for code, err in results:
            assert "Traceback" not in err
            if code != 0:
                assert code == 1 and "another vhsheaven build (process" in err
        assert snapshot(root / "_site") == expected


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MiB filesystem of its own (tmpfs), where this machine lets the tests mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_an_error_and_the_old_site_stays(
    make_site: MakeSite, small_disk: Path
) -> None:
    root = make_site()
    write_reviews(root, 20, edition=1)
    out = small_disk / "site"
    assert run_cli("build", "--source", root, "--output", out).returncode == 0
    old = snapshot(out)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 64 * 1024))
    write_reviews(root, 20, edition=2)
    result = run_cli("build", "--source", root, "--output", out)
    assert result.returncode == 1
    assert "No space left on device; free some disk space, then build again" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(out) == old
    (small_disk / "filler").unlink()
    assert run_cli("build", "--source", root, "--output", out).returncode == 0
    assert snapshot(out) != old


@pytest.mark.parametrize("reviews", [8, 100])  # in this process, and in worker processes
@pytest.mark.parametrize(
    ("code", "remedy"),
    [(errno.ENOSPC, "free some disk space"), (errno.EACCES, "check its permissions")],
)
def test_a_write_the_system_refuses_is_a_diagnostic(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch, reviews: int, code: int, remedy: str
) -> None:
    root = make_site()
    write_reviews(root, reviews, edition=1)
    build(root)
    old = snapshot(root / "_site")
    write_reviews(root, reviews, edition=2)
    real_write = write.write_file
    calls = []

    def refusing(target: Path, data: bytes) -> None:
        calls.append(target)
        if len(calls) > 3:
            raise OSError(code, os.strerror(code), str(target))
        real_write(target, data)

    monkeypatch.setattr(write, "write_file", refusing)
    with pytest.raises(BuildFailed) as failed:
        build(root)
    [problem] = failed.value.diagnostics
    assert str(problem).startswith("_site/")
    assert f"{os.strerror(code)}; {remedy}" in str(problem)
    assert snapshot(root / "_site") == old
    assert not (root / "_site" / write.STAGING).exists()
