"""The golden tier: each fixture site under tests/sites/ builds to its committed expected/ tree.

Each site is built in-process with the clock fixed at tests.golden.NOW and compared file by
file (the set of files and their bytes) with `tests/sites/<name>/expected/`; the output
folder's `.vhsheaven/` control folder is not part of the site, and the repository's own
static/ files are checked as verbatim copies instead of being kept in every tree.

After an intended change to the output, rewrite every expected file with

    python -m pytest tests/e2e/test_golden.py tests/e2e/test_invalid_sites.py --update-golden

(`python -m pytest tests/e2e/test_golden.py --update-golden` rewrites the golden trees alone),
then review `git diff tests/sites/` and commit it with the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.golden import (
    NOW,
    SITES,
    prepare,
    site_folders,
    tree_differences,
    without_theme_copies,
    write_tree,
)
from vhsheaven.build import build
from vhsheaven.check import check
from vhsheaven.options import BuildOptions

GOLDEN = site_folders(SITES)


def test_every_golden_site_is_there() -> None:
    """A renamed or lost fixture folder must not shrink the tier without anyone noticing."""
    names = [site.name for site in GOLDEN]
    assert names == [
        "browse",
        "five-point",
        "reference",
        "reference-body",
        "schedule",
        "spoilers",
        "sub-path",
    ]


@pytest.mark.parametrize("fixture", GOLDEN, ids=[site.name for site in GOLDEN])
def test_site_builds_to_its_expected_files(
    fixture: Path, tmp_path: Path, update_golden: bool
) -> None:
    root, out = prepare(fixture, tmp_path), tmp_path / "out"
    report = build(root, out, BuildOptions(now=NOW))
    assert [str(w) for w in report.warnings] == []
    # A golden site is a sound one: every link, #fragment and poster resolves.
    assert [str(p) for p in check(root, BuildOptions(now=NOW)).problems] == []
    built, problems = without_theme_copies(fixture, snapshot(out))
    expected = fixture / "expected"
    if update_golden:
        write_tree(expected, built)
    assert expected.is_dir(), f"no {expected}: run with --update-golden to make it"
    problems += tree_differences(snapshot(expected), built)
    if problems:
        pytest.fail(f"{fixture.name} differs from its expected/:\n" + "\n".join(problems))
