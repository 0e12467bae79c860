"""Command line: parses arguments, calls the build core, maps BuildFailed to exit code 1."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias
from urllib.parse import urlsplit

from vhsheaven import __version__
from vhsheaven.build import build, load_site_config
from vhsheaven.check import check
from vhsheaven.entry import summary_line
from vhsheaven.errors import BuildFailed, Diagnostic
from vhsheaven.incremental.session import Session
from vhsheaven.load.fields import Invalid
from vhsheaven.load.publish import LeftOut
from vhsheaven.load.settings import load_config, parse_base_url
from vhsheaven.options import BuildOptions
from vhsheaven.progress import ProgressBar
from vhsheaven.reports import BuildReport

# What only `serve` uses is imported there: `build` must start fast.
if TYPE_CHECKING:
    import threading

    from vhsheaven.serve.server import Builder, DevServer

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


def _options(args: argparse.Namespace, base_url: str | None = None) -> BuildOptions:
    return BuildOptions(
        base_url=base_url or args.base_url,
        drafts=args.drafts,
        future=args.future,
        clean=getattr(args, "clean", False),
        cache=getattr(args, "cache", True),
        allow_nonempty=getattr(args, "allow_nonempty", False),
    )


def run_build(args: argparse.Namespace) -> int:
    """`vhsheaven build`."""
    output = args.output.resolve() if args.output is not None else None
    bar = ProgressBar(sys.stderr)
    try:
        report = build(args.source.resolve(), output, _options(args), progress=bar)
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

    request = NewReview(args.title, args.year, args.rating, args.author, args.director)
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
        report = check(args.source.resolve(), _options(args), progress=bar)
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


def run_serve(args: argparse.Namespace) -> int:
    """`vhsheaven serve`: runs until Ctrl-C, which is a normal stop (exit 0)."""
    import signal
    import tempfile

    # Ctrl-C must raise KeyboardInterrupt even if our parent started us ignoring SIGINT.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with tempfile.TemporaryDirectory(prefix="vhsheaven-serve-") as work:
            return _serve(args, Path(work))
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
        return EXIT_OK


def _serve(args: argparse.Namespace, work: Path) -> int:
    import threading

    root = args.source.resolve()
    session = Session(owns_output=True)  # its folders are in its own temporary folder
    try:
        from vhsheaven.serve.server import DevServer

        server = DevServer((args.host, args.port), _serve_builder(args, root, session), work)
    except OSError as exc:
        message = f"cannot listen on {args.host}:{args.port}: {exc}; choose another --port"
        print(message, file=sys.stderr)
        return EXIT_FAILED
    from vhsheaven.serve.watch import Watcher

    watcher = Watcher(root, lambda burst: _rebuild(server, session, burst.paths))
    stopping = threading.Event()
    try:
        _rebuild(server, session, None)
        # From here on the watcher names every change: the next build to look at all review
        # files (the background fill, or an edit's) is the last that needs to.
        session.watching = True
        watcher.start()
        # Announced once watching: a save made after this line is always seen.
        print(f"Serving {server.origin}{server.live.snapshot().base_path} (Ctrl-C to stop)")
        sys.stdout.flush()
        quiet = _serve_builder(args, root, session, stopping=stopping)
        threading.Thread(target=_fill, args=(server, session, quiet), daemon=True).start()
        server.serve_forever()
    finally:
        stopping.set()
        watcher.stop()
        server.close()
        # The temporary folders go next: wait for a background build to stop writing there
        # (it stops at its next page).
        with server.live.building:
            pass
    return EXIT_OK


class _Stopping(Exception):
    """Ends a background build when the server stops."""


def _serve_builder(
    args: argparse.Namespace,
    root: Path,
    session: Session,
    *,
    stopping: threading.Event | None = None,
) -> Builder:
    """The server's build callback: a fresh clock reading and site.yaml on every rebuild, and
    one session, so a rebuild goes on from what the last one worked out. With `stopping`, a
    background builder: silent, and ending early (_Stopping) once the event is set."""
    quiet = stopping is not None

    def progress(stage: str, done: int, total: int) -> None:
        if stopping is not None and stopping.is_set():
            raise _Stopping

    def build_into(folder: Path, origin: str) -> str:
        config = load_site_config(root, _options(args))
        # Served locally at site.yaml's path unless --base-url says otherwise, as MkDocs does.
        base_url = args.base_url or origin + config.base_path
        report = build(root, folder, _options(args, base_url), progress, session)
        if not quiet:
            print_diagnostics(report.warnings)
            print_left_out(report.left_out)
            print(f"Built {report.reviews} reviews in {report.seconds:.2f} s", flush=True)
        return urlsplit(base_url).path

    return build_into


def _rebuild(server: DevServer, session: Session, changed: Iterable[str] | None) -> None:
    # Saving the cache waits until the new site is served; no other build runs meanwhile.
    with server.live.building:
        session.note(changed)
        problems = server.live.rebuild()
        session.save()
    if problems:
        print_failure(BuildFailed(problems), "still serving the last good build")


def _fill(server: DevServer, session: Session, builder: Builder) -> None:
    """Build the server's second folder in the background (see LiveSite.fill_idle)."""
    with server.live.building:
        try:
            server.live.fill_idle(builder)
        except _Stopping:
            return
        session.save()
