"""Whole expected results on the English article about the same events."""

from __future__ import annotations

import pytest
from extract_data import ASEAN, CHINA, FIXTURES, SEED_DIMENSIONS, SEED_POLICIES, US

from generator.extract import ArticleEvidence, extract_article, read_article


@pytest.fixture(scope="module")
def evidence() -> ArticleEvidence:
    """The English fixture, extracted once."""
    article = read_article(FIXTURES / "china-ai-governance-en.md")
    return extract_article(article, SEED_POLICIES, SEED_DIMENSIONS)


def test_metadata(evidence: ArticleEvidence) -> None:
    assert (evidence.title, evidence.language, evidence.date, evidence.publisher, evidence.url) == (
        "China proposes global AI governance body as US goes it alone",
        "en",
        "2025-07-27",
        "example-news.test",
        "https://example-news.test/china-ai-governance",
    )


def test_quotes(evidence: ArticleEvidence) -> None:
    quotes = [(q.speaker, q.role, q.text, q.policy, q.fragment) for q in evidence.quotes]
    assert quotes == [
        (
            "Li Qiang",
            "Premier",
            "Overall, global AI governance is still fragmented. Countries have very different "
            "regulatory concepts and institutional rules. We should strengthen coordination to "
            "form a global AI governance framework with broad consensus as soon as possible",
            CHINA,
            False,
        ),
        (None, None, "red tape", US, True),
        (
            "Li Qiang",
            "Premier",
            "Key resources and capabilities are concentrated in a few countries and a few "
            "enterprises",
            CHINA,
            False,
        ),
        (
            "Li Qiang",
            "Premier",
            "If we engage in technological monopoly, controls and restrictions, AI will become an "
            "exclusive game for a small number of countries and enterprises.",
            CHINA,
            False,
        ),
        ("Kao Kim Hourn", "Secretary-General of ASEAN", "robust governance", ASEAN, True),
        (
            "Kao Kim Hourn",
            "Secretary-General of ASEAN",
            "These developments demand urgent, coordinated action by the international community "
            "to ensure that AI serves human well-being and the social good",
            ASEAN,
            False,
        ),
    ]
    assert {q.language for q in evidence.quotes} == {"en"}


def test_titles_are_not_quotes(evidence: ArticleEvidence) -> None:
    texts = {q.text for q in evidence.quotes}
    assert "AI Action Plan" not in texts
    assert "Winning the Race" not in texts


def test_figures(evidence: ArticleEvidence) -> None:
    figures = [
        (f.value, f.unit, f.currency, f.qualifier, f.policy, f.text) for f in evidence.figures
    ]
    assert figures == [
        (40, "countries", None, "more than", CHINA, "40 countries"),
        (28, "pages", None, None, US, "28-page"),
        (5000, "companies", None, "more than", CHINA, "5,000 AI companies"),
        (600_000_000_000, None, "CNY", "about", CHINA, "600 billion yuan"),
        (84_000_000_000, None, "USD", None, CHINA, "$84 billion"),
        (800, "companies", None, "more than", CHINA, "800 companies"),
        (3000, "exhibits", None, "more than", CHINA, "3,000 exhibits"),
    ]


def test_mentions_and_unknown_actors(evidence: ArticleEvidence) -> None:
    assert evidence.mentions == {ASEAN: 2, CHINA: 7, US: 4}
    assert evidence.unknown_actors == {"European Union": 1}
