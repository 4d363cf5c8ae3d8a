"""Vocabulary of the synthetic benchmark project: invented actors, people, dimensions, phrases."""

from __future__ import annotations

from dataclasses import dataclass

_HEADS = (
    "Xan", "Bel", "Kor", "Zer", "Mal", "Tor", "Vel", "Qua", "Dra", "Lum", "Ost", "Pra",
    "Sil", "Tev", "Ulm", "Wen", "Yar", "Fen", "Gal", "Hes", "Nor", "Rav", "Cal", "Jun",
)  # fmt: skip
_MIDDLES = ("do", "ra", "mi", "ve", "ta", "no", "li", "sa", "ke", "pu", "ro", "be")
_TAILS = ("ria", "nia", "via", "lia", "sia", "dia", "tia", "mia")
NAME_CAPACITY = len(_HEADS) * len(_MIDDLES) ** 2 * len(_TAILS)
_STRIDE = 7919
"""A prime coprime with NAME_CAPACITY: spreads consecutive indexes over the name space."""

REGIONS = (
    "North Atlantic", "Central Steppe", "Eastern Archipelago", "Southern Plateau",
    "Western Coast", "Northern Fjords", "Inner Basin", "Equatorial Belt",
)  # fmt: skip
COUNTRY_FORMS = ("Republic", "Kingdom", "Federation", "Commonwealth")
FIRST_NAMES = (
    "Arlo", "Brida", "Cem", "Dalia", "Eske", "Farid", "Greta", "Hanno", "Ilka", "Joris",
    "Kira", "Lior", "Mira", "Nils", "Oona", "Pavel", "Runa", "Sami", "Tilda", "Vito",
)  # fmt: skip
LAST_NAMES = (
    "Venn", "Okafor", "Lindqvist", "Marek", "Hallberg", "Sato", "Brandt", "Ferreira",
    "Kowal", "Nyberg", "Reyes", "Tamm", "Ubel", "Wirth", "Yilmaz", "Zorn",
)  # fmt: skip
ROLES = (
    ("Prime Minister", "Premierminister"),
    ("Minister for Digital Affairs", "Digitalminister"),
    ("President", "Präsident"),
    ("Secretary-General", "Generalsekretär"),
    ("Chancellor", "Kanzler"),
    ("Commissioner", "Kommissar"),
)
POLICY_KINDS = ("action plan", "strategy", "law", "proposal", "guideline", "statement")
STATUSES = ("presented", "proposed", "in force", "published", "adopted")
TAGS = (
    "AI", "deregulation", "export controls", "global governance", "trade", "safety",
    "privacy", "skills", "research", "industry", "defence", "infrastructure",
)  # fmt: skip
PUBLISHERS = (
    "nordkurier.example", "daily-ledger.example", "morgenpost.example",
    "the-observer.example", "wirtschaftsblatt.example", "policy-review.example",
)  # fmt: skip


@dataclass(frozen=True)
class DimensionSpec:
    """A synthetic dimension: its record fields, the words articles use, and its stances."""

    id: str
    title: str
    question: str
    cues_de: tuple[str, ...]
    cues_en: tuple[str, ...]
    words_de: tuple[str, ...]
    words_en: tuple[str, ...]
    stances: tuple[str, ...]
    scale: tuple[str, str] | None = None


DIMENSIONS = (
    DimensionSpec(
        "overall-goal", "Overall goal", "What does the policy set out to achieve?",
        ("Ziel", "Vision", "Führung", "Förderung"), ("goal", "aim", "vision", "leadership"),
        ("Ziel", "Vision", "Führungsrolle"), ("goal", "vision", "leadership"),
        ("national leadership", "global framework", "safe adoption", "economic growth",
         "public trust"),
    ),
    DimensionSpec(
        "regulatory-approach", "Regulatory approach", "How does it propose to regulate AI?",
        ("Regulierung", "Aufsicht", "Regeln", "Gesetz"), ("regulat", "oversight", "rules", "law"),
        ("Regulierung", "Aufsicht", "Regeln"), ("regulation", "oversight", "rules"),
        ("cut red tape", "risk-based rules", "harmonise rules", "binding law", "voluntary codes"),
        ("fewer rules", "more rules"),
    ),
    DimensionSpec(
        "international-coordination", "International coordination",
        "Does it seek to work with other countries, and through which framework?",
        ("Koordination", "international", "multilateral"),
        ("coordinat", "international", "multilateral"),
        ("Koordination", "internationale Zusammenarbeit"), ("coordination", "international work"),
        ("go it alone", "global coordination", "regional bloc", "bilateral deals",
         "UN framework"),
        ("national, on its own", "global, coordinated"),
    ),
    DimensionSpec(
        "export-controls-trade", "Export controls, chips and trade",
        "What does it say about export controls, semiconductors and trade?",
        ("Export", "Halbleiter", "Chip", "Handel"), ("export", "semiconductor", "chip", "trade"),
        ("Exportkontrollen", "Halbleiter", "Handel"), ("export controls", "semiconductors",
                                                      "trade"),
        ("chip export limits", "against controls", "open trade", "targeted tariffs",
         "supply-chain security"),
        ("open trade", "more controls"),
    ),
    DimensionSpec(
        "risks-named", "Risks named", "Which risks of AI does it name?",
        ("Risik", "Bedrohung", "Desinformation"), ("risk", "threat", "disinformation"),
        ("Risiken", "Bedrohungen", "Desinformation"), ("risks", "threats", "disinformation"),
        ("misinformation", "cyber threats", "monopoly, exclusion", "job losses",
         "frontier model safety"),
    ),
    DimensionSpec(
        "industry-investment", "Industry and investment",
        "How does it treat the AI industry, companies and investment?",
        ("Industrie", "Investition", "Unternehmen"), ("industry", "invest", "compan"),
        ("Industrie", "Investitionen"), ("industry", "investment"),
        ("state and private spending", "tax incentives", "public compute", "venture support",
         "national champions"),
    ),
    DimensionSpec(
        "presentation", "Where and by whom presented",
        "Where, when and by whom was the policy presented?",
        ("Konferenz", "Rede", "Gipfel"), ("conference", "speech", "summit"),
        ("Konferenz", "Rede", "Gipfel"), ("conference", "speech", "summit"),
        ("head of government", "ministry", "summit declaration", "parliament", "secretariat"),
    ),
    DimensionSpec(
        "data-privacy", "Data and privacy", "How does it protect personal data?",
        ("Datenschutz", "Privatsphäre", "Überwachung"), ("privacy", "data protection",
                                                        "surveillance"),
        ("Datenschutz", "Privatsphäre"), ("privacy", "data protection"),
        ("strong data rights", "data sharing first", "sector rules", "no new rules",
         "state access"),
        ("weak protection", "strong protection"),
    ),
    DimensionSpec(
        "labour-skills", "Work and skills", "What does it say about jobs, skills and training?",
        ("Fachkräfte", "Ausbildung", "Beschäftigung"), ("skills", "training", "workforce"),
        ("Fachkräfte", "Ausbildung"), ("skills", "training"),
        ("reskilling fund", "AI in schools", "worker protection", "talent visas",
         "not addressed"),
    ),
    DimensionSpec(
        "research-funding", "Research funding", "How does it fund AI research?",
        ("Forschung", "Wissenschaft", "Förderprogramm"), ("research", "science", "grant"),
        ("Forschung", "Wissenschaft"), ("research", "science"),
        ("public labs", "university grants", "joint centres", "open science", "defence research"),
    ),
    DimensionSpec(
        "military-use", "Military use", "What does it say about AI in defence?",
        ("Militär", "Verteidigung", "Waffen"), ("military", "defence", "weapon"),
        ("Militär", "Verteidigung"), ("military", "defence"),
        ("ban autonomous weapons", "human control", "defence build-up", "not addressed",
         "arms-control talks"),
        ("permissive", "restrictive"),
    ),
    DimensionSpec(
        "compute-infrastructure", "Compute and infrastructure",
        "How does it provide computing power, data centres and energy?",
        ("Rechenzentr", "Rechenleistung", "Energie"), ("data cent", "compute", "energy"),
        ("Rechenzentren", "Rechenleistung"), ("data centres", "computing power"),
        ("national supercomputers", "cloud credits", "energy expansion", "shared regional hubs",
         "private build-out"),
    ),
)  # fmt: skip


def dimension_spec(index: int) -> DimensionSpec:
    """The `index`-th dimension: the named ones first, then numbered aspects."""
    if index < len(DIMENSIONS):
        return DIMENSIONS[index]
    n = index + 1
    word_de, word_en = f"Themenfeld{n}", f"topicfield{n}"
    return DimensionSpec(
        f"aspect-{n:03d}",
        f"Aspect {n}",
        f"What does the policy say about aspect {n}?",
        (word_de,),
        (word_en,),
        (word_de,),
        (word_en,),
        tuple(f"stance {chr(97 + k)}{n}" for k in range(5)),
        ("less", "more") if n % 2 else None,
    )


def actor_stem(index: int) -> str:
    """A unique invented place name; no name is a prefix of another."""
    if index >= NAME_CAPACITY:
        raise ValueError(f"at most {NAME_CAPACITY} synthetic actors")
    j = index * _STRIDE % NAME_CAPACITY
    j, tail = divmod(j, len(_TAILS))
    j, head = divmod(j, len(_HEADS))
    second, first = divmod(j, len(_MIDDLES))
    return _HEADS[head] + _MIDDLES[first] + _MIDDLES[second] + _TAILS[tail]


SENTENCES_DE = (
    "{person}, {role_de} von {name}, sagte, die Regierung wolle bei {word} neue Wege gehen.",
    "Die {adj_de}n Behörden kündigten an, {word} im kommenden Jahr zu priorisieren.",
    "Nach Angaben der Regierung von {name} sollen mehr als {count_de} Unternehmen von den "
    "Maßnahmen profitieren.",
    "Kritiker in {name} warnen, dass {word} ohne klare Regeln zu neuen Abhängigkeiten führen "
    "könnte.",
    "Beobachter sehen im {adj_de}n Plan einen Versuch, bei {word} Maßstäbe zu setzen.",
    "Für {word} stellt {name} bis 2030 rund {money_de} bereit.",
)
SENTENCES_EN = (
    "{person}, {role_en} of {name}, said the government wanted a new approach to {word}.",
    "The {adj_en} authorities announced that {word} would be a priority next year.",
    "According to the government of {name}, more than {count_en} companies are to benefit "
    "from the measures.",
    "Critics in {name} warn that {word} without clear rules could create new dependencies.",
    "Observers see the {adj_en} plan as an attempt to set standards on {word}.",
    "{name} is setting aside about {money_en} for {word} until 2030.",
)
QUOTES_DE = (
    "Wir werden bei {word} nicht abwarten, sondern jetzt handeln",
    "Ohne gemeinsame Regeln für {word} verlieren wir das Vertrauen der Menschen",
    "{name} wird bei {word} mit allen Partnern zusammenarbeiten, die dazu bereit sind",
)
QUOTES_EN = (
    "We will not wait on {word}; we will act now",
    "Without shared rules on {word} we lose the trust of our citizens",
    "{name} will work on {word} with every partner that is ready to do so",
)
POSITION_TEXTS = (
    "The {adj_en} government puts {stance} at the centre of its approach to {word}.",
    "It names {word} as a field where it expects results within the next five years.",
    "Officials of {name} describe the plan as a response to growing pressure on {word}.",
    "The document links this to its budget, without giving a date for the first measures.",
)
