"""Hard cases: nested and multi-paragraph quotes, pronoun speakers, two actors, number formats,
titles in quotation marks, headings that reset attribution."""

from __future__ import annotations

import pytest
from extract_data import FIXTURES, HARD_POLICIES

from generator.extract import ArticleEvidence, PolicyMatcher, extract_article, read_article


def _extract(name: str) -> ArticleEvidence:
    """Extract a fixture with the hard-case policies."""
    return extract_article(read_article(FIXTURES / name), HARD_POLICIES, ())


@pytest.fixture(scope="module")
def german() -> ArticleEvidence:
    """hard-cases-de.md, extracted once."""
    return _extract("hard-cases-de.md")


@pytest.fixture(scope="module")
def english() -> ArticleEvidence:
    """hard-cases-en.md, extracted once."""
    return _extract("hard-cases-en.md")


def test_german_quotes(german: ArticleEvidence) -> None:
    quotes = [(q.speaker, q.role, q.text, q.policy, q.fragment) for q in german.quotes]
    assert quotes == [
        # A pronoun speaker ("sagte er") is the person named last.
        (
            "Friedrich Merz",
            "Bundeskanzler",
            "Wir brauchen klare Regeln für KI. Europa darf nicht zurückfallen",
            "germany",
            False,
        ),
        # The next quotation has no attribution: same speaker, but a quote of its own.
        ("Friedrich Merz", "Bundeskanzler", "Das gilt auch für Start-ups.", "germany", False),
        # „Made in China 2025“ and das Programm „KI-Offensive“ are titles, not quotes.
        (None, None, "historische Chance", None, True),
        (
            "Eva Schmidt",
            "Sprecherin des Ministeriums",
            "Die drei Säulen der Strategie stehen.",
            None,
            False,
        ),
    ]


def test_german_figures(german: ArticleEvidence) -> None:
    figures = [(f.value, f.unit, f.currency, f.qualifier, f.policy, f.text) for f in german.figures]
    assert figures == [
        # Two actors in one sentence: the nearest mention before the figure wins.
        (12_000_000_000, None, "EUR", None, "japan", "12 Milliarden Euro"),
        (5_000_000_000, None, "EUR", None, "japan", "5 Mrd. Euro"),
        # After the heading "Zahlen und Titel" nothing is inherited.
        (84.5, "percent", None, None, None, "84,5 Prozent"),
        (5000, "employees", None, "about", None, "5.000 Mitarbeiter"),
        (3, "pillars", None, None, None, "drei Säulen"),
    ]


def test_german_sentences(german: ArticleEvidence) -> None:
    texts = [s.text for s in german.sentences]
    assert "Bundeskanzler Friedrich Merz sprach am 26. Juli in Berlin vor Unternehmern." in texts
    assert "Prof. Dr. Max Müller sagte z. B., das sei gut." in texts
    assert "Seit 2019 gilt die Regel Nr. 5 für den Export." in texts
    two_actors = next(s for s in german.sentences if s.text.startswith("Die EU und Japan"))
    assert two_actors.policies == ("eu", "japan")


def test_english_quotes(english: ArticleEvidence) -> None:
    quotes = [(q.speaker, q.role, q.text, q.policy, q.fragment) for q in english.quotes]
    assert quotes == [
        # Nested single quotes stay inside the outer quotation.
        ("Jane Doe", "Commissioner", "They called it ‘a disaster’ and left.", "eu", False),
        # A quotation over two paragraphs (no closing mark at the first paragraph's end).
        (
            "Mark Carney",
            "Prime Minister",
            "We will act. We will act quickly. And we will not wait for others",
            "canada",
            False,
        ),
        # "AI Action Plan" and «Stargate» are titles; a lower-case phrase is a fragment.
        (None, None, "a historic opportunity for everyone", None, True),
    ]


def test_english_figures(english: ArticleEvidence) -> None:
    figures = [
        (f.value, f.unit, f.currency, f.qualifier, f.policy, f.text) for f in english.figures
    ]
    assert figures == [
        (1_500_000_000, None, "USD", None, "japan", "$1.5bn"),
        (2_500_000_000, None, "EUR", None, "japan", "2.5 billion euros"),
        # "He added ...": a pronoun speaker continues Carney's context.
        (84.5, "percent", None, None, "canada", "84.5 percent"),
        (5000, "employees", None, "about", "canada", "5,000 employees"),
        (12, "officials", None, None, "us", "12 officials"),
    ]


def test_english_sentences_keep_abbreviations(english: ArticleEvidence) -> None:
    texts = [s.text for s in english.sentences]
    assert "The U.S. Commerce Dept. has 12 officials on it." in texts
    assert any(t.startswith("The countries' plans don't rely on Washington's rules") for t in texts)
    assert [s.text for s in english.sentences if s.heading] == ["Trade and rules", "Titles"]


NEWS_POLICIES = (
    PolicyMatcher("eu-ai-act", ("EU", "European Union", "European Commission", "Thierry Breton")),
    PolicyMatcher(
        "de-ki",
        ("Deutschland", "Germany", "German", "Bundesregierung", "Bundeskabinett", "Volker Wissing"),
    ),
    PolicyMatcher("us", ("USA", "US", "U.S.", "Washington", "United States", "Joe Biden")),
    PolicyMatcher("cn", ("China", "chinesische", "Chinese")),
)


def test_speaker_without_match_word_takes_the_policy_of_their_introduction() -> None:
    article = read_article(FIXTURES / "ki-strategie-de.txt")
    evidence = extract_article(article, NEWS_POLICIES, ())
    quotes = [(q.speaker, q.role, q.text[:40], q.policy, q.fragment) for q in evidence.quotes]
    assert quotes == [
        (
            "Bettina Stark-Watzinger",
            "Forschungsministerin",
            "Wir wollen Deutschland zu einem führende",
            "de-ki",
            False,
        ),
        # "so die Ministerin": the last person whose role has that word.
        (
            "Bettina Stark-Watzinger",
            "Forschungsministerin",
            "Talente zu halten und Start-ups zu förde",
            "de-ki",
            False,
        ),
        ("Thomas Jarzombek", "CDU-Abgeordnete", "zu zaghaft", "de-ki", True),
        # The USA and China inside his quotation do not make it theirs.
        (
            "Thomas Jarzombek",
            "CDU-Abgeordnete",
            "Andere Länder wie die USA und China inve",
            "de-ki",
            False,
        ),
    ]
    assert [(f.text, f.qualifier, f.policy) for f in evidence.figures] == [
        ("5 Milliarden Euro", "about", "de-ki"),
        ("50 Maßnahmen", "more than", "de-ki"),
        ("10.000 Fachkräfte", "more than", "de-ki"),
    ]
    assert evidence.mentions == {"cn": 1, "de-ki": 3, "us": 1}


def test_news_style_english() -> None:
    evidence = extract_article(read_article(FIXTURES / "eu-ai-act-en.txt"), NEWS_POLICIES, ())
    quotes = [(q.speaker, q.role, q.text[:30], q.policy, q.fragment) for q in evidence.quotes]
    assert quotes == [
        ("Thierry Breton", "chief", "Today member states endorsed t", "eu-ai-act", False),
        ("Volker Wissing", "Digital Minister", "a good result for Germany", "de-ki", True),
        ("Volker Wissing", "Digital Minister", "We have made sure that innovat", "de-ki", False),
    ]
    figures = [(f.value, f.unit, f.currency, f.qualifier, f.text) for f in evidence.figures]
    assert figures == [
        (35_000_000, None, "EUR", "up to", "35 million euros"),
        (7, "percent", None, None, "7%"),
    ]
    assert evidence.unknown_actors == {"France": 1, "Italy": 1}
