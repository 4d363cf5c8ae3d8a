"""`policy-site new`: a new record with every field explained, valid from the start."""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Diagnostic, PolicySiteError
from generator.project import ID_PATTERN, Project
from generator.validate import load_schema
from generator.write import atomic_write
from generator.yamlfile import parse_yaml

RECORD_TEMPLATE = """\
# yaml-language-server: $schema=../../generator/schema/policy.schema.json
# A policy record. Field reference: README.md ("The record format"), or hover a key in an
# editor with the YAML language server. Leave out what the sources do not say: the site then
# shows "not stated". Run `policy-site check` after editing.

# {title}
title: {title_yaml}
# {short_title}
# short_title: Short label
actor:
  # {actor_name}
  name: Name of the country, bloc or organisation
  # {actor_kind}
  kind: country
  # {actor_region}
  # region: Europe
# {kind}
kind: strategy
# {status}
# status: proposed
# {announced}
# announced: 2025-07
# {venue}
# venue: Where it was presented
# {document}
# document:
#   title: The document's title
#   pages: 28
#   url: https://example.org/document.pdf
# {summary}
summary: |
  What the policy is, in a few sentences of your own words.
# {match_words}
match_words:
  en: []
  de: []
# {positions}
# Each key is a dimension id from content/dimensions.yaml.
positions: {{}}
#   overall-goal:
#     stance: a short label
#     text: The position in your own words.
#     evidence:
#       - source: my-source
#         text: The sentence from the source, verbatim.
# {quotes}
quotes: []
#   - speaker: Full Name
#     role: Minister
#     text: The words, verbatim, without quotation marks.
#     language: en
#     source: my-source
# {figures}
figures: []
#   - value: 5000
#     unit: companies
#     qualifier: more than
#     text: more than 5,000 companies
#     source: my-source
# {sources}
sources: []
#   - id: my-source
#     title: The article's title
#     publisher: Who published it
#     url: https://example.org/article
#     date: 2025-07-26
#     language: en
# {tags}
tags: []
"""


def _describe(*path: str) -> str:
    """The schema's description of a field, for the comment above it."""
    node = load_schema("policy")
    for step in path:
        node = node["properties"][step]
    return str(node.get("description", ""))


def render_record(policy_id: str, title: str | None = None) -> str:
    """The text of a new record for `policy_id`."""
    title = title or policy_id.replace("-", " ").capitalize()
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    fields = {
        "title": _describe("title"),
        "short_title": _describe("short_title"),
        "actor_name": _describe("actor", "name"),
        "actor_kind": _describe("actor", "kind") + " One of: country, bloc, organisation.",
        "actor_region": _describe("actor", "region"),
        "kind": _describe("kind")
        + " One of: law, action plan, proposal, guideline, statement, strategy.",
        "status": _describe("status"),
        "announced": _describe("announced"),
        "venue": _describe("venue"),
        "document": _describe("document"),
        "summary": _describe("summary"),
        "match_words": _describe("match_words"),
        "positions": _describe("positions"),
        "quotes": _describe("quotes"),
        "figures": _describe("figures"),
        "sources": _describe("sources"),
        "tags": _describe("tags"),
    }
    return RECORD_TEMPLATE.format(title_yaml=quoted, **fields)


def new_record(project: Project, policy_id: str, title: str | None = None) -> Path:
    """Create content/policies/<id>.yaml; never overwrite an existing record."""
    if not ID_PATTERN.match(policy_id):
        raise PolicySiteError(
            [
                Diagnostic(
                    file=policy_id,
                    message=f"'{policy_id}' is not a valid policy id",
                    hint="use lower-case letters, digits and single hyphens, e.g. eu-ai-act",
                )
            ],
            "new",
        )
    path = project.policy_file(policy_id)
    for existing in (path, path.with_suffix(".yml")):
        if existing.exists():
            raise PolicySiteError(
                [
                    Diagnostic(
                        file=project.display(existing),
                        message="a record with this id already exists",
                        hint="edit it, or choose another id",
                    )
                ],
                "new",
            )
    text = render_record(policy_id, title)
    doc, diags = parse_yaml(text, project.display(path))
    if doc is None:
        raise PolicySiteError(diags, "new")
    atomic_write(path, text.encode("utf-8"))
    return path
