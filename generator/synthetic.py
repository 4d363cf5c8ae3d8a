"""A deterministic synthetic project for the benchmark: N policies × D dimensions, M articles."""

from __future__ import annotations

import random
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator import synthetic_words as w
from generator.project import PACKAGE_DIR, Project

REPO_DIR = PACKAGE_DIR.parent
"""The repository the package runs from: its mkdocs.yml and templates/ are copied."""

_SCHEMA_LINE = "# yaml-language-server: $schema={}\n"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August")


@dataclass(frozen=True)
class Actor:
    """An invented actor and the words articles use for it."""

    stem: str
    name: str
    kind: str
    region: str
    adj_de: str
    adj_en: str
    person: str
    role_de: str
    role_en: str


@dataclass(frozen=True)
class Story:
    """One news story: a cited source and, if the project has that many articles, a file."""

    index: int
    language: str
    title: str
    publisher: str
    date: str
    actors: tuple[int, ...]

    @property
    def id(self) -> str:
        """The source id records cite."""
        return f"{self.publisher.split('.')[0]}-{self.index + 1:05d}"

    @property
    def url(self) -> str:
        """A made-up address on a reserved domain."""
        return f"https://{self.publisher}/ai/{self.index + 1:05d}"

    @property
    def file_name(self) -> str:
        """The article's file name under seeds/: mostly Markdown, some text and HTML."""
        ext = {7: ".txt", 9: ".html"}.get(self.index % 10, ".md")
        return f"article-{self.index + 1:05d}{ext}"


def make_actor(index: int, seed: int) -> Actor:
    """The `index`-th actor: a unique invented name, its adjectives and a spokesperson."""
    rng = random.Random(f"{seed}:actor:{index}")
    stem = w.actor_stem(index)
    kind = {8: "bloc", 9: "organisation"}.get(index % 10, "country")
    name = {
        "bloc": f"{stem} Union",
        "organisation": f"{stem} Council",
    }.get(kind, f"{rng.choice(w.COUNTRY_FORMS)} of {stem}")
    role_en, role_de = rng.choice(w.ROLES)
    return Actor(
        stem=stem,
        name=name,
        kind=kind,
        region=w.REGIONS[index % len(w.REGIONS)],
        adj_de=stem[:-1].lower() + "sche",
        adj_en=stem + "n",
        person=f"{rng.choice(w.FIRST_NAMES)} {rng.choice(w.LAST_NAMES)}",
        role_de=role_de,
        role_en=role_en,
    )


def phrase_fields(actor: Actor, word: str, rng: random.Random) -> dict[str, str]:
    """The values a sentence template may use."""
    count = rng.choice((800, 1200, 2500, 5000, 12000))
    billions = rng.choice((2, 5, 12, 40, 84))
    return {
        "name": actor.stem,
        "adj_de": actor.adj_de,
        "adj_en": actor.adj_en,
        "person": actor.person,
        "role_de": actor.role_de,
        "role_en": actor.role_en,
        "word": word,
        "count_de": f"{count:,}".replace(",", "."),
        "count_en": f"{count:,}",
        "money_de": f"{billions} Milliarden Dollar",
        "money_en": f"{billions} billion dollars",
    }


def sentence(actor: Actor, spec: w.DimensionSpec, language: str, rng: random.Random) -> str:
    """A sentence about `actor` on one dimension, in German or English."""
    words = spec.words_de if language == "de" else spec.words_en
    templates = w.SENTENCES_DE if language == "de" else w.SENTENCES_EN
    return rng.choice(templates).format(**phrase_fields(actor, rng.choice(words), rng))


def quote_text(actor: Actor, spec: w.DimensionSpec, language: str, rng: random.Random) -> str:
    """Words the actor's spokesperson said, without quotation marks."""
    words = spec.words_de if language == "de" else spec.words_en
    templates = w.QUOTES_DE if language == "de" else w.QUOTES_EN
    return rng.choice(templates).format(name=actor.stem, word=rng.choice(words))


def plan_citations(policies: int, seed: int) -> tuple[int, list[list[int]]]:
    """How many sources there are, and which 2–3 each policy cites (shared by ~5 policies)."""
    count = max(3, policies // 2)
    rng = random.Random(f"{seed}:citations")
    return count, [sorted(rng.sample(range(count), rng.randint(2, 3))) for _ in range(policies)]


def make_story(index: int, policies: int, cited_by: dict[int, list[int]], seed: int) -> Story:
    """The `index`-th story; it mentions the policies that cite it, else 1–3 at random."""
    rng = random.Random(f"{seed}:story:{index}")
    actors = cited_by.get(index) or rng.sample(range(policies), min(policies, rng.randint(1, 3)))
    language = "de" if index % 2 == 0 else "en"
    first = make_actor(actors[0], seed)
    title = (
        f"{first.stem} legt Pläne für künstliche Intelligenz vor"
        if language == "de"
        else f"{first.stem} sets out its plans for artificial intelligence"
    )
    date = f"2025-{rng.randint(1, 8):02d}-{rng.randint(1, 28):02d}"
    return Story(index, language, title, rng.choice(w.PUBLISHERS), date, tuple(actors[:3]))


def source_entry(story: Story, articles: int) -> dict[str, Any]:
    """The `sources:` entry of a record citing `story`."""
    entry: dict[str, Any] = {
        "id": story.id,
        "title": story.title,
        "publisher": story.publisher,
        "url": story.url,
        "date": story.date,
        "language": story.language,
    }
    if story.index < articles:
        entry["path"] = f"seeds/{story.file_name}"
    return entry


def figure_entries(actor: Actor, stories: list[Story], rng: random.Random) -> list[dict[str, Any]]:
    """2–4 figures as an article states them."""
    kinds = rng.sample(["companies", "money", "countries", "specialists"], rng.randint(2, 4))
    out = []
    for kind in kinds:
        story = rng.choice(stories)
        de = story.language == "de"
        n = rng.choice((40, 800, 5000, 12000))
        text_n = f"{n:,}".replace(",", ".") if de else f"{n:,}"
        fig: dict[str, Any]
        if kind == "money":
            b = rng.choice((2, 5, 12, 84))
            fig = {"value": b * 1_000_000_000, "unit": "US dollars", "currency": "USD"}
            fig |= {"qualifier": "about", "label": f"spending planned by {actor.stem}"}
            fig["text"] = f"{b} Milliarden Dollar" if de else f"{b} billion dollars"
        else:
            unit_de = {"companies": "Unternehmen", "countries": "Länder"}.get(kind, "Fachkräfte")
            fig = {"value": n, "unit": kind, "qualifier": "more than"}
            fig["label"] = f"{kind} the {actor.adj_en} plan names"
            fig["text"] = f"mehr als {text_n} {unit_de}" if de else f"more than {text_n} {kind}"
        fig["source"] = story.id
        out.append(fig)
    return out


def position_entry(
    actor: Actor, spec: w.DimensionSpec, stories: list[Story], rng: random.Random
) -> dict[str, Any]:
    """A position on one dimension: stance, leaning, text and 1–3 cited passages."""
    stance = rng.choice(spec.stances)
    pos: dict[str, Any] = {"stance": stance}
    if spec.scale is not None:
        pos["leaning"] = rng.randint(-2, 2)
    fields = phrase_fields(actor, rng.choice(spec.words_en), rng) | {"stance": stance}
    pos["text"] = " ".join(t.format(**fields) for t in rng.sample(w.POSITION_TEXTS, 3))
    evidence = []
    for _ in range(rng.randint(1, 3)):
        story = rng.choice(stories)
        evidence.append({"source": story.id, "text": sentence(actor, spec, story.language, rng)})
    pos["evidence"] = evidence
    return pos


def quote_entries(
    actor: Actor, specs: list[w.DimensionSpec], stories: list[Story], rng: random.Random
) -> list[dict[str, Any]]:
    """2–4 quotes of the actor's spokesperson; the last is sometimes a quoted phrase."""
    out = []
    count = rng.randint(2, 4)
    for i in range(count):
        story = rng.choice(stories)
        spec = rng.choice(specs)
        q: dict[str, Any] = {"speaker": actor.person, "role": actor.role_en}
        if i == count - 1 and rng.random() < 0.3:
            words = spec.words_de if story.language == "de" else spec.words_en
            q |= {"text": rng.choice(words), "fragment": True}
        else:
            q["text"] = quote_text(actor, spec, story.language, rng)
        q |= {"language": story.language, "source": story.id}
        out.append(q)
    return out


def policy_record(
    index: int,
    specs: list[w.DimensionSpec],
    stories: list[Story],
    articles: int,
    seed: int,
) -> dict[str, Any]:
    """One valid policy record of ~9 KB (at 12 dimensions), like the hand-written ones."""
    rng = random.Random(f"{seed}:policy:{index}")
    actor = make_actor(index, seed)
    kind = w.POLICY_KINDS[index % len(w.POLICY_KINDS)]
    month = rng.randint(1, 8)
    topics = ", ".join(s.words_en[0] for s in rng.sample(specs, min(3, len(specs))))
    rec: dict[str, Any] = {
        "title": f"AI {kind} of the {actor.name}",
        "short_title": f"{actor.stem} AI {kind}",
        "actor": {"name": actor.name, "kind": actor.kind, "region": actor.region},
        "kind": kind,
        "status": rng.choice(w.STATUSES),
        "announced": f"2025-{month:02d}",
        "summary": summary_text(actor, kind, month, topics),
    }
    if rng.random() < 0.5:
        rec["venue"] = f"{actor.stem} Digital Forum"
    if rng.random() < 0.6:
        rec["document"] = {"title": f"{actor.stem} AI {kind}", "pages": rng.randint(12, 140)}
    rec["match_words"] = {
        "de": [actor.stem, f"{actor.stem}s", actor.adj_de, f"{actor.adj_de}n", f"{actor.adj_de}r"],
        "en": [actor.stem, actor.adj_en, actor.name],
    }
    chosen = [s for s in specs if rng.random() < 0.85] or specs[:1]
    rec["positions"] = {s.id: position_entry(actor, s, stories, rng) for s in chosen}
    rec["quotes"] = quote_entries(actor, specs, stories, rng)
    rec["figures"] = figure_entries(actor, stories, rng)
    rec["sources"] = [source_entry(s, articles) for s in stories]
    rec["tags"] = rng.sample(w.TAGS, rng.randint(2, 3))
    return rec


def summary_text(actor: Actor, kind: str, month: int, topics: str) -> str:
    """A record's summary: two short paragraphs, wrapped like hand-written YAML."""
    paragraphs = (
        f"The {kind} of the {actor.name} sets out how the {actor.adj_en} government means to "
        f"govern artificial intelligence. It was presented in {MONTHS[month - 1]} 2025 by "
        f"{actor.person}, {actor.role_en}, and covers {topics}.",
        f"Observers read it as an answer to the plans of its neighbours in the {actor.region} "
        "region; its budget is set for the years until 2030.",
    )
    return "\n\n".join(textwrap.fill(p, 96) for p in paragraphs) + "\n"


def dimensions_doc(dimensions: int) -> dict[str, Any]:
    """content/dimensions.yaml with `dimensions` entries and cues in German and English."""
    out = []
    for i in range(dimensions):
        spec = w.dimension_spec(i)
        entry: dict[str, Any] = {
            "id": spec.id,
            "title": spec.title,
            "question": spec.question,
            "order": (i + 1) * 10,
        }
        if spec.scale is not None:
            entry["scale"] = {"low": spec.scale[0], "high": spec.scale[1]}
        entry["cues"] = {"de": list(spec.cues_de), "en": list(spec.cues_en)}
        out.append(entry)
    return {"dimensions": out}


def site_doc(policies: int, dimensions: int, articles: int) -> dict[str, Any]:
    """content/site.yaml of the synthetic project."""
    return {
        "title": f"Synthetic benchmark: {policies} policies",
        "description": f"{policies} invented policies compared on {dimensions} dimensions.",
        "intro": (
            "Every actor, person and figure on this site is invented. The project is generated "
            f"by `policy-site bench` ({policies} policies, {dimensions} dimensions, "
            f"{articles} articles) to measure the generator.\n"
        ),
        "language": "en",
        "publisher": "policy-site bench",
    }


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as a literal block, as a person would."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Text with line breaks as `|` blocks, other text as usual."""
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def write_yaml(path: Path, schema: str, data: dict[str, Any]) -> None:
    """Write one YAML file, starting with the editor's schema line."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((_SCHEMA_LINE.format(schema) + body).encode("utf-8"))


def copy_scaffold(root: Path) -> None:
    """Copy mkdocs.yml, templates/ and the schemas (for the records' $schema line)."""
    templates = REPO_DIR / "templates"
    if not templates.is_dir() or not (REPO_DIR / "mkdocs.yml").is_file():
        raise FileNotFoundError(
            f"{REPO_DIR} has no templates/ and mkdocs.yml: run from a checkout of policy-site"
        )
    shutil.copy(REPO_DIR / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(templates, root / "templates")
    shutil.copytree(PACKAGE_DIR / "schema", root / "generator" / "schema")


def make_project(
    root: Path, policies: int, dimensions: int, articles: int, seed: int = 0
) -> Project:
    """Write a synthetic project into `root` (new or empty); same arguments, same bytes."""
    from generator.synthetic_articles import write_article

    if policies < 1 or dimensions < 1 or articles < 0:
        raise ValueError("need at least 1 policy and 1 dimension, and no negative article count")
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    root.mkdir(parents=True, exist_ok=True)
    project = Project(root)
    copy_scaffold(root)
    write_yaml(
        project.settings_file,
        "../generator/schema/site.schema.json",
        site_doc(policies, dimensions, articles),
    )
    write_yaml(
        project.dimensions_file,
        "../generator/schema/dimensions.schema.json",
        dimensions_doc(dimensions),
    )
    specs = [w.dimension_spec(i) for i in range(dimensions)]
    source_count, citations = plan_citations(policies, seed)
    cited_by: dict[int, list[int]] = {}
    for policy, cited in enumerate(citations):
        for k in cited:
            cited_by.setdefault(k, []).append(policy)
    stories = [make_story(k, policies, cited_by, seed) for k in range(max(source_count, articles))]
    for i in range(policies):
        record = policy_record(i, specs, [stories[k] for k in citations[i]], articles, seed)
        actor = make_actor(i, seed)
        kind = w.POLICY_KINDS[i % len(w.POLICY_KINDS)].replace(" ", "-")
        path = project.policies_dir / f"{actor.stem.lower()}-{kind}.yaml"
        write_yaml(path, "../../generator/schema/policy.schema.json", record)
    for story in stories[:articles]:
        write_article(project.seeds_dir, story, specs, seed)
    return project
