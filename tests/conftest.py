"""Fixtures: build real sites in temporary folders and look at the real output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SITE_YAML = """\
title: Test Heaven
tagline: Tapes for testing
base_url: https://example.org/
language: en
author: VHS Heaven Team
"""
REVIEW = """\
---
title: {title}
year: {year}
rating: {rating}
{extra}---

## First section

{body}
"""

MakeSite = Callable[..., Path]


def pytest_addoption(parser: pytest.Parser) -> None:
    """--update-golden: rewrite the golden tier's expected files instead of comparing."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/sites/*/expected/ and tests/sites/invalid/*/expected.txt from "
        "what the build makes now; review the diff before committing it",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites the golden tier's expected files."""
    return bool(request.config.getoption("--update-golden"))


def review_text(
    title: str = "A Film", year: int = 1985, rating: float = 8, extra: str = "", body: str = ""
) -> str:
    """A small valid review file; `extra` is more front-matter lines."""
    body = body or "Words about the film. " * 20
    return REVIEW.format(title=title, year=year, rating=rating, extra=extra, body=body)


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """make_site(files={relative path: text}) → a site folder with the repository's theme."""

    def make(files: dict[str, str | bytes] | None = None, *, theme: bool = True) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        if theme:
            shutil.copytree(REPO / "templates", root / "templates", dirs_exist_ok=True)
            shutil.copytree(REPO / "static", root / "static", dirs_exist_ok=True)
        all_files: dict[str, str | bytes] = {"site.yaml": SITE_YAML, **(files or {})}
        for name, content in all_files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m vhsheaven ARGS` the way a user would, capturing its output.

    With `--source DIR` and no `cwd`, it runs in DIR, so messages name paths from the site
    folder as they would for an editor working there (tests/e2e/test_messages.py checks
    paths from elsewhere)."""
    words = list(map(str, args))
    if cwd is None and "--source" in words[:-1]:
        source = Path(words[words.index("--source") + 1])
        cwd = source if source.is_absolute() and source.is_dir() else None
    return subprocess.run(
        [sys.executable, "-m", "vhsheaven", *words],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


CACHE_DIR = ".vhsheaven-cache"
# The output folder's own notes (vhsheaven.write.owned.CONTROL): the lock and the record of its files.
CONTROL = ".vhsheaven"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, for byte-for-byte comparisons.

    Build caches are left out: a cache is the one thing a build writes beside the output
    folder, by design (see README, "Fast rebuilds"); so is the output folder's own control
    folder (its lock and the record of the files vhsheaven wrote), which is not the site.
    """
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not {CACHE_DIR, CONTROL} & set(path.relative_to(folder).parts)
    }
