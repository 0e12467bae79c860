"""The output folder: whether a build may write it, which of its files are the build's own
(owned.py), and one build at a time. Claiming a folder finishes or undoes a build of it that
was stopped part way (write.recover) before anything else looks at it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from vhsheaven.errors import BuildFailed, Diagnostic, Location
from vhsheaven.write.owned import CONTROL, read_owned
from vhsheaven.write.staging import Claimed, recover

LOCK = f"{CONTROL}/lock"


def refuse_unsafe(out: Path, sources: Iterable[Path], where: Location, field: str | None) -> None:
    """Raise BuildFailed if `out` must never be an output folder: a filesystem root, the home
    folder or one holding it, a repository or a folder inside one, or one that is, holds or
    lies inside the site's sources."""
    why = _unsafe_because(out, sources)
    if why is not None:
        message = f"{out} {why}; choose another output folder"
        raise BuildFailed([Diagnostic(where, field, message)])


def _unsafe_because(out: Path, sources: Iterable[Path]) -> str | None:
    if out.parent == out:
        return "is the root of a filesystem"
    if out.exists() and not out.is_dir():
        return "is a file, not a folder"
    home = Path.home().resolve()
    if home.is_relative_to(out):
        return "is your home folder" if home == out else "holds your home folder"
    if ".git" in out.parts or (out / ".git").exists():
        return "is or lies inside a git repository"
    for path in (p.resolve() for p in sources):
        if out == path or path.is_relative_to(out) or out.is_relative_to(path):
            return f"is or holds the site's {path.name}"
    return None


def refuse_foreign(out: Path, recorded: Iterable[str] | None, *, allow_nonempty: bool) -> None:
    """BuildFailed, before anything is written there, if `out` holds files and nothing says
    vhsheaven made it (neither its control folder nor the cache's record of it)."""
    if out.is_dir() and not (out / CONTROL).is_dir() and not recorded:
        _judge(out, _entries(out), allow_nonempty)


def claim(
    out: Path, recorded: Iterable[str] | None, *, allow_nonempty: bool, created: bool
) -> Claimed:
    """What of `out` this build may write, once the folder's lock is held.

    `recorded`: the files the cache remembers writing there, taken as owned when the folder
    has no record of its own (one written by an older vhsheaven). A folder holding anything
    else is refused unless `allow_nonempty`, and then its files are left alone.
    """
    recover(out)
    owned = read_owned(out)
    if owned is None and recorded is not None:
        owned = frozenset(name for name in recorded if os.path.lexists(out / name))
    # A folder with files of ours is never written in place; without any, it may be.
    others = ["(vhsheaven's)"] if owned else _entries(out)
    if owned is None:
        _judge(out, others, allow_nonempty)
    return Claimed(out, owned or frozenset(), direct=not others, created=created)


def _judge(out: Path, others: list[str], allow_nonempty: bool) -> None:
    """Refuse a folder holding `others` that vhsheaven did not make, unless allowed; refuse
    one holding a repository even then."""
    if not others:
        return
    if not allow_nonempty:
        raise BuildFailed([_not_ours(out, others)])
    nested = _repository_in(out)
    if nested is not None:
        message = f"holds a git repository ({nested}); choose another output folder"
        raise BuildFailed([Diagnostic(Location(out), None, message)])


def _entries(out: Path) -> list[str]:
    """The names in `out` besides vhsheaven's control folder."""
    with os.scandir(out) as found:
        return sorted(entry.name for entry in found if entry.name != CONTROL)


def _not_ours(out: Path, names: list[str]) -> Diagnostic:
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    message = (
        f"is not empty ({shown}) and was not made by vhsheaven; choose an empty or new folder, "
        "or build with --allow-nonempty to add the site beside these files (they are kept, "
        "never deleted or overwritten)"
    )
    return Diagnostic(Location(out), None, message)


def _repository_in(out: Path) -> Path | None:
    """A git repository anywhere inside `out`, if there is one."""
    for folder, names, files in os.walk(out):
        if ".git" in names or ".git" in files:
            return Path(folder, ".git")
    return None


def finish_stopped(out: Path) -> None:
    """Finish or undo a build of `out` that was stopped part way (a check does this before
    anything else, as a build does); left to that build if one is running now."""
    if not (out / CONTROL).is_dir():
        return
    try:
        with SiteLock(out / LOCK, str(out), wait=False):
            recover(out)
    except BuildFailed:
        pass  # the build holding the lock finishes it


class SiteLock:
    """One build of a site or of an output folder at a time: an exclusive lock on a file.

    `wait`: block until the other build is done (the dev server's rebuilds); else refuse at
    once, naming the other process (a command line build).
    """

    def __init__(self, path: Path, what: str, *, wait: bool) -> None:
        self.path = path
        self.what = what
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> SiteLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            if not _try_lock(fd, self.wait):
                raise BuildFailed([self._busy(fd)])
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def _busy(self, fd: int) -> Diagnostic:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
        message = (
            f"another vhsheaven build (process {holder}) is writing {self.what}; "
            "build again once it has finished"
        )
        return Diagnostic(Location(self.path.parent), None, message)

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


def _try_lock(fd: int, wait: bool) -> bool:
    """Take the lock on `fd`; False if another process holds it and `wait` is off."""
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
