"""Writing the output folder all or nothing, even when the build is killed.

New files are staged in the output folder's control folder. Before the first of them moves
into place, a journal names every move and removal; the moves and removals follow. A build
stopped before the journal exists leaves the previous site (what it staged is thrown away
by the next build or check); one stopped after leaves a journal that the next build or check
replays before anything else (recover). A folder that held nothing is filled in place, behind
a marker that makes the next build empty it again if this one did not finish.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import shutil
import signal
import stat
import threading
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from vhsheaven.errors import BuildFailed, Diagnostic, Location, UnsafePath
from vhsheaven.load import theme
from vhsheaven.load.settings import STATIC_DIR
from vhsheaven.write.owned import CONTROL, OWNED, owned_record

if TYPE_CHECKING:
    from vhsheaven.model.pages import RenderedPage

STAGING = f"{CONTROL}/staging"
JOURNAL = f"{CONTROL}/journal"
# The new record of owned files, moved into place last.
STAGED_RECORD = f"{CONTROL}/owned.next"
# Present while a build fills a folder that held nothing: it did not finish if this is left.
FILLING = f"{CONTROL}/filling"
_MAGIC = b"vhsheaven-journal 1\n"


@dataclass(frozen=True, slots=True)
class Claimed:
    """An output folder this build holds the lock of, and what in it is the build's own."""

    out: Path
    # The files vhsheaven wrote there ("/"-separated, relative); nothing else is touched.
    owned: frozenset[str]
    # It holds nothing of anyone's: pages are written in place.
    direct: bool = False
    # This build made the folder: a build that fails removes it again.
    created: bool = False


def safe_join(folder: Path, relative: PurePosixPath) -> Path:
    """`folder / relative`, refusing any path that would lead outside `folder` (or be it).

    Judged from the path's text: resolving it on disk took more system calls than writing
    the page, once per page. Links inside the folder are refused before anything moves in
    (see Staging.commit).
    """
    if relative.is_absolute() or not relative.parts or ".." in relative.parts:
        raise UnsafePath(f"{relative} would be written outside {folder}")
    if relative.parts[0] == CONTROL:
        raise UnsafePath(f"{relative} would be written into vhsheaven's own {CONTROL} folder")
    return folder / relative


def stage_page(out: Path, page: RenderedPage, direct: bool = False) -> bool:
    """Put a page in the staging folder unless the output already has these bytes.

    Returns whether it was staged. Unchanged files are never rewritten, so they keep their
    mtime and a deploy or rsync sees only real changes. `direct` writes straight into a
    folder that held nothing, where there is nothing to protect from a failed build.
    """
    current = safe_join(out, page.path)
    if direct:
        write_file(current, page.data)
        return True
    try:
        if current.stat().st_size == len(page.data) and current.read_bytes() == page.data:
            return False
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    write_file(out / STAGING / page.path, page.data)
    return True


_made: set[Path] = set()


def write_file(target: Path, data: bytes) -> None:
    """Write a new file (never through a link at its name), making its folders as needed.

    Every byte the build writes goes through here: a test that makes it raise (ENOSPC,
    EACCES) sees what a full disk or a read-only folder does to a build.
    """
    # Most pages sit in a folder of their own; remembering the folders made saves a system
    # call per page, which adds up to seconds on slow disks at thousands of pages.
    if target.parent not in _made:
        target.parent.mkdir(parents=True, exist_ok=True)
        _made.add(target.parent)
    # os.open, not open(): a buffered file object asks the system three more questions
    # (size, terminal, position) before its one write.
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


class Staging:
    """One build's writes: staged aside inside the output folder, then committed whole."""

    def __init__(self, claimed: Claimed) -> None:
        self.claimed = claimed
        self.out = claimed.out
        self.direct = claimed.direct

    def open(self) -> None:
        """Start with an empty staging folder (or the marker of a folder filled in place)."""
        _made.clear()
        (self.out / CONTROL).mkdir(parents=True, exist_ok=True)
        if self.direct:
            write_file(self.out / FILLING, b"")
        else:
            shutil.rmtree(self.out / STAGING, ignore_errors=True)
            (self.out / STAGING).mkdir()

    def commit(
        self, staged: Iterable[PurePosixPath], stale: Iterable[PurePosixPath], wanted: set[str]
    ) -> None:
        """Move staged files into place, remove the stale ones and record the new set of
        owned files: all of it, or (stopped before the journal is written) none of it."""
        record = owned_record(wanted) if wanted != self.claimed.owned else None
        if self.direct:
            if record is not None:
                _replace_with(self.out / OWNED, record)
            (self.out / FILLING).unlink()
            return
        moves = tuple(sorted(path.as_posix() for path in staged))
        removals = tuple(sorted((path.as_posix() for path in stale), reverse=True))
        problems = _blocked(self.out, self.claimed.owned, moves, removals)
        if problems:
            raise BuildFailed(problems)
        if record is not None:
            write_file(self.out / STAGED_RECORD, record)
        journal = marshal.dumps((moves, removals, record is not None))
        _replace_with(self.out / JOURNAL, _MAGIC + b"%08x\n" % zlib.crc32(journal) + journal)
        with _interrupts_held():
            _replay(self.out, moves, removals, record is not None)

    def abort(self) -> None:
        """Leave the output folder as it was (or gone, if this build created it); once the
        journal is written, leave that to be finished by the next build or check."""
        if os.path.lexists(self.out / JOURNAL):
            return
        if self.direct and self.claimed.created:
            shutil.rmtree(self.out, ignore_errors=True)
        elif self.direct:
            _empty(self.out)
            (self.out / FILLING).unlink(missing_ok=True)
        else:
            shutil.rmtree(self.out / STAGING, ignore_errors=True)
            (self.out / STAGED_RECORD).unlink(missing_ok=True)


def recover(out: Path) -> None:
    """Finish or undo a build of `out` that stopped part way; the first thing a build or a
    check does once it holds the folder's lock."""
    journal = _read_journal(out)
    if journal is not None:
        with _interrupts_held():
            _replay(out, *journal)
    else:
        (out / JOURNAL).unlink(missing_ok=True)
    if os.path.lexists(out / FILLING):
        _empty(out)
        (out / FILLING).unlink()
    shutil.rmtree(out / STAGING, ignore_errors=True)
    (out / STAGED_RECORD).unlink(missing_ok=True)


def _read_journal(out: Path) -> tuple[tuple[str, ...], tuple[str, ...], bool] | None:
    """The journal a stopped build left, if it wrote it whole."""
    try:
        data = (out / JOURNAL).read_bytes()
    except FileNotFoundError:
        return None
    checksum, payload = data[len(_MAGIC) : len(_MAGIC) + 9], data[len(_MAGIC) + 9 :]
    if not data.startswith(_MAGIC) or checksum != b"%08x\n" % zlib.crc32(payload):
        return None
    moves, removals, record = marshal.loads(payload)
    return moves, removals, record


def _replay(out: Path, moves: tuple[str, ...], removals: tuple[str, ...], record: bool) -> None:
    """Carry out a journal; each step can be carried out again after a stop part way."""
    for name in removals:
        _remove(out, name)
    for name in moves:
        source = out / STAGING / name
        if not os.path.lexists(source):
            continue  # moved before the stop
        target = out / name
        if target.is_dir() and not target.is_symlink():
            target.rmdir()  # held only stale files (see _blocked), removed above
        target.parent.mkdir(parents=True, exist_ok=True)
        source.replace(target)
    if record and os.path.lexists(out / STAGED_RECORD):
        (out / STAGED_RECORD).replace(out / OWNED)
    (out / JOURNAL).unlink()
    shutil.rmtree(out / STAGING, ignore_errors=True)


def _blocked(
    out: Path, owned: frozenset[str], moves: tuple[str, ...], removals: tuple[str, ...]
) -> list[Diagnostic]:
    """What stands in the way of the moves and removals: a link inside the output folder (it
    would be written through), or a file or folder vhsheaven did not write."""
    removed = set(removals)
    kinds: dict[str, str] = {}
    problems: dict[str, str] = {}
    for name in (*moves, *removals):
        for folder in _folders(name):
            kind = kinds.get(folder) or kinds.setdefault(folder, _kind(out / folder))
            if kind == "link":
                problems[folder] = "is a symbolic link, and vhsheaven never writes through one"
            elif kind == "file" and folder not in removed and name not in removed:
                problems[folder] = "is a file vhsheaven did not write, where a folder must be"
            elif kind == "dir" and not os.access(out / folder, os.W_OK):
                problems[folder] = "is a folder vhsheaven may not write in (check its permissions)"
    for name in moves:
        kind = _kind(out / name)
        if kind == "dir" and not _holds_only(out / name, name, removed):
            problems[name] = "is a folder holding files vhsheaven did not write"
        elif kind in ("file", "link") and name not in owned:
            problems[name] = "was not written by vhsheaven, which never overwrites it"
    return [_in_the_way(out / name, why) for name, why in sorted(problems.items())]


def _in_the_way(path: Path, why: str) -> Diagnostic:
    return Diagnostic(Location(path), None, f"{why}; move it out of the output folder")


def _folders(name: str) -> Iterator[str]:
    """The folders a relative name lies in, outermost first ("a", "a/b" for "a/b/c")."""
    parts = name.split("/")
    for end in range(1, len(parts)):
        yield "/".join(parts[:end])


def _kind(path: Path) -> str:
    """ "link", "dir", "file" or "none", never following a link."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return "none"
    if stat.S_ISLNK(mode):
        return "link"
    return "dir" if stat.S_ISDIR(mode) else "file"


def _holds_only(folder: Path, name: str, removed: set[str]) -> bool:
    """Whether every file under `folder` (the output file `name`) is to be removed."""
    for path in folder.rglob("*"):
        relative = f"{name}/{path.relative_to(folder).as_posix()}"
        if (not path.is_dir() or path.is_symlink()) and relative not in removed:
            return False
    return True


def _remove(out: Path, name: str) -> None:
    """Delete a stale file, then any folders it leaves empty (never the output folder)."""
    path = out / name
    if path.is_symlink() or path.is_file():
        path.unlink()
    for parent in path.parents:
        if parent == out or not parent.is_relative_to(out):
            break
        try:
            parent.rmdir()
        except OSError:
            break


def _empty(out: Path) -> None:
    """Remove everything in a folder a stopped build was filling, but the control folder."""
    for path in out.iterdir():
        if path.name == CONTROL:
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _replace_with(path: Path, data: bytes) -> None:
    """Give `path` these bytes whole: written aside, then renamed over it."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    write_file(partial, data)
    partial.replace(path)


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (and SIGTERM) back while a journal is carried out: it then arrives once
    the new site is wholly in place. Killed anyway, the next build finishes the journal."""
    main = threading.current_thread() is threading.main_thread()
    holdable = main and hasattr(signal, "pthread_sigmask")
    held = {signal.SIGINT, signal.SIGTERM}
    if holdable:
        signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        if holdable:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def static_files(root: Path) -> dict[PurePosixPath, Path]:
    """Every file under static/, and every file of the bundled theme's static/ the blog does
    not override, keyed by the output path it is copied to.

    A link is followed only when it leads to a file inside the site folder: one that leads
    out (to /etc/passwd, say) is an error naming it, never published.
    """
    fallback = theme.fallback_files(root, STATIC_DIR)
    found = {PurePosixPath(STATIC_DIR, name): path for name, path in fallback.items()}
    found |= _own_static_files(root)
    return dict(sorted(found.items()))


def _own_static_files(root: Path) -> dict[PurePosixPath, Path]:
    static_dir = root / STATIC_DIR
    if not static_dir.is_dir():
        return {}
    site = root.resolve()
    found: dict[PurePosixPath, Path] = {}
    problems = []
    for name, entry in sorted(_walk(str(static_dir), ""), key=lambda item: item[0].split("/")):
        source = static_dir / name
        if entry.is_symlink() and not source.resolve().is_relative_to(site):
            where = Location(source.relative_to(root))
            message = f"links to {source.readlink()}, outside the site folder"
            problems.append(Diagnostic(where, None, f"{message}; copy the file in instead"))
        elif entry.is_file():
            found[PurePosixPath(STATIC_DIR, name)] = source
    if problems:
        raise BuildFailed(problems)
    return found


def _walk(folder: str, prefix: str) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry under `folder`, with its "/"-separated path from there. Links to folders
    are not followed (as Path.rglob). Directory entries, not Paths: a blog's static/ holds
    a poster a review, and Path methods on each cost more than the rest of a rebuild's walk."""
    try:
        with os.scandir(folder) as found:
            entries = list(found)
    except PermissionError:
        return
    for entry in entries:
        name = prefix + entry.name
        yield name, entry
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(entry.path, name + "/")
