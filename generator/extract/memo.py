"""Memoise index builds on the identity of their arguments, then on their equality."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from operator import is_
from typing import Any, ParamSpec, TypeVar, cast

A = ParamSpec("A")
V = TypeVar("V")


def identity_memo(build: Callable[A, V]) -> Callable[A, V]:
    """`build` cached by its (positional, hashable) arguments: by identity first, then by
    equality (lru_cache).

    The extract command passes the same tuples of matchers with every article; hashing a tuple
    of 1,000 matchers per article costs more than the rest of the lookup, so the last arguments
    are recognised by `is` before any hashing.
    """
    cached = lru_cache(maxsize=64)(build)
    last: list[tuple[tuple[Any, ...], V]] = []

    def memoised(*keys: Any) -> V:
        if last and len(keys) == len(last[0][0]) and all(map(is_, keys, last[0][0])):
            return last[0][1]
        value = cached(*keys)
        last[:] = [(keys, value)]  # keeps the keys alive, so their identities cannot be reused
        return value

    return cast(Callable[A, V], memoised)
