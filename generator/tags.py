"""The tag index: policies grouped by actor kind, policy kind, region and keyword."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from generator.model import Policy, Site
from generator.templating import slug

GROUPS: dict[str, tuple[str, Callable[[Policy], list[str]]]] = {
    "actor_kinds": ("actor", lambda p: [p.actor.kind]),
    "policy_kinds": ("kind", lambda p: [p.kind]),
    "regions": ("region", lambda p: [p.actor.region] if p.actor.region else []),
    "keywords": ("tag", lambda p: list(p.tags)),
}
"""Label key of each group → (anchor prefix, the policy's values in that group)."""


@dataclass(frozen=True)
class Tag:
    """One tag and the policies carrying it."""

    anchor: str
    name: str
    policies: tuple[Policy, ...]


def tag_anchor(group: str, name: str) -> str:
    """The anchor of a tag on the tag page: group prefix and slug, e.g. "region-east-asia"."""
    return f"{GROUPS[group][0]}-{slug(name)}"


def tag_index(site: Site) -> list[tuple[str, list[Tag]]]:
    """Each non-empty group with its tags in alphabetical order; same-slug tags merge."""
    out = []
    for group, (_, values) in GROUPS.items():
        names: dict[str, str] = {}
        members: dict[str, dict[str, Policy]] = defaultdict(dict)  # by policy id, in order
        for policy in site.policies:
            for name in values(policy):
                anchor = tag_anchor(group, name)
                names.setdefault(anchor, name)
                members[anchor].setdefault(policy.id, policy)
        tags = [Tag(a, names[a], tuple(members[a].values())) for a in names]
        if tags:
            out.append((group, sorted(tags, key=lambda t: (t.name.casefold(), t.anchor))))
    return out
