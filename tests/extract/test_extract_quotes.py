"""Quotation marks, and statements vs fragments vs titles."""

from __future__ import annotations

import pytest

from generator.extract import Article, PolicyMatcher, extract_article
from generator.extract.quotemarks import find_quotations


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Er sagte: „Das ist ‚gut‘ so.“ Dann ging er.", ["Das ist ‚gut‘ so."]),
        ("She said “yes” and «oui» and »ja« and ‹non›.", ["yes", "oui", "ja", "non"]),
        ("They don’t know. The countries’ plans. China’s plan.", []),
        ("A ‘scare’ quote and Li’s plan.", ["scare"]),
        ('He said "a" and "b".', ["a", "b"]),
        ("„Made in China 2025“-Strategie", ["Made in China 2025"]),
        ("Ein „offenes Zitat ohne Ende.\n\nNeuer Absatz.", []),
        ("“We act.\n\n“And fast,” he said.", ["We act.", "And fast,"]),
    ],
)
def test_quotation_marks(text: str, quoted: list[str]) -> None:
    found = [text[a:b] for q in find_quotations(text) for a, b in q.pieces]
    assert found == quoted


def _quotes(text: str, language: str) -> list[tuple[object, ...]]:
    """(speaker, role, text, fragment) of each quote."""
    article = Article(path="a.txt", text=text, title="t", language=language)
    evidence = extract_article(article, (PolicyMatcher("x", ("Xland",)),), ())
    return [(q.speaker, q.role, q.text, q.fragment) for q in evidence.quotes]


def test_speakers_are_resolved_to_full_names() -> None:
    text = (
        "Außenministerin Annalena Baerbock traf US-Präsident Donald Trump. "
        "„Wir reden weiter“, sagte Trump. Baerbock erklärte: „Das war ein gutes Gespräch.“ "
        "„Ja“, so die Ministerin."
    )
    assert _quotes(text, "de") == [
        ("Donald Trump", "US-Präsident", "Wir reden weiter", False),
        ("Annalena Baerbock", "Außenministerin", "Das war ein gutes Gespräch.", False),
        ("Annalena Baerbock", "Außenministerin", "Ja", False),
    ]


def test_english_attribution_forms() -> None:
    text = (
        'Antonio Guterres, the UN Secretary-General, spoke first. "We must act now," he said. '
        '"Time is short," said Commerce Secretary Howard Lutnick. '
        'Lutnick told reporters the plan was "very strong" and "moving fast".'
    )
    assert _quotes(text, "en") == [
        ("Antonio Guterres", "UN Secretary-General", "We must act now", False),
        ("Howard Lutnick", "Commerce Secretary", "Time is short", False),
        ("Howard Lutnick", "Commerce Secretary", "very strong", True),
        ("Howard Lutnick", "Commerce Secretary", "moving fast", True),
    ]


def test_titles_are_not_quotes() -> None:
    text = (
        "Die Regierung stellte den Plan „Digitale Zukunft“ vor. Unter dem Motto „KI für alle“ "
        "lief die Konferenz „AI Summit 2025“. Der Bericht „Made in China 2025“ warnte. "
        'The "AI Action Plan", the report titled "Winning the Race" and «Stargate» were named.'
    )
    assert _quotes(text, "de") == []
