"""`vhsheaven import`: its arguments, and the run. Only argparse is imported until it runs,
so the other commands start as fast as before."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

KINDS = ("jekyll", "hugo", "wordpress", "letterboxd")


def genre_argument(value: str) -> tuple[str, str]:
    """argparse type for --genre OLD=NEW."""
    old, equals, new = value.partition("=")
    if not equals or not old.strip():
        raise argparse.ArgumentTypeError(
            f'"{value}" is not OLD=NEW '
            '(allowed: e.g. "Sci-Fi=Science Fiction", or "Reviews=" to leave it out)'
        )
    return old.strip(), new.strip()


def add_import_command(commands: Any) -> None:
    """The `import` subcommand on the command line's subparsers."""
    parser = commands.add_parser(
        "import",
        help="move reviews in from a Jekyll or Hugo site, a WordPress or a Letterboxd export",
        description="Turn another blog's posts into review files under content/reviews/, with "
        "their images in static/ and their old addresses as aliases. Never overwrites a file.",
    )
    parser.add_argument(
        "import_from", type=Path, metavar="SOURCE", help="the site folder or export file to import"
    )
    parser.add_argument(
        "--from", dest="kind", choices=KINDS, help="the kind of source (default: detected)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the full report, write nothing"
    )
    parser.add_argument(
        "--rating-scale",
        type=int,
        choices=(5, 10, 100),
        metavar="N",
        help="what the source rates out of (5, 10 or 100; default: detected)",
    )
    parser.add_argument(
        "--genre",
        type=genre_argument,
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="turn a category or tag into a genre; OLD= leaves it out (repeatable)",
    )
    parser.add_argument(
        "--source",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the site folder holding site.yaml (default: the current folder)",
    )
    parser.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    """`vhsheaven import SOURCE`: 0 when everything was imported, 1 when anything was not."""
    from vhsheaven.importing.run import import_blog

    return import_blog(
        args.import_from, args.source, args.kind, args.dry_run, args.rating_scale, dict(args.genre)
    )
