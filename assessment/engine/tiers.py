"""Judging an either-or enterprise-tier criterion (e.g. 1 champion or 10 specialised SMEs).

An arm counts from the grouped `titled_enterprises` list (distinct enterprises) when given,
else by adding the per-title fields (`arm_count`, the one rule for one cluster and for many).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, NamedTuple

from assessment.engine.indicators import FIELD_ZH, Indicators
from assessment.engine.outcome import Outcome, is_near, limits
from assessment.engine.policy import TierGroup, TiersCriterion
from assessment.engine.results import TierCount

__all__ = ["arm_count", "judge_tiers"]


def arm_count(min_count: int, titles: int, total: Any, known: Any, top: Any) -> tuple[Any, Any]:
    """How an arm counts from the per-title fields: (whether the sum of the given counts is the
    arm's count, whether that count assumes no enterprise holds two titles).

    `total`: the sum of the counts given for the arm's `titles` titles, `known`: how many are
    given, `top`: the largest given (0 if none). The sum counts once it reaches `min_count` (the
    titles left empty can only add to it) or when every title is given; it assumes no overlap
    when it reaches `min_count` only by adding two or more titles. Elementwise: ints for one
    cluster, NumPy arrays for many (`engine.columnwise`).
    """
    reached = total >= min_count
    return reached | (known == titles), reached & (known > 1) & (top < min_count)


def _per_title_count(g: TierGroup, ind: Indicators, titles: list[str]) -> tuple[int | None, bool]:
    """(count from the per-title fields, whether it assumes no enterprise holds two titles)."""
    known = [v for v in (getattr(ind, t) for t in titles) if v is not None]
    total = sum(known)
    counted, overlap = arm_count(g.min_count, len(titles), total, len(known), max(known, default=0))
    return (total if counted else None), bool(overlap)


def _listed_count(g: TierGroup, ind: Indicators, titles: list[str], out: Outcome) -> int | None:
    """Distinct enterprises holding any of `titles`, from the grouped `titled_enterprises`."""
    assert ind.titled_enterprises is not None
    wanted = set(titles)
    holders = [e for e in ind.titled_enterprises if wanted.intersection(e.titles)]
    if not g.leading_industry_only:
        return sum(e.count for e in holders)
    sure = sum(e.count for e in holders if e.leading_industry is True)
    maybe = sum(e.count for e in holders if e.leading_industry is None)
    if sure >= g.min_count or not maybe:
        return sure
    # enterprises not said to be in the leading industry or not: unknown, never a pass
    out.note(
        zh=f"{maybe} 家获评企业未说明是否属于主导产业，无法判断“{g.label_zh}”",
        en=f"{maybe} titled enterprise(s) do not say whether they are in the "
        f"leading industry: '{g.label_en}' cannot be decided",
    )
    return None


class _Arm(NamedTuple):
    """One arm of a tiers criterion as counted (a `TierCount` once the details are wanted)."""

    label_zh: str
    label_en: str
    count: int | None
    min_count: int
    met: bool | None


def judge_tiers(c: TiersCriterion, ind: Indicators, margin: Fraction, detail: bool) -> Outcome:
    """Either-or enterprise tiers: met when any arm has `min_count` enterprises with its titles."""
    out = Outcome(meets=None)
    arms: list[_Arm] = []
    distinct = ind.titled_enterprises is not None
    overlap_assumed = strictly_met = False
    generous_used: set[str] = set()
    for g in c.groups:
        strict_titles = [t for t in g.titles if t not in g.generous_titles]
        if distinct:
            count = _listed_count(g, ind, list(g.titles), out)
            strict = _listed_count(g, ind, strict_titles, Outcome(meets=None))
        else:
            count, overlap = _per_title_count(g, ind, list(g.titles))
            strict, _ = _per_title_count(g, ind, strict_titles)
            overlap_assumed |= overlap
        met = None if count is None else count >= g.min_count
        if strict is not None and strict >= g.min_count:
            strictly_met = True
        elif met:
            generous_used.update(g.generous_titles)
        arms.append(_Arm(g.label_zh, g.label_en, count, g.min_count, met))
    if detail:  # the models, only where the counts are shown
        out.tiers = [TierCount(**a._asdict()) for a in arms]
    if any(a.met for a in arms):
        out.meets = True
    elif all(a.met is False for a in arms):
        out.meets = False
    # the arm shown: the one met, else the one furthest along (6 of 10 rather than 0 of 1)
    shown = max(
        arms,
        key=lambda a: (
            bool(a.met),
            a.count is not None,
            (a.count or 0) / a.min_count,
            -a.min_count,
        ),
    )
    out.threshold = float(shown.min_count)
    if shown.count is not None:
        out.value = float(shown.count)
        out.gap = float(max(shown.min_count - shown.count, 0))
        _, _, near, near_approx = limits(
            float(shown.min_count), ">=", margin.numerator, margin.denominator
        )
        if out.meets and is_near(float(shown.count), near, near_approx, ">="):
            out.flags.append("near_threshold")
    if out.meets is None:
        out.flags.append("unknown")
    _tier_caveats(out, generous_used if not strictly_met else set(), overlap_assumed, distinct)
    return out


def _tier_caveats(out: Outcome, generous_used: set[str], overlap: bool, distinct: bool) -> None:
    """Flags and notes on a tiers outcome: generous reading, assumed overlap, how it counted."""
    if out.meets and generous_used:
        names = "、".join(FIELD_ZH[t] for t in sorted(generous_used))
        out.flags.append("generous_reading")
        out.note(
            zh=f"仅按从宽理解达标：原文未限级别，计入了{names}，请向认定机关确认",
            en="met only on a generous reading: the text names no level, and "
            f"{', '.join(sorted(generous_used))} were counted — confirm with the authority",
        )
    if out.meets and overlap:
        out.flags.append("assumes_no_overlap")
        out.note(
            zh="按各类资质企业数相加计算，假设没有企业同时持有两项资质",
            en="per-title counts were added up: this assumes no enterprise holds two titles",
        )
    if distinct:
        out.note(
            zh="按获评企业名单计数（同一企业多项资质只计一家）",
            en="counted from the list of titled enterprises (one enterprise "
            "with two titles counts once)",
        )
