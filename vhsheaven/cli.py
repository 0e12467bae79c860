"""Command line: parses arguments, calls the build core, maps BuildFailed to exit code 1."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from vhsheaven import __version__
from vhsheaven.build import BuildOptions, BuildReport, build
from vhsheaven.checks import Invalid
from vhsheaven.config import parse_base_url
from vhsheaven.errors import BuildFailed, Diagnostic
from vhsheaven.starter import init_site

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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
    build_parser = commands.add_parser(
        "build",
        help="build the site into the output folder",
        description="Check every review, render the pages and write the output folder.",
    )
    _add_build_arguments(build_parser)
    _add_init_command(commands)
    return parser


def _add_init_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "init",
        help="start a new blog in a new or empty folder",
        description="Create a ready-to-build site: site.yaml, an example review, the default "
        "theme, a .gitignore and the GitHub Pages workflow.",
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to create")


def _add_build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the site folder holding site.yaml (default: the current folder)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write the site (default: output_dir in site.yaml, else _site)",
    )
    parser.add_argument(
        "--base-url",
        type=base_url_argument,
        default=None,
        metavar="URL",
        help="the address the site is published at, overriding site.yaml's base_url",
    )
    parser.add_argument("--drafts", action="store_true", help="include reviews marked draft: true")
    noise = parser.add_mutually_exclusive_group()
    noise.add_argument("--quiet", "-q", action="store_true", help="print only errors")
    noise.add_argument("--verbose", "-v", action="store_true", help="list every file written")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = make_parser().parse_args(argv)
    if args.command == "init":
        return run_init(args)
    return run_build(args)


def run_init(args: argparse.Namespace) -> int:
    """`vhsheaven init DIR`."""
    try:
        written = init_site(args.dir)
    except BuildFailed as failed:
        print_diagnostics(failed.diagnostics)
        return EXIT_FAILED
    print(f"Created a new site in {args.dir} ({len(written)} files).")
    print(f"Build it with: cd {args.dir} && vhsheaven build")
    return EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    """`vhsheaven build`."""
    options = BuildOptions(base_url=args.base_url, drafts=args.drafts)
    output = args.output.resolve() if args.output is not None else None
    try:
        report = build(args.source.resolve(), output, options)
    except BuildFailed as failed:
        print_diagnostics(failed.diagnostics)
        errors = sum(1 for d in failed.diagnostics if d.is_error)
        print(
            f"Build failed: {errors} error(s); the output folder was not changed.", file=sys.stderr
        )
        return EXIT_FAILED
    if not args.quiet:
        print_diagnostics(report.warnings)
        print_report(report, verbose=args.verbose)
    return EXIT_OK


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """One line per problem on stderr, in path and line order."""
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def print_report(report: BuildReport, *, verbose: bool) -> None:
    """The summary line, preceded by every file written when verbose."""
    if verbose:
        for path in report.files:
            print(f"  wrote {path}")
    print(
        f"Built {report.reviews} reviews: {report.pages} pages, {len(report.files)} files "
        f"in {report.seconds:.2f} s into {report.output}"
    )
