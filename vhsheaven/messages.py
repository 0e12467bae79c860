"""Every line printed about a build, a check or a serve rebuild, in one place.

It imports only what Python has loaded at start-up: the command's entry point (entry.py)
prints from here before it imports anything else.

Paths are shown relative to the folder the command was run from, so that `--source other/`
gives `other/content/reviews/x.md:4:` lines an editor or terminal can open. On a terminal,
errors are red, warnings yellow and a build's summary green, unless NO_COLOR is set (any
value, see no-color.org) or `--no-color` was given (the command line sets NO_COLOR).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vhsheaven.errors import BuildFailed, Diagnostic
    from vhsheaven.load.publish import LeftOut
    from vhsheaven.reports import BuildReport

INTERRUPTED = (
    "Interrupted: the output folder holds the previous site (or the new one, if it was in place)."
)
PREVIEW_HINT = "Preview it with: vhsheaven serve"
LEFT_OUT = "left out "
_COLOURS = {"error": "31", "warning": "33", "done": "32", "hint": "2"}


def plural(count: int, word: str) -> str:
    """ "1 review", "2 reviews", "0 errors"."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def coloured(text: str, kind: str, stream: TextIO) -> str:
    """`text` in the colour for `kind` when `stream` is a terminal that wants colour."""
    if os.environ.get("NO_COLOR") or not stream.isatty():
        return text
    return f"\x1b[{_COLOURS[kind]}m{text}\x1b[0m"


def from_cwd(line: str, root: str | None) -> str:
    """A message that starts with a path relative to the site folder `root`, with the path
    made relative to the current folder instead."""
    if root is None or line.startswith(("/", "\\")) or line[1:3] in (":\\", ":/"):
        return line  # an absolute path (a bundled template's, say)
    prefix = shown_path(root)
    return line if prefix == "." else f"{prefix}/{line}"


def shown_path(path: str) -> str:
    """A path as messages show it: relative to the current folder when it is inside it,
    else absolute (a path into /tmp is clearer than ../../../tmp)."""
    relative = os.path.relpath(path).replace(os.sep, "/")
    return path if relative.startswith("..") else relative


def summary_line(reviews: int, pages: int, files: int, seconds: float, output: str) -> str:
    """The line a successful build ends with."""
    counts = f"{plural(reviews, 'review')}: {plural(pages, 'page')}, {plural(files, 'file')}"
    return f"Built {counts} in {seconds:.2f} s into {shown_path(output)}"


def print_diagnostics(diagnostics: Sequence[Diagnostic], root: str | None = None) -> None:
    """One line per problem on stderr, in path and line order."""
    for diagnostic in diagnostics:
        line = from_cwd(str(diagnostic), root)
        kind = "error" if diagnostic.is_error else "warning"
        print(coloured(line, kind, sys.stderr), file=sys.stderr, flush=True)


def print_failure(
    failed: BuildFailed, outcome: str = "the output folder was not changed", root: str | None = None
) -> None:
    """Every problem, then a line saying the build stopped and what happened instead."""
    print_diagnostics(failed.diagnostics, root)
    errors = sum(1 for d in failed.diagnostics if d.is_error)
    line = f"Build failed: {plural(errors, 'error')}; {outcome}."
    print(coloured(line, "error", sys.stderr), file=sys.stderr, flush=True)


def print_left_out(left_out: Sequence[LeftOut], root: str | None = None) -> None:
    """Name each draft or scheduled review the build did not publish (not an error)."""
    for review in left_out:
        print(left_out_line(str(review), root))


def left_out_line(line: str, root: str | None) -> str:
    """A "left out PATH: why" line with its path shown from the current folder."""
    rest = line.removeprefix(LEFT_OUT)
    return LEFT_OUT + from_cwd(rest, root) if rest != line else line


def print_summary(line: str, root: str | None = None) -> None:
    """A build's summary line on stdout, and how to preview the site."""
    print(coloured(line, "done", sys.stdout), flush=True)
    source = shown_path(root) if root is not None else "."
    hint = PREVIEW_HINT if source == "." else f"{PREVIEW_HINT} --source {source}"
    print(coloured(hint, "hint", sys.stdout), flush=True)


def print_report(report: BuildReport, *, verbose: bool, root: str | None = None) -> None:
    """The summary line, preceded by every file written when verbose."""
    if verbose:
        for path in report.written:
            print(f"  wrote {path}")
    counts = (report.reviews, report.pages, len(report.files))
    print_summary(summary_line(*counts, report.seconds, str(report.output)), root)
