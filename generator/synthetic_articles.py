"""Synthetic news articles for the benchmark's extraction runs: Markdown, text and HTML."""

from __future__ import annotations

import html
import random
from pathlib import Path

import yaml

from generator import synthetic_words as w
from generator.synthetic import Actor, Story, make_actor, quote_text, sentence

_HEADINGS_DE = ("Hintergrund", "Reaktionen", "Die Zahlen", "Wie es weitergeht", "Kritik")
_HEADINGS_EN = ("Background", "Reactions", "The figures", "What comes next", "Criticism")


def quoted(actor: Actor, spec: w.DimensionSpec, language: str, rng: random.Random) -> str:
    """A quotation with its speech verb: „…“, sagte X. / "…," said X."""
    text = quote_text(actor, spec, language, rng)
    if language == "de":
        return f"„{text}“, sagte {actor.role_de} {actor.person}."
    return f'"{text}," said {actor.person}, {actor.role_en} of {actor.stem}.'


def paragraph(
    actors: list[Actor], specs: list[w.DimensionSpec], lang: str, rng: random.Random
) -> str:
    """3–5 sentences about one actor and one dimension, often with a quotation."""
    actor, spec = rng.choice(actors), rng.choice(specs)
    parts = [sentence(actor, spec, lang, rng) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.6:
        parts.insert(rng.randint(0, len(parts)), quoted(actor, spec, lang, rng))
    return " ".join(parts)


def article_sections(
    story: Story, specs: list[w.DimensionSpec], seed: int
) -> list[tuple[str | None, str]]:
    """The article's (heading, paragraph) pairs, 2–6 KB of text in all."""
    rng = random.Random(f"{seed}:article:{story.index}")
    actors = [make_actor(i, seed) for i in story.actors]
    headings = _HEADINGS_DE if story.language == "de" else _HEADINGS_EN
    target = rng.randint(2000, 6000)
    out: list[tuple[str | None, str]] = []
    size = 0
    while size < target:
        heading = rng.choice(headings) if out and rng.random() < 0.3 else None
        text = paragraph(actors, specs, story.language, rng)
        out.append((heading, text))
        size += len(text.encode("utf-8")) + 2
    return out


def render_markdown(story: Story, sections: list[tuple[str | None, str]]) -> str:
    """A Markdown article with front matter, as saved from a news site."""
    front = {
        "title": story.title,
        "publisher": story.publisher,
        "url": story.url,
        "date": story.date,
        "language": story.language,
    }
    meta = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    body = [f"# {story.title}"]
    for heading, text in sections:
        if heading:
            body.append(f"## {heading}")
        body.append(text)
    return f"---\n{meta}---\n\n" + "\n\n".join(body) + "\n"


def render_text(story: Story, sections: list[tuple[str | None, str]]) -> str:
    """A plain-text article: title, paragraphs, the source line last."""
    body = [story.title]
    for heading, text in sections:
        if heading:
            body.append(heading)
        body.append(text)
    body.append(f"Source: {story.url}")
    return "\n\n".join(body) + "\n"


def render_html(story: Story, sections: list[tuple[str | None, str]]) -> str:
    """An HTML article page with a little page furniture around the text."""
    e = html.escape
    body = [f"<h1>{e(story.title)}</h1>"]
    for heading, text in sections:
        if heading:
            body.append(f"<h2>{e(heading)}</h2>")
        body.append(f"<p>{e(text)}</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{story.language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(story.title)}</title>\n</head>\n<body>\n"
        f'<nav><a href="/">{e(story.publisher)}</a></nav>\n<article>\n'
        + "\n".join(body)
        + "\n</article>\n<footer>© 2025</footer>\n</body>\n</html>\n"
    )


def write_article(seeds: Path, story: Story, specs: list[w.DimensionSpec], seed: int) -> Path:
    """Write the article of `story` into `seeds`."""
    sections = article_sections(story, specs, seed)
    path = seeds / story.file_name
    render = {".txt": render_text, ".html": render_html}.get(path.suffix, render_markdown)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(story, sections).encode("utf-8"))
    return path
