"""py3langid's language identifier with its byte-by-byte automaton walk done by numpy.

py3langid (pinned at 0.4.0) finds a text's n-gram features by walking a finite automaton over
the text's bytes in a Python loop, one step per byte: most of the cost of detection. Its
automaton forgets: after any `REACH` bytes it is in the same state whatever state it was in
before (its states are the byte strings of up to six bytes its n-grams begin with; every state
is at most six steps from the start). So the state after each byte is the state that the (up to)
`REACH` bytes ending there lead to from the start, and numpy can take those steps for all
positions at once. The counts are the same, in the same order, so the scores are the same
floating-point numbers (tests/extract/test_extract_langid_walk.py checks both claims).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from py3langid.langid import RAW_FLOOR, LanguageIdentifier  # type: ignore[import-untyped]

REACH = 6
"""Bytes after which py3langid's automaton is in the same state from any state."""


class FastIdentifier(LanguageIdentifier):  # type: ignore[misc]
    """A py3langid LanguageIdentifier whose feature counts are computed by numpy."""

    __slots__ = ("_moves", "_outputs", "_rows")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """As LanguageIdentifier; also the automaton's tables as numpy arrays."""
        super().__init__(*args, **kwargs)
        moves = self.tk_nextmove  # array.array: 256 moves per distinct row (a view, not a copy)
        self._moves = np.frombuffer(moves, dtype=f"u{moves.itemsize}")
        self._rows = np.asarray(self._rowbase, dtype=np.int64)  # state -> its row's offset
        self._outputs = np.asarray(self.tk_output, dtype=np.int64)  # state -> feature or -1

    def feature_counts(self, data: bytes) -> Counter[int] | None:
        """What py3langid's visit_counts returns: feature counts, in order of first use."""
        text = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
        states = np.zeros(len(text), dtype=np.int64)
        for back in range(min(REACH, len(text)) - 1, -1, -1):
            # Every position at least `back` bytes in reads the byte `back` before it.
            reading = states[back:]
            states[back:] = self._moves[self._rows[reading] + text[: len(text) - back]]
        features = self._outputs[states]
        features = features[features >= 0]
        if not len(features):
            return None
        found, first, counts = np.unique(features, return_index=True, return_counts=True)
        order = np.argsort(first)
        return Counter(dict(zip(found[order].tolist(), counts[order].tolist(), strict=True)))

    def _raw_score(self, text: bytes) -> Any:
        """py3langid 0.4.0's _raw_score, with feature_counts for its visit_counts walk."""
        visits = self.feature_counts(text)
        if visits:
            return self._sparse_score(visits, self.nb_ptc)
        fill = 0.0 if self._norm_probs else RAW_FLOOR
        return np.full(len(self.nb_classes), fill, dtype=np.float32)
