"""Spread independent work over the machine's cores, when there is enough of it to pay off."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from vhsheaven.errors import BuildFailed

In = TypeVar("In")
Out = TypeVar("Out")
Value = TypeVar("Value")
# Below this many items, starting workers costs more than it saves.
MIN_PARALLEL = 64
# Linux's prctl option: a signal the kernel sends a process when its parent ends.
PR_SET_PDEATHSIG = 1
# How often a worker without that looks whether its parent is still there.
WATCH_S = 0.2


def worker_count() -> int:
    """How many processes may work at once: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Forked workers inherit what the parent built; safe only while it runs a single thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


# The one value forked workers inherit from the parent, besides its modules: what the
# function of the running parallel_map works with (the cache, the templates, the site), too
# big to send with each item. Set for the length of one parallel_map, read through shared().
_SHARED: Any = None


def shared() -> Any:
    """What the running parallel_map was given to share with its function."""
    return _SHARED


def parallel_map(
    function: Callable[[In], Out],
    items: Sequence[In],
    min_items: int = MIN_PARALLEL,
    meanwhile: Callable[[], object] | None = None,
    share: Any = None,
) -> Iterator[Out]:
    """function(item) for each item, in order; in forked workers when that helps.

    Forking (not spawning) lets workers use the parent's loaded modules and `share` (read
    through shared()) without pickling them; a parent with other threads (the dev server)
    works alone instead. `meanwhile` is called once the workers have their work, so the
    parent does its own while they run; it is not called when there are no workers.
    """
    global _SHARED
    _SHARED = share
    try:
        yield from _mapped(function, items, min_items, meanwhile)
    finally:
        _SHARED = None


def _mapped(
    function: Callable[[In], Out],
    items: Sequence[In],
    min_items: int,
    meanwhile: Callable[[], object] | None,
) -> Iterator[Out]:
    """parallel_map without the shared slot."""
    workers = min(worker_count(), len(items) // max(1, min_items // 2) or 1)
    if workers < 2 or len(items) < min_items or not can_fork():
        yield from map(function, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Small chunks: a worker left with the last big chunk would keep the other one idle.
    chunk = max(1, min(32, len(items) // (workers * 16)))
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=end_with_parent,
        initargs=(os.getpid(),),
    )
    with pool as executor:
        results = executor.map(function, items, chunksize=chunk)
        try:
            if meanwhile is not None:
                meanwhile()
            yield from results
        except BaseException:
            # A failure, Ctrl-C or a consumer that stops early: the work not started is
            # dropped, so the build ends now rather than after every page is rendered.
            executor.shutdown(cancel_futures=True)
            raise


def end_with_parent(parent: int) -> None:
    """A worker's first act: arrange to end as soon as `parent` does, however it ends.

    Otherwise a killed build leaves its workers waiting forever for work: each holds the
    pool's queues open for the others. Ctrl-C reaches the whole process group: the parent
    alone answers it (one line, exit 130), and its workers end with it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _death_signal():
        watch_parent(parent)
    if os.getppid() != parent:  # it ended before the kernel could be told
        os._exit(1)


def _death_signal() -> bool:
    """Have Linux SIGKILL this process when its parent ends; whether it could."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    # The kernel tells a process of the death of the thread that forked it: here the one
    # that called parallel_map, the only thread (can_fork), which lives as long as the build.
    option, kill = ctypes.c_ulong(PR_SET_PDEATHSIG), ctypes.c_ulong(signal.SIGKILL)
    return int(prctl(option, kill, ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0))) == 0


def watch_parent(parent: int) -> None:
    """End this process once `parent` has ended (it is then no longer our parent), from a
    thread that looks now and then: for systems without prctl."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_S)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


class Later(Generic[Value]):
    """A value worked out when first asked for, or earlier by make() (as parallel_map's
    `meanwhile`). A BuildFailed raised by make() waits for get(), so it is reported where
    it would have been without the head start."""

    def __init__(self, compute: Callable[[], Value]) -> None:
        self._compute = compute
        self._done: tuple[Value] | None = None
        self._failed: BuildFailed | None = None

    def make(self) -> None:
        if self._done is None and self._failed is None:
            try:
                self._done = (self._compute(),)
            except BuildFailed as exc:
                self._failed = exc

    def get(self) -> Value:
        self.make()
        if self._failed is not None:
            raise self._failed
        assert self._done is not None
        return self._done[0]
