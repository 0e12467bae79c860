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
from vhsheaven.messages import print_diagnostics, print_failure, print_left_out
from vhsheaven.options import options_from

if TYPE_CHECKING:
    import threading

    from vhsheaven.serve.server import Builder, DevServer

EXIT_OK, EXIT_FAILED = 0, 1


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
        config = load_site_config(root, options_from(args))
        # Served locally at site.yaml's path unless --base-url says otherwise, as MkDocs does.
        base_url = args.base_url or origin + config.base_path
        report = build(root, folder, options_from(args, base_url), progress, session)
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
