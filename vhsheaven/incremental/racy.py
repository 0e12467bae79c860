"""Which file stamps prove a file unchanged: git's rule for "racily clean" index entries.

A file changed in the clock tick in which its stamp was taken can change again within that
tick, same size, without its stamp showing it. Git trusts an index entry only when the file's
mtime is older than the index file's own. We take the reference, a mark, before the stamps
rather than after them: a build touches a file in its cache folder first, and the mtime the
file system gives it is that file system's "now", in its own ticks, whatever their size. A
stamp taken after the mark whose mtime is older than the mark proves its file unchanged for as
long as the stamp stays the same: any later change gets an mtime no older than the mark. So
only the files changed since the mark are looked at again, not every file of the last
seconds.

Without a cache folder to mark in (the first build, `--no-cache`; and for the templates and
static files, which are stamped before site.yaml is read, a cache folder site.yaml moves),
and for files on another file system than the mark (a review folder linked in from
elsewhere), the wall clock stands in, with RACY_NS to spare for the coarsest file system
clocks.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

# Files changed this close to the wall clock's reading may share its file system tick.
RACY_NS = 2_000_000_000
# The file a build touches in its cache folder before it stamps its inputs.
MARK_FILE = "stamps.mark"


@dataclass(frozen=True, slots=True)
class Mark:
    """A moment taken before a build stamps files: on one file system's clock, and the wall's."""

    # st_dev of the file system the mark was taken on; -1 for none.
    device: int
    # That file system's time at the mark, as it gives mtimes.
    fs_ns: int
    # The wall clock just before the mark.
    clock_ns: int

    def settled(self, stat: os.stat_result) -> bool:
        """Whether a stamp taken after this mark proves its file unchanged while it holds."""
        if stat.st_dev == self.device:
            return stat.st_mtime_ns < self.fs_ns
        return stat.st_mtime_ns < self.clock_ns - RACY_NS


# Before any build: no stamp is proof.
NO_MARK = Mark(-1, 0, 0)


def take(folder: Path | None) -> Mark:
    """A mark in `folder` (the cache folder), if it exists; else on the wall clock only."""
    clock = time.time_ns()
    if folder is None:
        return Mark(-1, 0, clock)
    path = folder / MARK_FILE
    try:
        path.touch()  # sets the time of an existing file
        stat = path.stat()
    except OSError:  # no cache folder yet, or one this build may not write
        return Mark(-1, 0, clock)
    return Mark(stat.st_dev, stat.st_mtime_ns, clock)
