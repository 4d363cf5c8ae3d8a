"""Find figures: numbers with what they count, in German and English writing.

A figure is a number (digits or a number word such as "drei"/"three") followed by a scale word
("Milliarden", "Mrd.", "billion", "bn"), a currency ("Yuan", "USD", "$84"), a percent sign or
word, or a counted noun. Digit grouping follows the article's language: in German "5.000" is
five thousand and "84,5" a decimal; in English "5,000" and "84.5". A separator that is not the
language's decimal mark and is followed by exactly three digits groups; anything else is a
decimal ("84.5" stays 84.5 in German text too); several separators are always grouping.

The unit is the counted noun normalised through the bilingual table in lexicon.yaml, using
the head of a compound ("KI-Unternehmen", "Technologieunternehmen" -> companies); nouns not in
the table are kept lower-cased as written. English may put modifiers before the noun ("5,000 AI
companies"), German adjectives ("3.000 neue Exponate"): up to two are skipped. "28-seitigen" and
"28-page" give "pages". Money has a currency and no unit; percentages have unit "percent".

Not figures: years (1900-2100 without a counted noun from the table, or after a month or a
word like "im Jahr"/"since"), dates ("26. Juli", "July 26", "2025-07-26", "26.07.2025"),
German ordinals ("2. Weltkrieg"), times, numbers inside names ("G20", "COVID-19") and bare
numbers without a unit, scale or currency.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from generator.extract.lexicon import Lexicon, lexicon
from generator.extract.matching import Words

# A number not glued to a word or another number: "(?<![\w.,...])" before its first digit, and
# the two forms "[0-9]{1,3}(?:<group>[0-9]{3})+(?:[.,][0-9]+)?" and "[0-9]+(?:[.,][0-9]+)?".
# Written with the first digit in front and the look-behind after it (which means the same),
# so the pattern starts with a digit and re skips everything else quickly.
_DIGITS = re.compile(
    r"([0-9](?<![\w.,\u00a0\u202f\u2009].)"
    r"(?:[0-9]{0,2}(?:(?:[.,'’]|[\u00a0\u202f\u2009])[0-9]{3})+(?:[.,][0-9]+)?|[0-9]*(?:[.,][0-9]+)?))"
    r"(?![0-9])"
)
_SYMBOL_BEFORE = re.compile(r"(US\$|US-\$|\$|€|£|¥)[\u00a0 ]?$")
_ATTACHED_SCALE = re.compile(r"(bn|mn|tn|m|b|k)(?![\w])")
_PERCENT = re.compile(
    r"[\u00a0\u202f ]?(%|‰)|[ -](Prozentpunkten?|Prozent|percentage points|per ?cent)\b"
)
_TAIL_WORD = re.compile(r"[ \u00a0-]([^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*)(\.?)")
_STOPWORDS = frozenset(
    {"of", "and", "in", "the", "to", "for", "from", "by", "with", "on", "at", "as", "than", "or"}
    | {"a", "an", "that", "which", "who", "were", "was", "are", "is", "und", "oder", "im", "am"}
    | {"der", "die", "das", "den", "dem", "des", "für", "von", "mit", "auf", "aus", "bei", "zu"}
    | {"als", "es"}
)
_SHORT_SCALES = frozenset({"m", "b", "k"})
_GROUPING = re.compile(r"[\u00a0\u202f\u2009'’ ]")
_SPACES_BEFORE = frozenset("\u00a0 ")


_SPACE_LETTER = re.compile(r"[\u00a0 ]+[^\W\d_]")
_ADJECTIVE = re.compile(r"-([^\W\d_]+)")


class FoundFigure(NamedTuple):
    """A figure before policy attribution."""

    value: int | float
    unit: str | None
    currency: str | None
    qualifier: str | None
    text: str
    start: int
    end: int


def parse_number(raw: str, language: str) -> Decimal | None:
    """The value of a written number, reading separators by the article's language."""
    s = _GROUPING.sub("", raw)
    decimal_mark = "." if language == "en" else ","
    if "." in s and "," in s:
        point = max(s.rfind("."), s.rfind(","))
        s = s[:point].replace(".", "").replace(",", "") + "." + s[point + 1 :]
    else:
        for sep in ".,":
            count = s.count(sep)
            if count > 1:
                s = s.replace(sep, "")
            elif count == 1:
                tail = s.split(sep)[1]
                if sep != decimal_mark and len(tail) == 3:
                    s = s.replace(sep, "")
                else:
                    s = s.replace(sep, ".")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _as_number(value: Decimal) -> int | float:
    """An int when the value is whole, else a float."""
    return int(value) if value == value.to_integral_value() else float(value)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes for a currency after a number and a qualifier before one (from the lexicon)."""
    lex = lexicon()
    keys = sorted(lex.currencies, key=len, reverse=True)
    currency = re.compile(r"[ \u00a0-]?(" + "|".join(re.escape(k) for k in keys) + r")(?![\w$€£¥])")
    quals = sorted(lex.qualifiers, key=len, reverse=True)
    qualifier = re.compile(
        r"(?:^|(?<=[\s(]))(" + "|".join(re.escape(q) for q in quals) + r")\.?[\u00a0 ]+$",
        re.IGNORECASE,
    )
    return currency, qualifier


_LETTER_RUN = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def _qualifier_ends() -> tuple[re.Pattern[str], int] | None:
    """A regex of the words the qualifiers end with (compared as the qualifier regex compares,
    ignoring case), and the longest qualifier's length; None if a qualifier ends otherwise.

    A qualifier that ends with a word ends where the word before the number ends: a number
    after any other word has no qualifier, and the qualifier regex need not look further back
    than the longest qualifier.
    """
    quals = list(lexicon().qualifiers)
    last_words = set()
    for qualifier in quals:
        run = _LETTER_RUN.match(qualifier[::-1])
        if run is None:
            return None
        last_words.add(qualifier[len(qualifier) - run.end() :])
    if not quals:
        return None
    words = sorted(last_words, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)), re.IGNORECASE), max(map(len, quals))


class _Reader:
    """Reads the words after and before a number."""

    def __init__(self, text: str, language: str):
        self.text = text
        self.language = language
        self.lex: Lexicon = lexicon()
        self.currency_re, self.qualifier_re = _patterns()
        self._yuan: bool | None = None

    @property
    def yuan_context(self) -> bool:
        """Whether the text speaks of yuan (so that "¥" is the Chinese currency); found on first
        use, as few texts write "¥" at all and folding the text costs."""
        if self._yuan is None:
            folded = self.text.casefold()
            self._yuan = "yuan" in folded or "renminbi" in folded
        return self._yuan

    def currency(self, pos: int) -> tuple[str, int] | None:
        """(ISO code, end) of a currency written at pos, or None."""
        m = self.currency_re.match(self.text, pos)
        if not m:
            return None
        word = m.group(1)
        code = self.lex.currencies[word]
        if word == "¥" and self.yuan_context:
            code = "CNY"
        return code, m.end()

    def scale(self, pos: int, after_symbol: bool) -> tuple[int, int] | None:
        """(power of ten, end) of a scale word at pos, or None."""
        m = _TAIL_WORD.match(self.text, pos)
        if not m:
            return None
        word = m.group(1)
        power = self.lex.scales.get(word)
        if power is None or (word in _SHORT_SCALES and not after_symbol):
            return None
        # "Mio." and "Mrd." keep their period; a plain word does not take the sentence's.
        end = m.end() if m.group(2) and len(word) <= 4 and word[0].isupper() else m.end(1)
        return power, end

    def unit(self, pos: int) -> tuple[str | None, int, bool]:
        """(unit, end, refused): the counted noun after pos; refused for times and ranks."""
        lex = self.lex
        stop = pos + 200
        # Up to three words, each right after the last (modifiers, then the noun).
        for _ in range(3):
            m = _TAIL_WORD.match(self.text, pos, stop)
            if m is None:
                break
            word = m.group(1)
            folded = word.casefold()
            if folded in lex.non_units or folded in lex.months or word in lex.months:
                return None, pos, True
            if folded in _STOPWORDS:
                break
            head = word.rsplit("-", 1)[-1]
            unit = self._unit_of(head)
            if unit is not None:
                return unit, m.end(1), False
            if self.language == "de" and word[:1].isupper():
                return head.casefold(), m.end(1), False
            plural = folded.endswith("s") and not folded.endswith("ss") and len(folded) > 3
            if self.language != "de" and word[:1].islower() and plural:
                return folded, m.end(1), False
            pos = m.end()
        return None, pos, False

    def _unit_of(self, head: str) -> str | None:
        """The normalised unit of a noun (or compound head) from the table."""
        folded = head.casefold()
        units = self.lex.units
        if folded in units:
            return units[folded]
        # Longest known tail first: "technologieunternehmen" -> "unternehmen".
        for cut in range(1, len(folded) - 4):
            if folded[cut:] in units:
                return units[folded[cut:]]
        return None

    def qualifier(self, start: int, word: tuple[int, int] | None = None) -> str | None:
        """The normalised qualifier written just before offset start (`word`: the bounds of
        word_before(start), if known)."""
        lo = max(0, start - 30)
        ends = _qualifier_ends()
        if ends is not None:
            last_words, longest = ends
            begin, end = self.word_before(start) if word is None else word
            if not last_words.fullmatch(self.text, begin, end):
                return None
            lo = max(lo, end - longest)
        m = self.qualifier_re.search(self.text, lo, start)
        return self.lex.qualifiers[m.group(1).casefold()] if m else None

    def word_before(self, start: int) -> tuple[int, int]:
        r"""Start and end of the word before offset start (skipping a period, as in "Jan. 5").

        What the regex `(?<![^\W\d_])([^\W\d_]+)\.?[\u00a0 ]+$` finds in the 30 characters
        before start, read backwards from start: spaces (before a final newline, as `$`
        allows), maybe a period, the word's letters; empty (start, start) if none.
        """
        text, lo = self.text, max(0, start - 30)
        if start > lo and text[start - 1] == "\n":
            start -= 1
        end = start
        while end > lo and text[end - 1] in _SPACES_BEFORE:
            end -= 1
        if end == start:
            return start, start
        if end > lo and text[end - 1] == ".":
            end -= 1
        # The letters, read backwards by a regex over the reversed stretch.
        run = _LETTER_RUN.match(text[lo:end][::-1])
        return (end - run.end() if run else end), end


def find_figures(text: str, language: str, words: Words | None = None) -> list[FoundFigure]:
    """Figures in text order (`words`: the text's tokens, if known)."""
    reader = _Reader(text, language)
    found = [f for m in _DIGITS.finditer(text) if (f := _digit_figure(reader, m)) is not None]
    found += _word_figures(reader, words or Words(text))
    return sorted(found, key=lambda f: f.start)


def _digit_figure(r: _Reader, m: re.Match[str]) -> FoundFigure | None:
    """A figure for the digits matched by m, or None if they are no figure."""
    text, lex = r.text, r.lex
    start, pos = m.start(), m.end()
    raw = m.group(1)
    before = text[start - 1 : start]
    if before and before in "-/" and start >= 2 and text[start - 2].isalnum():
        return None  # "COVID-19", "2025-07-26", "24/7"
    nxt, nxt2 = text[pos : pos + 1], text[pos + 1 : pos + 2]
    if nxt in ".,:/" and nxt2.isdigit():
        return None  # "26.07.2025", "10:30"
    if nxt == "." and _SPACE_LETTER.match(text[pos + 1 : pos + 3]) and r.language == "de":
        return None  # German ordinal: "26. Juli", "2. Weltkrieg"
    symbol = _SYMBOL_BEFORE.search(text, max(0, start - 4), start)
    currency = None
    if symbol:
        currency = lex.currencies[symbol.group(1)]
        if symbol.group(1) == "¥" and r.yuan_context:
            currency = "CNY"
        start = symbol.start()
    word = r.word_before(start)
    prev_word = text[word[0] : word[1]]
    if prev_word in lex.months:
        return None  # "July 26", "April 2025"
    power = 0
    attached = _ATTACHED_SCALE.match(text, pos)
    if nxt.isalpha():
        if not attached:
            return None  # "5G", "1st"
        power = lex.scales[attached.group(1)]
        pos = attached.end()
    value = parse_number(raw, r.language)
    if value is None:
        return None
    unit: str | None = None
    percent = False
    adjective = _ADJECTIVE.match(text[pos : pos + 40])
    if adjective and not attached:
        stem = adjective.group(1).casefold()
        unit = next((u for k, u in lex.unit_adjectives.items() if stem.startswith(k)), None)
        if unit is not None:
            pos += adjective.end()
    if unit is None:
        pct = _PERCENT.match(text, pos)
        if pct:
            percent, pos = True, pct.end()
            points = "punkt" in pct.group().casefold() or "points" in pct.group()
            unit = "percentage points" if points else "percent"
    if unit is None and not power:
        scaled = r.scale(pos, bool(symbol))
        if scaled:
            power, pos = scaled
    if unit is None and currency is None:
        cur = r.currency(pos)
        if cur:
            currency, pos = cur
    if unit is None and currency is None:
        unit, pos, refused = r.unit(pos)
        if refused:
            return None
    is_year = raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100 and not power
    if is_year and currency is None and not percent:
        counted = unit is not None and unit in lex.units.values()
        if not counted or prev_word.casefold() in lex.year_cues:
            return None
    if unit is None and currency is None and not power:
        return None
    return FoundFigure(
        value=_as_number(value * (Decimal(10) ** power)),
        unit=unit,
        currency=currency,
        qualifier=r.qualifier(start, word),
        text=text[start:pos],
        start=start,
        end=pos,
    )


@lru_cache(maxsize=1)
def _number_words() -> frozenset[str]:
    """The lexicon's number words, also capitalised."""
    return frozenset(lexicon().numbers) | {w.capitalize() for w in lexicon().numbers}


def is_number_word(word: str) -> bool:
    """Whether `word` is a number word that _word_figures reads (for `Words`)."""
    return word in _number_words()


def _number_words_at(text: str, words: Words) -> list[re.Match[str]]:
    """The tokens that are number words followed by a space and not glued to a word by "-" or
    "_" ("Gesamt-drei")."""
    return [
        m
        for m in words.where(_number_words().__contains__)
        if text[m.end() : m.end() + 1] in (" ", "\u00a0")
        and not (m.start() and text[m.start() - 1] in "-_")
    ]


def _word_figures(r: _Reader, words: Words) -> list[FoundFigure]:
    """Figures written as number words: "drei Säulen", "two countries"."""
    out: list[FoundFigure] = []
    text = r.text
    for m in _number_words_at(text, words):
        word = m.group()
        before = text[max(0, m.start() - 20) : m.start()].rstrip()
        if word[:1].isupper() and before[-1:] not in ("", ".", "!", "?", ":"):
            continue  # capitalised mid-sentence: a noun ("die Elf"), not a number word
        unit, end, refused = r.unit(m.end())
        if refused or unit is None:
            continue
        out.append(
            FoundFigure(
                value=r.lex.numbers[word.casefold()],
                unit=unit,
                currency=None,
                qualifier=r.qualifier(m.start()),
                text=text[m.start() : end],
                start=m.start(),
                end=end,
            )
        )
    return out
