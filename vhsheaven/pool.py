"""Spread independent work over the machine's cores, when there is enough of it to pay off."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

from vhsheaven.errors import BuildFailed

In = TypeVar("In")
Out = TypeVar("Out")
Value = TypeVar("Value")
# Below this many items, starting workers costs more than it saves.
MIN_PARALLEL = 64


def worker_count() -> int:
    """How many processes may work at once: the cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """Forked workers inherit what the parent built; safe only while it runs a single thread."""
    return hasattr(os, "fork") and threading.active_count() == 1


def parallel_map(
    function: Callable[[In], Out],
    items: Sequence[In],
    min_items: int = MIN_PARALLEL,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[Out]:
    """function(item) for each item, in order; in forked workers when that helps.

    Forking (not spawning) lets workers use the parent's loaded modules and data without
    pickling them; a parent with other threads (the dev server) works alone instead.
    `meanwhile` is called once the workers have their work, so the parent does its own while
    they run; it is not called when there are no workers.
    """
    workers = min(worker_count(), len(items) // max(1, min_items // 2) or 1)
    if workers < 2 or len(items) < min_items or not can_fork():
        yield from map(function, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Small chunks: a worker left with the last big chunk would keep the other one idle.
    chunk = max(1, min(32, len(items) // (workers * 16)))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        results = executor.map(function, items, chunksize=chunk)
        if meanwhile is not None:
            try:
                meanwhile()
            except BaseException:
                executor.shutdown(cancel_futures=True)
                raise
        yield from results


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
