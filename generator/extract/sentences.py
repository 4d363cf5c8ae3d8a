"""Split the analysed text into sentences and headings, with character offsets.

Paragraphs are the blocks between blank lines. A short block (or the first line of a block)
without final punctuation is a heading and stays a sentence of its own, so it never glues onto
the next sentence.

Inside a paragraph, sentence ends are found in two passes, because pysbd alone runs at a few
hundred KB/s. A fast pass takes the boundaries that need no judgement: "!" or "?", or a period
after an ordinary word, a number of three or more digits or a day after a month ("July 23."),
followed by space and an upper-case letter, digit or quotation mark; a period after a title
("Dr.", "ca.", "Nr.") or a day before a month ("26. Juli") never ends a sentence. Stretches
that still hold a doubtful period (after a short number, a single letter or another
abbreviation: "2. Weltkrieg", "U.S.", "Inc.") go to pysbd for the detected language,
and pysbd's result is then repaired where it is known to fail: no sentence may end without
final punctuation, after a title such as "Dr." or "Nr.", or before a lower-case word, and a
day number stays with its month ("1. Mai"). No sentence ends inside a quotation of a paragraph
(up to `MAX_PROTECTED_QUOTE` characters), so a quoted statement stays whole with its
attribution.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import pysbd  # type: ignore[import-untyped]

from generator.extract.lexicon import lexicon

MAX_PROTECTED_QUOTE = 600
# pysbd slows down more than linearly on long input; beyond this a stretch is split by rule.
MAX_PYSBD_CHARS = 3000
HEADING_MAX_WORDS = 15
HEADING_MAX_CHARS = 160

_BLOCK = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_CANDIDATE = re.compile(r"([.!?…]+)([\"'“”»«’‘)\]]*)(\s+)(?=(\S))")
_RUN = re.compile(r"[^\W_]+")  # letters and digits (_word_before reads them backwards)
# The look-behinds in these patterns only skip starts inside a word, where no match can begin
# (the word must end at the end of the slice): one try per word instead of one per letter.
_LETTERS = re.compile(r"[^\W\d_]+")
_MONTH_BEFORE = re.compile(r"(?<![^\W\d_])([^\W\d_]+)\.?\s+$")
_WORD_DOT = re.compile(r"(?<![^\W_])([^\W_]+)\.$")
_NUMBER_DOT = re.compile(r"(\d+)\.$")
_FINAL = re.compile(r"[.!?…:;][\"'“”»«’‘)\]]*$")
_OPENERS = set("\"'“„»«‚‘‹›([")
_NEVER_FINAL = frozenset({"Dr", "Prof", "Mr", "Mrs", "Ms", "Nr", "No", "St", "ca", "bzw", "vgl"})
_ABBREV_END = re.compile(r"\b(?:z|u|d|i|e|o|s)\.\s?(?:B|a|h|e|g|ä|o|u)\.$")


class Span(NamedTuple):
    """A sentence or heading: offsets into the text, and the paragraph it belongs to."""

    start: int
    end: int
    heading: bool
    paragraph: int


@lru_cache(maxsize=8)
def _segmenter(language: str) -> pysbd.Segmenter:
    """A pysbd segmenter for `language` (English where pysbd has no rules for it)."""
    try:
        return pysbd.Segmenter(language=language, clean=False, char_span=False)
    except ValueError:
        return pysbd.Segmenter(language="en", clean=False, char_span=False)


def _is_heading_line(line: str) -> bool:
    """A short line without final punctuation, such as a sub-heading."""
    stripped = line.strip()
    if not stripped or len(stripped) > HEADING_MAX_CHARS or _FINAL.search(stripped):
        return False
    return len(stripped.split()) <= HEADING_MAX_WORDS and stripped[-1] not in ",-–—"


def _inside(pos: int, protected: Sequence[tuple[int, int]], hint: int) -> tuple[bool, int]:
    """Whether `pos` lies inside one of the sorted (open, close) ranges; returns a scan hint."""
    while hint < len(protected) and protected[hint][1] < pos:
        hint += 1
    inside = hint < len(protected) and protected[hint][0] < pos <= protected[hint][1]
    return inside, hint


def _classify(text: str, m: re.Match[str], start: int) -> str:
    """'yes', 'no' or 'maybe': is this punctuation run followed by space a sentence end?"""
    nxt = m.group(4)
    if nxt.islower():
        return "no"
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return "maybe"
    punct = m.group(1)
    if "." not in punct and "…" not in punct:
        return "yes"
    if punct != ".":
        return "maybe"
    before = _word_before(text, max(start, m.start() - 40), m.start())
    if before is None:
        return "yes"
    word_start, word_end = before
    word = text[word_start:word_end]
    if word in _NEVER_FINAL or word in lexicon().titles:
        return "no"  # "Dr. Kao", "ca. 600": these never end a sentence
    if word.isdigit():
        if _month_follows(text, m.end()):
            return "no"  # "26. Juli"
        # German ordinals have one or two digits ("2. Weltkrieg"); "im Jahr 2025." and
        # "on July 23." end a sentence.
        if len(word) >= 3 or _month_before(text, word_start):
            return "yes"
        return "maybe"
    if len(word) == 1 or word in lexicon().abbreviations:
        return "maybe"
    if word_start > start and text[word_start - 1] == ".":
        return "maybe"
    return "yes"


def _word_before(text: str, lo: int, end: int) -> tuple[int, int] | None:
    r"""Start and end of the word that `(?<![^\W_])([^\W_]+)(\.?)$` finds in text[lo:end]: a run
    of letters and digits, maybe with a period, at the end (or, as `$` allows, before a final
    newline). Read backwards: a search for it would try every start from `lo`."""
    if end > lo and text[end - 1] == "\n":
        end -= 1
    if end > lo and text[end - 1] == ".":
        end -= 1
    run = _RUN.match(text[lo:end][::-1])
    return (end - run.end(), end) if run else None


def _month_follows(text: str, pos: int) -> bool:
    """Whether a month name starts at `pos`."""
    word = _LETTERS.match(text[pos : pos + 12])
    return word is not None and word.group() in lexicon().months


def _month_before(text: str, pos: int) -> bool:
    """Whether a month name (maybe abbreviated, "Jan.") ends just before `pos`."""
    word = _MONTH_BEFORE.search(text[max(0, pos - 14) : pos])
    return word is not None and word.group(1) in lexicon().months


def _glue(text: str, left: tuple[int, int], right: tuple[int, int]) -> bool:
    """Whether two pysbd pieces are really one sentence (pysbd's known mistakes)."""
    piece = text[left[0] : left[1]]
    if not _FINAL.search(piece):
        return True
    if text[right[0] : right[0] + 1].islower():
        return True
    word = _WORD_DOT.search(piece)
    if word and (word.group(1) in _NEVER_FINAL or _ABBREV_END.search(piece)):
        return True
    return bool(word and word.group(1).isdigit() and _month_follows(text, right[0]))


def _pysbd_pieces(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] by pysbd, mapped back to offsets and repaired."""
    chunk = text[start:end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _segmenter(language).segment(chunk):
        stripped = piece.strip()
        if not stripped:
            continue
        at = chunk.find(stripped, cursor)
        if at < 0:  # pysbd changed the text: keep the stretch whole rather than guess
            return [(start, end)]
        spans.append((start + at, start + at + len(stripped)))
        cursor = at + len(stripped)
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and _glue(text, merged[-1], span):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged or [(start, end)]


def _rule_pieces(
    text: str, start: int, end: int, cuts: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Split a long doubtful stretch by rule: only after a number not followed by a month."""
    spans, begin = [], start
    for punct_end, next_start in cuts:
        word = _NUMBER_DOT.search(text[max(begin, punct_end - 12) : punct_end])
        if word and not _month_follows(text, next_start):
            spans.append((begin, punct_end))
            begin = next_start
    spans.append((begin, end))
    return spans


def _split_paragraph(
    text: str, start: int, end: int, language: str, protected: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph (no headings inside)."""
    spans: list[tuple[int, int]] = []
    begin = start
    doubtful: list[tuple[int, int]] = []
    hint = 0
    for m in _CANDIDATE.finditer(text, start, end):
        inside, hint = _inside(m.end(2), protected, hint)
        if inside:
            continue
        verdict = _classify(text, m, start)
        if verdict == "no":
            continue
        if verdict == "maybe":
            doubtful.append((m.end(2), m.end()))
            continue
        spans.extend(_resolve(text, begin, m.end(2), doubtful, language, protected))
        begin, doubtful = m.end(), []
    spans.extend(_resolve(text, begin, end, doubtful, language, protected))
    return spans


def _resolve(
    text: str,
    start: int,
    end: int,
    doubtful: list[tuple[int, int]],
    language: str,
    protected: Sequence[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Spans of a stretch that the fast pass could not settle alone."""
    if start >= end:
        return []
    if not doubtful:
        return [(start, end)]
    if end - start > MAX_PYSBD_CHARS:
        return _rule_pieces(text, start, end, doubtful)
    pieces = _pysbd_pieces(text, start, end, language)
    # pysbd does not know our quotation ranges: mend cuts that fall inside one.
    merged: list[tuple[int, int]] = []
    hint = 0
    for piece in pieces:
        inside, hint = _inside(piece[0], protected, hint)
        if merged and inside:
            merged[-1] = (merged[-1][0], piece[1])
        else:
            merged.append(piece)
    return merged


def split_sentences(
    text: str, language: str, quotations: Sequence[tuple[int, int]] = ()
) -> list[Span]:
    """Sentences and headings of `text`, in order; `quotations` are (open, close) mark offsets."""
    protected = sorted((a, b) for a, b in quotations if b - a <= MAX_PROTECTED_QUOTE)
    out: list[Span] = []
    for para_no, block in enumerate(_BLOCK.finditer(text)):
        start, end = block.start(), block.end()
        first_line_end = text.find("\n", start, end)
        if first_line_end < 0 and _is_heading_line(block.group()):
            out.append(Span(start, end, True, para_no))
            continue
        if first_line_end > 0 and _is_heading_line(text[start:first_line_end]):
            nxt = text[first_line_end + 1 : first_line_end + 2]
            if nxt.isupper() or nxt in _OPENERS or nxt.isdigit():
                out.append(Span(start, first_line_end, True, para_no))
                start = first_line_end + 1
        lo, hi = bisect_left(protected, (start, -1)), bisect_left(protected, (end, -1))
        sub = protected[lo:hi]
        for a, b in _split_paragraph(text, start, end, language, sub):
            a, b = _trim(text, a, b)
            if a < b:
                out.append(Span(a, b, False, para_no))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
