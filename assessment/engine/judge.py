"""Judging one criterion against the indicators: what it finds, before it becomes a result.

Pure functions from (criterion, indicators, near-threshold margin) to an `Outcome`; the margin
comes from the policy file. `evaluate` turns outcomes into results and verdicts.
"""

from __future__ import annotations

import math
import sys
from fractions import Fraction

from assessment.engine.exact import Growth, Value, apart, as_float, compare, to_fraction
from assessment.engine.indicators import FIELD_ZH, Indicators
from assessment.engine.names import RECENT_YEARS
from assessment.engine.outcome import Outcome, holds, is_near, limits
from assessment.engine.policy import (
    Criterion,
    DeclarationCriterion,
    ThresholdCriterion,
    TiersCriterion,
)
from assessment.engine.tiers import judge_tiers

__all__ = ["growth_years", "latest_years", "outcome", "status_of"]


def _gap(value: Value, threshold: float, operator: str) -> float:
    """How far from meeting, in the criterion's unit; 0 when met or exactly at a '>' threshold.

    A figure for people, not a legal test: the float difference rounded to 12 significant digits
    reads as the decimals it is made of (60 - 57.7 is 2.3, not 2.299999999999997).
    """
    diff = as_float(value) - threshold if operator == "<=" else threshold - as_float(value)
    return float(f"{diff:.12g}") if diff > 0 else 0.0


def _clearly_apart(x: float, bounds: tuple[float, ...]) -> bool:
    """Whether a float lies so far from every bound that its rounding cannot matter."""
    return all(apart(x, b) for b in bounds)


def latest_years(c: ThresholdCriterion, years: list[int]) -> list[int] | None:
    """The years a yearly-output criterion reads (近三年: the latest `c.years` of those given,
    oldest first), or None when fewer are given."""
    n = c.years or 1
    return years[-n:] if len(years) >= n else None


def _output_value(
    c: ThresholdCriterion, ind: Indicators, out: Outcome, bounds: tuple[float, ...]
) -> Value | None:
    """近三年产值: the lowest (均在) or the mean (年均) of the latest `years` years."""
    years = ind.years()
    if not years:
        return None
    n = c.years or 1
    last = latest_years(c, years)
    if last is None:
        out.note(
            zh=f"需要近{n}年产值，仅提供了{len(years)}年（{', '.join(map(str, years))}）",
            en=f"needs output for the last {n} years; only {len(years)} given "
            f"({', '.join(map(str, years))})",
        )
        return None
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


def growth_years(years: list[int]) -> list[int] | None:
    """The years growth is derived over: the latest of 近三年 given, or None if fewer than two."""
    latest = years[-RECENT_YEARS:]
    return latest if len(latest) >= 2 else None


def _derived_growth(ind: Indicators, out: Outcome) -> Value | None:
    """产值年均增速 from output_by_year: compound growth over 近三年 only (FORMATS.md, edition 2)."""
    years = growth_years(ind.years())
    if years is None:
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
    t, t_approx, near, near_approx = limits(
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
        out.meets = holds(compare(value, t, t_approx), c.operator)
        out.gap = 0.0 if out.meets else _gap(value, t_approx, c.operator)
        if not out.meets and out.gap == 0.0:
            out.flags.append("at_strict_threshold")  # exactly at a '>' threshold: not met
        if out.meets and is_near(value, near, near_approx, c.operator):
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
        return judge_tiers(c, ind, margin, detail)
    return _judge_declaration(c, ind)
