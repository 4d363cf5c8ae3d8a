"""Whole expected results on the German seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extract_data import ASEAN, CHINA, SEED, SEED_DIMENSIONS, SEED_POLICIES, US

from generator.extract import ArticleEvidence, evidence_to_json, extract_article, read_article


@pytest.fixture(scope="module")
def evidence() -> ArticleEvidence:
    """The seed article, extracted once."""
    return extract_article(read_article(SEED), SEED_POLICIES, SEED_DIMENSIONS)


LI_1 = (
    "Insgesamt ist die globale KI-Governance noch fragmentiert. Die Länder weisen große "
    "Unterschiede auf, insbesondere in Bezug auf regulatorische Konzepte und institutionelle "
    "Regeln. Wir sollten die Koordination stärken, um so schnell wie möglich einen globalen "
    "Governance-Rahmen für KI zu schaffen, der einen breiten Konsens hat."
)
LI_2 = "Wichtige Ressourcen und Fähigkeiten sind in wenigen Ländern und Unternehmen konzentriert"
LI_3 = (
    "Wenn wir in einen technologischen Monopolismus verfallen und Kontrollen sowie Beschränkungen "
    "auferlegen, wird KI zu einem exklusiven Spiel für eine kleine Gruppe von Ländern und "
    "Unternehmen."
)
KAO = (
    "Diese Entwicklungen erfordern dringende, koordinierte Maßnahmen der internationalen "
    "Gemeinschaft, um sicherzustellen, dass KI dem menschlichen Wohl und dem sozialen Guten dient"
)


def test_statements_are_the_four_direct_quotes(evidence: ArticleEvidence) -> None:
    statements = [(q.speaker, q.role, q.text, q.policy) for q in evidence.quotes if not q.fragment]
    assert statements == [
        ("Li Qiang", "Premier", LI_1, CHINA),
        ("Li Qiang", "Premier", LI_2, CHINA),
        ("Li Qiang", "Premier", LI_3, CHINA),
        ("Kao Kim Hourn", "Generalsekretär der ASEAN", KAO, ASEAN),
    ]


def test_the_three_sentence_quotation_is_one_quote(evidence: ArticleEvidence) -> None:
    first = evidence.quotes[0]
    assert first.text == LI_1
    assert first.language == "de"
    assert not first.fragment
    assert [q.sentence_no for q in evidence.quotes if not q.fragment] == [8, 13, 14, 25]


def test_fragments(evidence: ArticleEvidence) -> None:
    fragments = [(q.speaker, q.role, q.text, q.policy) for q in evidence.quotes if q.fragment]
    assert fragments == [
        (None, None, "bürokratische Hürden", US),
        ("Kao Kim Hourn", "Generalsekretär der ASEAN", "robusten Governance", ASEAN),
    ]


def test_figures(evidence: ArticleEvidence) -> None:
    figures = [
        (f.value, f.unit, f.currency, f.qualifier, f.policy, f.text) for f in evidence.figures
    ]
    assert figures == [
        (40, "countries", None, "more than", CHINA, "40 Länder"),
        (28, "pages", None, None, US, "28-seitigen"),
        (5000, "companies", None, "more than", CHINA, "5.000 KI-Unternehmen"),
        (600_000_000_000, None, "CNY", "about", CHINA, "600 Milliarden Yuan"),
        (84_000_000_000, None, "USD", None, CHINA, "84 Milliarden USD"),
        (800, "companies", None, "more than", CHINA, "800 Unternehmen"),
        (3000, "exhibits", None, "more than", CHINA, "3.000 Exponate"),
    ]


def test_offsets_point_into_the_article_text(evidence: ArticleEvidence) -> None:
    text = read_article(SEED).text
    for s in evidence.sentences:
        assert text[s.start : s.end] == s.text
    for q in evidence.quotes:
        assert text[q.start : q.end] == q.text
        assert evidence.sentences[q.sentence_no - 1].start <= q.start
    for f in evidence.figures:
        assert text[f.start : f.end] == f.text
        s = evidence.sentences[f.sentence_no - 1]
        assert s.start <= f.start < s.end


def test_sentences_headings_and_repaired_breaks(evidence: ArticleEvidence) -> None:
    texts = [s.text for s in evidence.sentences]
    assert "Die Milliarden, die im globalen KI-Rennen investiert werden" in texts
    assert any(t.endswith("um ihre Technologien global zu präsentieren.") for t in texts)
    headings = [s.text for s in evidence.sentences if s.heading]
    assert headings[:3] == [
        "China schlägt globale KI-Governance vor, während die USA isoliert handeln",
        "Chinas Vision für die KI-Regulierung",
        "Handelskonflikte und technologische Monopole",
    ]
    assert [s.no for s in evidence.sentences] == list(range(1, len(evidence.sentences) + 1))


def test_sentence_policies_inherit_and_reset(evidence: ArticleEvidence) -> None:
    by_start = {s.text[:30]: s.policies for s in evidence.sentences}
    assert by_start["In diesem Jahr nahmen über 800"] == (CHINA,)
    assert by_start["„Wichtige Ressourcen und Fähig"] == (CHINA,)
    assert by_start["„Diese Entwicklungen erfordern"] == (ASEAN,)
    assert by_start["Handelskonflikte und technolog"] == ()
    assert by_start["Daten der Weltorganisation für"] == ()


def test_dimensions_use_word_start_cues(evidence: ArticleEvidence) -> None:
    tagged = [s.text[:25] for s in evidence.sentences if "export-controls-trade" in s.dimensions]
    assert tagged == [
        "Diese Entwicklungen sind ",
        "Obwohl Li die USA in sein",
        "Die KI-Chips sind zu eine",
    ]


def test_mentions_and_unknown_actors(evidence: ArticleEvidence) -> None:
    assert evidence.mentions == {ASEAN: 2, CHINA: 17, US: 11}
    assert evidence.unknown_actors == {"World Intellectual Property Organization": 1}


def test_json_view(evidence: ArticleEvidence, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEED.parents[1])
    relative = Path("seeds") / SEED.name
    view = evidence_to_json(extract_article(read_article(relative), SEED_POLICIES, SEED_DIMENSIONS))
    assert view["path"] == "seeds/" + SEED.name
    assert (
        view["title"] == "China schlägt globale KI-Governance vor, während die USA isoliert handeln"
    )
    assert view["language"] == "de"
    assert view["sentences"] == len(evidence.sentences)
    assert view["policies"] == {ASEAN: 2, CHINA: 17, US: 11}
    assert view["quotes"][1] == {
        "speaker": None,
        "role": None,
        "text": "bürokratische Hürden",
        "policy": US,
        "fragment": True,
    }
    assert view["figures"][3] == {
        "value": 600000000000,
        "unit": None,
        "currency": "CNY",
        "qualifier": "about",
        "policy": CHINA,
        "text": "600 Milliarden Yuan",
    }
    assert list(view) == ["path", "title", "language", "sentences", "policies", "quotes", "figures"]
    json.dumps(view)


def test_extraction_is_deterministic() -> None:
    article = read_article(SEED)
    first = extract_article(article, SEED_POLICIES, SEED_DIMENSIONS)
    again = extract_article(read_article(SEED), tuple(reversed(SEED_POLICIES)), SEED_DIMENSIONS)
    assert evidence_to_json(first) == evidence_to_json(again)
    assert first == extract_article(article, SEED_POLICIES, SEED_DIMENSIONS)
