"""Find policy match words in the text and attribute sentences, quotes and figures to policies.

Mentions: each PolicyMatcher word is matched on word boundaries with simple German and English
inflection (see `matching`): "China" also finds "Chinas" and the "China" of "China-Strategie",
"chinesische" finds "chinesischen", but "USA" does not match inside "USAID". A word shared by
two policies counts for both.

Sentence policies, in text order:

1. A sentence's policies are those it mentions explicitly outside quotation marks, plus the
   policy of any person in it who is linked to a policy (a speaker named by surname or pronoun,
   "sagte Li"). A speaker whom no match word links takes the single policy of the sentence that
   introduced them ("Der CDU-Abgeordnete X" in a paragraph about the German strategy). Mentions
   inside a statement count only when the sentence has nothing else: a German politician saying
   „Andere Länder wie die USA und China investieren mehr“ speaks about German policy.
2. A sentence with none of these inherits the previous sentence's policies when it continues
   that sentence's subject: it has a pronoun speaker or continues a quotation, or it names no
   actor at all. A sentence naming only actors that no policy covers inherits nothing.
3. A heading resets the context: it keeps only what it mentions itself, and the sentences
   after it inherit from the heading, never from before it.

Quotes and figures get one policy: a statement the policy of its speaker, when the speaker is
linked to one (by a match word, or by the sentence that introduced them); otherwise, when the
sentence has one policy, that policy; when it has several, the policy of the nearest explicit
mention before the quote or figure (looking back through the section), else the nearest one
after it in the sentence; else the first in sorted order. Since news German and English both
name the actor before what it says or counts ("Der chinesische Premier ... 40 Länder"; "the
Trump administration's 28-page plan" has the figure first but the actor right after),
nearest-before with a same-sentence look-ahead matches how reports are built.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

from generator.extract.matching import PhraseIndex
from generator.extract.memo import identity_memo
from generator.extract.model import PolicyMatcher
from generator.extract.sentences import Span

# How many earlier mentions a point looks through for one of its sentence's policies.
_MAX_LOOK_BACK = 200


class Mention(NamedTuple):
    """An explicit match-word hit and the policies whose word it is."""

    start: int
    end: int
    policies: tuple[str, ...]


@identity_memo
def policy_index(policies: tuple[PolicyMatcher, ...]) -> PhraseIndex[str]:
    """A phrase index over every policy's match words."""
    return PhraseIndex(((w, p.id) for p in policies for w in p.words if w.strip()), "inflect")


def find_mentions(
    text: str, policies: Sequence[PolicyMatcher], hits: Sequence[re.Match[str]] | None = None
) -> list[Mention]:
    """Explicit policy mentions, in text order (`hits`: see PhraseIndex.find)."""
    index = policy_index(tuple(policies))
    return [Mention(m.start, m.end, tuple(sorted(m.payloads))) for m in index.find(text, hits)]


class SentenceFacts(NamedTuple):
    """What attribution needs to know about one sentence besides its mentions."""

    linked: frozenset[str] = frozenset()  # policies of persons named in it
    continues: bool = False  # pronoun speaker or continued quotation
    has_actor: bool = False  # names a country, bloc or organisation
    # Speakers of its statements that no match word links to a policy: (person, first sentence).
    speakers: tuple[tuple[int, int], ...] = ()
    quoted: tuple[tuple[int, int], ...] = ()  # (open, close) of its statements' quotation marks


class Attribution:
    """Policies per sentence, and the policy of a point (quote or figure) in the text."""

    def __init__(
        self, spans: Sequence[Span], mentions: Sequence[Mention], facts: Sequence[SentenceFacts]
    ):
        """Decide every sentence's policies in one pass (see the module docstring)."""
        self.spans = spans
        self.mentions = mentions
        self._mention_starts = [m.start for m in mentions]
        self.section_start: list[int] = []
        self.policies: list[tuple[str, ...]] = []
        # Policy of a speaker no match word links, taken from where they were introduced.
        self.speaker_policy: dict[int, str | None] = {}
        context: tuple[str, ...] = ()
        section = 0
        starts = self._mention_starts
        first_in = 0  # the first mention not before this span (spans come in text order)
        for i, span in enumerate(spans):
            fact = facts[i]
            while first_in < len(starts) and starts[first_in] < span.start:
                first_in += 1
            own = set(fact.linked)
            quoted: set[str] = set()
            j = first_in
            while j < len(starts) and starts[j] < span.end:  # the mentions in the span
                m = mentions[j]
                inside = any(a < m.start < b for a, b in fact.quoted)
                (quoted if inside else own).update(m.policies)
                j += 1
            for person, first in fact.speakers:
                if person not in self.speaker_policy:
                    where = self.policies[first] if first < i else context
                    self.speaker_policy[person] = where[0] if len(where) == 1 else None
                policy = self.speaker_policy[person]
                if policy is not None:
                    own.add(policy)
            # What a speaker says about others ("Andere Länder wie die USA ...") counts only
            # when nothing outside the quotation tells whose policy the sentence is about.
            own = own or quoted
            if span.heading:
                section = span.start
                current = tuple(sorted(own))
            elif own:
                current = tuple(sorted(own))
            elif fact.continues or not fact.has_actor:
                current = context
            else:
                current = ()
            self.section_start.append(section)
            self.policies.append(current)
            context = current

    def _mentions_in(self, start: int, end: int) -> Sequence[Mention]:
        """Mentions that start inside [start, end)."""
        lo = bisect_left(self._mention_starts, start)
        hi = bisect_left(self._mention_starts, end)
        return self.mentions[lo:hi]

    def point(self, pos: int, sentence: int, speaker_policy: str | None = None) -> str | None:
        """The one policy of a quote or figure at `pos` in sentence index `sentence`."""
        candidates = self.policies[sentence]
        if speaker_policy is not None:
            return speaker_policy
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        wanted = set(candidates)
        floor = self.section_start[sentence]
        i = bisect_left(self._mention_starts, pos) - 1
        stop = max(-1, i - _MAX_LOOK_BACK)
        while i > stop and self.mentions[i].start >= floor:
            hit = wanted.intersection(self.mentions[i].policies)
            if hit:
                return min(hit)
            i -= 1
        span = self.spans[sentence]
        for m in self._mentions_in(pos, span.end):
            hit = wanted.intersection(m.policies)
            if hit:
                return min(hit)
        return candidates[0]
