"""py3langid's language identifier with its byte-by-byte automaton walk done by numpy.

py3langid (pinned at 0.4.0) finds a text's n-gram features by walking a finite automaton over
the text's bytes in a Python loop, one step per byte: most of the cost of detection. Its
automaton forgets: after any `REACH` bytes it is in the same state whatever state it was in
before (its states are the byte strings of up to six bytes its n-grams begin with; every state
is at most six steps from the start). So the state after each byte is the state that the (up to)
`REACH` bytes ending there lead to from the start, and numpy can take those steps for all
positions at once. The counts are the same, in the same order, so the scores are the same
floating-point numbers (tests/extract/test_extract_fast_paths.py checks both claims).

Scoring multiplies the counts' logarithms by the model's rows of the features found. The
model stores them as float16, which numpy gathers and casts to float32 slowly (the cast before
every product took most of the time of a score); they are cast to float32 once, when the model
loads, which changes no value (every float16 is a float32) and so gives the same products.
The counts stay numpy arrays from the walk to the scoring (py3langid goes through a Counter),
and `best` answers what detection asks without ranking every language.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from py3langid.langid import RAW_FLOOR, LanguageIdentifier  # type: ignore[import-untyped]
from py3langid.modelio import _to_array  # type: ignore[import-untyped]

from generator.extract.model_tables import model_tables

REACH = 6
"""Bytes after which py3langid's automaton is in the same state from any state."""


class FastIdentifier(LanguageIdentifier):  # type: ignore[misc]
    """A py3langid LanguageIdentifier whose feature counts are computed by numpy."""

    __slots__ = ("_column", "_moves", "_outputs", "_rows")

    def __init__(self, nb_ptc: Any, *args: Any, **kwargs: Any) -> None:
        """As LanguageIdentifier, with the table as float32; also the automaton's tables as
        numpy arrays."""
        super().__init__(np.asarray(nb_ptc, dtype=np.float32), *args, **kwargs)
        moves = self.tk_nextmove  # array.array: 256 moves per distinct row (a view, not a copy)
        self._moves = np.frombuffer(moves, dtype=f"u{moves.itemsize}")
        self._rows = np.asarray(self._rowbase, dtype=np.int64)  # state -> its row's offset
        self._outputs = np.asarray(self.tk_output, dtype=np.int64)  # state -> feature or -1
        # Each language's score column: its first one, where rank() reads it.
        self._column: dict[str, int] = {}
        for i, label in enumerate(self.nb_classes):
            self._column.setdefault(label, i)

    @classmethod
    def load(cls) -> FastIdentifier:
        """py3langid's model, the same tables as its load_model reads, read much faster (see
        model_tables)."""
        tables = model_tables()
        return cls(
            tables["ptc"],
            tables["pc"],
            tables["classes"].tolist(),
            tables["nextmove"],  # not py3langid's array.array: only the numpy walk reads it
            tables["out_feat"].tolist(),
            norm_probs=False,
            tk_row=_to_array(tables["nextmove_row"]),
        )

    def _features(self, data: bytes) -> tuple[Any, Any] | None:
        """The features py3langid's walk finds and their counts, in order of first use."""
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
        return found[order], counts[order]

    def feature_counts(self, data: bytes) -> Counter[int] | None:
        """What py3langid's visit_counts returns: feature counts, in order of first use."""
        found = self._features(data)
        if found is None:
            return None
        return Counter(dict(zip(found[0].tolist(), found[1].tolist(), strict=True)))

    def _raw_score(self, text: bytes) -> Any:
        """py3langid 0.4.0's _raw_score: the same arithmetic on the same arrays (its
        _sparse_score builds them from the Counter of visit_counts)."""
        found = self._features(text)
        if found is not None:
            features, counts = found
            return np.log1p(counts.astype(np.float32)) @ self.nb_ptc[features] + self.nb_pc
        fill = 0.0 if self._norm_probs else RAW_FLOOR
        return np.full(len(self.nb_classes), fill, dtype=np.float32)

    def best(self, text: str, labels: tuple[str, ...]) -> tuple[str, float, dict[str, float]]:
        """rank(text)'s first language and score, and the scores of `labels` (-inf if unknown).

        The first of equal scores, as rank's stable sort puts it: every label's score is in
        its first column and rank keeps the labels in column order, so argmax finds it.
        """
        scores = self._decide(text)
        top = int(scores.argmax())
        column = self._column
        wanted = {
            label: float(scores[column[label]]) if label in column else float("-inf")
            for label in labels
        }
        return str(self.nb_classes[top]), float(scores[top]), wanted
