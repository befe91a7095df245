"""Judging one criterion against the indicators: what it finds, before it becomes a result.

Pure functions from (criterion, indicators, near-threshold margin) to an `Outcome`; the margin
comes from the policy file. `evaluate` turns outcomes into results and verdicts.
"""

from __future__ import annotations

import functools
import math
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

from assessment.engine.exact import Growth, Value, as_float, compare, to_fraction
from assessment.engine.indicators import FIELD_ZH, RECENT_YEARS, Indicators
from assessment.engine.policy import (
    Criterion,
    DeclarationCriterion,
    ThresholdCriterion,
    TierGroup,
    TiersCriterion,
)
from assessment.engine.results import TierCount

__all__ = ["Outcome", "outcome", "status_of"]


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


def _holds(cmp: int, operator: str) -> bool:
    if operator == ">":
        return cmp > 0
    if operator == ">=":
        return cmp >= 0
    if operator == "<=":
        return cmp <= 0
    raise KeyError(operator)


@functools.cache
def _limits(
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


def _near(value: Value, near: Fraction, near_approx: float, operator: str) -> bool:
    """Met, but with less than the margin of the threshold to spare (beyond the `near` bound)."""
    cmp = compare(value, near, near_approx)
    return cmp > 0 if operator == "<=" else cmp < 0


def _gap(value: Value, threshold: float, operator: str) -> float:
    """How far from meeting, in the criterion's unit; 0 when met or exactly at a '>' threshold.

    A figure for people, not a legal test: the float difference rounded to 12 significant digits
    reads as the decimals it is made of (60 - 57.7 is 2.3, not 2.299999999999997).
    """
    diff = as_float(value) - threshold if operator == "<=" else threshold - as_float(value)
    return float(f"{diff:.12g}") if diff > 0 else 0.0


def _clearly_apart(x: float, bounds: tuple[float, ...]) -> bool:
    """Whether a float lies so far from every bound that its rounding cannot matter."""
    return all(abs(x - b) > 1e-9 * max(1.0, abs(b)) for b in bounds)


def _output_value(
    c: ThresholdCriterion, ind: Indicators, out: Outcome, bounds: tuple[float, ...]
) -> Value | None:
    """近三年产值: the lowest (均在) or the mean (年均) of the latest `years` years."""
    years = ind.years()
    if not years:
        return None
    n = c.years or 1
    if len(years) < n:
        out.note(
            zh=f"需要近{n}年产值，仅提供了{len(years)}年（{', '.join(map(str, years))}）",
            en=f"needs output for the last {n} years; only {len(years)} given "
            f"({', '.join(map(str, years))})",
        )
        return None
    last = years[-n:]
    assert ind.output_by_year is not None
    floats = [float(ind.output_by_year[str(y)]) for y in last]
    out.year_values = {str(y): ind.output_by_year[str(y)] for y in last}
    if c.combine == "each_year":
        out.note(zh=f"取{last[0]}–{last[-1]}年中最低一年", en=f"lowest of {last[0]}–{last[-1]}")
        return min(floats)  # the minimum of floats is one of them: exact
    out.note(zh=f"{last[0]}–{last[-1]}年平均", en=f"average of {last[0]}–{last[-1]}")
    mean = math.fsum(floats) / len(floats)
    if _clearly_apart(mean, bounds):
        return mean
    # near a bound: the exact mean of the decimals as written (28.9, 30.3, 30.8 -> 30)
    return sum((to_fraction(v) for v in floats), Fraction(0)) / len(floats)


def _derived_growth(ind: Indicators, out: Outcome) -> Value | None:
    """产值年均增速 from output_by_year: compound growth over 近三年 only (FORMATS.md, edition 2)."""
    years = ind.years()[-RECENT_YEARS:]
    if len(years) < 2:
        return None
    assert ind.output_by_year is not None
    first = to_fraction(ind.output_by_year[str(years[0])])
    last = to_fraction(ind.output_by_year[str(years[-1])])
    if first <= 0:
        out.note(
            zh=f"{years[0]}年产值为0，无法计算年均增速",
            en=f"output in {years[0]} is 0: growth cannot be computed",
        )
        return None
    out.basis = "output_by_year"
    out.flags.append("derived")
    out.note(
        zh=f"由{years[0]}–{years[-1]}年产值按复合年均增长率推算",
        en=f"compound annual growth of output {years[0]}–{years[-1]}",
    )
    if len(years) < RECENT_YEARS:
        out.note(
            zh=f"仅有{len(years)}年产值，按{len(years)}年推算",
            en=f"only {len(years)} years of output given: growth over those",
        )
    return Growth(first, last, years[-1] - years[0])


def _threshold_value(
    c: ThresholdCriterion, ind: Indicators, out: Outcome, bounds: tuple[float, ...]
) -> Value | None:
    """The value a threshold criterion judges (its basis set on `out`), or None where unknown."""
    if c.indicator == "output_by_year":
        return _output_value(c, ind, out, bounds)
    raw = getattr(ind, c.indicator)
    out.basis = c.indicator
    if raw is None and c.fallback_indicator is not None:
        raw = getattr(ind, c.fallback_indicator)
        if raw is not None:
            out.basis = c.fallback_indicator  # a stand-in: an indication only
    if raw is not None:
        return float(raw)
    if c.indicator == "output_growth_pct":
        return _derived_growth(ind, out)
    return None


def _judge_threshold(c: ThresholdCriterion, ind: Indicators, margin: Fraction) -> Outcome:
    out = Outcome(meets=None)
    t, t_approx, near, near_approx = _limits(
        c.threshold, c.operator, margin.numerator, margin.denominator
    )
    value = _threshold_value(c, ind, out, (t_approx, near_approx))
    stand_in = out.basis is not None and out.basis == c.fallback_indicator
    exemption_claimed = c.exemption is not None and getattr(ind, c.exemption) is True
    if value is not None:
        shown = as_float(value)
        if not math.isfinite(shown):  # only compound growth from a near-zero first year
            shown = sys.float_info.max
            out.note(zh="数值过大，仅示意", en="too large to show exactly")
        out.value = shown
        out.meets = _holds(compare(value, t, t_approx), c.operator)
        out.gap = 0.0 if out.meets else _gap(value, t_approx, c.operator)
        if not out.meets and out.gap == 0.0:
            out.flags.append("at_strict_threshold")  # exactly at a '>' threshold: not met
        if out.meets and _near(value, near, near_approx, c.operator):
            out.flags.append("near_threshold")
    if stand_in:
        _as_indication(c, out)
    if exemption_claimed and out.meets is not True:
        out.meets = None
        out.exempted = True
        out.flags.append("exempted")
        # the policy's own words for when it waives the test are in its quote and reading
        out.note(
            zh=f"已声明“{FIELD_ZH[c.exemption]}”，本项不作要求（须经认定机关核实）",
            en=f"{c.exemption} declared: this test is waived (subject to the authority's check)",
        )
    elif value is None:
        out.flags.append("unknown")
    if out.meets is False and c.soft:
        out.flags.append("soft_exceeded")
        out.note(
            zh=f"“{c.soft_wording}”：超出不直接否决，但须说明理由",
            en=f"'{c.soft_wording}' (as a rule): exceeding it is not disqualifying "
            "but needs justification",
        )
    return out


def _as_indication(c: ThresholdCriterion, out: Outcome) -> None:
    """A whole-cluster figure standing in for an SME-only one proves nothing either way.

    FORMATS.md 1.1 (edition 2): `meets` null, amber, flag `fallback_basis`, and a note saying
    whether the whole-cluster figure would meet the threshold.
    """
    would = out.meets
    assert c.fallback_indicator is not None and out.value is not None
    shown = f"{out.value:g} {c.unit}"
    out.flags = [f for f in out.flags if f not in ("near_threshold", "at_strict_threshold")]
    out.flags.append("fallback_basis")
    out.meets, out.gap = None, None
    out.note(
        zh=f"仅有全集群数据：{shown}，参考（{'按此可达标' if would else '按此亦未达标'}）；"
        f"须提供中小企业口径（{FIELD_ZH[c.indicator]}）方能判断",
        en=f"whole-cluster figure only: {shown}, an indication "
        f"({'it would meet the threshold' if would else 'it would not meet the threshold'}); "
        f"the SME-only figure ({c.indicator}) is needed to decide",
    )


def _per_title_count(g: TierGroup, ind: Indicators, titles: list[str]) -> tuple[int | None, bool]:
    """(count from the per-title fields, whether it assumes no enterprise holds two titles)."""
    known = [v for v in (getattr(ind, t) for t in titles) if v is not None]
    total = sum(known)
    if total >= g.min_count:
        return total, len(known) > 1 and max(known) < g.min_count
    return (None if len(known) < len(titles) else total), False


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


def _judge_tiers(c: TiersCriterion, ind: Indicators, margin: Fraction, detail: bool) -> Outcome:
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
        _, _, near, near_approx = _limits(
            float(shown.min_count), ">=", margin.numerator, margin.denominator
        )
        if out.meets and _near(float(shown.count), near, near_approx, ">="):
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


def _judge_declaration(c: DeclarationCriterion, ind: Indicators) -> Outcome:
    out = Outcome(meets=None)
    answers = [getattr(ind, k) for k in c.indicators]
    if c.applies_if is not None:
        cond = getattr(ind, c.applies_if)
        name = FIELD_ZH[c.applies_if]
        if cond is False:  # FORMATS.md 1.3: not applicable only where answered no
            out.applicable = False
            out.flags.append("not_applicable")
            out.note(zh=f"不适用：“{name}”为否", en=f"not applicable: {c.applies_if} is false")
            return out
        if cond is None:
            if any(a is True for a in answers):
                out.meets = out.value = True
                out.note(
                    zh=f"未回答“{name}”，但已声明达到要求：无论是否属于，均满足",
                    en=f"{c.applies_if} unanswered, but the requirement is declared met: "
                    "met either way",
                )
            else:
                out.flags.append("unknown")
                out.note(
                    zh=f"未回答“{name}”：无法判断本项（不属于请答“否”）",
                    en=f"{c.applies_if} unanswered: this test cannot be decided "
                    "(answer no if it does not apply)",
                )
            return out
    if any(a is True for a in answers):
        out.meets = True
    elif all(a is False for a in answers):
        out.meets = False
    else:
        out.flags.append("unknown")
    out.value = out.meets
    return out


CAVEATS = frozenset({"near_threshold", "assumes_no_overlap", "generous_reading"})


def status_of(out: Outcome, soft: bool) -> str:
    """green / amber / red / grey of one outcome (FORMATS.md 2.2)."""
    if not out.applicable:
        return "grey"
    if out.exempted or "fallback_basis" in out.flags:
        return "amber"  # a waiver, or a whole-cluster stand-in shown as an indication
    if out.meets is None:
        return "grey"
    if out.meets is False:
        return "amber" if soft else "red"
    return "amber" if CAVEATS.intersection(out.flags) else "green"


def outcome(c: Criterion, ind: Indicators, margin: Fraction, *, detail: bool = True) -> Outcome:
    """Judge one criterion; `margin` is the policy's near-threshold share.

    `detail=False` (batch screening, where only the status and the verdict are wanted): the
    same judging, without the `TierCount` models of a tiers criterion (`tiers` stays None).
    """
    if isinstance(c, ThresholdCriterion):
        return _judge_threshold(c, ind, margin)
    if isinstance(c, TiersCriterion):
        return _judge_tiers(c, ind, margin, detail)
    return _judge_declaration(c, ind)
