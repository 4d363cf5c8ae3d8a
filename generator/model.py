"""The site model: validated records turned into objects the templates read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.load import RawRecords, policy_id_of


@dataclass(frozen=True)
class Dimension:
    """One comparison question."""

    id: str
    title: str
    question: str
    order: int
    cues: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, hash=False)
    scale_low: str | None = None
    scale_high: str | None = None


@dataclass(frozen=True)
class Source:
    """An article or document that records cite."""

    id: str
    title: str
    publisher: str | None = None
    url: str | None = None
    date: str | None = None
    language: str | None = None
    path: str | None = None


@dataclass(frozen=True)
class Extracted:
    """Where `policy-site extract` found an item."""

    key: str
    article: str
    sentence: int
    start: int | None = None
    end: int | None = None
    text: str | None = None


@dataclass(frozen=True)
class Evidence:
    """A passage of a source backing a position."""

    policy_id: str
    dimension_id: str
    source: Source
    text: str | None = None
    note: str | None = None
    extracted: Extracted | None = None


@dataclass(frozen=True)
class Position:
    """A policy's stance and explanation on one dimension."""

    policy_id: str
    dimension: Dimension
    stance: str | None
    text: str | None
    evidence: tuple[Evidence, ...] = ()
    leaning: int | None = None

    def relation(self, other: Position | None) -> str | None:
        """ "same" or "opposite" when two positions on one dimension agree or oppose, else None."""
        if other is None:
            return None
        if self.leaning and other.leaning:
            return "same" if (self.leaning > 0) == (other.leaning > 0) else "opposite"
        if self.stance and other.stance and self.stance.casefold() == other.stance.casefold():
            return "same"
        return None


@dataclass(frozen=True)
class Quote:
    """A verbatim statement."""

    policy_id: str
    text: str
    source: Source
    speaker: str | None = None
    role: str | None = None
    language: str | None = None
    fragment: bool = False
    extracted: Extracted | None = None


@dataclass(frozen=True)
class Figure:
    """A number stated in a source."""

    policy_id: str
    value: int | float
    unit: str
    source: Source
    currency: str | None = None
    qualifier: str | None = None
    text: str | None = None
    label: str | None = None
    extracted: Extracted | None = None


@dataclass(frozen=True)
class Actor:
    """Who stands behind a policy."""

    name: str
    kind: str
    region: str | None = None


@dataclass(frozen=True)
class Document:
    """The policy document itself."""

    title: str | None = None
    pages: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class Policy:
    """One policy record, validated."""

    id: str
    file: str
    title: str
    short_title: str
    actor: Actor
    kind: str
    summary: str
    status: str | None
    announced: str | None
    venue: str | None
    document: Document | None
    match_words: dict[str, tuple[str, ...]]
    positions: dict[str, Position]
    quotes: tuple[Quote, ...]
    figures: tuple[Figure, ...]
    sources: tuple[Source, ...]
    tags: tuple[str, ...]
    language: str | None

    def position(self, dimension_id: str) -> Position | None:
        """The position on a dimension, or None when the record has none."""
        return self.positions.get(dimension_id)


@dataclass(frozen=True)
class Settings:
    """The site's own words (content/site.yaml)."""

    title: str = "Policy comparison"
    description: str = ""
    intro: str = ""
    language: str = "en"
    site_url: str | None = None
    cite: str | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class Site:
    """Everything the pages show: settings, dimensions in order, policies in order, sources."""

    settings: Settings
    dimensions: tuple[Dimension, ...]
    policies: tuple[Policy, ...]
    sources: tuple[Source, ...]

    @cached_property
    def _quotes_by_speaker(self) -> list[tuple[str, list[Quote]]]:
        """All quotes grouped by speaker, speakers in alphabetical order (computed once)."""
        groups: dict[str, list[Quote]] = defaultdict(list)
        for policy in self.policies:
            for quote in policy.quotes:
                groups[quote.speaker or ""].append(quote)
        return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))

    def quotes_by_speaker(self) -> list[tuple[str, list[Quote]]]:
        """All quotes grouped by speaker, speakers in alphabetical order."""
        return self._quotes_by_speaker

    @cached_property
    def _uses(self) -> dict[str, list[Evidence | Quote | Figure]]:
        """Every cited item per source id, in record order (one pass over the site)."""
        uses: dict[str, list[Evidence | Quote | Figure]] = defaultdict(list)
        for policy in self.policies:
            for position in policy.positions.values():
                for e in position.evidence:
                    uses[e.source.id].append(e)
            for q in policy.quotes:
                uses[q.source.id].append(q)
            for f in policy.figures:
                uses[f.source.id].append(f)
        return uses

    def uses_of(self, source_id: str) -> list[Evidence | Quote | Figure]:
        """Every item of every record that cites `source_id`, in record order."""
        return self._uses.get(source_id, [])

    @cached_property
    def _citing(self) -> dict[str, list[Policy]]:
        """The policies listing each source id, in policy order."""
        citing: dict[str, list[Policy]] = defaultdict(list)
        for policy in self.policies:
            for source in policy.sources:
                citing[source.id].append(policy)
        return citing

    def citing(self, source_id: str) -> list[Policy]:
        """The policies whose records list `source_id` among their sources."""
        return self._citing.get(source_id, [])

    @cached_property
    def _by_id(self) -> dict[str, Policy]:
        """Policies by id."""
        return {p.id: p for p in self.policies}

    def policy(self, policy_id: str) -> Policy:
        """The policy with this id."""
        return self._by_id[policy_id]


def _shown(item: dict[str, Any]) -> bool:
    """Rejected items stay in the file (so extract does not bring them back) but not on the site."""
    return item.get("review") != "rejected"


def _extracted(item: dict[str, Any]) -> Extracted | None:
    """The provenance of an extracted item, if it has one."""
    ex = item.get("extracted")
    return Extracted(**ex) if ex else None


def _tuple_map(value: dict[str, list[str]] | None) -> dict[str, tuple[str, ...]]:
    """A mapping of lists, frozen."""
    return {k: tuple(v) for k, v in sorted((value or {}).items())}


def build_policy(
    doc_name: str, pid: str, data: dict[str, Any], dims: dict[str, Dimension]
) -> Policy:
    """Turn one validated record into a Policy."""
    sources = tuple(Source(**s) for s in data.get("sources") or [])
    by_id = {s.id: s for s in sources}
    positions: dict[str, Position] = {}
    for dim_id in sorted(data.get("positions") or {}, key=lambda d: (dims[d].order, d)):
        pos = data["positions"][dim_id] or {}
        evidence = tuple(
            Evidence(pid, dim_id, by_id[e["source"]], e.get("text"), e.get("note"), _extracted(e))
            for e in pos.get("evidence") or []
            if _shown(e)
        )
        positions[dim_id] = Position(
            pid, dims[dim_id], pos.get("stance"), pos.get("text"), evidence, pos.get("leaning")
        )
    quotes = tuple(
        Quote(
            policy_id=pid,
            text=q["text"],
            source=by_id[q["source"]],
            speaker=q.get("speaker"),
            role=q.get("role"),
            language=q.get("language"),
            fragment=bool(q.get("fragment")),
            extracted=_extracted(q),
        )
        for q in data.get("quotes") or []
        if _shown(q)
    )
    figures = tuple(
        Figure(
            policy_id=pid,
            value=f["value"],
            unit=f["unit"],
            source=by_id[f["source"]],
            currency=f.get("currency"),
            qualifier=f.get("qualifier"),
            text=f.get("text"),
            label=f.get("label"),
            extracted=_extracted(f),
        )
        for f in data.get("figures") or []
        if _shown(f)
    )
    actor = data["actor"]
    doc = data.get("document")
    languages = sorted({s.language for s in sources if s.language})
    return Policy(
        id=pid,
        file=doc_name,
        title=data["title"],
        short_title=data.get("short_title") or data["title"],
        actor=Actor(actor["name"], actor["kind"], actor.get("region")),
        kind=data["kind"],
        summary=data["summary"],
        status=data.get("status"),
        announced=data.get("announced"),
        venue=data.get("venue"),
        document=Document(doc.get("title"), doc.get("pages"), doc.get("url")) if doc else None,
        match_words=_tuple_map(data.get("match_words")),
        positions=positions,
        quotes=quotes,
        figures=figures,
        sources=sources,
        tags=tuple(data.get("tags") or []),
        language=languages[0] if len(languages) == 1 else None,
    )


def build_site(raw: RawRecords) -> Site:
    """Build the site model from records that passed validation."""
    settings = Settings(**(raw.settings.data or {})) if raw.settings else Settings()
    dims_data = raw.dimensions.data["dimensions"] if raw.dimensions else []
    dimensions = tuple(
        sorted(
            (
                Dimension(
                    d["id"],
                    d["title"],
                    d["question"],
                    d["order"],
                    _tuple_map(d.get("cues")),
                    (d.get("scale") or {}).get("low"),
                    (d.get("scale") or {}).get("high"),
                )
                for d in dims_data
            ),
            key=lambda d: (d.order, d.id),
        )
    )
    by_id = {d.id: d for d in dimensions}
    policies = tuple(
        sorted(
            (build_policy(doc.name, policy_id_of(doc), doc.data, by_id) for doc in raw.policies),
            key=lambda p: p.id,
        )
    )
    merged: dict[str, Source] = {}
    for policy in policies:
        for source in policy.sources:
            merged.setdefault(source.id, source)
    sources = tuple(sorted(merged.values(), key=lambda s: (s.title.casefold(), s.id)))
    return Site(settings, dimensions, policies, sources)
