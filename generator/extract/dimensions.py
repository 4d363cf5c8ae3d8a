"""Tag sentences with the comparison dimensions whose cue words they contain.

Cues are matched case-insensitively at the start of a word, because German forms compounds:
"Export" tags "Exportkontrollen", "Export-Beschränkungen" and "exports" alike. Cues shorter
than four letters, and acronyms, must match a whole word ("KI" does not tag "Kinder"), and
acronyms keep their case ("US" does not tag "us"). Cues of several words match in sequence,
each word by the same rule ("export controls"). A cue inside a compound ("Halbleiterexport")
is not found; give the caller's cue list the compound heads it needs.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from generator.extract.matching import PhraseIndex, Words
from generator.extract.memo import identity_memo
from generator.extract.model import DimensionCues
from generator.extract.sentences import Span


@identity_memo
def cue_index(dimensions: tuple[DimensionCues, ...]) -> PhraseIndex[str]:
    """A phrase index over every dimension's cues."""
    return PhraseIndex(((c, d.id) for d in dimensions for c in d.cues if c.strip()), "prefix")


def tag_dimensions(
    text: str,
    spans: Sequence[Span],
    dimensions: Sequence[DimensionCues],
    words: Words | None = None,
) -> list[tuple[str, ...]]:
    """Sorted dimension ids for each sentence span (`words`: the text's, if known)."""
    out: list[tuple[str, ...]] = [() for _ in spans]
    if not spans or not dimensions:
        return out
    tags: dict[int, set[str]] = {}  # only the spans with cues (most have none)
    starts = [s.start for s in spans]
    index = cue_index(tuple(dimensions))
    for hit in index.find(text, index.hits(words or Words(text))):
        i = bisect_right(starts, hit.start) - 1
        if i >= 0 and hit.start < spans[i].end:
            tags.setdefault(i, set()).update(hit.payloads)
    for i, found in tags.items():
        out[i] = tuple(sorted(found))
    return out
