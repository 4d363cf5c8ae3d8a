"""Language identification with py3langid, leaning to German and English on short or mixed text."""

from __future__ import annotations

import re
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

SUPPORTED = ("de", "en")
# A 5,000-character prefix identifies an article as reliably as the whole text, at a fixed cost.
PREFIX_CHARS = 5000
# How much worse (in log-probability per byte, with a floor) German or English may score than
# the best language and still be chosen: short texts often rank Luxembourgish or Frisian first.
_MARGIN_PER_BYTE = 0.08
_MARGIN_FLOOR = 8.0
_MIN_LETTERS = 20

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[\d_]+")


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """The py3langid model, loaded once per process (it takes most of a second)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def detect_language(text: str, fallback: str = "en") -> str:
    """ISO 639-1 code of the language of `text`; German or English unless clearly another."""
    sample = _NOISE.sub(" ", text[:PREFIX_CHARS])
    letters = sum(1 for c in sample if c.isalpha())
    ranked = _identifier().rank(sample)
    scores = dict(ranked)
    best_supported = max(SUPPORTED, key=lambda code: (scores.get(code, float("-inf")), code))
    if letters < _MIN_LETTERS:
        return best_supported if letters else fallback
    top, top_score = ranked[0]
    if top in SUPPORTED:
        return str(top)
    margin = max(_MARGIN_FLOOR, _MARGIN_PER_BYTE * len(sample.encode("utf-8")))
    if top_score - scores.get(best_supported, float("-inf")) <= margin:
        return best_supported
    return str(top)


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
    words = re.findall(r"[^\W\d_]+", text[:400].lower())
    de = sum(1 for w in words if w in _FUNCTION_WORDS["de"])
    en = sum(1 for w in words if w in _FUNCTION_WORDS["en"])
    if max(de, en) >= 3 and min(de, en) * 3 <= max(de, en):
        return "de" if de > en else "en"
    # 200 characters tell German from English reliably and keep the cost per quote fixed.
    return detect_language(text[:200], fallback=article_language)
