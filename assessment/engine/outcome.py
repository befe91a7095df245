"""What judging one criterion finds, and the comparisons every kind of criterion shares.

`Outcome` is filled by the judges (`engine.judge`, `engine.tiers`); `limits` gives a
criterion's exact threshold and near-threshold bound from the policy's margin, `holds` and
`is_near` read a comparison against them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from fractions import Fraction

from assessment.engine.exact import Value, compare, to_fraction
from assessment.engine.results import TierCount

__all__ = ["Outcome", "holds", "is_near", "limits"]


@dataclass
class Outcome:
    """What judging one criterion found."""

    meets: bool | None
    value: float | bool | None = None
    gap: float | None = None
    applicable: bool = True
    exempted: bool = False
    flags: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)
    basis: str | None = None
    tiers: list[TierCount] | None = None
    year_values: dict[str, float] | None = None
    threshold: float | None = None  # tiers: the count of the arm shown

    def note(self, zh: str, en: str) -> None:
        """Add a note in both languages."""
        self.notes.append((zh, en))


def holds(cmp: int, operator: str) -> bool:
    """Whether a comparison (-1, 0, 1: below, at, above the threshold) meets `operator`."""
    if operator == ">":
        return cmp > 0
    if operator == ">=":
        return cmp >= 0
    if operator == "<=":
        return cmp <= 0
    raise KeyError(operator)


@functools.cache
def limits(
    threshold: float,
    operator: str,
    margin_num: int,
    margin_den: int,
) -> tuple[Fraction, float, Fraction, float]:
    """(threshold, float of it, near-threshold bound, float of it), computed once per criterion."""
    t = to_fraction(threshold)
    room = abs(t) * Fraction(margin_num, margin_den)
    near = t - room if operator == "<=" else t + room
    return t, float(t), near, float(near)


def is_near(value: Value, near: Fraction, near_approx: float, operator: str) -> bool:
    """Met, but with less than the margin of the threshold to spare (beyond the `near` bound)."""
    cmp = compare(value, near, near_approx)
    return cmp > 0 if operator == "<=" else cmp < 0
