"""Evaluation: pure functions from (indicators, policies, date) to results. No I/O, no UI."""

from __future__ import annotations

import datetime as dt
import functools
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from assessment.engine.exact import Growth, Value, as_float, compare, to_fraction
from assessment.engine.indicators import FIELD_ZH, Indicators
from assessment.engine.policy import (
    DeclarationCriterion,
    Policy,
    Reading,
    ThresholdCriterion,
    TiersCriterion,
    load_policies,
)
from assessment.engine.results import (
    STATUSES,
    Assessment,
    CriterionResult,
    JurisdictionResult,
    PolicyInfo,
    Text,
    TierCount,
)

NEAR_MARGIN = Fraction(1, 10)  # CONTRACT.md section 3: amber within 10 % of the threshold


@dataclass
class _Outcome:
    """What judging one criterion found, before it becomes a `CriterionResult`."""

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


def _note(zh: str, en: str) -> tuple[str, str]:
    return (zh, en)


def _holds(cmp: int, operator: str) -> bool:
    return {">": cmp > 0, ">=": cmp >= 0, "<=": cmp <= 0}[operator]


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


def _threshold_value(
    c: ThresholdCriterion, ind: Indicators, out: _Outcome, bounds: tuple[float, ...]
) -> Value | None:
    """The value a threshold criterion judges, or None (with a note) where it is unknown."""
    if c.indicator == "output_by_year":
        years = ind.years()
        if not years:
            return None
        n = c.years or 1
        if len(years) < n:
            out.notes.append(
                _note(
                    zh=f"需要近{n}年产值，仅提供了{len(years)}年（{', '.join(map(str, years))}）",
                    en=f"needs output for the last {n} years; only {len(years)} given "
                    f"({', '.join(map(str, years))})",
                )
            )
            return None
        last = years[-n:]
        assert ind.output_by_year is not None
        floats = [float(ind.output_by_year[str(y)]) for y in last]
        out.year_values = {str(y): ind.output_by_year[str(y)] for y in last}
        if c.combine == "each_year":
            out.notes.append(
                _note(
                    zh=f"取{last[0]}–{last[-1]}年中最低一年", en=f"lowest of {last[0]}–{last[-1]}"
                )
            )
            return min(floats)  # the minimum of floats is one of them: exact
        out.notes.append(
            _note(zh=f"{last[0]}–{last[-1]}年平均", en=f"average of {last[0]}–{last[-1]}")
        )
        mean = math.fsum(floats) / len(floats)
        if _clearly_apart(mean, bounds):
            return mean
        # near a bound: the exact mean of the decimals as written (28.9, 30.3, 30.8 -> 30)
        return sum((to_fraction(v) for v in floats), Fraction(0)) / len(floats)

    raw = getattr(ind, c.indicator)
    out.basis = c.indicator
    if raw is None and c.fallback_indicator is not None:
        fb = getattr(ind, c.fallback_indicator)
        if fb is not None:
            raw = fb
            out.basis = c.fallback_indicator
            out.flags.append("fallback_basis")
            out.notes.append(
                _note(
                    zh=f"未提供中小企业口径数据（{FIELD_ZH[c.indicator]}），暂以全集群口径（{FIELD_ZH[c.fallback_indicator]}）代替",
                    en=f"no SME-only figure ({c.indicator}); the whole-cluster figure "
                    f"({c.fallback_indicator}) stands in",
                )
            )
    if raw is not None:
        return float(raw)
    if c.indicator == "output_growth_pct":
        years = ind.years()
        if len(years) >= 2:
            assert ind.output_by_year is not None
            first = to_fraction(ind.output_by_year[str(years[0])])
            last = to_fraction(ind.output_by_year[str(years[-1])])
            if first <= 0:
                out.notes.append(
                    _note(
                        zh=f"{years[0]}年产值为0，无法计算年均增速",
                        en=f"output in {years[0]} is 0: growth cannot be computed",
                    )
                )
                return None
            out.basis = "output_by_year"
            out.flags.append("derived")
            out.notes.append(
                _note(
                    zh=f"由{years[0]}–{years[-1]}年产值按复合年均增长率推算",
                    en=f"compound annual growth of output {years[0]}–{years[-1]}",
                )
            )
            return Growth(first, last, years[-1] - years[0])
    return None


def _judge_threshold(c: ThresholdCriterion, ind: Indicators, margin: Fraction) -> _Outcome:
    out = _Outcome(meets=None)
    t, t_approx, near, near_approx = _limits(
        c.threshold, c.operator, margin.numerator, margin.denominator
    )
    value = _threshold_value(c, ind, out, (t_approx, near_approx))
    exemption_claimed = c.exemption is not None and getattr(ind, c.exemption) is True
    if value is not None:
        shown = as_float(value)
        if not math.isfinite(shown):  # only compound growth from a near-zero first year
            shown = sys.float_info.max
            out.notes.append(_note(zh="数值过大，仅示意", en="too large to show exactly"))
        out.value = shown
        out.meets = _holds(compare(value, t, t_approx), c.operator)
        out.gap = 0.0 if out.meets else _gap(value, t_approx, c.operator)
        if not out.meets and out.gap == 0.0:
            out.flags.append("at_strict_threshold")  # exactly at a '>' threshold: not met
        if out.meets and _near(value, near, near_approx, c.operator):
            out.flags.append("near_threshold")
    if exemption_claimed and out.meets is not True:
        out.meets = None
        out.exempted = True
        out.flags.append("exempted")
        # the policy's own words for when it waives the test are in its quote and reading
        out.notes.append(
            _note(
                zh=f"已声明“{FIELD_ZH[c.exemption]}”，本项不作要求（须经认定机关核实）",
                en=f"{c.exemption} declared: this test is waived "
                "(subject to the authority's check)",
            )
        )
    elif value is None:
        out.flags.append("unknown")
    if out.meets is False and c.soft:
        out.flags.append("soft_exceeded")
        out.notes.append(
            _note(
                zh="“一般不超过”：超出不直接否决，但须说明理由",
                en="'as a rule not more than': exceeding it is not disqualifying "
                "but needs justification",
            )
        )
    return out


def _judge_tiers(c: TiersCriterion, ind: Indicators, margin: Fraction) -> _Outcome:  # noqa: PLR0912
    out = _Outcome(meets=None)
    arms: list[TierCount] = []
    distinct = ind.titled_enterprises is not None
    overlap_assumed = False
    for g in c.groups:
        if distinct:
            assert ind.titled_enterprises is not None
            wanted = set(g.titles)
            holders = [e for e in ind.titled_enterprises if wanted.intersection(e.titles)]
            if g.leading_industry_only:
                sure = sum(1 for e in holders if e.leading_industry is True)
                maybe = sum(1 for e in holders if e.leading_industry is None)
                # enterprises not said to be in the leading industry or not: unknown, never a pass
                count: int | None = sure if sure >= g.min_count or not maybe else None
                if count is None:
                    out.notes.append(
                        _note(
                            zh=f"{maybe} 家获评企业未说明是否属于主导产业，无法判断“{g.label_zh}”",
                            en=f"{maybe} titled enterprise(s) do not say whether they are in the "
                            f"leading industry: '{g.label_en}' cannot be decided",
                        )
                    )
            else:
                count = len(holders)
        else:
            known = [getattr(ind, t) for t in g.titles if getattr(ind, t) is not None]
            total = sum(known)
            missing = len(known) < len(g.titles)
            if total >= g.min_count:
                count = total
                if len(known) > 1 and max(known) < g.min_count:
                    overlap_assumed = True
            else:
                count = None if missing else total
        met = None if count is None else count >= g.min_count
        arms.append(
            TierCount(
                label_zh=g.label_zh,
                label_en=g.label_en,
                count=count,
                min_count=g.min_count,
                met=met,
            )
        )
    out.tiers = arms
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
    if out.meets and overlap_assumed:
        out.flags.append("assumes_no_overlap")
        out.notes.append(
            _note(
                zh="按各类资质企业数相加计算，假设没有企业同时持有两项资质",
                en="per-title counts were added up: this assumes no enterprise holds two titles",
            )
        )
    if distinct:
        out.notes.append(
            _note(
                zh="按获评企业名单计数（同一企业多项资质只计一家）",
                en="counted from the list of titled enterprises (one enterprise "
                "with two titles counts once)",
            )
        )
    return out


def _judge_declaration(c: DeclarationCriterion, ind: Indicators) -> _Outcome:
    out = _Outcome(meets=None)
    if c.applies_if is not None:
        cond = getattr(ind, c.applies_if)
        if cond is not True:  # CONTRACT.md section 1: applies only where the condition is true
            out.applicable = False
            out.flags.append("not_applicable")
            if cond is False:
                out.notes.append(
                    _note(
                        zh=f"不适用：“{FIELD_ZH[c.applies_if]}”为否",
                        en=f"not applicable: {c.applies_if} is false",
                    )
                )
            else:
                out.notes.append(
                    _note(
                        zh=f"不适用：未声明“{FIELD_ZH[c.applies_if]}”（如属于，请回答“是”）",
                        en=f"not applicable: {c.applies_if} not declared (answer yes if it is)",
                    )
                )
            return out
    answers = [getattr(ind, k) for k in c.indicators]
    if any(a is True for a in answers):
        out.meets = True
    elif all(a is False for a in answers):
        out.meets = False
    else:
        out.flags.append("unknown")
    out.value = out.meets
    return out


def _status(out: _Outcome, soft: bool) -> str:
    if not out.applicable:
        return "grey"
    if out.exempted:
        return "amber"
    if out.meets is None:
        return "grey"
    if out.meets is False:
        # CONTRACT.md section 1: a whole-cluster stand-in marks the criterion amber, met or not
        return "amber" if soft or "fallback_basis" in out.flags else "red"
    caveats = {"near_threshold", "fallback_basis", "assumes_no_overlap"}
    return "amber" if caveats.intersection(out.flags) else "green"


def _outcome(c, ind: Indicators, margin: Fraction) -> _Outcome:
    if isinstance(c, ThresholdCriterion):
        return _judge_threshold(c, ind, margin)
    if isinstance(c, TiersCriterion):
        return _judge_tiers(c, ind, margin)
    return _judge_declaration(c, ind)


def judge(c, ind: Indicators, margin: Fraction = NEAR_MARGIN) -> CriterionResult:
    """Judge one criterion of a policy against the indicators."""
    out = _outcome(c, ind, margin)
    if isinstance(c, ThresholdCriterion):
        operator, threshold, unit, indicator = c.operator, c.threshold, c.unit, c.indicator
    elif isinstance(c, TiersCriterion):
        operator, threshold, unit, indicator = ">=", out.threshold or 0.0, c.unit, None
    else:
        operator, threshold, unit, indicator = "==", True, "", None
    if "near_threshold" in out.flags:
        out.notes.insert(
            0,
            _note(
                zh=f"已达标，但距门槛不足{margin * 100}%",
                en=f"met, with less than {margin * 100} % to spare",
            ),
        )
    derivation = None
    if ind.derivations:
        keys = [out.basis or indicator]
        if isinstance(c, TiersCriterion):
            keys = ["titled_enterprises"]
        elif isinstance(c, DeclarationCriterion):  # e.g. no_major_incidents, from member rows
            keys = list(c.indicators)
        derivation = next((ind.derivations[k] for k in keys if k in ind.derivations), None)
    return CriterionResult(
        id=c.id,
        kind=c.kind,
        dimension=c.dimension,
        name_zh=c.name_zh,
        name_en=c.name_en,
        status=_status(out, c.soft),
        meets=out.meets,
        value=out.value,
        operator=operator,
        threshold=threshold,
        unit=unit,
        gap=out.gap,
        soft=c.soft,
        applicable=out.applicable,
        exempted=out.exempted,
        clause=c.clause,
        quote=c.quote,
        note="；".join(n[0] for n in out.notes),
        note_en="; ".join(n[1] for n in out.notes),
        flags=out.flags,
        indicator=indicator,
        basis=out.basis,
        derivation=derivation,
        tiers=out.tiers,
        year_values=out.year_values,
        combine=c.combine if isinstance(c, ThresholdCriterion) and c.combine != "single" else None,
        reading=_reading_text(c.reading) if c.reading else None,
    )


@functools.cache
def _reading_text(reading: Reading) -> Text:
    return Text(zh=reading.zh, en=reading.en)


def _verdict(judged: Iterable[tuple[bool | None, bool, bool, bool]]) -> str:
    """From (meets, soft, applicable, exempted) of each criterion; CONTRACT.md section 3."""
    incomplete = False
    for meets, soft, applicable, exempted in judged:
        if not applicable:
            continue
        if meets is False and not soft:
            return "not_eligible"
        if meets is None and not exempted:
            incomplete = True
    return "incomplete" if incomplete else "eligible"


def verdict_of(criteria: Iterable[CriterionResult]) -> str:
    """CONTRACT.md section 3: not_eligible > incomplete > eligible."""
    return _verdict((c.meets, c.soft, c.applicable, c.exempted) for c in criteria)


def screen(
    ind: Indicators,
    policies: Iterable[Policy],
    margin: Fraction = NEAR_MARGIN,
) -> dict[str, tuple[str, dict[str, str]]]:
    """Verdict and per-criterion status for each jurisdiction, without building full results.

    The same judging as `evaluate` (so the same answers), for batch screening of many clusters.
    """
    screened: dict[str, tuple[str, dict[str, str]]] = {}
    for policy in policies:
        judged = []
        statuses: dict[str, str] = {}
        for c in policy.criteria:
            out = _outcome(c, ind, margin)
            judged.append((out.meets, c.soft, out.applicable, out.exempted))
            statuses[c.id] = _status(out, c.soft)
        screened[policy.id] = (_verdict(judged), statuses)
    return screened


def _policy_info(p: Policy, on: dt.date) -> PolicyInfo:
    d = p.document
    return PolicyInfo(
        title_zh=d.title_zh,
        title_en=d.title_en,
        issuer_zh=d.issuer_zh,
        issuer_en=d.issuer_en,
        doc_number=d.doc_number,
        version=d.version,
        issued=d.issued,
        in_force_from=d.in_force_from,
        in_force_to=d.in_force_to,
        in_force=p.in_force(on),
        territorial_level=d.territorial_level,
        source_file=d.source_file,
        readings=[Text(zh=r.zh, en=r.en) for r in d.readings],
    )


def in_force_warnings(policy: Policy, on: dt.date) -> list[Text]:
    """A warning where the policy is not in force on `on` (not yet, or expired); else none."""
    d = policy.document
    if on < d.in_force_from:
        return [
            Text(
                zh=f"{d.name_zh}：评估日期 {on} 时该文件尚未施行（{d.in_force_from} 起施行）",
                en=f"{d.name_en}: on {on} this document is not yet in force (from {d.in_force_from})",
            )
        ]
    if d.in_force_to is not None and on > d.in_force_to:
        return [
            Text(
                zh=f"{d.name_zh}：评估日期 {on} 时该文件已失效（有效期至 {d.in_force_to}）",
                en=f"{d.name_en}: on {on} this document has expired (valid to {d.in_force_to})",
            )
        ]
    return []


def evaluate_policy(
    ind: Indicators, policy: Policy, on: dt.date, margin: Fraction = NEAR_MARGIN
) -> JurisdictionResult:
    """Judge the indicators against one policy on date `on`."""
    criteria = [judge(c, ind, margin) for c in policy.criteria]
    counts = {s: sum(1 for c in criteria if c.status == s) for s in STATUSES}
    d = policy.document
    warnings = in_force_warnings(policy, on)
    return JurisdictionResult(
        jurisdiction=policy.id,
        name_zh=d.name_zh,
        name_en=d.name_en,
        verdict=verdict_of(criteria),
        policy=_policy_info(policy, on),
        counts=counts,
        warnings=warnings,
        criteria=criteria,
    )


def evaluate(
    ind: Indicators,
    policies: Iterable[Policy] | None = None,
    on: dt.date | None = None,
    margin: Fraction = NEAR_MARGIN,
) -> Assessment:
    """Judge the indicators against every policy (default: all of policies/) on `on` (today)."""
    day = on or dt.date.today()
    pols = tuple(policies) if policies is not None else load_policies()
    return Assessment(
        assessment_date=day,
        cluster_name=ind.cluster_name,
        results=[evaluate_policy(ind, p, day, margin) for p in pols],
    )
