"""Every line printed about a build, a check or a serve rebuild, in one place.

It imports only what Python has loaded at start-up: the command's entry point (entry.py)
prints from here before it imports anything else.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vhsheaven.errors import BuildFailed, Diagnostic
    from vhsheaven.load.publish import LeftOut
    from vhsheaven.reports import BuildReport

INTERRUPTED = (
    "Interrupted: the output folder holds the previous site (or the new one, if it was in place)."
)


def summary_line(reviews: int, pages: int, files: int, seconds: float, output: str) -> str:
    """The line a successful build ends with."""
    return f"Built {reviews} reviews: {pages} pages, {files} files in {seconds:.2f} s into {output}"


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """One line per problem on stderr, in path and line order."""
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr, flush=True)


def print_failure(failed: BuildFailed, outcome: str = "the output folder was not changed") -> None:
    """Every problem, then a line saying the build stopped and what happened instead."""
    print_diagnostics(failed.diagnostics)
    errors = sum(1 for d in failed.diagnostics if d.is_error)
    print(f"Build failed: {errors} error(s); {outcome}.", file=sys.stderr, flush=True)


def print_left_out(left_out: Sequence[LeftOut]) -> None:
    """Name each draft or scheduled review the build did not publish (not an error)."""
    for review in left_out:
        print(review)


def print_report(report: BuildReport, *, verbose: bool) -> None:
    """The summary line, preceded by every file written when verbose."""
    if verbose:
        for path in report.written:
            print(f"  wrote {path}")
    counts = (report.reviews, report.pages, len(report.files))
    print(summary_line(*counts, report.seconds, str(report.output)), flush=True)
