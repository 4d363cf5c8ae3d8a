"""Language identification with py3langid, leaning to German and English on short or mixed text."""

from __future__ import annotations

import codecs
import re
import threading
from collections.abc import Callable
from functools import lru_cache

from generator.extract.langid_walk import FastIdentifier

SUPPORTED = ("de", "en")
# The first 1,500 characters (title, lead and the first paragraphs: some 200 words) tell German
# from English as reliably as the whole text; py3langid walks every byte, so more only costs.
PREFIX_CHARS = 1500
# How much worse (in log-probability per byte, with a floor) German or English may score than
# the best language and still be chosen: short texts often rank Luxembourgish or Frisian first.
_MARGIN_PER_BYTE = 0.08
_MARGIN_FLOOR = 8.0
_MIN_LETTERS = 20

_WORDS = re.compile(r"[^\W\d_]+")
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[\d_]+")
# The same without the e-mail branch, whose backtracking `\S+@` is most of the cost: for text
# without an "@", where that branch can never match.
_NOISE_NO_AT = re.compile(r"https?://\S+|www\.\S+|[\d_]+")


@lru_cache(maxsize=1)
def _identifier() -> FastIdentifier:
    """The py3langid model, loaded once per process (it takes most of a second)."""
    return FastIdentifier.load()


def load_model_in_background() -> Callable[[], None]:
    """Start loading the py3langid model in a thread; returns the function that waits for it.

    Once the model's tables are prepared (see model_tables), loading maps them in a few
    milliseconds; before that, most of it is LZMA decompression, which lets other threads run,
    so the model loads while the caller checks the records. The caller may fork meanwhile (to
    read the records): the thread imports nothing (zipfile decodes the model's member names as
    cp437, looked up here), so no child waits for a module lock that the thread held when it
    was forked.
    """
    if _identifier.cache_info().currsize:
        return lambda: None
    codecs.lookup("cp437")
    thread = threading.Thread(target=_identifier, name="langid-model", daemon=True)
    thread.start()
    return thread.join


def _count_letters(text: str, enough: int) -> int:
    """The number of letters in `text`, or some number >= `enough` once that many are found."""
    count = 0
    # Only "none", "fewer than enough" and "enough" matter: stop after the chunk that has enough.
    for pos in range(0, len(text), 64):
        count += sum(map(str.isalpha, text[pos : pos + 64]))
        if count >= enough:
            return count
    return count


def detect_language(text: str, fallback: str = "en") -> str:
    """ISO 639-1 code of the language of `text`; German or English unless clearly another."""
    prefix = text[:PREFIX_CHARS]
    sample = (_NOISE if "@" in prefix else _NOISE_NO_AT).sub(" ", prefix)
    letters = _count_letters(sample, _MIN_LETTERS)
    top, top_score, scores = _identifier().best(sample, SUPPORTED)
    best_supported = max(SUPPORTED, key=lambda code: (scores[code], code))
    if letters < _MIN_LETTERS:
        return best_supported if letters else fallback
    if top in SUPPORTED:
        return top
    margin = max(_MARGIN_FLOOR, _MARGIN_PER_BYTE * len(sample.encode("utf-8")))
    if top_score - scores[best_supported] <= margin:
        return best_supported
    return top


_FUNCTION_WORDS = {
    "de": frozenset(
        {"der", "die", "das", "und", "ist", "nicht", "mit", "für", "auf", "wir", "ich", "ein"}
        | {"eine", "es", "zu", "den", "von", "sind"}
    ),
    "en": frozenset(
        {"the", "and", "is", "not", "with", "for", "on", "we", "i", "a", "an", "it", "to", "of"}
        | {"are", "be", "that", "this"}
    ),
}


def quote_language(text: str, article_language: str) -> str:
    """Language of a quotation; short quotes take the article's language."""
    if sum(map(str.isalpha, text[:200])) < 40:
        return article_language
    # Function words settle German against English cheaply; py3langid decides the rest.
    words = _WORDS.findall(text[:400].lower())
    de = sum(map(_FUNCTION_WORDS["de"].__contains__, words))
    en = sum(map(_FUNCTION_WORDS["en"].__contains__, words))
    if max(de, en) >= 3 and min(de, en) * 3 <= max(de, en):
        return "de" if de > en else "en"
    # 200 characters tell German from English reliably and keep the cost per quote fixed.
    return detect_language(text[:200], fallback=article_language)
