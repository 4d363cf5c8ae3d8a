"""Run a function over many items on all cores, in order, when there are enough of them."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def die_with_parent(parent: int) -> None:
    """In a worker: ask Linux to end this process when its parent dies (say, killed by a user).

    Without it, killing a run leaves its pool's workers waiting forever. If the parent died
    before the request was made, this process has been handed to another parent: exit at once.
    Elsewhere than on Linux the request is a no-op.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def workers_for(items: int, min_items: int) -> int:
    """How many processes: all cores (at most 8) for big jobs where fork is available, else 1."""
    if items < min_items or "fork" not in mp.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def fork_map(func: Callable[[T], R], items: Sequence[T], min_items: int = 200) -> list[R]:
    """`[func(x) for x in items]`, split over forked processes for big inputs.

    Forked workers inherit everything the parent has built (the site model, the Jinja
    environment), so only the items and the results cross between processes.
    """
    n = workers_for(len(items), min_items)
    if n == 1:
        return [func(x) for x in items]
    chunk = max(1, len(items) // (n * 8))
    with mp.get_context("fork").Pool(
        n, initializer=die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        return pool.map(func, items, chunksize=chunk)
