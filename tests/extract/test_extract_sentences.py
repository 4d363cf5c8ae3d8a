"""Sentence splitting: abbreviations, dates, numbers, headings, quotations."""

from __future__ import annotations

import pytest

from generator.extract.quotemarks import find_quotations
from generator.extract.sentences import split_sentences


def _split(text: str, language: str) -> list[str]:
    """Sentence texts, with quotations protected as in the pipeline."""
    quotes = [(q.open, q.close) for q in find_quotations(text)]
    return [text[s.start : s.end] for s in split_sentences(text, language, quotes)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Kao Kim Hourn sprach am 26. Juli in Berlin. Es kamen 5.000 Gäste.",
            ["Dr. Kao Kim Hourn sprach am 26. Juli in Berlin.", "Es kamen 5.000 Gäste."],
        ),
        (
            "Es gibt z. B. Chips und u. a. Software. Das ist gut.",
            ["Es gibt z. B. Chips und u. a. Software.", "Das ist gut."],
        ),
        (
            "Es war der 1. Mai. Dann kam der 2. Juni.",
            ["Es war der 1. Mai.", "Dann kam der 2. Juni."],
        ),
        (
            "Er kam im Jahr 2025. Danach ging er. Nr. 5 ist neu.",
            ["Er kam im Jahr 2025.", "Danach ging er.", "Nr. 5 ist neu."],
        ),
        (
            "Die Quote lag bei 84,5 Prozent. Am 3. Oktober sprach Prof. Dr. Müller ca. 5 Minuten.",
            [
                "Die Quote lag bei 84,5 Prozent.",
                "Am 3. Oktober sprach Prof. Dr. Müller ca. 5 Minuten.",
            ],
        ),
    ],
)
def test_german(text: str, expected: list[str]) -> None:
    assert _split(text, "de") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Smith met Mr. Jones in the U.S. Capitol. They agreed on 84.5 percent.",
            ["Dr. Smith met Mr. Jones in the U.S. Capitol.", "They agreed on 84.5 percent."],
        ),
        (
            "He lives in the U.S. He works in Washington.",
            ["He lives in the U.S.", "He works in Washington."],
        ),
        (
            "It grew by 5,000 jobs on Jan. 5. Then it fell.",
            ["It grew by 5,000 jobs on Jan. 5.", "Then it fell."],
        ),
        ("No. 5 is next. Really?! Yes.", ["No. 5 is next.", "Really?!", "Yes."]),
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert _split(text, "en") == expected


def test_quotation_stays_in_its_sentence() -> None:
    text = 'He said: "We will act. We will act fast." Then he left.'
    assert _split(text, "en") == ['He said: "We will act. We will act fast."', "Then he left."]
    text = "Sie sagte: „Das ist gut. Wir machen weiter.“ Dann ging sie."
    assert _split(text, "de") == ["Sie sagte: „Das ist gut. Wir machen weiter.“", "Dann ging sie."]


def test_headings_stand_alone() -> None:
    text = "Chinas Vision\n\nDer Premier sprach. Er ging.\n\nZwischentitel\nDer Text folgt hier."
    spans = split_sentences(text, "de")
    assert [(text[s.start : s.end], s.heading, s.paragraph) for s in spans] == [
        ("Chinas Vision", True, 0),
        ("Der Premier sprach.", False, 1),
        ("Er ging.", False, 1),
        ("Zwischentitel", True, 2),
        ("Der Text folgt hier.", False, 2),
    ]


def test_long_stretch_without_clear_boundaries_is_split_by_rule() -> None:
    # Every period follows a short number, so the fast pass settles none of them.
    text = " ".join(["Das Team aus Nr. 4 landete am 3. Mai auf Platz 3."] * 100)
    sentences = _split(text, "de")
    assert sentences == ["Das Team aus Nr. 4 landete am 3. Mai auf Platz 3."] * 100
