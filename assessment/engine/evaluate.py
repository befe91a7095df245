"""Evaluation: pure functions from (indicators, policies, date) to results. No I/O, no UI."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from fractions import Fraction

from assessment.engine.exact import to_fraction
from assessment.engine.indicators import Indicators
from assessment.engine.judge import outcome, status_of
from assessment.engine.policy import (
    Criterion,
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
    Route,
    Text,
)

__all__ = [
    "evaluate",
    "evaluate_policy",
    "in_force_warnings",
    "judge",
    "margin_of",
    "route_of",
    "screen",
    "verdict_from",
    "verdict_of",
]


def margin_of(policy: Policy) -> Fraction:
    """The policy's near-threshold margin (its file's `near_margin`) as an exact fraction."""
    return to_fraction(policy.document.near_margin)


def judge(c: Criterion, ind: Indicators, margin: Fraction) -> CriterionResult:
    """Judge one criterion of a policy against the indicators (`margin`: see `margin_of`)."""
    out = outcome(c, ind, margin)
    if isinstance(c, ThresholdCriterion):
        operator, threshold, unit, indicator = c.operator, c.threshold, c.unit, c.indicator
    elif isinstance(c, TiersCriterion):
        operator, threshold, unit, indicator = ">=", out.threshold or 0.0, c.unit, None
    else:
        operator, threshold, unit, indicator = "==", True, "", None
    if "near_threshold" in out.flags:
        out.notes.insert(
            0,
            (
                f"已达标，但距门槛不足{margin * 100}%",
                f"met, with less than {margin * 100} % to spare",
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
        status=status_of(out, c.soft),
        meets=out.meets,
        value=out.value,
        operator=operator,
        threshold=threshold,
        unit=unit,
        gap=out.gap,
        soft=c.soft,
        soft_wording=c.soft_wording,
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


def verdict_from(judged: Iterable[tuple[bool | None, bool, bool, bool]]) -> str:
    """From (meets, soft, applicable, exempted) of each criterion; FORMATS.md section 2."""
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
    """FORMATS.md section 2: not_eligible > incomplete > eligible (routes aside)."""
    return verdict_from((c.meets, c.soft, c.applicable, c.exempted) for c in criteria)


def route_of(
    policy: Policy, ind: Indicators, verdict: str, meets: dict[str, bool | None]
) -> tuple[str, Route | None]:
    """The verdict once the policy's routes are read (广州 1.6), and the route that opened, if any.

    A route whose declaration is true makes the verdict eligible, except where a criterion it
    names in `unless_failed` fails (compliance: 4.3.5): then not_eligible; or is unanswered: then
    incomplete, for a question nobody answered never lets a cluster pass. It is named either way.
    """
    for r in policy.routes:
        if any(getattr(ind, k) is True for k in r.declarations):
            kept = [meets.get(cid) for cid in r.unless_failed]
            named = Route(
                id=r.id, clause=r.clause, quote=r.quote, name_zh=r.name_zh, name_en=r.name_en
            )
            if False in kept:
                return "not_eligible", named
            return ("incomplete" if None in kept else "eligible"), named
    return verdict, None


def screen(ind: Indicators, policies: Iterable[Policy]) -> dict[str, tuple[str, dict[str, str]]]:
    """Verdict and per-criterion status for each jurisdiction, without building full results.

    The same judging as `evaluate` (so the same answers), for batch screening of many clusters.
    """
    screened: dict[str, tuple[str, dict[str, str]]] = {}
    for policy in policies:
        margin = margin_of(policy)
        judged = []
        statuses: dict[str, str] = {}
        meets: dict[str, bool | None] = {}
        for c in policy.criteria:
            out = outcome(c, ind, margin)
            judged.append((out.meets, c.soft, out.applicable, out.exempted))
            statuses[c.id] = status_of(out, c.soft)
            meets[c.id] = out.meets
        verdict, _ = route_of(policy, ind, verdict_from(judged), meets)
        screened[policy.id] = (verdict, statuses)
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


def evaluate_policy(ind: Indicators, policy: Policy, on: dt.date) -> JurisdictionResult:
    """Judge the indicators against one policy on date `on`."""
    margin = margin_of(policy)
    criteria = [judge(c, ind, margin) for c in policy.criteria]
    verdict, route = route_of(policy, ind, verdict_of(criteria), {c.id: c.meets for c in criteria})
    counts = {s: sum(1 for c in criteria if c.status == s) for s in STATUSES}
    d = policy.document
    warnings = in_force_warnings(policy, on)
    return JurisdictionResult(
        jurisdiction=policy.id,
        name_zh=d.name_zh,
        name_en=d.name_en,
        verdict=verdict,
        route=route,
        policy=_policy_info(policy, on),
        counts=counts,
        warnings=warnings,
        criteria=criteria,
    )


def evaluate(
    ind: Indicators,
    policies: Iterable[Policy] | None = None,
    on: dt.date | None = None,
) -> Assessment:
    """Judge the indicators against every policy (default: all of policies/) on `on` (today)."""
    day = on or dt.date.today()
    pols = tuple(policies) if policies is not None else load_policies()
    return Assessment(
        assessment_date=day,
        cluster_name=ind.cluster_name,
        results=[evaluate_policy(ind, p, day) for p in pols],
    )
