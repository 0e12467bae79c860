"""The manifest a build leaves, and the `build` that finds it still holds and does nothing."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CACHE_DIR, MakeSite, review_text, run_cli
from vhsheaven.build import build
from vhsheaven.entry import plain_build
from vhsheaven.incremental import unchanged, versions
from vhsheaven.incremental.keys import nanoseconds
from vhsheaven.options import BuildOptions

# Whole seconds: front matter dates have no finer parts.
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
EARLIER, SOON, LATER = (NOW + dt.timedelta(days=days) for days in (-30, 30, 60))
PAGE = "reviews/later/index.html"


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust stamps however recent: the sites here are made moments before they are built.
    Every change a test makes after a build alters a size, or waits for a clock tick."""
    monkeypatch.setattr("vhsheaven.incremental.racy.RACY_NS", 0)


def site(make_site: MakeSite) -> Path:
    return make_site(
        {
            "content/reviews/jaws.md": review_text(
                "Jaws", 1975, 9, extra=f"mood: tense\ndate: {EARLIER.isoformat()}\n"
            ),
            "content/reviews/alien.md": review_text("Alien", 1979, 9.5, extra="draft: true\n"),
            "content/reviews/later.md": review_text(
                "Later", 1980, 7, extra=f"date: {SOON.isoformat()}\n"
            ),
        }
    )


def holds(root: Path, now: dt.datetime = NOW, **options: object) -> bool:
    """Whether a default build of `root` at `now` would find nothing to do."""
    selection = {"output": None, "base_url": None, "drafts": False, "future": False} | options
    key = unchanged.build_key(str(root), **selection)  # type: ignore[arg-type]
    manifest = unchanged.load(str(root / CACHE_DIR))
    assert manifest is not None, "the build left no manifest"
    return unchanged.holds(manifest, key, versions.installed(), nanoseconds(now), time.time_ns())


def tick() -> None:
    """Let the file system's clock move on, so a change shows in the change time."""
    time.sleep(0.02)


def same_size_edit(path: Path) -> None:
    """Change a file's bytes but not its size or mtime: only its change time tells."""
    stat = path.stat()
    tick()
    path.write_bytes(path.read_bytes().swapcase())
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


CHANGES: dict[str, Callable[[Path], None]] = {
    "review edited in place": lambda root: same_size_edit(root / "content/reviews/jaws.md"),
    "review added": lambda root: (root / "content/reviews/new.md").write_text(review_text()),
    "review in a new folder": lambda root: (
        (root / "content/reviews/more").mkdir(),
        (root / "content/reviews/more/new.md").write_text(review_text()),
    ),
    "review deleted": lambda root: (root / "content/reviews/jaws.md").unlink(),
    "review renamed": lambda root: (root / "content/reviews/jaws.md").rename(
        root / "content/reviews/shark.md"
    ),
    "template edited": lambda root: same_size_edit(root / "templates/review.html"),
    "template added": lambda root: (root / "templates/extra.html").write_text("x"),
    "static file added": lambda root: (root / "static/new.txt").write_text("x"),
    "site.yaml edited": lambda root: same_size_edit(root / "site.yaml"),
    "output file deleted": lambda root: (root / "_site/index.html").unlink(),
    "output file edited": lambda root: same_size_edit(root / "_site/index.html"),
}


@pytest.mark.usefixtures("trusting")
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_every_kind_of_change_breaks_the_manifest(make_site: MakeSite, change: str) -> None:
    root = site(make_site)
    build(root, options=BuildOptions(now=NOW))
    assert holds(root)
    CHANGES[change](root)
    assert not holds(root)


@pytest.mark.usefixtures("trusting")
def test_a_missing_folder_must_stay_missing(make_site: MakeSite) -> None:
    root = site(make_site)
    shutil.rmtree(root / "static")
    build(root, options=BuildOptions(now=NOW))
    assert holds(root)
    (root / "static").mkdir()
    assert not holds(root)


@pytest.mark.usefixtures("trusting")
def test_the_options_tools_and_time_must_match(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site(make_site)
    build(root, options=BuildOptions(now=NOW))
    assert holds(root, NOW) and holds(root, SOON - dt.timedelta(microseconds=1))
    assert not holds(root, SOON)  # later.md is due
    assert not holds(root, EARLIER - dt.timedelta(microseconds=1))  # jaws.md is not yet
    assert not holds(root, drafts=True)
    assert not holds(root, future=True)
    assert not holds(root, output=str(root / "elsewhere"))
    assert not holds(root, base_url="https://example.com/")
    monkeypatch.setattr(versions, "_found", "markdown=9.9")
    assert not holds(root)


@pytest.mark.usefixtures("trusting")
def test_a_build_at_another_time_publishes_what_is_due_then(make_site: MakeSite) -> None:
    root = site(make_site)
    early = build(root, options=BuildOptions(now=NOW))
    assert early.reviews == 1 and PAGE not in early.files
    late = build(root, options=BuildOptions(now=LATER))
    assert late.reviews == 2 and PAGE in late.files and PAGE in late.written
    again = build(root, options=BuildOptions(now=NOW))
    assert again.reviews == 1 and PAGE not in again.files


def test_stamps_too_recent_to_trust_leave_no_manifest(make_site: MakeSite) -> None:
    root = site(make_site)
    build(root)
    assert unchanged.load(str(root / CACHE_DIR)) is None


@pytest.mark.usefixtures("trusting")
def test_a_damaged_manifest_is_ignored(make_site: MakeSite) -> None:
    root = site(make_site)
    build(root, options=BuildOptions(now=NOW))
    path = root / CACHE_DIR / unchanged.MANIFEST
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))
    assert unchanged.load(str(root / CACHE_DIR)) is None
    path.write_bytes(data[:20])
    assert unchanged.load(str(root / CACHE_DIR)) is None
    report = build(root, options=BuildOptions(now=NOW))
    assert report.reviews == 1 and unchanged.load(str(root / CACHE_DIR)) is not None


@pytest.mark.usefixtures("trusting")
def test_a_build_that_finds_nothing_changed_reports_what_the_last_one_did(
    make_site: MakeSite,
) -> None:
    """From the command line: the same lines (bar the time), without importing the build core."""
    root = site(make_site)
    first = build(root)
    assert first.reviews == 1
    slow = run_cli("build", "--source", root, "--drafts")  # another key: it builds
    assert slow.returncode == 0
    build(root, options=BuildOptions(drafts=True))  # trusting, so it leaves a manifest
    probe = (
        "import sys; from vhsheaven.entry import main; code = main(sys.argv[1:]); "
        "print(code, 'vhsheaven.build' in sys.modules, 'argparse' in sys.modules)"
    )
    command = [sys.executable, "-c", probe, "build", "--source", str(root), "--drafts"]
    fast = subprocess.run(command, cwd=root, capture_output=True, text=True, check=True, timeout=60)
    *lines, verdict = fast.stdout.splitlines()
    assert verdict == "0 False False"

    def timeless(text: str) -> str:
        return re.sub(r" in [0-9.]+ s into ", " in N s into ", text)

    assert timeless("\n".join(lines) + "\n") == timeless(slow.stdout)
    assert fast.stderr == slow.stderr
    assert "mood: unknown field, ignored" in fast.stderr
    assert "Built 2 reviews" in slow.stdout and "left out" in slow.stdout
    quiet = subprocess.run(
        [*command, "--quiet"], cwd=root, capture_output=True, text=True, check=True
    )
    assert quiet.stdout == "0 False False\n" and quiet.stderr == ""


@pytest.mark.parametrize(
    ("args", "plain"),
    [
        (["build"], {}),
        (
            ["build", "-q", "--drafts", "--output=out"],
            {"quiet": True, "drafts": True, "output": "out"},
        ),
        (
            ["build", "--source", "s", "--future", "-v"],
            {"source": "s", "future": True, "verbose": True},
        ),
        (["build", "--quiet", "--verbose"], None),
        (["build", "--drafts", "--drafts"], None),
        (["build", "--source"], None),
        (["build", "--source", "--drafts"], None),
        (["build", "--base-url", "https://e.org/"], None),
        (["build", "--clean"], None),
        (["build", "--dra"], None),
        (["serve"], None),
        ([], None),
    ],
)
def test_only_plain_build_command_lines_are_judged_before_cli(
    args: list[str], plain: dict[str, object] | None
) -> None:
    assert plain_build(args) == plain
