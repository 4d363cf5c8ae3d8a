"""Where policies agree and where they oppose each other on one dimension.

The pairwise rule is `Position.relation`: a leaning (where both positions have one) decides by
its sign; otherwise identical stance labels are "same". The groups below show the same rule
for many policies at once without listing every pair. templates/assets/javascripts/compare.js
applies the same rule to the policies a reader picks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from generator.model import Dimension, Policy, Position


@dataclass(frozen=True)
class Agreement:
    """The policies on each side of a dimension's scale, and those sharing a stance label."""

    dimension: Dimension
    low: tuple[Policy, ...]
    high: tuple[Policy, ...]
    same_stance: tuple[tuple[Policy, ...], ...]

    @property
    def opposed(self) -> bool:
        """True when some policies lean to the low end and others to the high end."""
        return bool(self.low) and bool(self.high)

    @property
    def same(self) -> tuple[tuple[Policy, ...], ...]:
        """Groups of two or more policies taking the same stance or leaning the same way."""
        sides = tuple(g for g in (self.low, self.high) if len(g) > 1)
        return sides + self.same_stance

    @property
    def any(self) -> bool:
        """True when there is something to show."""
        return self.opposed or bool(self.same)


def agreement(policies: tuple[Policy, ...] | list[Policy], dimension: Dimension) -> Agreement:
    """Group `policies` by how their positions on `dimension` relate to each other."""
    dimension_id = dimension.id
    positions: list[tuple[Policy, Position]] = [
        (policy, pos)
        for policy in policies
        if (pos := policy.positions.get(dimension_id)) is not None
    ]
    low = tuple(p for p, pos in positions if pos.leaning and pos.leaning < 0)
    high = tuple(p for p, pos in positions if pos.leaning and pos.leaning > 0)
    by_stance: dict[str, list[tuple[Policy, Position]]] = defaultdict(list)
    for policy, pos in positions:
        if pos.stance:
            by_stance[pos.stance.casefold()].append((policy, pos))
    # Two leaning positions are compared by their leaning only, so a stance group needs at
    # least one member without a leaning to say something the sides do not already say.
    same_stance = tuple(
        tuple(p for p, _ in group)
        for _, group in sorted(by_stance.items())
        if len(group) > 1 and any(not pos.leaning for _, pos in group)
    )
    return Agreement(dimension, low, high, same_stance)


def leaning_label(position: Position | None) -> str | None:
    """How a position leans, in words: "more rules (+2)"; "+2" on a dimension without a scale."""
    if position is None or not position.leaning:
        return None
    dim = position.dimension
    side = dim.scale_high if position.leaning > 0 else dim.scale_low
    number = f"{position.leaning:+d}"
    return f"{side} ({number})" if side else number
