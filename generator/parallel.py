"""Big jobs: run a function over many items on all cores, in order, when there are enough of
them; pause the cycle collector while building many objects that stay."""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def die_with_parent(parent: int) -> None:
    """In a worker: ask Linux to end this process when its parent dies (say, killed by a user).

    Without it, killing a run leaves its workers waiting forever. If the parent died before
    the request was made, this process has been handed to another parent: exit at once.
    Elsewhere than on Linux the request is a no-op.
    """
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while building many objects that all stay (the records).

    Otherwise it walks the growing heap again and again for nothing: a fifth of the time of
    loading. Reference counting still frees what is dropped; only cycles wait for the end.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def workers_for(items: int, min_items: int) -> int:
    """How many processes: all cores (at most 8) for big jobs where fork is available, else 1."""
    if items < min_items or not hasattr(os, "fork"):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def fork_map(func: Callable[[T], R], items: Sequence[T], min_items: int = 200) -> list[R]:
    """`[func(x) for x in items]`, shared with forked processes for big inputs.

    This process and n-1 forked workers take chunks of items in turn until none is left, so
    that slow items do not keep one process busy while the others wait. Workers inherit
    everything this process has built (the records, the site model, the Jinja environment), so
    only their results cross back, pickled once per worker.
    """
    n = workers_for(len(items), min_items)
    if n == 1:
        return [func(x) for x in items]
    size = max(1, len(items) // (n * 8))
    tickets = _tickets(range(0, len(items), size))
    workers: list[tuple[int, int]] = []
    try:
        for _ in range(1, n):
            workers.append(_start(lambda: _run_chunks(func, items, size, tickets)))
        done = _run_chunks(func, items, size, tickets)
        while workers:
            done += _results(*workers.pop(0))
    finally:  # after an error, stop the workers not yet waited for
        os.close(tickets)
        for pid, pipe in workers:
            os.kill(pid, signal.SIGKILL)
            os.close(pipe)
            os.waitpid(pid, 0)
    results: list[Any] = [None] * len(items)
    for start, part in done:
        results[start : start + len(part)] = part
    return results


def _tickets(starts: range) -> int:
    """A pipe holding the start of every chunk, 8 bytes each, to read them from one by one.

    Reads of a pipe do not interleave, so each process that reads 8 bytes claims one chunk
    that no other process gets; once all are claimed, reads find the end of the pipe.
    """
    read, write = os.pipe()
    with os.fdopen(write, "wb") as pipe:  # a few hundred bytes at most: the pipe holds them
        pipe.write(b"".join(start.to_bytes(8, "little") for start in starts))
    return read


def _run_chunks(
    func: Callable[[T], R], items: Sequence[T], size: int, tickets: int
) -> list[tuple[int, list[R]]]:
    """Claim chunks from `tickets` and map `func` over them until none is left.

    Returns each chunk's start and its results.
    """
    done = []
    while ticket := os.read(tickets, 8):
        start = int.from_bytes(ticket, "little")
        done.append((start, [func(x) for x in items[start : start + size]]))
    return done


def _start(job: Callable[[], Any]) -> tuple[int, int]:
    """Fork a worker that runs `job` and sends back `(True, its value)` or `(False, its error)`.

    Returns the worker's pid and the read end of its pipe.
    """
    parent = os.getpid()
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    try:  # in the worker, which must never return into the caller's code
        os.close(read)
        die_with_parent(parent)
        gc.freeze()  # the inherited objects stay: collections need not walk (and copy) them
        try:
            result: tuple[bool, Any] = (True, job())
        except BaseException as exc:
            result = (False, exc)
        try:
            data = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            data = pickle.dumps((False, RuntimeError(f"a worker's result cannot be sent: {exc}")))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _results(pid: int, pipe: int) -> Any:
    """Wait for a worker started by `_start`; the value of its job, or its error raised here."""
    try:
        with os.fdopen(pipe, "rb") as reader:
            data = reader.read()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        _, status = os.waitpid(pid, 0)
    if not data:
        code = os.waitstatus_to_exitcode(status)
        raise RuntimeError(f"a worker process ended without its results (exit code {code})")
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value
