"""Memoise index builds on the identity of their argument, then on its equality."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def identity_memo(build: Callable[[K], V]) -> Callable[[K], V]:
    """`build` cached by its argument: by identity first, then by equality (lru_cache).

    The extract command passes the same tuple of matchers with every article; hashing a tuple
    of 1,000 matchers per article costs more than the rest of the lookup, so the last argument
    is recognised by `is` before any hashing.
    """
    cached = lru_cache(maxsize=64)(build)
    last: list[tuple[K, V]] = []

    def memoised(key: K) -> V:
        if last and last[0][0] is key:
            return last[0][1]
        value = cached(key)
        last[:] = [(key, value)]  # keeps `key` alive, so its identity cannot be reused
        return value

    return memoised
