"""Spread independent work over the machine's cores, when there is enough of it to pay off."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")
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
    function: Callable[[In], Out], items: Sequence[In], min_items: int = MIN_PARALLEL
) -> Iterator[Out]:
    """function(item) for each item, in order; in forked workers when that helps.

    Forking (not spawning) lets workers use the parent's loaded modules and data without
    pickling them; a parent with other threads (the dev server) works alone instead.
    """
    workers = min(worker_count(), len(items) // max(1, min_items // 2) or 1)
    if workers < 2 or len(items) < min_items or not can_fork():
        yield from map(function, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(64, len(items) // (workers * 8)))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as executor:
        yield from executor.map(function, items, chunksize=chunk)
