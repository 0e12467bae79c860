"""The golden tier's helpers: fixture sites under tests/sites/, built against a fixed clock.

A fixture site holds only what is its own (site.yaml, content/, any static/ or templates/
file); the repository's theme is copied in under it first, as tests/conftest.py's make_site
does, so a fixture's own file overrides the theme's.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
from pathlib import Path

from tests.conftest import REPO, snapshot

SITES = REPO / "tests" / "sites"
INVALID = SITES / "invalid"
THEME = ("templates", "static")
# Every golden build reads this clock: drafts, schedules and "next year" never drift.
NOW = dt.datetime(2026, 6, 1, 20, 0, tzinfo=dt.timezone.utc)
# Not part of a fixture site: its committed expectations.
EXPECTED = ("expected", "expected.txt")
SHOWN_DIFFS = 3
# Pagefind's own browser code in the search bundle: the same bytes for every site of one
# Pagefind version, so checked for presence, not kept in every expected/ tree.
SEARCH_RUNTIME = re.compile(r"^pagefind/(?:pagefind\.js|pagefind-worker\.js|wasm\.\w+\.pagefind)$")
SHOWN_DIFF_LINES = 80


def site_folders(parent: Path) -> list[Path]:
    """The fixture sites directly under a folder: those holding a site.yaml."""
    return sorted(p for p in parent.iterdir() if (p / "site.yaml").is_file())


def prepare(fixture: Path, work: Path) -> Path:
    """A buildable copy of a fixture site: the repository's theme, then the fixture's files."""
    root = work / fixture.name
    for name in THEME:
        shutil.copytree(REPO / name, root / name)
    ignore = shutil.ignore_patterns(*EXPECTED)
    shutil.copytree(fixture, root, ignore=ignore, dirs_exist_ok=True)
    return root


def without_theme_copies(
    fixture: Path, built: dict[str, bytes]
) -> tuple[dict[str, bytes], list[str]]:
    """The built files minus the repository's own static/ files, and what is wrong with those.

    The theme's static files are copied as they are, so they are checked against the
    repository's static/ rather than kept in every expected/ tree (a stylesheet edit would
    otherwise rewrite six copies of it).
    """
    own = snapshot(fixture / "static") if (fixture / "static").is_dir() else {}
    theme = {f"static/{p}": data for p, data in snapshot(REPO / "static").items() if p not in own}
    problems = [
        f"{path}: not a copy of the repository's {path}"
        for path, data in theme.items()
        if built.get(path) != data
    ]
    runtime = {p for p in built if SEARCH_RUNTIME.match(p)}
    # Pagefind's script and the WebAssembly of the site's language (not the others').
    if "pagefind/pagefind-entry.json" in built and len(runtime) != 2:
        problems.append(f"the search bundle lacks Pagefind's browser files (has {sorted(runtime)})")
    kept = {p: data for p, data in built.items() if p not in theme and p not in runtime}
    return kept, problems


def tree_differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> list[str]:
    """What differs between two file trees: missing and extra files, then unified diffs of
    the first differing files (text) or their sizes (bytes that are not UTF-8)."""
    problems = [f"expected, not built: {p}" for p in sorted(expected.keys() - actual.keys())]
    problems += [f"built, not expected: {p}" for p in sorted(actual.keys() - expected.keys())]
    changed = sorted(p for p in expected.keys() & actual.keys() if expected[p] != actual[p])
    problems += [f"differs: {path}" for path in changed]
    for path in changed[:SHOWN_DIFFS]:
        problems.append(file_diff(path, expected[path], actual[path]))
    return problems


def file_diff(path: str, expected: bytes, actual: bytes) -> str:
    """A unified diff of one file's expected and actual text, cut short if long."""
    try:
        old, new = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return f"{path}: binary, {len(expected)} bytes expected, {len(actual)} built"
    lines = list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"expected/{path}",
            f"built/{path}",
        )
    )
    if len(lines) > SHOWN_DIFF_LINES:
        lines = [*lines[:SHOWN_DIFF_LINES], f"... {len(lines) - SHOWN_DIFF_LINES} more lines\n"]
    return "".join(lines)


def write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Replace a folder's contents with exactly these files."""
    if folder.exists():
        shutil.rmtree(folder)
    for path, data in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
