"""Merge stage: add extracted evidence to the policy records without touching a person's work.

Rules, in order of importance:
- an item is identified by a key made from the article, the kind of item and its text; an item
  whose key is already in the record is left exactly as it is (edited, accepted or rejected);
- an item a person already wrote by hand (same text, or for a figure the same value and unit
  from the same source) is not added again;
- comments, key order and formatting survive (ruamel.yaml round trip), and a record is written
  only when something was added, atomically, and only if it still reads back and validates.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from generator.diagnostics import Diagnostic
from generator.extract.model import ArticleEvidence, Figure, Quote, Sentence
from generator.validate import schema_diagnostics
from generator.write import atomic_write
from generator.yamlfile import parse_yaml

CURRENCY_UNITS = {
    "USD": "US dollars",
    "EUR": "euros",
    "CNY": "yuan",
    "GBP": "pounds",
    "JPY": "yen",
    "CHF": "Swiss francs",
    "INR": "rupees",
    "KRW": "won",
    "SGD": "Singapore dollars",
}
"""The unit of a money figure whose text names only the currency."""
_QUOTE_MARKS = "„“”‚‘’«»\"'‹›"
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Text compared for sameness: NFC, no quotation marks or end marks, one space, case-folded."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate({ord(c): None for c in _QUOTE_MARKS})
    return _SPACE.sub(" ", text).strip(" .,;:!?…–—-").casefold()


def item_key(article: str, kind: str, *parts: object) -> str:
    """A stable fingerprint of an extracted item: same article, kind and text, same key."""
    raw = "\x1f".join([article, kind, *(str(p) for p in parts)])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def source_id_for(path: str) -> str:
    """A source id from an article's file name: lower-case letters, digits and hyphens."""
    stem = Path(path).stem
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_stem.lower()).strip("-")
    return slug[:80].strip("-") or "article"


@dataclass
class RecordChange:
    """What a merge added to one record."""

    policy_id: str
    path: Path
    added: dict[str, int] = field(default_factory=dict)
    new_text: str | None = None
    original: bytes = b""

    @property
    def total(self) -> int:
        """Number of items added."""
        return sum(self.added.values())


_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")


def guess_indent(text: str) -> tuple[int, int]:
    """The file's own indentation: (mapping indent, offset of a list's dash under its key)."""
    mapping, offset = 0, -1
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    for here, below in itertools.pairwise(lines):
        m = _KEY_LINE.match(here)
        if not m:
            continue
        step = (len(below) - len(below.lstrip(" "))) - len(m.group(1))
        if step <= 0:
            continue
        if below.lstrip(" ").startswith("- ") and offset < 0:
            offset = step
        elif not below.lstrip(" ").startswith("-") and not mapping:
            mapping = step
    return mapping or 2, offset if offset >= 0 else 2


def round_trip(text: str) -> tuple[YAML, Any]:
    """A round-trip loader set up with the file's own indentation, and the loaded data."""
    mapping, offset = guess_indent(text)
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return yaml, yaml.load(text)


def _seq(parent: CommentedMap, key: str) -> CommentedSeq:
    """The list under `key`, created (in block style) if missing or empty."""
    value = parent.get(key)
    if not isinstance(value, CommentedSeq) or (not value and value.fa.flow_style()):
        new = CommentedSeq(list(value or []))
        new.fa.set_block_style()
        if key in parent:
            parent[key] = new
        else:
            # A new list goes before the record's sources and tags, where people expect it.
            keys = list(parent)
            at = next((keys.index(k) for k in ("sources", "tags") if k in keys), len(keys))
            parent.insert(at, key, new)
        return new
    return value


def _keys(items: Iterable[Any]) -> set[str]:
    """Keys of the extracted items in a list."""
    out = set()
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("extracted"), dict):
            out.add(str(item["extracted"].get("key")))
    return out


def _provenance(
    key: str, article: str, sentence_no: int, start: int, end: int, sentence: str
) -> CommentedMap:
    """The `extracted:` block of an item."""
    return CommentedMap(
        [
            ("key", key),
            ("article", article),
            ("sentence", sentence_no),
            ("start", start),
            ("end", end),
            ("text", sentence),
        ]
    )


def _ensure_source(data: CommentedMap, ev: ArticleEvidence, article: str) -> str:
    """The id of the article among the record's sources, adding an entry if it has none."""
    sources = _seq(data, "sources")
    for src in sources:
        if isinstance(src, dict) and src.get("path") == article:
            return str(src["id"])
    for src in sources:
        if isinstance(src, dict) and ev.url and src.get("url") == ev.url and not src.get("path"):
            return str(src["id"])
    taken = {str(s.get("id")) for s in sources if isinstance(s, dict)}
    base = source_id_for(article)
    sid, n = base, 2
    while sid in taken:
        sid, n = f"{base}-{n}", n + 1
    entry = CommentedMap([("id", sid), ("title", ev.title or Path(article).stem)])
    for key, value in (
        ("publisher", ev.publisher),
        ("url", ev.url),
        ("date", ev.date),
        ("language", ev.language if ev.language != "und" else None),
    ):
        if value:
            entry[key] = value
    entry["path"] = article
    sources.append(entry)
    return sid


def _append_new(
    items: CommentedSeq,
    known: set[str],
    key: str,
    already_written: bool,
    entry: CommentedMap,
    provenance: CommentedMap,
) -> bool:
    """Append `entry` unless its key is known or a person already wrote the same item."""
    if key in known or already_written:
        return False
    entry["extracted"] = provenance
    items.append(entry)
    known.add(key)
    return True


def _merge_quotes(
    data: CommentedMap, article: str, ev: ArticleEvidence, quotes: list[Quote], sid: str
) -> int:
    """Add new quotes; a quote whose words a person already has is not added again."""
    items = _seq(data, "quotes")
    known = _keys(items)
    written = {normalise_text(str(q.get("text", ""))) for q in items if isinstance(q, dict)}
    sentences = {s.no: s.text for s in ev.sentences}
    added = 0
    for q in quotes:
        entry = CommentedMap()
        for field_name, value in (
            ("speaker", q.speaker),
            ("role", q.role),
            ("text", q.text),
            ("language", q.language if q.language != "und" else None),
            ("fragment", True if q.fragment else None),
            ("source", sid),
        ):
            if value:
                entry[field_name] = value
        key = item_key(article, "quote", normalise_text(q.text))
        where = _provenance(key, article, q.sentence_no, q.start, q.end, sentences[q.sentence_no])
        added += _append_new(items, known, key, normalise_text(q.text) in written, entry, where)
    return added


def _merge_figures(
    data: CommentedMap, article: str, ev: ArticleEvidence, figures: list[Figure], sid: str
) -> int:
    """Add new figures; the same number from the same source is the same figure."""
    items = _seq(data, "figures")
    known = _keys(items)
    written = {(f.get("value"), f.get("source")) for f in items if isinstance(f, dict)}
    sentences = {s.no: s.text for s in ev.sentences}
    added = 0
    for f in figures:
        unit = f.unit or CURRENCY_UNITS.get(f.currency or "", f.currency or "items")
        entry = CommentedMap([("value", f.value), ("unit", unit)])
        for field_name, value in (
            ("currency", f.currency),
            ("qualifier", f.qualifier),
            ("text", f.text),
            ("source", sid),
        ):
            if value:
                entry[field_name] = value
        key = item_key(article, "figure", normalise_text(f.text), f.value)
        where = _provenance(key, article, f.sentence_no, f.start, f.end, sentences[f.sentence_no])
        added += _append_new(items, known, key, (f.value, sid) in written, entry, where)
    return added


def _merge_evidence(
    data: CommentedMap, article: str, tagged: list[tuple[Sentence, str]], sid: str
) -> int:
    """Add each tagged sentence as evidence of its dimension's position, unless already there."""
    positions = data.get("positions")
    if not isinstance(positions, CommentedMap):
        positions = CommentedMap(positions or {})
        data["positions"] = positions
    lists: dict[str, tuple[CommentedSeq, set[str], set[str]]] = {}
    added = 0
    for s, dim in tagged:
        if dim not in lists:
            position = positions.get(dim)
            if not isinstance(position, CommentedMap):
                position = CommentedMap(position or {})
                positions[dim] = position
            items = _seq(position, "evidence")
            written = {normalise_text(str(e.get("text", ""))) for e in items if isinstance(e, dict)}
            lists[dim] = (items, _keys(items), written)
        items, known, written = lists[dim]
        key = item_key(article, "evidence", dim, normalise_text(s.text))
        entry = CommentedMap([("source", sid), ("text", s.text)])
        where = _provenance(key, article, s.no, s.start, s.end, s.text)
        added += _append_new(items, known, key, normalise_text(s.text) in written, entry, where)
    return added


def merge_into_record(
    text: str, policy_id: str, evidences: list[tuple[str, ArticleEvidence]], dimension_ids: set[str]
) -> tuple[str | None, dict[str, int]]:
    """Add the items of `evidences` that belong to `policy_id`; return the new text or None."""
    yaml, data = round_trip(text)
    added = {"quotes": 0, "figures": 0, "evidence": 0, "sources": 0}
    for article, ev in evidences:
        quotes = [q for q in ev.quotes if q.policy == policy_id]
        figures = [f for f in ev.figures if f.policy == policy_id]
        tagged = [
            (s, d)
            for s in ev.sentences
            if policy_id in s.policies and not s.heading
            for d in s.dimensions
            if d in dimension_ids
        ]
        if not (quotes or figures or tagged):
            continue
        n_sources = len(data.get("sources") or [])
        sid = _ensure_source(data, ev, article)
        added["sources"] += len(data["sources"]) - n_sources
        if quotes:
            added["quotes"] += _merge_quotes(data, article, ev, quotes, sid)
        if figures:
            added["figures"] += _merge_figures(data, article, ev, figures, sid)
        if tagged:
            added["evidence"] += _merge_evidence(data, article, tagged, sid)
    if not any(added.values()):
        return None, added
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue(), {k: v for k, v in added.items() if v}


def plan_merge(
    records: dict[str, Path], evidences: list[tuple[str, ArticleEvidence]], dimension_ids: set[str]
) -> tuple[list[RecordChange], list[Diagnostic]]:
    """Work out every record's new text, in memory, checking each one before anything is written."""
    changes: list[RecordChange] = []
    diags: list[Diagnostic] = []
    for policy_id, path in sorted(records.items()):
        try:
            original = path.read_bytes()
            text = original.decode("utf-8")
            new_text, added = merge_into_record(text, policy_id, evidences, dimension_ids)
        except (OSError, UnicodeDecodeError, YAMLError) as exc:
            diags.append(
                Diagnostic(file=path.as_posix(), message=f"cannot update the record: {exc}")
            )
            continue
        if new_text is None:
            continue
        doc, found = parse_yaml(new_text, path.as_posix())
        found += schema_diagnostics(doc, "policy") if doc is not None else []
        if found:
            diags += [
                Diagnostic(
                    file=d.file,
                    line=d.line,
                    column=d.column,
                    path=d.path,
                    message=f"extraction would make the record invalid: {d.message}",
                    hint="nothing was written; please report this as a bug",
                )
                for d in found
            ]
            continue
        changes.append(RecordChange(policy_id, path, added, new_text, original))
    return changes, diags


def apply_merge(changes: list[RecordChange]) -> list[Diagnostic]:
    """Write the planned records atomically, skipping any that a person changed meanwhile."""
    diags = []
    for change in changes:
        assert change.new_text is not None
        try:
            current = change.path.read_bytes()
        except OSError as exc:
            diags.append(Diagnostic(file=change.path.as_posix(), message=f"cannot read: {exc}"))
            continue
        if current != change.original:
            diags.append(
                Diagnostic(
                    file=change.path.as_posix(),
                    message="the record changed while extracting",
                    hint="nothing was written to it; run `policy-site extract` again",
                )
            )
            continue
        atomic_write(change.path, change.new_text.encode("utf-8"))
    return diags
