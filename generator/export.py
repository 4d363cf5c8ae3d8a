"""Open data: the whole dataset as JSON with its JSON Schema, and the positions as CSV.

Every file is written byte for byte the same from the same records: keys sorted, rows in the
site's order, fixed line endings.
"""

from __future__ import annotations

import json
from typing import Any

from generator.load import RawRecords, policy_id_of
from generator.model import Site
from generator.project import SCHEMA_DIR

DATA_DIR = "data"
SCHEMA_FILES = ("dataset", "policy", "dimensions", "site", "compare")
CSV_COLUMNS = (
    "policy_id",
    "policy",
    "short_title",
    "actor",
    "actor_kind",
    "actor_region",
    "policy_kind",
    "status",
    "announced",
    "dimension_id",
    "dimension",
    "stance",
    "leaning",
    "scale_low",
    "scale_high",
    "position",
    "evidence_count",
    "source_ids",
    "source_urls",
)


def to_json_bytes(value: Any) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, one final newline.

    Compact, not indented: with an indent Python falls back to its pure-Python encoder, which
    takes seconds on a thousand records; any JSON viewer indents it for reading.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def _without_rejected(record: dict[str, Any]) -> dict[str, Any]:
    """A record as published: items the editor rejected are left out, as on the site."""
    # Copy only the containers that change; the items themselves are shared, not copied.
    out = dict(record)

    def keep(items: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
        return [i for i in items or [] if i.get("review") != "rejected"]

    for key in ("quotes", "figures"):
        if key in out:
            out[key] = keep(out[key])
    if out.get("positions"):
        out["positions"] = {
            dim: ({**pos, "evidence": keep(pos["evidence"])} if pos and "evidence" in pos else pos)
            for dim, pos in out["positions"].items()
        }
    return out


def dataset(raw: RawRecords, site: Site) -> dict[str, Any]:
    """The whole dataset: site settings, dimensions, and every record keyed by its id."""
    dims = raw.dimensions.data.get("dimensions", []) if raw.dimensions else []
    order = {d.id: i for i, d in enumerate(site.dimensions)}
    return {
        "site": dict(raw.settings.data or {}) if raw.settings else {},
        "dimensions": sorted(dims, key=lambda d: order.get(d["id"], len(order))),
        "policies": {policy_id_of(doc): _without_rejected(doc.data) for doc in raw.policies},
    }


def compare_data(site: Site) -> dict[str, Any]:
    """What the compare page needs to rebuild its table for any choice of policies."""
    return {
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "question": d.question,
                "scale_low": d.scale_low,
                "scale_high": d.scale_high,
            }
            for d in site.dimensions
        ],
        "policies": [
            {
                "id": p.id,
                "title": p.title,
                "short_title": p.short_title,
                "actor": p.actor.name,
                "positions": {
                    dim_id: {
                        "stance": pos.stance,
                        "text": pos.text,
                        "leaning": pos.leaning,
                        "evidence": len(pos.evidence),
                    }
                    for dim_id, pos in p.positions.items()
                },
            }
            for p in site.policies
        ],
    }


def _csv_cell(value: Any) -> str:
    """One CSV field as the csv module writes it: in quotes, inner quotes doubled, only when it
    holds a comma, a quote or a line break; None as an empty field."""
    text = "" if value is None else str(value)
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_cells(*values: Any) -> str:
    """Several CSV fields, joined with commas."""
    return ",".join(map(_csv_cell, values))


def positions_csv(site: Site) -> bytes:
    """One row per policy and dimension (empty stance where the record states none).

    Written field by field rather than with the csv module, which is slow on long fields; the
    columns of a policy and of a dimension are formatted once, not on every row.
    """
    dims = [
        (d.id, _csv_cells(d.id, d.title), _csv_cells(d.scale_low or "", d.scale_high or ""))
        for d in site.dimensions
    ]
    lines = [_csv_cells(*CSV_COLUMNS)]
    for p in site.policies:
        policy = _csv_cells(
            p.id,
            p.title,
            p.short_title,
            p.actor.name,
            p.actor.kind,
            p.actor.region or "",
            p.kind,
            p.status or "",
            p.announced or "",
        )
        for dim_id, dimension, scale in dims:
            pos = p.position(dim_id)
            if pos is None:
                position = _csv_cells("", "")
                evidence = _csv_cells("", 0, "", "")
            else:
                sources = list(dict.fromkeys(e.source for e in pos.evidence))
                position = _csv_cells(pos.stance or "", "" if pos.leaning is None else pos.leaning)
                evidence = _csv_cells(
                    pos.text or "",
                    len(pos.evidence),
                    ";".join(s.id for s in sources),
                    ";".join(s.url for s in sources if s.url),
                )
            lines.append(f"{policy},{dimension},{position},{scale},{evidence}")
    lines.append("")
    return "\r\n".join(lines).encode("utf-8")


def export_files(raw: RawRecords, site: Site) -> dict[str, bytes]:
    """The data files of the site, keyed by their path under the docs folder."""
    files = {
        f"{DATA_DIR}/policies.json": to_json_bytes(dataset(raw, site)),
        f"{DATA_DIR}/compare.json": to_json_bytes(compare_data(site)),
        f"{DATA_DIR}/positions.csv": positions_csv(site),
    }
    for name in SCHEMA_FILES:
        files[f"{DATA_DIR}/{name}.schema.json"] = (SCHEMA_DIR / f"{name}.schema.json").read_bytes()
    return files
