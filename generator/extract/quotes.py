"""Sort quotations into statements, fragments and titles, and find who said the statements.

Every outermost quotation (see `quotemarks`) is one of:

* a **statement**, a direct quotation of what someone said: introduced by a colon, ending with
  sentence punctuation inside the marks, followed by a comma and a verb of saying ("„…“, sagte
  Li", '"…," he said'), opening its sentence with three or more words, or following a verb of
  saying with four or more words;
* a **title** of a document, event or slogan, which is not a quote at all: a capitalised phrase
  right after a naming noun or verb ("des Aktionsplans „…“", "called "…"", "unter dem Motto
  „…“"), or a short phrase
  (up to six words) whose words are all capitalised apart from small words ("Made in China
  2025", "AI Action Plan", «Stargate»);
* otherwise a **fragment**: a short phrase quoted inside the reporter's own sentence
  („bürokratische Hürden“).

A quotation running over several sentences or paragraphs stays one quote; two quotations in a
row stay two quotes, even from the same speaker.

A statement's speaker is the speaker reference (see `people`) nearest to it in the sentences it
spans; failing that, the speaker of the statement just before it, if that one is at most two
sentences back in the same paragraph or the next ("„…“, sagte Li. „…“"). A fragment's speaker is
the first person named before it in its sentence, when the sentence has a verb of saying
("Kao ... rief zu einer „robusten Governance“ auf"); otherwise it has none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from generator.extract.lexicon import lexicon
from generator.extract.people import People, PersonRef
from generator.extract.quotemarks import Quotation
from generator.extract.sentences import Span

STATEMENT, FRAGMENT, TITLE = "statement", "fragment", "title"
_MAX_TITLE_WORDS = 6
_WORD = re.compile(r"[^\W_]+(?:[-‑'’][^\W_]+)*")
_PREV_WORD = re.compile(r"([^\W_]+(?:[-‑][^\W_]+)*)[^\w]*$")


@dataclass(frozen=True)
class FoundQuote:
    """A quotation judged a statement or fragment, with its speaker reference if known."""

    quotation: Quotation
    text: str
    fragment: bool
    sentence: int
    speaker: PersonRef | None


def _content(text: str, q: Quotation) -> str:
    """The quoted words, pieces from several paragraphs joined by a space."""
    joined = " ".join(text[a:b].strip() for a, b in q.pieces).strip()
    # English puts the comma before an attribution inside the marks: "...," he said.
    return joined[:-1].rstrip() if joined.endswith(",") else joined


def _is_naming_word(word: str) -> bool:
    """Whether `word` names what follows it: a noun like "Plan" or a verb like "called"."""
    lex = lexicon()
    folded = word.casefold()
    stems = [folded] + [folded[: -len(e)] for e in ("es", "s") if folded.endswith(e)]
    for stem in stems:
        if stem in lex.title_nouns:
            return True
        # German compounds: "KI-Aktionsplans" ends with the noun "plan".
        if word[:1].isupper() and any(len(n) >= 4 and stem.endswith(n) for n in lex.title_nouns):
            return True
    return False


def _title_case(words: Sequence[str]) -> bool:
    """Whether every word but small ones starts with a capital or a digit."""
    small = lexicon().title_small_words
    content = [w for w in words if w.casefold() not in small]
    return bool(content) and all(w[:1].isupper() or w[:1].isdigit() for w in content)


def classify(text: str, q: Quotation, span: Span) -> str:
    """STATEMENT, FRAGMENT or TITLE for a quotation inside sentence `span`."""
    content = _content(text, q)
    words = _WORD.findall(content)
    lex = lexicon()
    before = text[max(span.start, q.open - 80) : q.open]
    after = text[q.close + 1 : min(max(span.end, q.close + 1), q.close + 60)]
    prev_char = before.rstrip()[-1:]
    prev_word_m = _PREV_WORD.search(before)
    prev_word = prev_word_m.group(1) if prev_word_m and prev_char != ":" else ""
    raw = text[q.pieces[-1][0] : q.pieces[-1][1]].rstrip()
    last = raw.rstrip("\"'“”»«’‘ ")[-1:]
    after_words = _WORD.findall(after)[:3]
    speech_after = any(lex.is_speech_verb(w) for w in after_words[:3]) and (
        after.lstrip()[:1] in ",–—-" or last == ","
    )
    if prev_char == ":" or last in ".!?…" or speech_after:
        return STATEMENT
    # Names start with a capital in both languages; 'called the project "a historic chance"'
    # quotes a phrase, not a name.
    named = bool(words) and (words[0][:1].isupper() or words[0][:1].isdigit())
    if named and prev_word and _is_naming_word(prev_word):
        return TITLE
    if len(words) <= _MAX_TITLE_WORDS and _title_case(words):
        return TITLE
    at_start = not before.strip(" –—-(") or before.rstrip()[-1:] in ".!?"
    if at_start and len(words) >= 3 and q.open - span.start < 3:
        return STATEMENT
    if prev_word and lex.is_speech_verb(prev_word) and len(words) >= 4:
        return STATEMENT
    return FRAGMENT


def _speaker_near(people: People, q: Quotation, first: Span, last: Span) -> PersonRef | None:
    """The speaker reference nearest the quotation within the sentences it spans."""
    best: PersonRef | None = None
    best_gap = 1 << 30
    for ref in people.refs_in(first.start, last.end):
        if not ref.speaker or q.open <= ref.start <= q.close:
            continue
        gap = q.open - ref.end if ref.end <= q.open else ref.start - q.close
        if gap < best_gap:
            best, best_gap = ref, gap
    return best


def find_quotes(
    text: str,
    spans: Sequence[Span],
    quotations: Sequence[Quotation],
    people: People,
    locate: Callable[[int], int],
) -> list[FoundQuote]:
    """Statements and fragments, in text order (titles are dropped); `locate` maps an offset
    to its sentence index."""
    found: list[FoundQuote] = []
    previous: FoundQuote | None = None
    for q in quotations:
        content = _content(text, q)
        if not any(c.isalpha() for c in content):
            continue
        si = locate(q.open)
        sj = locate(q.close)
        kind = classify(text, q, spans[si])
        if kind == TITLE:
            continue
        if kind == STATEMENT:
            speaker = _speaker_near(people, q, spans[si], spans[sj])
            if speaker is None and previous is not None and not previous.fragment:
                close_by = si - previous.sentence <= 2
                same_para = spans[si].paragraph - spans[previous.sentence].paragraph <= 1
                if (
                    close_by
                    and same_para
                    and not any(s.heading for s in spans[previous.sentence : si])
                ):
                    speaker = previous.speaker
            quote = FoundQuote(q, content, False, si, speaker)
            previous = quote
        else:
            speaker = None
            if people.speech[si]:
                refs = [r for r in people.refs_in(spans[si].start, q.open) if r.kind != "role"]
                speaker = refs[0] if refs else None
            quote = FoundQuote(q, content, True, si, speaker)
        found.append(quote)
    return found
