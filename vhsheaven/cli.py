"""Command line: parses arguments, calls the build core, maps BuildFailed to exit code 1."""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import gc
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from vhsheaven import __version__
from vhsheaven.build import build
from vhsheaven.check import check
from vhsheaven.errors import BuildFailed
from vhsheaven.importing.command import add_import_command
from vhsheaven.load.fields import Invalid
from vhsheaven.load.settings import load_config, parse_base_url
from vhsheaven.messages import (
    coloured,
    plural,
    print_diagnostics,
    print_failure,
    print_left_out,
    print_report,
    shown_path,
)
from vhsheaven.options import options_from
from vhsheaven.progress import ProgressBar
from vhsheaven.scaffold.command import add_init_command, add_theme_command
from vhsheaven.serve.command import DEFAULT_PORT, run_serve

# What only `serve` uses is imported there: `build` must start fast.
if TYPE_CHECKING:
    pass

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def base_url_argument(value: str) -> str:
    """argparse type for --base-url: an absolute http(s) URL."""
    try:
        return parse_base_url(value)
    except Invalid as exc:
        raise argparse.ArgumentTypeError(f"{exc.message} (allowed: {exc.allowed})") from exc


def make_parser() -> argparse.ArgumentParser:
    """The `vhsheaven` argument parser with its subcommands."""
    parser = argparse.ArgumentParser(
        prog="vhsheaven",
        description="Build a retro film-review blog from Markdown reviews.",
    )
    parser.add_argument("--version", action="version", version=f"vhsheaven {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_build_command(commands)
    _add_new_command(commands)
    _add_serve_command(commands)
    _add_check_command(commands)
    add_init_command(commands, common_options())
    add_theme_command(commands, common_options())
    add_import_command(commands)
    return parser


def common_options() -> argparse.ArgumentParser:
    """-q, -v and --no-color, which every command takes (as `parents=`)."""
    common = argparse.ArgumentParser(add_help=False)
    noise = common.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    noise.add_argument("-v", "--verbose", action="store_true", help="print more about the work")
    common.add_argument(
        "--no-color",
        action="store_true",
        help="no colour, as when NO_COLOR is set or the output is not a terminal",
    )
    return common


def _add_build_command(commands: Subcommands) -> None:
    build_parser = commands.add_parser(
        "build",
        help="build the site into the output folder",
        description="Check every review, render the pages and write the output folder.",
        parents=[common_options()],
    )
    _add_source_argument(build_parser)
    build_parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write the site (default: output_dir in site.yaml, else _site)",
    )
    build_parser.add_argument(
        "--allow-nonempty",
        action="store_true",
        help="build into a non-empty folder vhsheaven did not make; its files are kept, "
        "never deleted or overwritten",
    )
    _add_selection_arguments(build_parser)
    fresh = build_parser.add_mutually_exclusive_group()
    fresh.add_argument(
        "--clean",
        action="store_true",
        help="rebuild everything, ignoring what the cache holds (the cache is then rewritten)",
    )
    fresh.add_argument(
        "--no-cache",
        dest="cache",
        action="store_false",
        help="rebuild everything without reading or writing the cache",
    )
    build_parser.set_defaults(run=run_build)


def _add_source_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-s",
        "--source",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the site folder holding site.yaml (default: the current folder)",
    )


def _add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """--base-url, --drafts and --future: which reviews a build publishes, and where."""
    parser.add_argument(
        "-b",
        "--base-url",
        type=base_url_argument,
        default=None,
        metavar="URL",
        help="the address the site is published at, overriding site.yaml's base_url",
    )
    parser.add_argument(
        "-D", "--drafts", action="store_true", help="include reviews marked draft: true"
    )
    parser.add_argument(
        "-F", "--future", action="store_true", help="include reviews dated later than now"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = make_parser().parse_args(argv)
    if getattr(args, "no_color", False):
        # The one switch messages.py (and any worker process) reads: see no-color.org.
        os.environ["NO_COLOR"] = "1"
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


def site_folder(args: argparse.Namespace) -> str:
    """The site folder, as messages show paths from it (relative to the current folder)."""
    return str(args.source.resolve())


def run_build(args: argparse.Namespace) -> int:
    """`vhsheaven build`."""
    output = args.output.resolve() if args.output is not None else None
    root = site_folder(args)
    bar = ProgressBar(sys.stderr)
    # The process ends after the build: a last collection, walking the site model the build
    # read from the cache (incremental/kept_model.py), would be wasted work.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    try:
        report = build(Path(root), output, options_from(args), progress=bar)
    except BuildFailed as failed:
        bar.close()
        print_failure(failed, root=root)
        return EXIT_FAILED
    bar.close()
    if not args.quiet:
        print_diagnostics(report.warnings, root)
        print_left_out(report.left_out, root)
        print_report(report, verbose=args.verbose, root=root)
    return EXIT_OK


def _add_new_command(commands: Subcommands) -> None:
    new_parser = commands.add_parser(
        "new",
        help="start a new draft review",
        description="Write content/reviews/<slug>.md with every field laid out, as a draft.",
        parents=[common_options()],
    )
    new_parser.add_argument("title", help='the film\'s title, e.g. "Back to the Future"')
    new_parser.add_argument("--year", type=int, help="the film's release year")
    new_parser.add_argument("--rating", type=float, help="your rating, e.g. 8.5")
    new_parser.add_argument("--author", help="who writes the review (default: site.yaml's)")
    new_parser.add_argument("--director", help="the film's director")
    new_parser.add_argument(
        "--poster", type=Path, help="a poster image to copy into static/images/posters/"
    )
    _add_source_argument(new_parser)
    new_parser.set_defaults(run=run_new)


def run_new(args: argparse.Namespace) -> int:
    """`vhsheaven new "Title"`."""
    root = args.source.resolve()
    config, problems = load_config(root)
    if config is None:
        print_diagnostics(problems, str(root))
        return EXIT_FAILED
    from vhsheaven.scaffold.review import NewReview, create_review

    request = NewReview(args.title, args.year, args.rating, args.author, args.director, args.poster)
    from zoneinfo import ZoneInfo  # here: a build, the common command, starts without it

    today = dt.datetime.now(ZoneInfo(config.timezone)).date()
    path, problems = create_review(request, root, config, today)
    if path is None:
        print_diagnostics(problems, str(root))
        print("Nothing was written.", file=sys.stderr)
        return EXIT_FAILED
    print(shown_path(str(root / path)))
    if args.verbose:
        print((root / path).read_text(encoding="utf-8"), end="")
    missing = [name for name in ("year", "rating") if getattr(request, name) is None]
    if missing and not args.quiet:
        needed = " and ".join(missing)
        print(f"Fill in {needed} in that file before publishing it (drafts build without them).")
    return EXIT_OK


def _add_check_command(commands: Subcommands) -> None:
    check_parser = commands.add_parser(
        "check",
        help="check content and every internal link without writing anything",
        description=(
            "Load and check the site, render it without writing, and check every internal "
            "link, #fragment and image or asset reference."
        ),
        parents=[common_options()],
    )
    _add_source_argument(check_parser)
    _add_selection_arguments(check_parser)
    check_parser.add_argument(
        "--strict", action="store_true", help="fail on warnings as well as errors"
    )
    check_parser.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    """`vhsheaven check`: exit 1 on errors, and on warnings too with --strict."""
    root, started = site_folder(args), time.perf_counter()
    bar = ProgressBar(sys.stderr)
    try:
        report = check(Path(root), options_from(args), progress=bar)
    except BuildFailed as failed:
        bar.close()
        print_failure(failed, "links were not checked", root)
        return EXIT_FAILED
    bar.close()
    print_diagnostics(report.problems, root)
    errors = sum(1 for d in report.problems if d.is_error)
    warnings = len(report.problems) - errors
    fails = bool(errors or (warnings and args.strict))
    if not args.quiet:
        print_left_out(report.left_out, root)
        counts = f"{plural(report.reviews, 'review')}, {plural(report.pages, 'page')}"
        line = (
            f"Checked {counts} and {plural(report.links, 'link')}: "
            f"{plural(errors, 'error')}, {plural(warnings, 'warning')}."
        )
        print(coloured(line, "error" if fails else "done", sys.stdout))
    if args.verbose:
        print(f"in {time.perf_counter() - started:.2f} s")
    return EXIT_FAILED if fails else EXIT_OK


def _add_serve_command(commands: Subcommands) -> None:
    serve_parser = commands.add_parser(
        "serve",
        help="serve the site locally, rebuilding and reloading the browser on every save",
        description=(
            "Build into a temporary folder and serve it; rebuild on every change to content/, "
            "templates/, static/ or site.yaml, and reload open pages. Errors show in the page."
        ),
        parents=[common_options()],
    )
    _add_source_argument(serve_parser)
    serve_parser.add_argument(
        "-p",
        "--port",
        type=int,
        default=None,
        help=f"port (default {DEFAULT_PORT}, or the next free one if it is busy; 0: any)",
    )
    serve_parser.add_argument(
        "--bind",
        "--host",
        dest="bind",
        default="127.0.0.1",
        metavar="ADDRESS",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    serve_parser.add_argument(
        "-O", "--open", action="store_true", help="open the site in a web browser"
    )
    serve_parser.add_argument(
        "--search",
        action="store_true",
        help="build the search page and index too (each edit then indexes the site again)",
    )
    _add_selection_arguments(serve_parser)
    serve_parser.set_defaults(run=run_serve)
