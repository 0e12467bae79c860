"""The output folders checked by one listing each (unchanged.WHOLE_FOLDERS): a resized copy or
a search fragment deleted, added or replaced behind the build's back is noticed, and the
next build puts the site back as a clean build makes it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CACHE_DIR, MakeSite, snapshot
from tests.e2e.test_images import posters_site
from tests.e2e.test_search_build import needs_pagefind
from vhsheaven.build import build
from vhsheaven.incremental import unchanged, versions
from vhsheaven.options import BuildOptions

# The folder a target lives in, and how to pick one of its files.
TARGETS = {"resized copy": ("_images", ".webp"), "search fragment": ("pagefind/fragment", "")}
EXTRA = "added-by-hand-000000000000-128.webp"


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust stamps however recent, so the freshly made site leaves a manifest."""
    monkeypatch.setattr("vhsheaven.incremental.racy.RACY_NS", 0)


def holds(root: Path) -> bool:
    """Whether a default build of `root` now would find nothing to do."""
    key = unchanged.build_key(str(root), None, None, False, False)
    manifest = unchanged.load(str(root / CACHE_DIR))
    assert manifest is not None, "the build left no manifest"
    now = time.time_ns()
    return unchanged.holds(manifest, key, versions.installed(), now, now)


def one_file(out: Path, folder: str, suffix: str) -> Path:
    return sorted(path for path in (out / folder).iterdir() if path.name.endswith(suffix))[0]


def delete(target: Path) -> None:
    target.unlink()


def add(target: Path) -> None:
    (target.parent / EXTRA).write_bytes(target.read_bytes())


def replace(target: Path) -> None:
    """Another file moved over it: the bytes of a sibling, under a new inode."""
    sibling = sorted(path for path in target.parent.iterdir() if path != target)[0]
    partial = target.parent.parent / "partial"
    partial.write_bytes(sibling.read_bytes())
    partial.replace(target)


CHANGES: dict[str, Callable[[Path], None]] = {"deleted": delete, "added": add, "replaced": replace}


@pytest.mark.usefixtures("trusting")
@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_a_file_changed_in_a_listed_folder_is_noticed_and_repaired(
    make_site: MakeSite, tmp_path: Path, target: str, change: str
) -> None:
    if target == "search fragment":
        needs_pagefind()
    root = posters_site(make_site)
    out = root / "_site"
    build(root, None, BuildOptions())
    assert holds(root)
    folder, suffix = TARGETS[target]
    picked = one_file(out, folder, suffix)
    CHANGES[change](picked)
    assert not holds(root)
    build(root, None, BuildOptions())
    got = snapshot(out)
    clean = tmp_path / "clean"
    build(root, clean, BuildOptions(cache=False))
    want = snapshot(clean)
    if change == "added":
        # Not the build's file: never removed, and no reason to build again.
        assert got.pop(f"{folder}/{EXTRA}") == picked.read_bytes()
    assert got.keys() == want.keys()
    assert [name for name in got if got[name] != want[name]] == []
    assert holds(root)
    shutil.rmtree(clean)
