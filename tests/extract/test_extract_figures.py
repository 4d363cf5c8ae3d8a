"""Figures: number formats per language, scales, currencies, units, qualifiers, non-figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.extract.figures import find_figures, parse_number


@pytest.mark.parametrize(
    ("raw", "language", "value"),
    [
        ("5.000", "de", "5000"),
        ("5,000", "en", "5000"),
        ("84,5", "de", "84.5"),
        ("84.5", "en", "84.5"),
        ("84.5", "de", "84.5"),
        ("84,5", "en", "84.5"),
        ("1.234.567", "de", "1234567"),
        ("1,234,567", "en", "1234567"),
        ("1.234,5", "de", "1234.5"),
        ("1,234.5", "en", "1234.5"),
        ("5\u202f000", "de", "5000"),
    ],
)
def test_parse_number(raw: str, language: str, value: str) -> None:
    assert parse_number(raw, language) == Decimal(value)


def _figures(text: str, language: str) -> list[tuple[object, ...]]:
    """(value, unit, currency, qualifier, text) of each figure."""
    return [
        (f.value, f.unit, f.currency, f.qualifier, f.text) for f in find_figures(text, language)
    ]


def test_german_figures() -> None:
    text = (
        "Mehr als 40 Länder kamen, rund 1,5 Mrd. Euro flossen, bis zu 84,5 Prozent stimmten zu. "
        "Es gibt 2.000 Technologieunternehmen, 3 neue Rechenzentren und drei Säulen. "
        "Mindestens 12 Tsd. Besucher zahlten über 5 Mio. US-Dollar; weniger als 10 Firmen klagten."
    )
    assert _figures(text, "de") == [
        (40, "countries", None, "more than", "40 Länder"),
        (1_500_000_000, None, "EUR", "about", "1,5 Mrd. Euro"),
        (84.5, "percent", None, "up to", "84,5 Prozent"),
        (2000, "companies", None, None, "2.000 Technologieunternehmen"),
        (3, "data centres", None, None, "3 neue Rechenzentren"),
        (3, "pillars", None, None, "drei Säulen"),
        (12_000, "visitors", None, "at least", "12 Tsd. Besucher"),
        (5_000_000, None, "USD", "more than", "5 Mio. US-Dollar"),
        (10, "companies", None, "less than", "10 Firmen"),
    ]


def test_english_figures() -> None:
    text = (
        "Some 40 countries attended and $84bn (€72 billion) was pledged; nearly 5,000 AI "
        "companies applied, 84.5% agreed, and two pillars and 12 new rules were set out in a "
        "28-page plan worth 600 billion yuan."
    )
    assert _figures(text, "en") == [
        (40, "countries", None, "about", "40 countries"),
        (84_000_000_000, None, "USD", None, "$84bn"),
        (72_000_000_000, None, "EUR", None, "€72 billion"),
        (5000, "companies", None, "about", "5,000 AI companies"),
        (84.5, "percent", None, None, "84.5%"),
        (2, "pillars", None, None, "two pillars"),
        (12, "rules", None, None, "12 new rules"),
        (28, "pages", None, None, "28-page"),
        (600_000_000_000, None, "CNY", None, "600 billion yuan"),
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Die Konferenz wurde 2018 gegründet und findet seit 2019 statt.", "de"),
        ("Im April 2025 und am 26. Juli 2025 sowie am 26.07.2025 tagte sie.", "de"),
        ("Der 2. Weltkrieg und das 20. Jahrhundert, Regel Nr. 5, um 10:30 Uhr.", "de"),
        ("On July 26, 2025 and 26 July 2025 (2025-07-26) it met in the G20 and 5G era.", "en"),
        ("COVID-19 hit in 2020. The 1st and 2nd rounds ended at 5 p.m. on Jan. 5.", "en"),
        ("Platz 3 in Kapitel 4: 7.", "de"),
    ],
)
def test_non_figures(text: str, language: str) -> None:
    assert _figures(text, language) == []


def test_year_range_number_with_a_counted_noun_is_a_figure() -> None:
    assert _figures("Im Jahr 2025 kamen 2000 Unternehmen.", "de") == [
        (2000, "companies", None, None, "2000 Unternehmen")
    ]
