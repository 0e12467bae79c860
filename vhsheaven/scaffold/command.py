"""`vhsheaven init` and `vhsheaven theme`: their arguments and what they print.

What they do is in scaffold/blog.py and scaffold/theme.py, imported when the command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TypeAlias

from vhsheaven.errors import BuildFailed
from vhsheaven.messages import plural, print_diagnostics, shown_path

EXIT_OK, EXIT_FAILED = 0, 1
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"
# Shown after `init`: the editor's day, then publishing.
NEXT_STEPS = """\
Next steps:
{cd}  vhsheaven new "Title" --year 1985 --rating 8   write a review (a draft until you say)
  vhsheaven serve --drafts                        preview it as you write
  vhsheaven check                                 before you push: content and links
  Push the folder to a GitHub repository, then turn on Pages once:
  Settings > Pages > Build and deployment > Source: GitHub Actions."""


def add_init_command(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """`vhsheaven init DIR [--requirement release|git]`."""
    from vhsheaven.scaffold.blog import REQUIREMENT_FORMS

    parser = commands.add_parser(
        "init",
        help="start a new blog in a new or empty folder",
        description="Create a ready-to-build blog: site.yaml, an example review, a README, a "
        ".gitignore, requirements.txt and the GitHub Pages and Dependabot settings. The look "
        "comes from the bundled theme (see `vhsheaven theme`).",
        parents=[common],
    )
    parser.add_argument("dir", type=Path, metavar="DIR", help="the folder to create")
    parser.add_argument(
        "--requirement",
        choices=REQUIREMENT_FORMS,
        default="release",
        help="how requirements.txt names vhsheaven for the Pages workflow: a release from the "
        "package index, any with this version's X.Y (default), or this version's tag in "
        "vhsheaven's git repository",
    )
    parser.set_defaults(run=run_init)


def run_init(args: argparse.Namespace) -> int:
    """`vhsheaven init DIR`."""
    from vhsheaven.scaffold.blog import init_site

    try:
        written = init_site(args.dir, args.requirement)
    except BuildFailed as failed:
        print_diagnostics(failed.diagnostics)
        return EXIT_FAILED
    if args.quiet:
        return EXIT_OK
    print(f"Created a new blog in {args.dir} ({plural(len(written), 'file')}).")
    if args.verbose:
        for path in written:
            print(f"  {path.as_posix()}")
    here = shown_path(str(args.dir.resolve()))
    print(NEXT_STEPS.format(cd="" if here == "." else f"  cd {here}\n"))
    return EXIT_OK


def add_theme_command(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """`vhsheaven theme list` and `vhsheaven theme copy [FILE...]`."""
    parser = commands.add_parser(
        "theme",
        help="list the bundled theme's files, or copy some into the blog to change them",
        description="A blog uses the bundled theme for every template and static file it has "
        "no copy of, so its look upgrades with vhsheaven. Copy only what you mean to change.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="name every file of the bundled theme", parents=[common]
    )
    copying = actions.add_parser(
        "copy",
        parents=[common],
        help="copy bundled files into the blog (never over a file it has)",
        description="Copy bundled theme files into the blog: templates/review.html, "
        "review.html (a template), static/css, ... or every file when none is named. Nothing "
        "is written if any of them is already in the blog.",
    )
    copying.add_argument("files", nargs="*", metavar="FILE", help="files or folders to copy")
    for each in (listing, copying):
        each.add_argument(
            "-s",
            "--source",
            type=Path,
            default=Path(),
            metavar="DIR",
            help="the blog's folder (default: the current folder)",
        )
    parser.set_defaults(run=run_theme)


def run_theme(args: argparse.Namespace) -> int:
    """`vhsheaven theme list|copy`."""
    from vhsheaven.scaffold.theme import copy_theme_files, listing

    root = args.source.resolve()
    if args.action == "list":
        print("\n".join(listing(root)))
        return EXIT_OK
    try:
        copied = copy_theme_files(root, args.files)
    except BuildFailed as failed:
        print_diagnostics(failed.diagnostics, str(root))
        print("Nothing was copied.", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        shown = shown_path(str(root))
        for name in copied:
            print(name if shown == "." else f"{shown}/{name}")
        copies = plural(len(copied), "file")
        print(f"Copied {copies}; the blog's copies now override the bundled ones.")
    if args.verbose:
        from vhsheaven.load.theme import bundled_root

        print(f"The bundled theme is in {bundled_root()}")
    return EXIT_OK
