"""The page model: which pages the site has, from which template, and the navigation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model import Site

NAV_LIST_LIMIT = 40
"""Past this many policies (or sources) the navigation shows only their index page: listing
every page in every page's navigation makes the site build grow quadratically."""


def is_compact(site: Site) -> bool:
    """A big site: matrices per region, dimension pages without every policy's evidence."""
    return len(site.policies) > NAV_LIST_LIMIT


@dataclass(frozen=True)
class Page:
    """One generated Markdown page."""

    path: str
    templates: tuple[str, ...]
    title: str
    generated_from: str
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    weight: int = 1
    """Roughly how much rendering the page takes, in record pages: one listing every policy
    weighs as much as all of their pages."""


def plan_pages(site: Site, labels: dict[str, Any]) -> list[Page]:
    """Every page of the site, in a stable order."""
    every, records, whole = "content/", "content/policies/", len(site.policies)
    pages = [
        Page("index.md", ("index.md.j2",), labels["home"], every, weight=whole),
        Page("compare.md", ("compare.md.j2",), labels["compare"], every, weight=whole),
        Page("policies/index.md", ("policies.md.j2",), labels["policies"], records, weight=whole),
        Page("dimensions/index.md", ("dimensions.md.j2",), labels["dimensions"], every),
        Page("quotes.md", ("quotes.md.j2",), labels["quotes"], records, weight=whole),
        Page("figures.md", ("figures.md.j2",), labels["figures"], records, weight=whole),
        Page("sources/index.md", ("sources.md.j2",), labels["sources"], records, weight=whole),
        Page("tags.md", ("tags.md.j2",), labels["tags"], records, weight=whole),
    ]
    for p in site.policies:
        pages.append(
            Page(
                f"policies/{p.id}.md",
                (f"policy-{p.id}.md.j2", "policy.md.j2"),
                p.short_title,
                p.file,
                {"policy": p},
            )
        )
    for d in site.dimensions:
        pages.append(
            Page(
                f"dimensions/{d.id}.md",
                (f"dimension-{d.id}.md.j2", "dimension.md.j2"),
                d.title,
                "content/",
                {"dimension": d},
                weight=whole,
            )
        )
    for s in site.sources:
        pages.append(
            Page(
                f"sources/{s.id}.md",
                (f"source-{s.id}.md.j2", "source.md.j2"),
                s.title,
                "content/policies/",
                {"source": s},
            )
        )
    return pages


def _listed(count: int) -> bool:
    """Whether the navigation lists a section's pages, or leaves them to its index page."""
    return count <= NAV_LIST_LIMIT


def _section(title: str, index: str, children: list[Page]) -> dict[str, Any]:
    """A navigation section: its index page, then its pages unless there are too many."""
    entries: list[Any] = [index]
    if _listed(len(children)):
        entries += [{c.title: c.path} for c in children]
    return {title: entries}


def not_in_nav(site: Site) -> str:
    """MkDocs' `not_in_nav` patterns: the sections whose pages the navigation leaves out."""
    sections = {
        "policies": len(site.policies),
        "sources": len(site.sources),
        "dimensions": len(site.dimensions),
    }
    return "\n".join(f"/{name}/*.md" for name, count in sections.items() if not _listed(count))


def plan_nav(pages: list[Page], labels: dict[str, Any]) -> list[Any]:
    """The navigation: sections with index pages, long lists left to the index pages."""

    def under(prefix: str) -> list[Page]:
        return [p for p in pages if p.path.startswith(prefix) and not p.path.endswith("index.md")]

    return [
        {labels["home"]: "index.md"},
        {labels["compare"]: "compare.md"},
        _section(labels["dimensions"], "dimensions/index.md", under("dimensions/")),
        _section(labels["policies"], "policies/index.md", under("policies/")),
        {labels["quotes"]: "quotes.md"},
        {labels["figures"]: "figures.md"},
        _section(labels["sources"], "sources/index.md", under("sources/")),
        {labels["tags"]: "tags.md"},
    ]
