"""Watch the site's sources with watchdog and call back once per burst of changes."""

from __future__ import annotations

import enum
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

WATCHED_FOLDERS = ("content", "templates", "static")
CONFIG_FILE = "site.yaml"
# Long enough for an editor's save (a temporary file, then a rename) to be one burst.
QUIET_SECONDS = 0.05
# The events asked of the system: those that change a file or folder. Not opening and reading
# (every build reads the sources: its own reads must not wake the watcher), nor a folder's
# "modified" (a file in it changed, and that file's own event says which).
CHANGE_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirCreatedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]
# Scratch files editors write beside the real one: vim (.swp, ~, 4913), emacs (.#x, #x#),
# JetBrains (___jb_tmp___), gedit (.goutputstream-), Chrome-based editors (.crswap).
SCRATCH_SUFFIXES = (".swp", ".swo", ".swx", ".swpx", ".tmp", ".crswap", "~", "___jb_tmp___")
SCRATCH_PREFIXES = (".#", ".goutputstream-")


class ChangeKind(enum.Enum):
    """What a changed path is to the build."""

    CONTENT = "content"
    TEMPLATES = "templates"
    STATIC = "static"
    CONFIG = "config"
    IGNORED = "ignored"


def is_scratch(name: str) -> bool:
    """Whether a file name is an editor's temporary, swap, backup or lock file."""
    return (
        name.endswith(SCRATCH_SUFFIXES)
        or name.startswith(SCRATCH_PREFIXES)
        or (name.startswith("#") and name.endswith("#"))
        or name.isdigit()  # vim probes a folder by writing 4913 (then 5036, ...) and deleting it
    )


def classify_change(relative: PurePosixPath) -> ChangeKind:
    """What a change to a path (relative to the site root) means for the build."""
    if not relative.parts or is_scratch(relative.name):
        return ChangeKind.IGNORED
    if relative == PurePosixPath(CONFIG_FILE):
        return ChangeKind.CONFIG
    if relative.parts[0] in WATCHED_FOLDERS:
        return ChangeKind(relative.parts[0])
    return ChangeKind.IGNORED


@dataclass(frozen=True, slots=True)
class Burst:
    """The changes gathered into one rebuild."""

    kinds: frozenset[ChangeKind]
    # Every path changed since the last burst (site-relative, "/"-separated), ignored ones
    # included; None when a folder was made, moved or deleted, whose files go unnamed.
    paths: frozenset[str] | None


class Debouncer:
    """Gathers changes until none has arrived for `quiet` seconds; pure, the caller tells time."""

    def __init__(self, quiet: float = QUIET_SECONDS) -> None:
        self.quiet = quiet
        self.pending: set[ChangeKind] = set()
        self.paths: set[str] | None = set()
        self.last = 0.0

    def add(self, kind: ChangeKind, now: float, path: str | None = None) -> None:
        """Note one change to `path` (None: a folder); ignored paths do not restart the quiet
        period, but are named in the next burst."""
        if self.paths is not None:
            if path is None:
                self.paths = None
            else:
                self.paths.add(path)
        if kind is not ChangeKind.IGNORED:
            self.pending.add(kind)
            self.last = now

    def wait(self, now: float) -> float | None:
        """Seconds until the pending burst is due, or None when nothing is pending."""
        if not self.pending:
            return None
        return max(0.0, self.last + self.quiet - now)

    def take(self, now: float) -> Burst | None:
        """The burst once it has been quiet long enough (then forgotten), else None."""
        if not self.pending or now - self.last < self.quiet:
            return None
        burst = Burst(
            frozenset(self.pending), None if self.paths is None else frozenset(self.paths)
        )
        self.pending.clear()
        self.paths = set()
        return burst


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        for path in (event.src_path, event.dest_path):
            if path:
                self.watcher.notice(Path(os.fsdecode(path)), event.is_directory)


class Watcher:
    """Watches content/, templates/, static/ and site.yaml; calls on_change once per burst."""

    def __init__(self, root: Path, on_change: Callable[[Burst], None]) -> None:
        self.root = root
        self.on_change = on_change
        self.debouncer = Debouncer()
        self.condition = threading.Condition()
        self.stopping = False
        self.observer = Observer()
        # Folder name → (its inode, its watch); a folder deleted and made again is watched anew.
        self.watched: dict[str, tuple[int, ObservedWatch]] = {}
        self.thread = threading.Thread(target=self._run, name="vhsheaven-watch", daemon=True)

    def start(self) -> None:
        """Begin watching, in background threads."""
        self.observer.schedule(
            _Handler(self), str(self.root), recursive=False, event_filter=CHANGE_EVENTS
        )
        self._watch_folders()
        self.observer.start()
        self.thread.start()

    def stop(self) -> None:
        """Stop watching and wait for a rebuild in progress to finish; safe if never started."""
        with self.condition:
            self.stopping = True
            self.condition.notify_all()
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join()
        if self.thread.is_alive():
            self.thread.join()

    def notice(self, path: Path, folder: bool = False) -> None:
        """Record a changed path, a file's or a `folder`'s (called from watchdog's thread)."""
        try:
            relative = PurePosixPath(path.relative_to(self.root).as_posix())
        except ValueError:
            return
        named = None if folder else relative.as_posix()
        with self.condition:
            self.debouncer.add(classify_change(relative), time.monotonic(), named)
            self.condition.notify_all()

    def _watch_folders(self) -> None:
        """Watch each source folder that exists, including ones made since serving began."""
        for name in WATCHED_FOLDERS:
            folder = self.root / name
            if not folder.is_dir():
                continue
            inode = folder.stat().st_ino
            old = self.watched.get(name)
            if old is not None and old[0] == inode:
                continue
            if old is not None:
                self.observer.unschedule(old[1])
            watch = self.observer.schedule(
                _Handler(self), str(folder), recursive=True, event_filter=CHANGE_EVENTS
            )
            self.watched[name] = (inode, watch)

    def _run(self) -> None:
        while True:
            with self.condition:
                burst = self._next_burst()
            if burst is None:
                return
            self._watch_folders()
            try:
                self.on_change(burst)
            except Exception:
                # A bug in one rebuild must not end live reloading; show it and keep watching.
                traceback.print_exc()

    def _next_burst(self) -> Burst | None:
        """Block until a burst is due or the watcher stops (None); holds the lock."""
        while not self.stopping:
            now = time.monotonic()
            burst = self.debouncer.take(now)
            if burst is not None:
                return burst
            self.condition.wait(self.debouncer.wait(now))
        return None
