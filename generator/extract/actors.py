"""Actors (countries, blocs, international organisations) named in an article but in no policy.

The gazetteer (data/actors.yaml) lists German and English names and adjectives. An actor counts
as covered when one of its hits overlaps a policy mention, or when any of its forms is itself a
policy match word; everything else is reported with the number of times it is named.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from generator.extract.lexicon import actor_forms
from generator.extract.matching import PhraseIndex, PhraseMatch, SharedScan, Words
from generator.extract.memo import identity_memo
from generator.extract.mentions import Mention, find_mentions, policy_index
from generator.extract.model import PolicyMatcher


@lru_cache(maxsize=1)
def _actor_index() -> PhraseIndex[str]:
    """A phrase index over every gazetteer form."""
    return PhraseIndex(actor_forms(), "inflect")


def find_actors(text: str, hits: Sequence[re.Match[str]] | None = None) -> list[PhraseMatch[str]]:
    """Gazetteer hits in text order; each payload is an actor's English name."""
    return _actor_index().find(text, hits)


@identity_memo
def shared_scan(policies: tuple[PolicyMatcher, ...]) -> SharedScan:
    """One scan for the words of the policies and of the gazetteer."""
    return SharedScan([policy_index(policies), _actor_index()])


def find_mentions_and_actors(
    text: str, policies: Sequence[PolicyMatcher], words: Words | None = None
) -> tuple[list[Mention], list[PhraseMatch[str]]]:
    """find_mentions and find_actors, from one scan of the text's `words` instead of two."""
    hits = shared_scan(tuple(policies)).hits(words or Words(text))
    return find_mentions(text, policies, hits), find_actors(text, hits)


@identity_memo
def _covered_actors(policies: tuple[PolicyMatcher, ...]) -> frozenset[str]:
    """Actors one of whose gazetteer forms is a policy match word."""
    words = {w.casefold() for p in policies for w in p.words}
    return frozenset(name for form, name in actor_forms() if form.casefold() in words)


def overlaps(match: PhraseMatch[str], mentions: Sequence[Mention], starts: Sequence[int]) -> bool:
    """Whether a gazetteer hit overlaps any policy mention (`starts` are the mention starts)."""
    i = bisect_right(starts, match.end) - 1
    while i >= 0 and mentions[i].end > match.start:
        if mentions[i].start < match.end:
            return True
        i -= 1
    return False


def unknown_actors(
    hits: Sequence[PhraseMatch[str]], mentions: Sequence[Mention], policies: Sequence[PolicyMatcher]
) -> dict[str, int]:
    """Actor names with counts, for actors no policy covers, sorted by name."""
    covered = _covered_actors(tuple(policies))
    starts = [m.start for m in mentions]
    counts: Counter[str] = Counter()
    for hit in hits:
        if overlaps(hit, mentions, starts):
            continue
        for name in hit.payloads:
            if name not in covered:
                counts[name] += 1
    return dict(sorted(counts.items()))
