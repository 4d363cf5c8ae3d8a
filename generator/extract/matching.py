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

One compiled character-trie regex finds the words that begin like some phrase; only those are
checked, by dictionary lookups, so matching is linear in the text length and fast in C.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Generic, Literal, NamedTuple, TypeVar

P = TypeVar("P")

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


@dataclass(frozen=True)
class PhraseMatch(Generic[P]):
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


_E_ENDINGS = frozenset({"", "n", "r", "s", "m"})
_ADJ_ENDINGS = frozenset({"", "e", "en", "er", "es", "em", "s"})
_S_ENDING = frozenset({"", "s"})
_NO_ENDING = frozenset({""})


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
        # One regex finds the tokens that begin like some phrase; only those are checked.
        starts = set(self._prefix)
        for key in self._exact:
            starts.add(key)
            if key[:1].islower():  # "chinesische" also starts a sentence as "Chinesische"
                starts.add(key[:1].upper() + key[1:])
        flags = re.IGNORECASE if mode == "prefix" else 0
        self._scan = re.compile(r"(?<![^\W_])" + trie_regex(starts), flags) if starts else None

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

    def find(self, text: str) -> list[PhraseMatch[P]]:
        """Non-overlapping longest matches in text order."""
        out: list[PhraseMatch[P]] = []
        if self._scan is None:
            return out
        done = 0
        for hit in self._scan.finditer(text):
            if hit.start() < done:
                continue
            first = TOKEN_RE.match(text, hit.start())
            if first is None:
                continue
            candidates = self._candidates(first.group())
            if not candidates:
                continue
            longest = max(len(e.words) for e in candidates)
            tokens = [Token(first.start(), first.end(), first.group())]
            if longest > 1:
                tokens += self._tokens_at(text, first.end(), longest - 1)
            best_len = 0
            payloads: list[P] = []
            for entry in candidates:
                size = len(entry.words)
                if size < best_len or size > len(tokens):
                    continue
                if not self._matches_at(entry, text, tokens, 0):
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

    def _matches_at(self, entry: _Entry[P], text: str, tokens: Sequence[Token], i: int) -> bool:
        """Whether the whole entry matches the tokens starting at index i."""
        for k in range(len(entry.words)):
            tok = tokens[i + k]
            if not self._word_matches(entry, k, tok.text):
                return False
            if k:
                gap = text[tokens[i + k - 1].end : tok.start]
                sep = entry.seps[k - 1]
                if gap.strip() != sep or (not sep and not gap) or len(gap) > 3 or "\n\n" in gap:
                    return False
        return True
