"""A progress bar for long builds, drawn on a terminal only; silent everywhere else."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

# How a build reports progress: progress(stage, done, total), as reviews are read and pages written.
Progress = Callable[[str, int, int], None]
# Builds quicker than this never show a bar, so short builds print one clean summary line.
DELAY = 1.0
WIDTH = 30
# Back to the line's start, and erase all of it.
CLEAR = "\r\x1b[2K"


class ProgressBar:
    """Called as bar(stage, done, total); draws after DELAY seconds of work, on a TTY only."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.enabled = stream.isatty()
        self.drawn = False
        self.last: tuple[str, int] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0 or self.clock() - self.started < DELAY:
            return
        # Redraw only when the whole percentage moves: 10,000 pages must not mean 10,000 writes.
        shown = (stage, 100 * done // total)
        if shown == self.last:
            return
        self.last = shown
        filled = WIDTH * done // total
        bar = "#" * filled + "-" * (WIDTH - filled)
        # Each frame clears the line first: a shorter frame (a new stage's smaller total)
        # must not leave the tail of the one before it on screen.
        self.stream.write(f"{CLEAR}{stage:<8} [{bar}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        """Erase the bar so the summary line starts on a clean line."""
        if self.drawn:
            self.stream.write(CLEAR)
            self.stream.flush()
            self.drawn = False
