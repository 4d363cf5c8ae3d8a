"""Big jobs: run a function over many items on all cores, in order, when there are enough of
them; pause the cycle collector while building many objects that stay."""

from __future__ import annotations

import gc
import os
import pickle
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")
R = TypeVar("R")
P = TypeVar("P")
C = TypeVar("C")


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
    """Pause Python's cycle collector while building many objects that all stay (the records,
    the pages, the evidence).

    Otherwise it walks the growing heap again and again for nothing: a fifth of the time of
    loading. Reference counting still frees what is dropped; only cycles wait. At the end,
    what was built meanwhile joins the oldest generation unscanned (a freeze, then an
    unfreeze: two list splices); left young, all of it would be walked at the next young
    collection, 0.19 s after generating 1,000 policies. (Where objects are frozen already,
    in a forked worker, they stay so.) Cycles among them wait for a full collection, which a
    process that does little else between pauses never reaches by itself: a long-running one
    collects after each piece of work (serve does).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
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
    only their results cross back, pickled once per worker. (fork_map_commit, with no problems
    and the results themselves committed.)
    """
    return fork_map_commit(func, items, _no_problems, _itself, min_items)[1]


def _no_problems(_: object) -> list[Any]:
    """No result has problems (for fork_map)."""
    return []


def _itself(result: R) -> R:
    """A result, committed as it is: sent back to the parent (for fork_map)."""
    return result


def fork_map_commit(
    func: Callable[[T], R],
    items: Sequence[T],
    problems: Callable[[R], list[P]],
    commit: Callable[[R], C],
    min_items: int = 200,
) -> tuple[list[P], list[C]]:
    """Map `func` over `items` like fork_map, then `commit` every result where it was made,
    but only when no result has `problems`: all or nothing.

    Each process keeps the results it made and sends back only their problems (small). When
    no process found one, every process calls `commit` on its own results (say, writes them
    to disk), so that big results never cross between processes. Returns the problems of all
    results in item order and, when there were none, the commit values in item order (else
    an empty list: nothing was committed).
    """
    n = workers_for(len(items), min_items)
    if n == 1:
        results = [func(x) for x in items]
        listed = [p for r in results for p in problems(r)]
        return listed, [] if listed else [commit(r) for r in results]
    size = max(1, len(items) // (n * 8))
    tickets = _tickets(range(0, len(items), size))

    def job(go: Callable[[], bool]) -> list[tuple[int, list[C]]] | None:
        done = _run_chunks(func, items, size, tickets)
        _send((True, _problems_of(done, problems)))
        return _commit(done, commit) if go() else None

    workers: list[_Worker] = []
    try:
        for _ in range(1, n):
            workers.append(_start(job))
        done = _run_chunks(func, items, size, tickets)
        found: list[tuple[int, P]] = _problems_of(done, problems)
        for worker in workers:
            found += worker.receive()
        for worker in workers:
            worker.answer(not found)
        committed: list[tuple[int, list[C]]] = [] if found else _commit(done, commit)
        while workers:
            committed += workers[0].receive() or []
            workers.pop(0).end()
    finally:  # after an error, stop the workers not yet waited for
        os.close(tickets)
        for worker in workers:
            worker.stop()
    found.sort(key=lambda pair: pair[0])
    return [p for _, p in found], [] if found else _in_order(committed, len(items))


def _problems_of(
    done: list[tuple[int, list[R]]], problems: Callable[[R], list[P]]
) -> list[tuple[int, P]]:
    """The problems of chunk results, each with the index of its item."""
    return [(start + i, p) for start, part in done for i, r in enumerate(part) for p in problems(r)]


def _commit(done: list[tuple[int, list[R]]], commit: Callable[[R], C]) -> list[tuple[int, list[C]]]:
    """`commit` every chunk result, keeping the chunks' starts."""
    return [(start, [commit(r) for r in part]) for start, part in done]


def _in_order(done: list[tuple[int, list[Any]]], count: int) -> list[Any]:
    """Chunk results (start, values) put back into one list in item order."""
    results: list[Any] = [None] * count
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


_UP: list[BinaryIO] = []
"""In a worker: the pipe to its parent."""


def _send(message: tuple[bool, Any]) -> None:
    """In a worker: send `(True, a value)` or `(False, an error)` to the parent, framed."""
    try:
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        data = pickle.dumps((False, RuntimeError(f"a worker's result cannot be sent: {exc}")))
    _UP[0].write(len(data).to_bytes(8, "little") + data)
    _UP[0].flush()


@dataclass
class _Worker:
    """A forked worker, seen from its parent: its pid, its pipe up and its go-ahead pipe."""

    pid: int
    up: BinaryIO
    down: int

    def receive(self) -> Any:
        """The next value the worker sends; its error raised here; a death reported."""
        head = self.up.read(8)
        data = self.up.read(int.from_bytes(head, "little")) if len(head) == 8 else b""
        if not data:
            _, status = os.waitpid(self.pid, 0)
            self.pid = 0
            code = os.waitstatus_to_exitcode(status)
            raise RuntimeError(f"a worker process ended without its results (exit code {code})")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        return value

    def answer(self, go: bool) -> None:
        """Tell the worker whether to go on."""
        os.write(self.down, b"1" if go else b"0")

    def end(self) -> None:
        """Wait for the worker to exit, and close its pipes."""
        self.up.close()
        os.close(self.down)
        if self.pid:
            os.waitpid(self.pid, 0)

    def stop(self) -> None:
        """Kill the worker (after an error elsewhere) and wait for it."""
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
        self.end()


def _start(job: Callable[[Callable[[], bool]], Any]) -> _Worker:
    """Fork a worker that runs `job` and sends back `(True, its value)` or `(False, its error)`.

    `job` gets a function that waits for the parent's go-ahead (see fork_map_commit).
    """
    parent = os.getpid()
    up_read, up_write = os.pipe()
    down_read, down_write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(up_write)
        os.close(down_read)
        return _Worker(pid, os.fdopen(up_read, "rb"), down_write)
    try:  # in the worker, which must never return into the caller's code
        os.close(up_read)
        os.close(down_write)
        die_with_parent(parent)
        gc.freeze()  # the inherited objects stay: collections need not walk (and copy) them
        _UP[:] = [os.fdopen(up_write, "wb")]
        try:
            result: tuple[bool, Any] = (True, job(lambda: os.read(down_read, 1) == b"1"))
        except BaseException as exc:
            result = (False, exc)
        _send(result)
    finally:
        os._exit(0)
