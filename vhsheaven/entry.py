"""The `vhsheaven` command. A plain `vhsheaven build` that finds nothing changed answers here,
before the build core (or even argparse) is imported; everything else goes to cli.main.
"""

from __future__ import annotations

import os
import sys
import time

from vhsheaven.incremental import unchanged
from vhsheaven.incremental.versions import installed
from vhsheaven.messages import (
    INTERRUPTED,
    coloured,
    from_cwd,
    left_out_line,
    print_summary,
    summary_line,
)

# The build options this module understands; any other argument leaves the judging to cli.
_FLAGS = {"--quiet": "quiet", "-q": "quiet", "--verbose": "verbose", "-v": "verbose"}
_FLAGS |= {"--drafts": "drafts", "-D": "drafts", "--future": "future", "-F": "future"}
_FLAGS |= {"--no-color": "no_color"}
_VALUES = {"--source": "source", "-s": "source", "--output": "output", "-o": "output"}


# What a shell reports for a command stopped by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        done = _nothing_to_build(args)
        if done is not None:
            return done
        from vhsheaven.cli import main as run

        return run(args)
    except KeyboardInterrupt:
        # Replaying the journal holds Ctrl-C back, so the folder is never half old, half new.
        print(f"\n{INTERRUPTED}", file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED


def plain_build(args: list[str]) -> dict[str, str | bool] | None:
    """The options of a `build` command line that names only what this module understands,
    each at most once; None for anything else (cli.main judges those)."""
    if not args or args[0] != "build":
        return None
    found: dict[str, str | bool] = {}
    rest = iter(args[1:])
    for arg in rest:
        name, equals, value = arg.partition("=")
        if name in _VALUES and _VALUES[name] not in found:
            value = value if equals else next(rest, "")
            if not value or value.startswith("-"):
                return None  # argparse has its own way with these
            found[_VALUES[name]] = value
        elif arg in _FLAGS and _FLAGS[arg] not in found:
            found[_FLAGS[arg]] = True
        else:
            return None
    return None if found.get("quiet") and found.get("verbose") else found


def _nothing_to_build(args: list[str]) -> int | None:
    """A `build` whose last run's manifest still holds: its report is printed again and the
    exit code returned. None when there is something to build, or the arguments need cli."""
    options = plain_build(args)
    if options is None:
        return None
    started = time.perf_counter()
    source, output = str(options.get("source", ".")), options.get("output")
    drafts, future = bool(options.get("drafts")), bool(options.get("future"))
    key = unchanged.build_key(source, None if output is None else str(output), None, drafts, future)
    # Only the default cache folder: any other is a setting, and settings are not read here.
    folder = f"{key[0]}/{unchanged.CACHE_DIR}"
    manifest = unchanged.load(folder)
    if manifest is None:
        return None
    now = time.time_ns()
    if not unchanged.holds(manifest, key, installed(), now, now):
        unchanged.forget(folder)  # the build about to run would remove it anyway
        return None
    if options.get("no_color"):
        os.environ["NO_COLOR"] = "1"
    if not options.get("quiet"):
        _print_report(manifest, time.perf_counter() - started, key[0])
    return 0


def _print_report(manifest: dict[str, object], seconds: float, root: str) -> None:
    """What cli.run_build prints after a build: warnings, reviews left out, the summary."""
    report: dict[str, object] = manifest["report"]  # type: ignore[assignment]
    for warning in report["warnings"]:  # type: ignore[attr-defined]
        print(coloured(from_cwd(warning, root), "warning", sys.stderr), file=sys.stderr, flush=True)
    for review in report["left_out"]:  # type: ignore[attr-defined]
        print(left_out_line(review, root))
    counts = (report["reviews"], report["pages"], report["files"])
    print_summary(summary_line(*counts, seconds, str(manifest["out"])), root)  # type: ignore[arg-type]
