"""`vhsheaven serve`: the dev server and the watcher, wired to one build session."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from vhsheaven.build import build, load_site_config
from vhsheaven.errors import BuildFailed
from vhsheaven.incremental.session import Session
from vhsheaven.messages import plural, print_diagnostics, print_failure, print_left_out
from vhsheaven.options import options_from

if TYPE_CHECKING:
    import threading

    from vhsheaven.serve.server import Builder, DevServer
    from vhsheaven.serve.watch import Burst

EXIT_OK, EXIT_FAILED = 0, 1
DEFAULT_PORT = 8000
# How many ports after the default one to try when it is busy (no --port given).
PORTS_TRIED = 20


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
        server = _listen(args, _serve_builder(args, root, session), work)
    except OSError as exc:
        port = DEFAULT_PORT if args.port is None else args.port
        message = f"cannot listen on {args.bind}:{port}: {exc}; choose another --port"
        print(message, file=sys.stderr)
        return EXIT_FAILED
    from vhsheaven.serve.watch import Watcher

    def changed(burst: Burst) -> None:
        if args.verbose and burst.paths is not None:
            print("Changed: " + ", ".join(sorted(burst.paths)), flush=True)
        _rebuild(server, session, burst.paths, str(root))

    watcher = Watcher(root, changed)
    stopping = threading.Event()
    try:
        _rebuild(server, session, None, str(root))
        # From here on the watcher names every change: the next build to look at all review
        # files (the background fill, or an edit's) is the last that needs to.
        session.watching = True
        watcher.start()
        # Announced once watching: a save made after this line is always seen.
        address = f"{server.origin}{server.live.snapshot().base_path}"
        print(f"Serving {address} (Ctrl-C to stop)")
        sys.stdout.flush()
        if args.open:
            import webbrowser

            webbrowser.open(address)
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
        config = load_site_config(root, options_from(args))
        # Served locally at site.yaml's path unless --base-url says otherwise, as MkDocs does.
        base_url = args.base_url or origin + config.base_path
        report = build(root, folder, options_from(args, base_url), progress, session)
        if not quiet and not args.quiet:
            print_diagnostics(report.warnings, str(root))
            print_left_out(report.left_out, str(root))
            reviews = plural(report.reviews, "review")
            print(f"Built {reviews} in {report.seconds:.2f} s", flush=True)
        return urlsplit(base_url).path

    return build_into


def _listen(args: argparse.Namespace, builder: Builder, work: Path) -> DevServer:
    """The server on --port; without one, on the default port or the next free one after
    it, saying which. A port given explicitly is that port or an error."""
    import errno

    from vhsheaven.serve.server import DevServer

    if args.port is not None:
        return DevServer((args.bind, args.port), builder, work)
    port = DEFAULT_PORT
    while True:
        try:
            server = DevServer((args.bind, port), builder, work)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or port >= DEFAULT_PORT + PORTS_TRIED - 1:
                raise
            port += 1
            continue
        if port != DEFAULT_PORT:
            print(f"Port {DEFAULT_PORT} is in use; using {port} instead.", file=sys.stderr)
        return server


def _rebuild(server: DevServer, session: Session, changed: Iterable[str] | None, root: str) -> None:
    # Saving the cache waits until the new site is served; no other build runs meanwhile.
    with server.live.building:
        session.note(changed)
        problems = server.live.rebuild()
        session.save()
    if problems:
        print_failure(BuildFailed(problems), "still serving the last good build", root)


def _fill(server: DevServer, session: Session, builder: Builder) -> None:
    """Build the server's second folder in the background (see LiveSite.fill_idle)."""
    with server.live.building:
        try:
            server.live.fill_idle(builder)
        except _Stopping:
            return
        session.save()
