"""Find the people an article names, resolve later references to them, and spot speakers.

Only text outside quotation marks is read. A person is introduced by

* a role word before the name: "Der chinesische Premier Li Qiang", "US-Präsident Donald Trump",
  "Commerce Secretary Howard Lutnick" (the role keeps capitalised modifiers that are not actors);
* a title: "Dr. Kao Kim Hourn" (titles are dropped from the name);
* an appositive role after a name of two or more words: "Kao Kim Hourn, Generalsekretär der
  ASEAN, ..." or "Antonio Guterres, the UN secretary-general, ...";
* a verb of saying next to an unknown name: "sagte Altman", "Altman said".

Names are runs of up to four capitalised words that are not function words, months, weekdays,
role words, acronyms or gazetteer actors. A later single word that is the first or last word
of a known name ("Li" -> "Li Qiang", "Trump" -> "Donald Trump"), also with a genitive -s
("Lies"), refers to that person. A pronoun next to a verb of saying ("sagte er", "he said")
refers to the person named last; "the minister said" to the last person whose role has that
word. A reference is a *speaker* when a verb of saying stands right before or after it (or
after its appositive), or when a colon follows it.

A person is linked to a policy when a policy match word lies in the name, in the role phrase,
or in the three words before the role ("Der chinesische Premier ...").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

from generator.extract.lexicon import Lexicon, lexicon
from generator.extract.matching import PhraseMatch, Words, WordTable
from generator.extract.mentions import Mention
from generator.extract.quotemarks import Quotation
from generator.extract.sentences import Span

_ITEM = re.compile(r"[^\W_]+(?:[-‑'’][^\W_]+)*|[,:;()–—.]")
_DIGIT = re.compile(r"\d")
_RUN = re.compile(r"[^\W_]+")
_PARTICLES = frozenset(
    {"von", "van", "de", "da", "del", "bin", "ibn", "al", "le", "la", "di", "du"}
)
_NOUN_ENDINGS = ("ung", "heit", "keit", "schaft", "tion", "ismus", "ität", "nis", "tum", "ungen")
_ARTICLES = frozenset({"der", "die", "das", "the", "des", "dem", "den"})
# Adverbs that may stand between a speaker and the verb: "Kao ... also called for".
_ADVERBS = frozenset(
    {"also", "later", "then", "again", "further", "ebenfalls", "auch", "außerdem", "zudem", "dann"}
)
_MAX_NAME_WORDS = 4
_MAX_APPOSITIVE_WORDS = 9


def _possessive_stems(word: str) -> list[str]:
    """The word and what it may be the genitive of: "Lis", "Lies", "Li's" -> "Li"."""
    forms = [word]
    for ending in ("'s", "’s", "'", "’", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            forms.append(word[: -len(ending)])
    return forms


@dataclass(frozen=True)
class Person:
    """A person named in the article."""

    name: str
    role: str | None
    policy: str | None


class PersonRef(NamedTuple):
    """One place where a person is named or referred to."""

    start: int
    end: int
    person: int
    sentence: int
    kind: str  # "name", "pronoun" or "role"
    speaker: bool


@dataclass
class People:
    """Everyone found, every reference in text order, and per-sentence facts for attribution."""

    persons: list[Person] = field(default_factory=list)
    refs: list[PersonRef] = field(default_factory=list)
    speech: list[bool] = field(default_factory=list)  # sentence has a (strong) speech verb
    pronoun_speaker: list[bool] = field(default_factory=list)

    _starts: list[int] = field(default_factory=list)

    def refs_in(self, start: int, end: int) -> list[PersonRef]:
        """References that start inside [start, end)."""
        if len(self._starts) != len(self.refs):
            self._starts = [r.start for r in self.refs]
        return self.refs[bisect_left(self._starts, start) : bisect_left(self._starts, end)]


class _Items(NamedTuple):
    """The words and punctuation of a sentence's text outside quotes: where each is (its
    match) and what it says (its text, looked up again and again)."""

    at: list[re.Match[str]]
    text: list[str]


def _items(text: str, ranges: Sequence[tuple[int, int]]) -> _Items:
    """The items of text[a:b] for each (a, b) of `ranges`, in order.

    Kept as matches and their texts, not one tuple per item: items are made by the thousand,
    and building a tuple for each cost more than finding them.
    """
    found: list[re.Match[str]] = []
    for a, b in ranges:
        found += _ITEM.finditer(text, a, b)
    return _Items(found, list(map(re.Match.group, found)))


@lru_cache(maxsize=65536)
def _name_shaped(word: str) -> bool:
    """Whether `word` may be part of a name, as far as the word alone tells (see _is_name_word).

    Cached: the same capitalised words (every German noun) come back in every sentence.
    """
    lex = lexicon()
    if not word[:1].isupper() or _DIGIT.search(word):
        return False
    if (word.isupper() and len(word) > 1) or word in lex.name_stopwords or word in lex.months:
        return False
    if word in lex.weekdays or word in lex.titles or lex.is_role(word):
        return False
    if lex.is_speech_verb(word):
        return False
    return not (len(word) > 6 and word.casefold().endswith(_NOUN_ENDINGS))


_PRONOUN, _ARTICLE, _NAME_START = 1, 2, 4


@lru_cache(maxsize=1)
def _word_classes() -> WordTable[int]:
    """What `_Finder.sentence` looks for in a word, as bits: a pronoun, an article, a word that
    may start a name (capitalised: a word of a name or a title); 0 for other words."""
    lex = lexicon()

    def classify(word: str) -> int:
        low = word.casefold()
        kind = _PRONOUN if low in lex.pronouns else 0
        if low in _ARTICLES:
            kind |= _ARTICLE
        if word[:1].isupper() and (_name_shaped(word) or word in lex.titles):
            kind |= _NAME_START
        return kind

    return WordTable(classify)


class _Finder:
    """One left-to-right pass over the sentences, keeping the registry of persons."""

    def __init__(
        self,
        text: str,
        mentions: Sequence[Mention],
        actors: Sequence[PhraseMatch[str]],
        words: Words,
    ):
        self.text = text
        self.words = words
        self.lex: Lexicon = lexicon()
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self.actor_spans = [(a.start, a.end) for a in actors]
        self.actor_starts = [a.start for a in actors]
        self.people = People()
        self.last_person = -1
        self.name_words: set[str] = set()  # every word of every known name, for a quick miss
        # The same words by their first run of letters ("Li's" under "Li"), to find them in text.
        self.name_runs: dict[str, set[str]] = {}
        # Where verbs of saying, role/title words and capitalised words are: one pass each.
        self.speech_at = self.lex.speech_starts(text, words)
        self.trigger_at = self.lex.trigger_starts(text, words)
        self.cue_at = sorted(self.speech_at + self.trigger_at)  # either: for worth_parsing
        # The items of the sentence being parsed (see sentence).
        self.at: list[re.Match[str]] = []
        self.texts: list[str] = []

    @staticmethod
    def _any_in(positions: Sequence[int], start: int, end: int) -> bool:
        """Whether a sorted list of offsets has one in [start, end)."""
        i = bisect_left(positions, start)
        return i < len(positions) and positions[i] < end

    def has_speech(self, start: int, end: int) -> bool:
        """Whether a (strong) verb of saying starts in [start, end)."""
        return self._any_in(self.speech_at, start, end)

    def worth_parsing(self, start: int, end: int) -> bool:
        """Cheap test: could text[start:end] name or refer to a person at all?

        Only a verb of saying, a role or title word, or a word of a known name can start a
        person; sentences without any (most of them) skip the word-by-word parse.
        """
        if self._any_in(self.cue_at, start, end):
            return True
        return bool(self.name_runs) and self._names_in(start, end)

    def _names_in(self, start: int, end: int) -> bool:
        """Whether a word of a known name stands as a whole word in text[start:end].

        Dictionary lookups per word, not a regex of the names: that regex would be compiled
        again after every new person, which cost more than all the searching.
        """
        text = self.text
        # The text's words (a word that begins before `start` cannot stand whole in the range).
        words = self.words.within(start, end)
        if words is None:
            words = _RUN.findall(text, start, end)
        if self.name_runs.keys().isdisjoint(words):
            return False  # the usual answer, found in C
        for m in _RUN.finditer(text, start, end):
            forms = self.name_runs.get(m.group())
            pos = m.start()
            if forms is None or (pos and text[pos - 1].isalnum()):
                continue
            for word in forms:
                # A whole word: nothing alphanumeric after it, or it ends where the range does.
                stop = pos + len(word)
                whole = stop == end or (stop < end and not text[stop].isalnum())
                if whole and text.startswith(word, pos):
                    return True
        return False

    # --- word classes -------------------------------------------------------------------
    # The methods below read the current sentence's items: `self.at` (matches, for offsets)
    # and `self.texts` (their texts); an item is named by its index k.

    def _is_actor(self, pos: int) -> bool:
        """Whether offset pos (an item's start) lies inside a gazetteer actor hit."""
        i = bisect_left(self.actor_starts, pos + 1) - 1
        return i >= 0 and self.actor_spans[i][0] <= pos < self.actor_spans[i][1]

    def _is_name_word(self, k: int) -> bool:
        """Whether item k can be part of a person's name."""
        return _name_shaped(self.texts[k]) and not self._is_actor(self.at[k].start())

    def _is_title(self, k: int) -> int:
        """Length in items of a title ("Dr." or "Dr") at k, or 0."""
        texts = self.texts
        if texts[k] not in self.lex.titles:
            return 0
        return 2 if k + 1 < len(texts) and texts[k + 1] == "." else 1

    def _speech(self, k: int, weak: bool = True) -> bool:
        """Whether item k (if any: k may be -1) is a verb of saying (weak ones like "so" only
        if `weak`)."""
        if k < 0:
            return False
        word = self.texts[k]
        if word.casefold() == "to" and self._before_to(self.at[k].start()):
            return weak
        if not self.lex.is_speech_verb(word):
            return False
        return weak or word.casefold() not in self.lex.weak_speech_verbs

    def _before_to(self, pos: int) -> bool:
        """Whether "to" at offset pos completes "according to"."""
        return self.text[max(0, pos - 10) : pos].rstrip().casefold().endswith("according")

    def _speech_after(self, k: int) -> bool:
        """Whether a strong verb of saying stands at k, maybe after one adverb ("also said")."""
        for j in (k, k + 1):
            if j >= len(self.texts):
                return False
            if self._speech(j, weak=False) or self._called_for(j):
                return True
            if self.texts[j].casefold() not in _ADVERBS:
                return False
        return False

    def _called_for(self, k: int) -> bool:
        """ "called for"/"called on": speech, unlike "a plan called ..." """
        texts = self.texts
        return (
            texts[k].casefold() == "called"
            and k + 1 < len(texts)
            and texts[k + 1].casefold() in ("for", "on")
        )

    # --- registry ------------------------------------------------------------------------

    def _resolve(self, words: Sequence[str]) -> int:
        """Index of the known person these name words refer to, or -1."""
        if not any(w in self.name_words for w in words) and not any(
            f in self.name_words for f in _possessive_stems(words[0])
        ):
            return -1
        persons = self.people.persons
        for i in range(len(persons) - 1, -1, -1):
            parts = persons[i].name.split()
            if list(words) == parts:
                return i
        if len(words) == 1:
            forms = _possessive_stems(words[0])
            for i in range(len(persons) - 1, -1, -1):
                parts = persons[i].name.split()
                if len(parts) > 1 and (parts[0] in forms or parts[-1] in forms):
                    return i
            return -1
        for i in range(len(persons) - 1, -1, -1):
            parts = persons[i].name.split()
            n = len(words)
            if n < len(parts) and (parts[:n] == list(words) or parts[-n:] == list(words)):
                return i
        return -1

    def _policy_in(self, start: int, end: int) -> str | None:
        """The policy of the first mention overlapping [start, end), if any."""
        i = max(0, bisect_left(self.mention_starts, start) - 1)
        while i < len(self.mentions) and self.mentions[i].start < end:
            m = self.mentions[i]
            if m.end > start and m.policies:
                return m.policies[0]
            i += 1
        return None

    def _register(self, name: str, role: str | None, policy: str | None) -> int:
        """Add a person, or complete the known one with this name; return its index."""
        persons = self.people.persons
        for i, p in enumerate(persons):
            if p.name == name:
                persons[i] = Person(name, p.role or role, p.policy or policy)
                return i
        persons.append(Person(name, role, policy))
        for part in name.split():
            forms = (part, part + "s", part + "es", part + "'s", part + "’s")
            self.name_words.update(forms)
            for form in forms:
                # Name words start with a capital letter (see _is_name_word), so with a run.
                run = _RUN.match(form)
                if run is not None:
                    self.name_runs.setdefault(run.group(), set()).add(form)
        return len(persons) - 1

    def _add_ref(
        self, start: int, end: int, person: int, sentence: int, kind: str, speaker: bool
    ) -> None:
        """Record a reference and remember the person as the last one named."""
        self.people.refs.append(PersonRef(start, end, person, sentence, kind, speaker))
        self.last_person = person

    # --- parsing -------------------------------------------------------------------------

    def _name_run(self, k: int) -> int:
        """Number of items from k that form a name (0 if none)."""
        texts = self.texts
        n, words = 0, 0
        while k + n < len(texts) and words < _MAX_NAME_WORDS:
            if self._is_name_word(k + n):
                n, words = n + 1, words + 1
            elif (
                words
                and texts[k + n] in _PARTICLES
                and k + n + 1 < len(texts)
                and self._is_name_word(k + n + 1)
            ):
                n += 1
            else:
                break
        return n

    def _appositive(self, k: int) -> tuple[int, int] | None:
        """(start, end) item indexes of a role phrase ", Rolle der X," starting at comma k."""
        texts = self.texts
        if k >= len(texts) or texts[k] != ",":
            return None
        end = k + 1
        while (
            end < len(texts) and texts[end] not in ",;:()–—." and end - k <= _MAX_APPOSITIVE_WORDS
        ):
            end += 1
        phrase = texts[k + 1 : end]
        if not phrase or not any(map(self.lex.is_role, phrase)):
            return None
        return k + 1, end

    def _role_before(self, k: int) -> int:
        """Start index of the role phrase that ends just before item k (k if none)."""
        texts, at = self.texts, self.at
        if k == 0 or not self.lex.is_role(texts[k - 1]):
            return k
        j = k - 1
        # English keeps capitalised modifiers ("Commerce Secretary"), never actors or articles.
        while (
            j > 0
            and k - j < 3
            and texts[j - 1][:1].isupper()
            and texts[j - 1] not in self.lex.name_stopwords
            and not self._is_actor(at[j - 1].start())
            and not self.lex.is_role(texts[j - 1])
            and self._policy_in(at[j - 1].start(), at[j - 1].end()) is None
        ):
            j -= 1
        return j

    def sentence(self, si: int, items: _Items, ranges: Sequence[tuple[int, int]]) -> None:
        """Find the people in one sentence's items (text outside quotes)."""
        speech = any(self.has_speech(a, b) for a, b in ranges)
        pronoun_speaker = False
        at, texts = self.at, self.texts = items
        # What each word may be; most words are none of these, and nothing below applies.
        kinds = list(map(_word_classes().__getitem__, texts))
        k = 0
        for i in compress(range(len(kinds)), kinds):
            if i < k:
                continue  # taken by the name, role or title before it
            k, kind = i, kinds[i]
            # "Sie" inside a German sentence is the polite "you", not "she".
            if kind & _PRONOUN and (texts[k][:1].islower() or k == 0):
                if (self._speech(k - 1) or self._speech_after(k + 1)) and self.last_person >= 0:
                    m = at[k]
                    self._add_ref(m.start(), m.end(), self.last_person, si, "pronoun", True)
                    pronoun_speaker = True
                k += 1
                continue
            if kind & _ARTICLE and self._bare_role(k):
                # "sagte der Premier", "the minister said": the last person with that role.
                if self._speech(k - 1) or self._speech_after(k + 2):
                    person = self._by_role(texts[k + 1])
                    if person >= 0:
                        m = at[k + 1]
                        self._add_ref(m.start(), m.end(), person, si, "role", True)
                k += 2
                continue
            if kind & _NAME_START:
                k = self._name_at(si, k)
            else:
                k += 1  # what _name_at would return: neither a title nor a word of a name
        self.people.speech.append(speech)
        self.people.pronoun_speaker.append(pronoun_speaker)

    def _bare_role(self, k: int) -> bool:
        """Whether items k, k+1 are an article and a role word with no name after them."""
        texts = self.texts
        if texts[k].casefold() not in _ARTICLES or k + 1 >= len(texts):
            return False
        if not self.lex.is_role(texts[k + 1]):
            return False
        return self._name_run(k + 2 + self._skip_titles(k + 2)) == 0

    def _skip_titles(self, k: int) -> int:
        """Number of items taken by titles starting at k."""
        n = 0
        while k + n < len(self.texts):
            size = self._is_title(k + n)
            if not size:
                break
            n += size
        return n

    def _by_role(self, role_word: str) -> int:
        """The last person whose role contains this role word (by its stem), or -1."""
        stem = role_word.casefold()
        for end in self.lex.role_endings:
            if stem.endswith(end) and self.lex.is_role(stem[: -len(end)]):
                stem = stem[: -len(end)]
                break
        for i in range(len(self.people.persons) - 1, -1, -1):
            role = self.people.persons[i].role
            if role and stem in role.casefold():
                return i
        return -1

    def _name_at(self, si: int, k: int) -> int:
        """Parse a possible name (with its role or title) at item k; return the next index."""
        texts, at = self.texts, self.at
        titles = self._skip_titles(k)
        run = self._name_run(k + titles)
        if run == 0:
            return k + max(1, titles)
        first, last = k + titles, k + titles + run  # name items [first, last)
        if not titles and last < len(texts) and self.lex.is_role(texts[last]):
            return last  # "Prime Minister ...", "Commission spokesperson ...": a role's modifier
        words = texts[first:last]
        name = " ".join(words)
        role_start = self._role_before(k)
        role: str | None = None
        role_span: tuple[int, int] | None = None
        if role_start < k:
            role_span = (at[role_start].start(), at[k - 1].end())
        appositive = self._appositive(last)
        after = last
        if appositive:
            a, b = appositive
            if a < b and texts[a].casefold() in _ARTICLES:
                a += 1
            if a < b:
                role_span = (at[a].start(), at[b - 1].end())
            after = b + 1 if b < len(texts) and texts[b] == "," else b
        if role_span:
            role = self.text[role_span[0] : role_span[1]]
        prev = self._before(role_start, role_start < k or titles > 0)
        colon = after < len(texts) and texts[after] == ":"
        speaker = self._speech(prev) or self._speech_after(after) or colon
        start, end = at[first].start(), at[last - 1].end()
        introduced = bool(role_span) or titles > 0
        known = self._resolve(words)
        if known >= 0 and not (
            introduced and len(words) > len(self.people.persons[known].name.split())
        ):
            if introduced and role:
                self._register(
                    self.people.persons[known].name,
                    role,
                    self._link(start, end, role_span, role_start),
                )
            self._add_ref(start, end, known, si, "name", speaker)
        elif introduced:
            policy = self._link(start, end, role_span, role_start)
            self._add_ref(start, end, self._register(name, role, policy), si, "name", speaker)
        elif speaker and not (k > 0 and texts[k - 1].casefold() in _ARTICLES):
            # "Altman said" makes a person; "the Commission said" does not.
            policy = self._policy_in(start, end)
            self._add_ref(start, end, self._register(name, None, policy), si, "name", True)
        return after if appositive else last

    def _before(self, k: int, skip_modifiers: bool) -> int:
        """The index of the item before k (-1 if none), looking past an article and adjectives
        of a role ("sagte der chinesische Premier ...") when `skip_modifiers`."""
        j = k - 1
        if skip_modifiers:
            texts, at = self.texts, self.at
            while j >= 0 and k - j <= 3:
                word = texts[j]
                if word.casefold() in _ARTICLES or (word[:1].islower() and not self._speech(j)):
                    j -= 1
                    continue
                m = at[j]
                if self._is_actor(m.start()) or self._policy_in(m.start(), m.end()):
                    j -= 1
                    continue
                break
        return j

    def _link(
        self, start: int, end: int, role_span: tuple[int, int] | None, role_start: int
    ) -> str | None:
        """Policy of a person: match word in the name, in the role, or just before the role."""
        policy = self._policy_in(start, end)
        if policy is None and role_span:
            policy = self._policy_in(*role_span)
        if policy is None and role_start > 0:
            lo = self.at[max(0, role_start - 3)].start()
            policy = self._policy_in(lo, self.at[role_start - 1].end())
        return policy


def _outside_quotes(
    text: str, start: int, end: int, quotations: Sequence[Quotation], qstarts: Sequence[int]
) -> list[tuple[int, int]]:
    """Parts of [start, end) that are not inside quotation marks."""
    ranges, pos = [], start
    i = max(0, bisect_left(qstarts, start) - 1)
    while i < len(quotations) and quotations[i].open < end:
        q = quotations[i]
        if q.close >= start:
            if q.open > pos:
                ranges.append((pos, q.open))
            pos = max(pos, q.close + 1)
        i += 1
    if pos < end:
        ranges.append((pos, end))
    return ranges


def find_people(
    text: str,
    spans: Sequence[Span],
    quotations: Sequence[Quotation],
    mentions: Sequence[Mention],
    actors: Sequence[PhraseMatch[str]],
    words: Words | None = None,
) -> People:
    """Persons, references and per-sentence speech facts for the whole text (`words`: its
    tokens, if known)."""
    finder = _Finder(text, mentions, actors, words or Words(text))
    qstarts = [q.open for q in quotations]
    worth_parsing = finder.worth_parsing
    for si, span in enumerate(spans):
        # A sentence not worth parsing as a whole has no part outside quotes that is (the parts
        # end at quotation marks, which no word runs across): most skip finding those parts.
        if span.heading or not worth_parsing(span.start, span.end):
            ranges: Sequence[tuple[int, int]] = ()
        else:
            ranges = _outside_quotes(text, span.start, span.end, quotations, qstarts)
        if not any(worth_parsing(a, b) for a, b in ranges):
            finder.people.speech.append(False)
            finder.people.pronoun_speaker.append(False)
            continue
        finder.sentence(si, _items(text, ranges), ranges)
    return finder.people
