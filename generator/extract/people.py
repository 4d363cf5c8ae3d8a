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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
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


class _Item(NamedTuple):
    start: int
    end: int
    text: str


# Items are made by the thousand: building the tuples in C (map over zipped match fields) is a
# third faster than calling _Item(...) per match.
_new_item = partial(tuple.__new__, _Item)


def _items(text: str, start: int, end: int) -> Iterator[_Item]:
    """The words and punctuation of text[start:end] as items."""
    found = list(_ITEM.finditer(text, start, end))
    starts, ends = map(re.Match.start, found), map(re.Match.end, found)
    return map(_new_item, zip(starts, ends, map(re.Match.group, found), strict=True))


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
        if self.has_speech(start, end) or self._any_in(self.trigger_at, start, end):
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

    def _is_actor(self, item: _Item) -> bool:
        """Whether the item lies inside a gazetteer actor hit."""
        i = bisect_left(self.actor_starts, item.start + 1) - 1
        return i >= 0 and self.actor_spans[i][0] <= item.start < self.actor_spans[i][1]

    def _is_name_word(self, item: _Item) -> bool:
        """Whether the item can be part of a person's name."""
        return _name_shaped(item.text) and not self._is_actor(item)

    def _is_title(self, items: Sequence[_Item], k: int) -> int:
        """Length in items of a title ("Dr." or "Dr") at k, or 0."""
        if items[k].text not in self.lex.titles:
            return 0
        return 2 if k + 1 < len(items) and items[k + 1].text == "." else 1

    def _speech(self, item: _Item | None, weak: bool = True) -> bool:
        """Whether the item is a verb of saying (weak ones like "so" only if `weak`)."""
        if item is not None and item.text.casefold() == "to" and self._before_to(item):
            return weak
        if item is None or not self.lex.is_speech_verb(item.text):
            return False
        return weak or item.text.casefold() not in self.lex.weak_speech_verbs

    def _before_to(self, item: _Item) -> bool:
        """Whether "to" at this item completes "according to"."""
        return (
            self.text[max(0, item.start - 10) : item.start]
            .rstrip()
            .casefold()
            .endswith("according")
        )

    def _speech_after(self, items: Sequence[_Item], k: int) -> bool:
        """Whether a strong verb of saying stands at k, maybe after one adverb ("also said")."""
        for j in (k, k + 1):
            if j >= len(items):
                return False
            if self._speech(items[j], weak=False) or self._called_for(items, j):
                return True
            if items[j].text.casefold() not in _ADVERBS:
                return False
        return False

    def _called_for(self, items: Sequence[_Item], k: int) -> bool:
        """ "called for"/"called on": speech, unlike "a plan called ..." """
        return (
            items[k].text.casefold() == "called"
            and k + 1 < len(items)
            and items[k + 1].text.casefold() in ("for", "on")
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

    def _name_run(self, items: Sequence[_Item], k: int) -> int:
        """Number of items from k that form a name (0 if none)."""
        n, words = 0, 0
        while k + n < len(items) and words < _MAX_NAME_WORDS:
            item = items[k + n]
            if self._is_name_word(item):
                n, words = n + 1, words + 1
            elif (
                words
                and item.text in _PARTICLES
                and k + n + 1 < len(items)
                and self._is_name_word(items[k + n + 1])
            ):
                n += 1
            else:
                break
        return n

    def _appositive(self, items: Sequence[_Item], k: int) -> tuple[int, int] | None:
        """(start, end) item indexes of a role phrase ", Rolle der X," starting at comma k."""
        if k >= len(items) or items[k].text != ",":
            return None
        end = k + 1
        while (
            end < len(items)
            and items[end].text not in ",;:()–—."
            and end - k <= _MAX_APPOSITIVE_WORDS
        ):
            end += 1
        phrase = items[k + 1 : end]
        if not phrase or not any(self.lex.is_role(it.text) for it in phrase):
            return None
        return k + 1, end

    def _role_before(self, items: Sequence[_Item], k: int) -> int:
        """Start index of the role phrase that ends just before item k (k if none)."""
        if k == 0 or not self.lex.is_role(items[k - 1].text):
            return k
        j = k - 1
        # English keeps capitalised modifiers ("Commerce Secretary"), never actors or articles.
        while (
            j > 0
            and k - j < 3
            and items[j - 1].text[:1].isupper()
            and items[j - 1].text not in self.lex.name_stopwords
            and not self._is_actor(items[j - 1])
            and not self.lex.is_role(items[j - 1].text)
            and self._policy_in(items[j - 1].start, items[j - 1].end) is None
        ):
            j -= 1
        return j

    def sentence(self, si: int, items: Sequence[_Item], ranges: Sequence[tuple[int, int]]) -> None:
        """Find the people in one sentence's items (text outside quotes)."""
        speech = any(self.has_speech(a, b) for a, b in ranges)
        pronoun_speaker = False
        classes = _word_classes()
        k = 0
        while k < len(items):
            item = items[k]
            kind = classes[item.text]
            if not kind:  # most words: nothing below applies
                k += 1
                continue
            # "Sie" inside a German sentence is the polite "you", not "she".
            if kind & _PRONOUN and (item.text[:1].islower() or k == 0):
                prev = items[k - 1] if k else None
                if (
                    self._speech(prev) or self._speech_after(items, k + 1)
                ) and self.last_person >= 0:
                    self._add_ref(item.start, item.end, self.last_person, si, "pronoun", True)
                    pronoun_speaker = True
                k += 1
                continue
            if kind & _ARTICLE and self._bare_role(items, k):
                # "sagte der Premier", "the minister said": the last person with that role.
                role_item = items[k + 1]
                prev = items[k - 1] if k else None
                if self._speech(prev) or self._speech_after(items, k + 2):
                    person = self._by_role(role_item.text)
                    if person >= 0:
                        self._add_ref(role_item.start, role_item.end, person, si, "role", True)
                k += 2
                continue
            if kind & _NAME_START:
                k = self._name_at(si, items, k)
            else:
                k += 1  # what _name_at would return: neither a title nor a word of a name
        self.people.speech.append(speech)
        self.people.pronoun_speaker.append(pronoun_speaker)

    def _bare_role(self, items: Sequence[_Item], k: int) -> bool:
        """Whether items k, k+1 are an article and a role word with no name after them."""
        if items[k].text.casefold() not in _ARTICLES or k + 1 >= len(items):
            return False
        if not self.lex.is_role(items[k + 1].text):
            return False
        return self._name_run(items, k + 2 + self._skip_titles(items, k + 2)) == 0

    def _skip_titles(self, items: Sequence[_Item], k: int) -> int:
        """Number of items taken by titles starting at k."""
        n = 0
        while k + n < len(items):
            size = self._is_title(items, k + n)
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

    def _name_at(self, si: int, items: Sequence[_Item], k: int) -> int:
        """Parse a possible name (with its role or title) at item k; return the next index."""
        titles = self._skip_titles(items, k)
        run = self._name_run(items, k + titles)
        if run == 0:
            return k + max(1, titles)
        first, last = k + titles, k + titles + run  # name items [first, last)
        if not titles and last < len(items) and self.lex.is_role(items[last].text):
            return last  # "Prime Minister ...", "Commission spokesperson ...": a role's modifier
        words = [it.text for it in items[first:last]]
        name = " ".join(words)
        role_start = self._role_before(items, k)
        role: str | None = None
        role_span: tuple[int, int] | None = None
        if role_start < k:
            role_span = (items[role_start].start, items[k - 1].end)
        appositive = self._appositive(items, last)
        after = last
        if appositive:
            a, b = appositive
            words_in = items[a:b]
            if words_in and words_in[0].text.casefold() in _ARTICLES:
                words_in = words_in[1:]
            if words_in:
                role_span = (words_in[0].start, words_in[-1].end)
            after = b + 1 if b < len(items) and items[b].text == "," else b
        if role_span:
            role = self.text[role_span[0] : role_span[1]]
        prev = self._before(items, role_start, role_start < k or titles > 0)
        nxt = items[after] if after < len(items) else None
        colon = nxt is not None and nxt.text == ":"
        speaker = self._speech(prev) or self._speech_after(items, after) or colon
        start, end = items[first].start, items[last - 1].end
        introduced = bool(role_span) or titles > 0
        known = self._resolve(words)
        if known >= 0 and not (
            introduced and len(words) > len(self.people.persons[known].name.split())
        ):
            if introduced and role:
                self._register(
                    self.people.persons[known].name,
                    role,
                    self._link(start, end, role_span, items, role_start),
                )
            self._add_ref(start, end, known, si, "name", speaker)
        elif introduced:
            policy = self._link(start, end, role_span, items, role_start)
            self._add_ref(start, end, self._register(name, role, policy), si, "name", speaker)
        elif speaker and not (k > 0 and items[k - 1].text.casefold() in _ARTICLES):
            # "Altman said" makes a person; "the Commission said" does not.
            policy = self._policy_in(start, end)
            self._add_ref(start, end, self._register(name, None, policy), si, "name", True)
        return after if appositive else last

    def _before(self, items: Sequence[_Item], k: int, skip_modifiers: bool) -> _Item | None:
        """The item before k, looking past an article and adjectives of a role ("sagte der
        chinesische Premier ...") when `skip_modifiers`."""
        j = k - 1
        if skip_modifiers:
            while j >= 0 and k - j <= 3:
                word = items[j].text
                if word.casefold() in _ARTICLES or (
                    word[:1].islower() and not self._speech(items[j])
                ):
                    j -= 1
                    continue
                if self._is_actor(items[j]) or self._policy_in(items[j].start, items[j].end):
                    j -= 1
                    continue
                break
        return items[j] if j >= 0 else None

    def _link(
        self,
        start: int,
        end: int,
        role_span: tuple[int, int] | None,
        items: Sequence[_Item],
        role_start: int,
    ) -> str | None:
        """Policy of a person: match word in the name, in the role, or just before the role."""
        policy = self._policy_in(start, end)
        if policy is None and role_span:
            policy = self._policy_in(*role_span)
        if policy is None and role_start > 0:
            lo = items[max(0, role_start - 3)].start
            policy = self._policy_in(lo, items[role_start - 1].end)
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
        ranges = (
            () if span.heading else _outside_quotes(text, span.start, span.end, quotations, qstarts)
        )
        if not any(worth_parsing(a, b) for a, b in ranges):
            finder.people.speech.append(False)
            finder.people.pronoun_speaker.append(False)
            continue
        items: list[_Item] = []
        for a, b in ranges:
            items.extend(_items(text, a, b))
        finder.sentence(si, items, ranges)
    return finder.people
