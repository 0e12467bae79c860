"""Command line: parses arguments, calls the build core, maps BuildFailed to exit code 1."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from vhsheaven import __version__
from vhsheaven.build import build
from vhsheaven.check import check
from vhsheaven.errors import BuildFailed
from vhsheaven.load.fields import Invalid
from vhsheaven.load.settings import load_config, parse_base_url
from vhsheaven.messages import print_diagnostics, print_failure, print_left_out, print_report
from vhsheaven.options import options_from
from vhsheaven.progress import ProgressBar
from vhsheaven.serve.command import run_serve

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
    _add_init_command(commands)
    return parser


def _add_build_command(commands: Subcommands) -> None:
    build_parser = commands.add_parser(
        "build",
        help="build the site into the output folder",
        description="Check every review, render the pages and write the output folder.",
    )
    _add_source_argument(build_parser)
    build_parser.add_argument(
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
    noise = build_parser.add_mutually_exclusive_group()
    noise.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    noise.add_argument("--verbose", "-v", action="store_true", help="list every file written")
    build_parser.set_defaults(run=run_build)


def _add_source_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the site folder holding site.yaml (default: the current folder)",
    )


def _add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """--base-url, --drafts and --future: which reviews a build publishes, and where."""
    parser.add_argument(
        "--base-url",
        type=base_url_argument,
        default=None,
        metavar="URL",
        help="the address the site is published at, overriding site.yaml's base_url",
    )
    parser.add_argument("--drafts", action="store_true", help="include reviews marked draft: true")
    parser.add_argument(
        "--future", action="store_true", help="include reviews dated later than now"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = make_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


def run_build(args: argparse.Namespace) -> int:
    """`vhsheaven build`."""
    output = args.output.resolve() if args.output is not None else None
    bar = ProgressBar(sys.stderr)
    try:
        report = build(args.source.resolve(), output, options_from(args), progress=bar)
    except BuildFailed as failed:
        bar.close()
        print_failure(failed)
        return EXIT_FAILED
    bar.close()
    if not args.quiet:
        print_diagnostics(report.warnings)
        print_left_out(report.left_out)
        print_report(report, verbose=args.verbose)
    return EXIT_OK


def _add_init_command(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "init",
        help="start a new blog in a new or empty folder",
        description="Create a ready-to-build site: site.yaml, an example review, the default "
        "theme, a .gitignore and the GitHub Pages workflow.",
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to create")
    parser.set_defaults(run=run_init)


def run_init(args: argparse.Namespace) -> int:
    """`vhsheaven init DIR`."""
    try:
        from vhsheaven.scaffold.blog import init_site

        written = init_site(args.dir)
    except BuildFailed as failed:
        print_diagnostics(failed.diagnostics)
        return EXIT_FAILED
    print(f"Created a new site in {args.dir} ({len(written)} files).")
    print(f"Build it with: cd {args.dir} && vhsheaven build")
    return EXIT_OK


def _add_new_command(commands: Subcommands) -> None:
    new_parser = commands.add_parser(
        "new",
        help="start a new draft review",
        description="Write content/reviews/<slug>.md with every field laid out, as a draft.",
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
        print_diagnostics(problems)
        return EXIT_FAILED
    from vhsheaven.scaffold.review import NewReview, create_review

    request = NewReview(args.title, args.year, args.rating, args.author, args.director, args.poster)
    from zoneinfo import ZoneInfo  # here: a build, the common command, starts without it

    today = dt.datetime.now(ZoneInfo(config.timezone)).date()
    path, problems = create_review(request, root, config, today)
    if path is None:
        print_diagnostics(problems)
        print("Nothing was written.", file=sys.stderr)
        return EXIT_FAILED
    print(path.as_posix())
    missing = [name for name in ("year", "rating") if getattr(request, name) is None]
    if missing:
        needed = " and ".join(missing)
        print(f"Fill in {needed} in that file: the site does not build until they are set.")
    return EXIT_OK


def _add_check_command(commands: Subcommands) -> None:
    check_parser = commands.add_parser(
        "check",
        help="check content and every internal link without writing anything",
        description=(
            "Load and check the site, render it without writing, and check every internal "
            "link, #fragment and image or asset reference."
        ),
    )
    _add_source_argument(check_parser)
    _add_selection_arguments(check_parser)
    check_parser.add_argument(
        "--strict", action="store_true", help="fail on warnings as well as errors"
    )
    check_parser.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    """`vhsheaven check`: exit 1 on errors, and on warnings too with --strict."""
    bar = ProgressBar(sys.stderr)
    try:
        report = check(args.source.resolve(), options_from(args), progress=bar)
    except BuildFailed as failed:
        bar.close()
        print_failure(failed, "links were not checked")
        return EXIT_FAILED
    bar.close()
    print_diagnostics(report.problems)
    print_left_out(report.left_out)
    errors = sum(1 for d in report.problems if d.is_error)
    warnings = len(report.problems) - errors
    print(
        f"Checked {report.reviews} reviews, {report.pages} pages and {report.links} links: "
        f"{errors} error(s), {warnings} warning(s)."
    )
    return EXIT_FAILED if errors or (warnings and args.strict) else EXIT_OK


def _add_serve_command(commands: Subcommands) -> None:
    serve_parser = commands.add_parser(
        "serve",
        help="serve the site locally, rebuilding and reloading the browser on every save",
        description=(
            "Build into a temporary folder and serve it; rebuild on every change to content/, "
            "templates/, static/ or site.yaml, and reload open pages. Errors show in the page."
        ),
    )
    _add_source_argument(serve_parser)
    serve_parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any)")
    serve_parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    _add_selection_arguments(serve_parser)
    serve_parser.set_defaults(run=run_serve)
