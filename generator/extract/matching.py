"""Word-level phrase matching shared by mentions, actors and dimension cues.

Text is split into tokens (runs of letters and digits); a phrase matches a run of tokens whose
separators agree (a space in the phrase matches any whitespace, other characters match
themselves), so "Trump-Administration" and "U.S." are phrases like "Vereinigte Staaten".

Two ways to compare a phrase token with a text token:

* ``inflect`` (actor names): capitalised words and acronyms match case-sensitively, plus an
  all-caps spelling of longer names ("CHINA"); words written in lower case ("chinesische") also
  match with a capital first letter. Simple German and English endings are allowed: a genitive or
  plural -s ("Chinas", "Americans"), -n/-r/-s/-m after a final -e ("chinesischen",
  "Vereinigten"), and adjective endings after a lower-case stem ("amerikanisch" + "en").
* ``prefix`` (dimension cues): case-insensitive, and a cue token of four or more letters matches
  any token that starts with it, because German writes compounds as one word ("Export" matches
  "Exportkontrollen" and "exports"). Shorter cues and acronyms must match a whole token, and
  acronyms case-sensitively, so "KI" does not match "Kinder" and "US" does not match "us".

The text is split into words once (see `Words`); a table remembers for each word whether it
may begin a phrase, and only those words are checked, by dictionary lookups, so matching is
linear in the text length and mostly done in C.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, pairwise
from typing import Any, Generic, Literal, NamedTuple, TypeVar

P = TypeVar("P")
V = TypeVar("V")

TOKEN_RE = re.compile(r"[^\W_]+")


class Token(NamedTuple):
    """A run of letters/digits and its offsets in the text."""

    start: int
    end: int
    text: str


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of text[start:end] with offsets into `text`."""
    return [
        Token(m.start(), m.end(), m.group())
        for m in TOKEN_RE.finditer(text, start, len(text) if end is None else end)
    ]


class Words:
    """The tokens of one text, found once for every scan that looks its words up.

    A regex of a scan's words, run over the whole text, pays for every position of the text;
    a scan here selects tokens from this list instead, by a test per distinct word: the same
    words come back in every text, so a `WordTable` remembers the answers.
    """

    __slots__ = ("_found", "_picked", "_picked_tokens", "_starts", "_tokens")

    def __init__(self, text: str, wanted: Callable[[str], object] | None = None):
        """Tokenize `text` (runs of letters and digits, as TOKEN_RE finds them).

        `wanted`, if given, passes every token that any later `where` test passes (and few
        others): those tests then only look at these tokens, found in one pass.
        """
        self._found = list(TOKEN_RE.finditer(text))
        self._tokens = list(map(re.Match.group, self._found))
        self._starts: list[int] | None = None
        self._picked, self._picked_tokens = self._found, self._tokens
        if wanted is not None:
            self._picked = list(compress(self._found, map(wanted, self._tokens)))
            self._picked_tokens = list(map(re.Match.group, self._picked))

    def where(self, test: Callable[[str], object]) -> list[re.Match[str]]:
        """The tokens, in text order, whose text passes `test` (a table lookup, a set test)."""
        return list(compress(self._picked, map(test, self._picked_tokens)))

    def within(self, start: int, end: int) -> list[str] | None:
        """The tokens that start in [start, end); None if the last one runs on past `end`
        (`TOKEN_RE.findall(text, start, end)` would cut it short there)."""
        if self._starts is None:
            self._starts = list(map(re.Match.start, self._found))
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        if hi > lo and self._found[hi - 1].end() > end:
            return None
        return self._tokens[lo:hi]


class WordTable(dict[str, V]):
    """`test(word)` for any word, remembered; pass `table.__getitem__` to `Words.where`."""

    def __init__(self, test: Callable[[str], V]):
        """A table of `test`'s answers, filled as words are looked up."""
        super().__init__()
        self._test = test

    def __missing__(self, word: str) -> V:
        """Answer for a word not looked up before (the table starts afresh when full)."""
        if len(self) >= _MEMO_SIZE:
            self.clear()
        value = self[word] = self._test(word)
        return value


class BeginsWithAny:
    """Whether one of some words begins a token (where a regex of the words, at its start,
    would match)."""

    def __init__(self, words: Iterable[str]):
        """The test for these words."""
        self.words = frozenset(words)
        self._longest = max(map(len, self.words), default=0)

    def __call__(self, token: str) -> bool:
        """Whether one of the words begins `token` (tried up to the longest word: a token may
        be very long)."""
        return any(token[:i] in self.words for i in range(1, min(len(token), self._longest) + 1))


class PhraseMatch(NamedTuple, Generic[P]):
    """Where a phrase occurs, and the payloads of every phrase that matched there."""

    start: int
    end: int
    payloads: tuple[P, ...]


@dataclass(frozen=True)
class _Entry(Generic[P]):
    words: tuple[str, ...]
    seps: tuple[str, ...]
    suffixes: tuple[frozenset[str], ...]
    payload: P


class _Starts(NamedTuple, Generic[P]):
    """What a token can start, as PhraseIndex._starting_with remembers it."""

    entries: tuple[_Entry[P], ...]  # the entries whose first word matches the token
    longest: int  # the most words of any candidate entry, matching or not
    payloads: tuple[P, ...]  # the match's payloads, when every candidate has one word


_E_ENDINGS = frozenset({"", "n", "r", "s", "m"})
_ADJ_ENDINGS = frozenset({"", "e", "en", "er", "es", "em", "s"})
_S_ENDING = frozenset({"", "s"})
_NO_ENDING = frozenset({""})
# Words remembered per table (see WordTable, PhraseIndex._starting_with) before starting afresh.
_MEMO_SIZE = 1 << 16


def _inflections(word: str) -> frozenset[str]:
    """Endings a text token may add to `word` and still name the same thing."""
    if word.isupper() or any(c.isdigit() for c in word):
        return _S_ENDING
    if word.endswith("e"):
        return _E_ENDINGS
    if word[0].islower():
        return _ADJ_ENDINGS
    if word[-1] in "sxzß":
        return _NO_ENDING
    return _S_ENDING


def _lower_first(word: str) -> str:
    """`word` with its first letter in lower case."""
    return word[:1].lower() + word[1:]


def trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of `words`, as a character trie (fast with many words)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(trie)


def _split_phrase(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Tokens of a phrase and the separators between them ("" stands for whitespace)."""
    toks = tokenize(phrase)
    words = tuple(t.text for t in toks)
    seps = tuple(phrase[a.end : b.start].strip() for a, b in pairwise(toks))
    return words, seps


class PhraseIndex(Generic[P]):
    """Finds many phrases at once in a text."""

    def __init__(self, entries: Iterable[tuple[str, P]], mode: Literal["inflect", "prefix"]):
        """Index (phrase, payload) pairs for the given comparison mode."""
        self.mode = mode
        self._exact: dict[str, list[_Entry[P]]] = {}
        self._prefix: dict[str, list[_Entry[P]]] = {}
        for phrase, payload in entries:
            words, seps = _split_phrase(phrase)
            if not words:
                continue
            if mode == "inflect":
                suffixes = tuple(_inflections(w) for w in words)
                entry = _Entry(words, seps, suffixes, payload)
                self._exact.setdefault(words[0], []).append(entry)
                if len(words[0]) >= 4 and not words[0].isupper() and words[0][0].isupper():
                    upper = tuple(w.upper() for w in words)
                    self._exact.setdefault(upper[0], []).append(
                        _Entry(upper, seps, suffixes, payload)
                    )
            else:
                keys = tuple(w if w.isupper() else w.lower() for w in words)
                entry = _Entry(keys, seps, (), payload)
                first = keys[0]
                table = self._prefix if self._is_prefix(first) else self._exact
                table.setdefault(first, []).append(entry)
        self._prefix_lengths = tuple(sorted({len(k) for k in self._prefix}))
        # The words that begin like some phrase (the scan words); only those are checked.
        starts = set(self._prefix)
        for key in self._exact:
            starts.add(key)
            if key[:1].islower():  # "chinesische" also starts a sentence as "Chinesische"
                starts.add(key[:1].upper() + key[1:])
        self.scan_words = BeginsWithAny(starts if mode == "inflect" else ())
        self.table: WordTable[bool]  # for each word: may it begin a phrase?
        if mode == "prefix":
            # Case-insensitive, as re's IGNORECASE compares letters (not as str.lower does).
            scan = re.compile(trie_regex(starts), re.IGNORECASE) if starts else None
            self.table = WordTable(lambda word: scan is not None and bool(scan.match(word)))
        else:
            self.table = WordTable(self.scan_words)
        self._memo: dict[str, _Starts[P]] = {}

    @staticmethod
    def _is_prefix(key: str) -> bool:
        """Whether a cue token matches as a word start (long, not an acronym)."""
        return len(key) >= 4 and not key.isupper()

    def _word_matches(self, entry: _Entry[P], i: int, token: str) -> bool:
        """Whether text `token` matches the entry's i-th word."""
        word = entry.words[i]
        if self.mode == "inflect":
            for form in (token, _lower_first(token)):
                if form.startswith(word) and form[len(word) :] in entry.suffixes[i]:
                    return True
            return False
        if word.isupper():
            return token == word
        folded = token.lower()
        return folded.startswith(word) if self._is_prefix(word) else folded == word

    def _candidates(self, token: str) -> list[_Entry[P]]:
        """Entries whose first word might match `token` (checked exactly afterwards)."""
        found: list[_Entry[P]] = []
        if self.mode == "inflect":
            seen: set[str] = set()
            for form in (token, _lower_first(token)):
                for cut in (0, 1, 2):
                    key = form[: len(form) - cut] if cut else form
                    if key and key not in seen:
                        seen.add(key)
                        found.extend(self._exact.get(key, ()))
            return found
        found.extend(self._exact.get(token, ()))
        folded = token.lower()
        if folded != token:
            found.extend(self._exact.get(folded, ()))
        for length in self._prefix_lengths:
            if length > len(folded):
                break
            found.extend(self._prefix.get(folded[:length], ()))
        return found

    def _starting_with(self, token: str) -> _Starts[P]:
        """The entries whose first word matches `token`, and what else find needs about them.

        Remembered per token: the same words come back in every article, and checking the
        candidates' endings again each time was most of the cost of a hit.
        """
        known = self._memo.get(token)
        if known is None:
            candidates = self._candidates(token)
            matching = tuple(e for e in candidates if self._word_matches(e, 0, token))
            if matching and self.mode == "inflect" and not self.table[token]:
                # Not a scan word, although a form of it matches ("\u212aelvinische" for
                # "kelvinische"): the scan never found such words, so they never matched.
                matching = ()
            payloads: list[P] = []
            for entry in matching:
                if entry.payload not in payloads:
                    payloads.append(entry.payload)
            longest = max((len(e.words) for e in candidates), default=0)
            known = _Starts(matching, longest, tuple(payloads))
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[token] = known
        return known

    def hits(self, words: Words) -> list[re.Match[str]]:
        """The words that begin like some phrase (checked exactly by find)."""
        return words.where(self.table.__getitem__)

    def find(self, text: str, hits: Sequence[re.Match[str]] | None = None) -> list[PhraseMatch[P]]:
        """Non-overlapping longest matches in text order.

        `hits` are the words of `text` to check: this index's `hits`, or a SharedScan's of this
        ("inflect") index and others; by default the index finds them itself.
        """
        out: list[PhraseMatch[P]] = []
        done = 0
        for first in self.hits(Words(text)) if hits is None else hits:
            start = first.start()
            if start < done:
                continue
            starts = self._starting_with(first.group())
            if not starts.entries:
                continue
            if starts.longest == 1:
                # Only one-word phrases begin here (the usual case): the word decides alone.
                done = first.end()
                out.append(PhraseMatch(start, done, starts.payloads))
                continue
            tokens = [Token(first.start(), first.end(), first.group())]
            # As many tokens as the longest candidate, matching or not: the window of
            # _tokens_at depends on the count.
            tokens += self._tokens_at(text, first.end(), starts.longest - 1)
            best_len = 0
            payloads: list[P] = []
            for entry in starts.entries:
                size = len(entry.words)
                if size < best_len or size > len(tokens):
                    continue
                if size > 1 and not self._rest_matches(entry, text, tokens):
                    continue
                if size > best_len:
                    best_len, payloads = size, []
                if entry.payload not in payloads:
                    payloads.append(entry.payload)
            if best_len:
                done = tokens[best_len - 1].end
                out.append(PhraseMatch(tokens[0].start, done, tuple(payloads)))
        return out

    @staticmethod
    def _tokens_at(text: str, pos: int, count: int) -> list[Token]:
        """Up to `count` tokens from pos (within a short window: phrases are short)."""
        tokens: list[Token] = []
        for m in TOKEN_RE.finditer(text, pos, min(len(text), pos + 60 * count)):
            tokens.append(Token(m.start(), m.end(), m.group()))
            if len(tokens) >= count:
                break
        return tokens

    def _rest_matches(self, entry: _Entry[P], text: str, tokens: Sequence[Token]) -> bool:
        """Whether the entry's words after the first (which matched) match the next tokens."""
        for k in range(1, len(entry.words)):
            tok = tokens[k]
            if not self._word_matches(entry, k, tok.text):
                return False
            gap = text[tokens[k - 1].end : tok.start]
            sep = entry.seps[k - 1]
            if gap.strip() != sep or (not sep and not gap) or len(gap) > 3 or "\n\n" in gap:
                return False
        return True


class SharedScan:
    """One look-up of a text's words for those that may begin a phrase of several indexes.

    The hits are a superset of each index's own: an index checks every word against its own
    scan words (see PhraseIndex._starting_with), so its matches are the same, for one look-up
    instead of one per index. Only for "inflect" indexes, which keep their scan words.
    """

    def __init__(self, indexes: Iterable[PhraseIndex[Any]]):
        """The scan for these indexes."""
        scan_words: set[str] = set()
        for index in indexes:
            if index.mode != "inflect":
                raise ValueError("SharedScan checks only 'inflect' indexes")
            scan_words |= index.scan_words.words
        self.table = WordTable(BeginsWithAny(scan_words))  # may a word begin a phrase?

    def hits(self, words: Words) -> list[re.Match[str]]:
        """The words that begin like a phrase of one of the indexes."""
        return words.where(self.table.__getitem__)
