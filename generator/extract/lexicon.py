"""The shipped language data (lexicon.yaml) and actor gazetteer (actors.yaml), loaded once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from generator.extract.matching import Words, WordTable, trie_regex

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Lexicon:
    """Word lists for German and English that the extractors share."""

    speech_verbs: frozenset[str]
    weak_speech_verbs: frozenset[str]
    roles: frozenset[str]
    compound_roles: tuple[str, ...]
    role_endings: tuple[str, ...]
    titles: frozenset[str]
    pronouns: frozenset[str]
    name_stopwords: frozenset[str]
    months: dict[str, int]
    weekdays: frozenset[str]
    abbreviations: frozenset[str]
    title_nouns: tuple[str, ...]
    title_small_words: frozenset[str]
    numbers: dict[str, int]
    scales: dict[str, int]
    currencies: dict[str, str]
    qualifiers: dict[str, str]
    units: dict[str, str]
    unit_adjectives: dict[str, str]
    non_units: frozenset[str]
    year_cues: frozenset[str]

    def is_role(self, word: str) -> bool:
        """True if `word` is a role noun, also as the head of a German compound or inflected."""
        return _is_role(word)

    def _role_check(self, word: str) -> bool:
        """Uncached body of `is_role`."""
        folded = word.casefold()
        candidates = [folded] + [folded[: -len(e)] for e in self.role_endings if folded.endswith(e)]
        for cand in candidates:
            if cand in self.roles:
                return True
            # Compound heads only for long roles: "Handelsminister" yes, "ahead" is no "head".
            if len(cand) > 7 and cand.endswith(self.compound_roles):
                return True
        return False

    @property
    def speech_re(self) -> re.Pattern[str]:
        """A regex for strong verbs of saying (and "called for") as whole words."""
        return _speech_re()

    def speech_starts(self, text: str, words: Words | None = None) -> list[int]:
        """Where `speech_re` finds a match in `text`, from the text's `words` (if known).

        A match is a whole word (the regex's verbs are words), or "called" before " for" or
        " on": a table of the words (as the regex compares them) tells which words to try.
        """
        table = _speech_table()
        found: list[int] = []
        end = 0
        for m in (words or Words(text)).where(table.__getitem__):
            if m.start() < end:
                continue  # inside the last match (its "for" or "on"), where finditer skips
            if table[m.group()] == _VERB:
                end = m.end()
            else:
                after = _CALLED_FOR.match(text, m.end())
                if after is None:
                    continue
                end = after.end()
            found.append(m.start())
        return found

    def scans_for(self, word: str) -> bool:
        """Whether speech_starts or trigger_starts looks at `word` (for `Words`)."""
        return bool(_speech_table()[word] or _trigger_table()[word])

    @property
    def trigger_re(self) -> re.Pattern[str]:
        """A regex that finds role words (anywhere in a word), titles and weak speech verbs."""
        return _trigger_re()

    def trigger_starts(self, text: str, words: Words | None = None) -> list[int]:
        """Where `trigger_re` finds a match in `text`, from the text's `words` (if known).

        Every match starts inside a word, at a place the trigger table lists for it; trying
        those places in order, after the end of the last match, is what finditer does.
        """
        table = _trigger_table()
        trigger = _trigger_re()
        found: list[int] = []
        end = 0
        for m in (words or Words(text)).where(table.__getitem__):
            for offset in table[m.group()]:
                pos = m.start() + offset
                if pos >= end and (hit := trigger.match(text, pos)) is not None:
                    found.append(pos)
                    end = hit.end()
        return found

    def is_speech_verb(self, word: str) -> bool:
        """True if `word` is a verb of saying."""
        return word.casefold() in self.speech_verbs


def _load(name: str) -> Any:
    """Parse one shipped YAML data file."""
    with (DATA_DIR / name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _fold(words: list[str]) -> frozenset[str]:
    """Case-folded set of words."""
    return frozenset(str(w).casefold() for w in words)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The language data, parsed on first use."""
    d = _load("lexicon.yaml")
    roles = _fold(d["roles"])
    return Lexicon(
        speech_verbs=_fold(d["speech_verbs"]),
        weak_speech_verbs=_fold(d["weak_speech_verbs"]),
        roles=roles,
        compound_roles=tuple(sorted(r for r in roles if len(r) >= 5)),
        role_endings=tuple(d["role_endings"]),
        titles=frozenset(d["titles"]),
        pronouns=_fold(d["pronouns"]),
        name_stopwords=frozenset(d["name_stopwords"]),
        months={str(k): int(v) for k, v in d["months"].items()},
        weekdays=frozenset(d["weekdays"]),
        abbreviations=frozenset(str(a) for a in d["abbreviations"]),
        title_nouns=tuple(sorted(_fold(d["title_nouns"]))),
        title_small_words=_fold(d["title_small_words"]),
        numbers={str(k).casefold(): int(v) for k, v in d["numbers"].items()},
        scales={str(k): int(v) for k, v in d["scales"].items()},
        currencies={str(k): str(v) for k, v in d["currencies"].items()},
        qualifiers={str(k).casefold(): str(v) for k, v in d["qualifiers"].items()},
        units={str(k).casefold(): str(v) for k, v in d["units"].items()},
        unit_adjectives={str(k).casefold(): str(v) for k, v in d["unit_adjectives"].items()},
        non_units=_fold(d["non_units"]),
        year_cues=_fold(d["year_cues"]),
    )


def _speech_source(verbs: Iterable[str]) -> str:
    """The source of `Lexicon.speech_re` for these verbs (to be compiled with IGNORECASE)."""
    return rf"(?<![^\W_])(?:{trie_regex(verbs)}|called (?:for|on))(?![^\W_])"


def _strong_verbs() -> list[str]:
    """The verbs of saying that are not weak, sorted."""
    lex = lexicon()
    return sorted(lex.speech_verbs - lex.weak_speech_verbs)


@lru_cache(maxsize=1)
def _speech_re() -> re.Pattern[str]:
    """Compiled `Lexicon.speech_re`."""
    return re.compile(_speech_source(_strong_verbs()), re.IGNORECASE)


_VERB, _CALLED = 1, 2
_CALLED_FOR = re.compile(r" (?:for|on)(?![^\W_])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _speech_table() -> WordTable[int]:
    """For each word: _VERB if it is a strong verb of saying, _CALLED if it is "called", else 0
    (compared as `speech_re` does, with IGNORECASE: every letter by itself)."""
    verb = re.compile(trie_regex(_strong_verbs()), re.IGNORECASE)
    called = re.compile("called", re.IGNORECASE)
    return WordTable(
        lambda word: _VERB if verb.fullmatch(word) else _CALLED if called.fullmatch(word) else 0
    )


@lru_cache(maxsize=1)
def _trigger_re() -> re.Pattern[str]:
    """Compiled `Lexicon.trigger_re`: role stems unanchored (German compounds), titles, "so".

    Built as one alternative per first letter, each trying the roles and then the titles and
    weak verbs with that letter: at any position re tries them in the same order as it would
    "roles|titles|weak", but a pattern that starts with literal letters lets re skip the
    positions where none can start, which makes the scan about twice as fast.
    """
    lex = lexicon()
    # Case-sensitive with both first-letter cases: far faster than (?i) for an unanchored trie.
    roles = set(lex.roles) | {r[:1].upper() + r[1:] for r in lex.roles}
    weak = lex.weak_speech_verbs | {w.capitalize() for w in lex.weak_speech_verbs}
    # A weak verb only matters before a name, a pronoun or an article: "so Li", "so der Minister".
    after_weak = r"(?:to\s+)?(?:[^\W\d_a-zäöüß]|er\b|sie\b|der\b|die\b|the\b)"

    def rest(words: Iterable[str], first: str) -> str:
        """A trie of the words that start with `first`, without that letter."""
        return trie_regex(w[1:] for w in words if w[:1] == first)

    alternatives = []
    for first in sorted({w[0] for w in roles | lex.titles | weak if w}):
        parts = [rest(roles, first)] if any(r[:1] == first for r in roles) else []
        starts_word = []
        if any(t[:1] == first for t in lex.titles):
            starts_word.append(rf"(?:{rest(lex.titles, first)})(?![^\W_])")
        if any(w[:1] == first for w in weak):
            starts_word.append(rf"(?:{rest(weak, first)})\s+{after_weak}")
        if starts_word:
            # Titles and weak verbs start a word: nothing alphanumeric before the first letter.
            parts.append(r"(?<![^\W_].)(?:" + "|".join(starts_word) + ")")
        alternatives.append(re.escape(first) + "(?:" + "|".join(parts) + ")")
    return re.compile("|".join(alternatives))


@lru_cache(maxsize=1)
def _trigger_table() -> WordTable[tuple[int, ...]]:
    """For each word: the offsets in it where a `trigger_re` match may start.

    A superset: where a role's letters up to its first hyphen start (roles match anywhere,
    "secretary-general" runs on into the next word), and the word's start when it is a title
    or a weak verb (whose matches also need what follows the word; trigger_starts checks).
    """
    lex = lexicon()
    words = set(lex.roles) | {r[:1].upper() + r[1:] for r in lex.roles}
    heads = {re.split(r"[^\w]|_", w, maxsplit=1)[0] for w in words}
    anywhere = re.compile("(?=" + trie_regex(h for h in heads if h) + ")")
    whole = lex.titles | lex.weak_speech_verbs | {w.capitalize() for w in lex.weak_speech_verbs}

    def offsets(word: str) -> tuple[int, ...]:
        found = {m.start() for m in anywhere.finditer(word)}
        if word in whole:
            found.add(0)
        return tuple(sorted(found))

    return WordTable(offsets)


@lru_cache(maxsize=65536)
def _is_role(word: str) -> bool:
    """Cached role-word test (the same words recur throughout an article)."""
    return lexicon()._role_check(word)


@lru_cache(maxsize=1)
def actor_forms() -> tuple[tuple[str, str], ...]:
    """(form, actor name) pairs from the gazetteer, in file order."""
    return tuple(
        (str(form), str(entry["name"])) for entry in _load("actors.yaml") for form in entry["forms"]
    )
