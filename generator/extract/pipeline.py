"""Extract the evidence of one article: the stages in order, and the stable JSON view."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from generator.extract.actors import (
    find_mentions_and_actors,
    overlaps,
    shared_scan,
    unknown_actors,
)
from generator.extract.dimensions import cue_index, tag_dimensions
from generator.extract.figures import find_figures, is_number_word
from generator.extract.language import quote_language
from generator.extract.lexicon import lexicon
from generator.extract.matching import PhraseMatch, Words, WordTable
from generator.extract.memo import identity_memo
from generator.extract.mentions import Attribution, Mention, SentenceFacts
from generator.extract.model import (
    Article,
    ArticleEvidence,
    DimensionCues,
    Figure,
    PolicyMatcher,
    Quote,
    new_sentence,
)
from generator.extract.people import People, find_people
from generator.extract.quotemarks import find_quotations
from generator.extract.quotes import FoundQuote, find_quotes
from generator.extract.sentences import split_sentences


def extract_article(
    article: Article, policies: Sequence[PolicyMatcher], dimensions: Sequence[DimensionCues]
) -> ArticleEvidence:
    """Sentences, policy mentions, quotes, figures and unknown actors of one article."""
    text = article.text
    words = Words(text, _wanted(tuple(policies), tuple(dimensions)).__getitem__)
    mentions, actor_hits = find_mentions_and_actors(text, policies, words)
    quotations = find_quotations(text)
    spans = split_sentences(text, article.language, [(q.open, q.close) for q in quotations])
    people = find_people(text, spans, quotations, mentions, actor_hits, words)
    starts = [s.start for s in spans]
    ends = [s.end for s in spans]
    headings = [s.heading for s in spans]
    locate = partial(_sentence_index, starts)
    found_quotes = find_quotes(text, spans, quotations, people, locate)
    facts = _sentence_facts(len(spans), people, found_quotes, actor_hits, mentions, locate)
    attribution = Attribution(spans, mentions, facts)
    dims = tag_dimensions(text, spans, dimensions, words)

    # Sentence(no, start, end, text, policies, dimensions, heading) for each span.
    texts = map(text.__getitem__, map(slice, starts, ends))
    numbers = range(1, len(spans) + 1)
    sentences = list(
        map(new_sentence, numbers, starts, ends, texts, attribution.policies, dims, headings)
    )
    quotes = []
    for fq in found_quotes:
        person = people.persons[fq.speaker.person] if fq.speaker is not None else None
        speaker_policy = None
        if person is not None and fq.speaker is not None and not fq.fragment:
            speaker_policy = person.policy or attribution.speaker_policy.get(fq.speaker.person)
        quotes.append(
            Quote(
                speaker=person.name if person else None,
                role=person.role if person else None,
                text=fq.text,
                policy=attribution.point(fq.quotation.open, fq.sentence, speaker_policy),
                fragment=fq.fragment,
                sentence_no=fq.sentence + 1,
                start=fq.quotation.start,
                end=fq.quotation.end,
                language=quote_language(fq.text, article.language),
            )
        )
    figures = []
    for ff in find_figures(text, article.language, words) if spans else []:
        si = locate(ff.start)
        figures.append(
            Figure(
                value=ff.value,
                unit=ff.unit,
                currency=ff.currency,
                qualifier=ff.qualifier,
                policy=attribution.point(ff.start, si),
                text=ff.text,
                sentence_no=si + 1,
                start=ff.start,
                end=ff.end,
            )
        )
    counts: dict[str, int] = {}
    for m in mentions:
        for pid in m.policies:
            counts[pid] = counts.get(pid, 0) + 1
    for s in sentences:
        for pid in s.policies:
            counts.setdefault(pid, 0)
    return ArticleEvidence(
        path=article.path,
        title=article.title,
        url=article.url,
        publisher=article.publisher,
        date=article.date,
        language=article.language,
        sentences=sentences,
        mentions=dict(sorted(counts.items())),
        quotes=quotes,
        figures=figures,
        unknown_actors=unknown_actors(actor_hits, mentions, policies),
        warnings=list(article.warnings),
    )


def warm_up(policies: Sequence[PolicyMatcher], dimensions: Sequence[DimensionCues]) -> None:
    """Build what extract_article builds on first use (indexes of the matchers, the word lists
    and tables, compiled patterns) by extracting a short text, so that forked workers inherit
    it all and the caller may do this while something else loads (its quote is too short for
    language detection, which needs the language model)."""
    sample = "Die Ministerin sagte: „Es sind 2 Milliarden Euro.“ The minister said so."
    extract_article(Article(path="", text=sample, title="", language="de"), policies, dimensions)


@identity_memo
def _wanted(
    policies: tuple[PolicyMatcher, ...], dimensions: tuple[DimensionCues, ...]
) -> WordTable[bool]:
    """Whether any word look-up of extract_article wants a word: policy and actor names, cues,
    verbs of saying and role words, number words (Words passes only these to each look-up)."""
    names, cues, lex = shared_scan(policies).table, cue_index(dimensions).table, lexicon()
    return WordTable(lambda w: bool(names[w] or cues[w] or lex.scans_for(w) or is_number_word(w)))


def _sentence_index(starts: Sequence[int], pos: int) -> int:
    """Index of the sentence holding offset pos, given the sentence starts."""
    return max(0, bisect_right(starts, pos) - 1)


def _sentence_facts(
    count: int,
    people: People,
    quotes: Sequence[FoundQuote],
    actors: Sequence[PhraseMatch[str]],
    mentions: Sequence[Mention],
    locate: Callable[[int], int],
) -> list[SentenceFacts]:
    """Per-sentence inputs to attribution: linked persons, speakers, continuation, actors."""
    # Most sentences have no linked person, speaker or statement: these are kept only for those
    # that do, and the others share facts.
    linked: dict[int, set[str]] = {}
    continues = list(people.pronoun_speaker[:count])
    has_actor = [False] * count
    speakers: dict[int, list[tuple[int, int]]] = {}
    quoted: dict[int, list[tuple[int, int]]] = {}
    first_seen: dict[int, int] = {}
    for ref in people.refs:
        first_seen.setdefault(ref.person, ref.sentence)
        policy = people.persons[ref.person].policy
        if policy is not None and (ref.kind == "name" or ref.speaker):
            linked.setdefault(ref.sentence, set()).add(policy)
    for q in quotes:
        if q.fragment:
            continue
        quoted.setdefault(q.sentence, []).append((q.quotation.open, q.quotation.close))
        if q.speaker is None:
            continues[q.sentence] = True
            continue
        policy = people.persons[q.speaker.person].policy
        if policy is not None:
            linked.setdefault(q.sentence, set()).add(policy)
        else:
            speaker = (q.speaker.person, first_seen[q.speaker.person])
            speakers.setdefault(q.sentence, []).append(speaker)
    starts = [m.start for m in mentions]
    for hit in actors:
        if not overlaps(hit, mentions, starts):
            has_actor[locate(hit.start)] = True
    plain = {
        (c, a): SentenceFacts(continues=c, has_actor=a)
        for c in (False, True)
        for a in (False, True)
    }
    return [
        SentenceFacts(
            frozenset(linked.get(i, ())),
            continues[i],
            has_actor[i],
            tuple(dict.fromkeys(speakers.get(i, ()))),
            tuple(quoted.get(i, ())),
        )
        if i in linked or i in speakers or i in quoted
        else plain[continues[i], has_actor[i]]
        for i in range(count)
    ]


def evidence_to_json(ev: ArticleEvidence) -> dict[str, Any]:
    """The stable JSON view of one article's evidence."""
    return {
        "path": ev.path,
        "title": ev.title,
        "language": ev.language,
        "sentences": len(ev.sentences),
        "policies": dict(ev.mentions),
        "quotes": [
            {
                "speaker": q.speaker,
                "role": q.role,
                "text": q.text,
                "policy": q.policy,
                "fragment": q.fragment,
            }
            for q in ev.quotes
        ],
        "figures": [
            {
                "value": f.value,
                "unit": f.unit,
                "currency": f.currency,
                "qualifier": f.qualifier,
                "policy": f.policy,
                "text": f.text,
            }
            for f in ev.figures
        ],
    }
