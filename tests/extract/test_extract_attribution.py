"""Match words, inflection, dimension cues, unknown actors and sentence attribution."""

from __future__ import annotations

from generator.extract import Article, DimensionCues, PolicyMatcher, extract_article
from generator.extract.actors import find_actors, unknown_actors
from generator.extract.mentions import find_mentions

CHINA = PolicyMatcher("cn", ("China", "chinesische", "Li Qiang"))
US = PolicyMatcher(
    "us", ("USA", "US", "Vereinigte Staaten", "Trump-Administration", "amerikanische")
)


def _hits(text: str, *policies: PolicyMatcher) -> list[tuple[str, tuple[str, ...]]]:
    """(matched text, policies) of each mention."""
    return [(text[m.start : m.end], m.policies) for m in find_mentions(text, policies)]


def test_inflection_and_boundaries() -> None:
    text = (
        "Chinas Plan, die chinesischen Firmen, Chinesische Medien, CHINA heute; USAID und USA, "
        "US-Dominanz, die Vereinigten Staaten, die Trump-Administration, amerikanischen Chips, "
        "Chinatown, china."
    )
    assert _hits(text, CHINA, US) == [
        ("Chinas", ("cn",)),
        ("chinesischen", ("cn",)),
        ("Chinesische", ("cn",)),
        ("CHINA", ("cn",)),
        ("USA", ("us",)),
        ("US", ("us",)),
        ("Vereinigten Staaten", ("us",)),
        ("Trump-Administration", ("us",)),
        ("amerikanischen", ("us",)),
    ]


def test_shared_word_counts_for_both_policies() -> None:
    a = PolicyMatcher("a", ("EU",))
    b = PolicyMatcher("b", ("EU", "Brüssel"))
    assert _hits("Die EU und Brüssel.", a, b) == [("EU", ("a", "b")), ("Brüssel", ("b",))]


def test_dimension_cues_match_word_starts() -> None:
    text = "Exportkontrollen und export controls. KI-Chips. Kinder. Us and US. Halbleiterexport."
    dims = (
        DimensionCues("trade", ("Export", "chips")),
        DimensionCues("ai", ("KI",)),
        DimensionCues("us", ("US",)),
    )
    article = Article(path="a.txt", text=text, title="t", language="de")
    evidence = extract_article(article, (), dims)
    assert [(s.text, s.dimensions) for s in evidence.sentences] == [
        ("Exportkontrollen und export controls.", ("trade",)),
        ("KI-Chips.", ("ai", "trade")),
        ("Kinder.", ()),
        ("Us and US.", ("us",)),
        ("Halbleiterexport.", ()),
    ]


def test_unknown_actors_are_gazetteer_hits_no_policy_covers() -> None:
    text = (
        "China, Japan und die Europäische Union trafen die Vereinten Nationen in Stockholm. "
        "Japans Regierung und Tencent stimmten zu, die USA nicht."
    )
    hits = find_actors(text)
    assert unknown_actors(hits, find_mentions(text, (CHINA, US)), (CHINA, US)) == {
        "European Union": 1,
        "Japan": 2,
        "United Nations": 1,
    }


def _policies(text: str, *policies: PolicyMatcher) -> list[tuple[str, tuple[str, ...]]]:
    """(sentence start, policies) for each sentence of a German text."""
    article = Article(path="a.txt", text=text, title="t", language="de")
    return [(s.text[:12], s.policies) for s in extract_article(article, policies, ()).sentences]


def test_inheritance_pronoun_speaker_actor_and_heading() -> None:
    text = (
        "Der chinesische Premier Li Qiang sprach in Shanghai. Die Konferenz war groß. "
        "„Wir handeln“, sagte er. Japan plant Ähnliches. Danach kam nichts.\n\n"
        "Neuer Abschnitt\n\nDie Konferenz endete."
    )
    assert _policies(text, CHINA, US) == [
        ("Der chinesis", ("cn",)),
        ("Die Konferen", ("cn",)),  # no actor: inherits
        ("„Wir handeln", ("cn",)),  # pronoun speaker: inherits
        ("Japan plant ", ()),  # an actor no policy covers: inherits nothing
        ("Danach kam n", ()),
        ("Neuer Abschn", ()),
        ("Die Konferen", ()),  # the heading reset the context
    ]


def test_two_actors_figure_goes_to_the_nearest_mention_before_it() -> None:
    text = "Die USA investieren 5 Milliarden Dollar, China investiert 7 Milliarden Yuan."
    article = Article(path="a.txt", text=text, title="t", language="de")
    evidence = extract_article(article, (CHINA, US), ())
    assert evidence.sentences[0].policies == ("cn", "us")
    assert [(f.text, f.policy) for f in evidence.figures] == [
        ("5 Milliarden Dollar", "us"),
        ("7 Milliarden Yuan", "cn"),
    ]
