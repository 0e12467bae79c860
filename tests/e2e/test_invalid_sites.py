"""Invalid fixture sites: each case under tests/sites/invalid/ has one broken thing, and its
expected.txt holds the command it runs and the exact diagnostics, one line each.

expected.txt starts with `$ vhsheaven build` or `$ vhsheaven check`; the lines after it are
the str() of every diagnostic the command reports (a failed build's errors, a successful
build's warnings, or every problem `check` finds), in the order the command prints them.
The site is built in-process with the clock fixed at tests.golden.NOW. After an intended
change to a message, rewrite every expected.txt with

    python -m pytest tests/e2e/test_invalid_sites.py --update-golden

then review `git diff tests/sites/invalid/` and commit it with the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import INVALID, NOW, prepare, site_folders
from vhsheaven.build import build
from vhsheaven.check import check
from vhsheaven.errors import BuildFailed
from vhsheaven.options import BuildOptions

CASES = site_folders(INVALID)
COMMANDS = ("build", "check")


def diagnostics(command: str, root: Path, out: Path) -> tuple[list[str], bool]:
    """What `vhsheaven COMMAND` reports for the site, one line per diagnostic, and whether
    it stopped (BuildFailed) rather than finishing with problems to show."""
    options = BuildOptions(now=NOW)
    try:
        if command == "check":
            return [str(d) for d in check(root, options).problems], False
        return [str(d) for d in build(root, out, options).warnings], False
    except BuildFailed as failed:
        return [str(d) for d in failed.diagnostics], True


def test_every_case_is_there() -> None:
    """A renamed or lost case folder must not shrink the tier without anyone noticing."""
    assert len(CASES) >= 11
    assert [case for case in INVALID.iterdir() if case not in CASES] == []


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_reports_exactly_its_expected_diagnostics(
    case: Path, tmp_path: Path, update_golden: bool
) -> None:
    expected_file = case / "expected.txt"
    command_line, *expected = expected_file.read_text(encoding="utf-8").splitlines()
    command = command_line.removeprefix("$ vhsheaven ")
    assert command in COMMANDS, f"{expected_file}:1: not $ vhsheaven build or check"
    out = tmp_path / "out"
    reported, failed = diagnostics(command, prepare(case, tmp_path), out)
    if update_golden:
        expected_file.write_text("\n".join([command_line, *reported]) + "\n", encoding="utf-8")
        expected = reported
    assert reported == expected
    assert reported, "an invalid case must report something"
    if failed:
        assert not out.exists(), "a failed build must write nothing"
