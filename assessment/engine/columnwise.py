"""Many clusters at once: the comparisons of the tiers and threshold criteria, by column.

Batch screening judges a criterion once per distinct set of the inputs it reads. The enterprise
tiers (eight title counts) and the yearly outputs (two decimals) almost never repeat, and every
figure takes many values, so for these criteria each row gets a *signature* instead: the
outcome of every comparison the engine's rule makes, computed column-wise with the engine's
own pieces (`tiers.arm_count`, `judge.latest_years` and `judge.growth_years`, the exact bounds
of `outcome.limits` from the policy's threshold and near-threshold margin). Rows with equal signatures get the same status and weight on the
verdict from `judge.outcome`, so the engine judges one row per signature. A row whose figure
lies within rounding distance of a bound (`exact.apart`) gets no signature (`UNSIGNED`): the
engine judges it on its own, exactly (高于 excludes the bound, 以上 includes it).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction

import numpy as np

from assessment.engine.exact import apart
from assessment.engine.judge import growth_years, latest_years
from assessment.engine.outcome import holds, limits
from assessment.engine.policy import Criterion, ThresholdCriterion, TierGroup, TiersCriterion
from assessment.engine.tiers import arm_count

__all__ = [
    "UNSIGNED",
    "Counts",
    "by_column",
    "output_signature",
    "threshold_signature",
    "tiers_signature",
    "year_patterns",
]

UNSIGNED = -1  # a row the engine must judge on its own
_TIER_BITS = 5  # what a tiers signature keeps of each arm (`tiers_signature`)
_BITS = 62  # of the int64 a signature is, short of the sign
YEARLY = "output_by_year"
# one title's column: per row the count (0 where not given) and whether it is given
Counts = tuple[np.ndarray, np.ndarray]


def by_column(c: Criterion) -> bool:
    """Whether `c` is judged through a signature: the enterprise tiers and every threshold."""
    return isinstance(c, (TiersCriterion, ThresholdCriterion))


def _arm(g: TierGroup, titles: Sequence[str], counts: Mapping[str, Counts], n: int) -> tuple:
    """(sum of the given counts, whether it is the arm's count, whether it assumes no overlap)."""
    total = np.zeros(n, np.int64)
    known = np.zeros(n, np.int64)
    top = np.zeros(n, np.int64)
    for t in titles:
        v, given = counts[t]
        total += v
        known += given
        np.maximum(top, v, out=top)
    counted, overlap = arm_count(g.min_count, len(titles), total, known, top)
    return total, counted, overlap


def tiers_signature(
    c: TiersCriterion, margin: Fraction, counts: Mapping[str, Counts], n: int
) -> np.ndarray:
    """Per row, from the per-title counts (rows that list `titled_enterprises` are the caller's
    to set apart): for each arm, whether its sum counts, reaches `min_count` (met), assumes no
    overlap, reaches `min_count` on the strictly read titles alone, and reaches the
    near-threshold bound (so no 'near_threshold' caveat), as bits of one integer."""
    if len(c.groups) * _TIER_BITS > _BITS:  # more arms than one integer holds: the engine judges
        return np.full(n, UNSIGNED, np.int64)
    sig = np.zeros(n, np.int64)
    for g in c.groups:
        total, counted, overlap = _arm(g, g.titles, counts, n)
        strict = [t for t in g.titles if t not in g.generous_titles]
        strict_total, _, _ = _arm(g, strict, counts, n)
        near = limits(float(g.min_count), ">=", margin.numerator, margin.denominator)[2]
        far = total >= math.ceil(near)  # a whole count reaches the near bound, exactly
        for bit in (counted, total >= g.min_count, overlap, strict_total >= g.min_count, far):
            sig = sig * 2 + bit
    return sig


def _compared(c: ThresholdCriterion, margin: Fraction, figure: np.ndarray) -> np.ndarray:
    """2 + 2 * met + near the threshold, per float figure; `UNSIGNED` within rounding distance
    of the threshold or of the near-threshold bound (`exact.compare` decides those)."""
    _, t_approx, _, near_approx = limits(
        c.threshold, c.operator, margin.numerator, margin.denominator
    )
    decided = apart(figure, t_approx) & apart(figure, near_approx)
    met = holds(np.sign(figure - t_approx), c.operator)
    near = met & ((figure > near_approx) if c.operator == "<=" else (figure < near_approx))
    return np.where(decided, 2 + 2 * met + near, UNSIGNED)


def threshold_signature(
    c: ThresholdCriterion,
    margin: Fraction,
    own: np.ndarray,
    stand_in: np.ndarray | None,
    claimed: np.ndarray | None,
    *,
    yearly: tuple[Sequence[int], np.ndarray] | None = None,
) -> np.ndarray:
    """Per row of a single-figure threshold (`own`: the figure, NaN where not given;
    `stand_in`: the whole-cluster figure standing in where it is missing, if the criterion has
    one; `claimed`: whether its exemption is declared true, if it has one): the comparison of
    `own` as `_compared`, 1 where the stand-in is read (an indication only, whatever its
    value), 0 where neither is given. Growth given by neither is derived from the yearly
    outputs (`yearly`: years and table as for `output_signature`; without them `UNSIGNED`),
    as `_derived`. Times two plus the exemption where there is one.
    """
    assert c.combine == "single"
    sig = _compared(c, margin, own)
    missing = np.isnan(own)
    if stand_in is not None:
        sig[missing & ~np.isnan(stand_in)] = 1
        missing &= np.isnan(stand_in)
    if c.indicator != "output_growth_pct":
        sig[missing] = 0
    elif yearly is None:
        sig[missing] = UNSIGNED
    else:
        rows = np.flatnonzero(missing)
        sig[rows] = _derived(c, margin, yearly[0], yearly[1][rows])
    return _exempting(sig, claimed)


def year_patterns(
    given: np.ndarray, years: Sequence[int]
) -> Iterator[tuple[list[int], np.ndarray]]:
    """Each distinct pattern of years given in `given` (rows x `years`, True where a row gives
    that year): the years given, in order, and the rows that give exactly those."""
    patterns, which = np.unique(given, axis=0, return_inverse=True)
    which = which.reshape(-1)
    for p, mask in enumerate(patterns.tolist()):
        yield [y for y, m in zip(years, mask, strict=True) if m], np.flatnonzero(which == p)


def _derived(
    c: ThresholdCriterion, margin: Fraction, years: Sequence[int], table: np.ndarray
) -> np.ndarray:
    """Growth derived from the yearly outputs (`judge._derived_growth`): 6 fewer than two of
    the years it reads given, 7 the first of them 0 (no growth), else 8 + 2 * met + near the
    threshold, the ratio of the last to the first output compared with (1 + t / 100) ** years
    (as `exact.compare` compares compound growth); `UNSIGNED` within rounding distance."""
    t, _, near, _ = limits(c.threshold, c.operator, margin.numerator, margin.denominator)
    out = np.full(len(table), UNSIGNED, np.int64)
    if not len(table) or t < -100 or near < -100:  # (compare's own shortcut below -100 %)
        return out
    for present, rows in year_patterns(~np.isnan(table), years):
        last = growth_years(present)
        if last is None:
            out[rows] = 6
            continue
        span = last[-1] - last[0]
        first = table[rows, years.index(last[0])]
        final = table[rows, years.index(last[-1])]
        zero = first <= 0
        ratio = final / np.where(zero, 1.0, first)
        bound = float((1 + t / 100) ** span)
        near_bound = float((1 + near / 100) ** span)
        decided = apart(ratio, bound) & apart(ratio, near_bound)
        met = holds(np.sign(ratio - bound), c.operator)
        close = met & ((ratio > near_bound) if c.operator == "<=" else (ratio < near_bound))
        out[rows] = np.where(zero, 7, np.where(decided, 8 + 2 * met + close, UNSIGNED))
    return out


def _exempting(sig: np.ndarray, claimed: np.ndarray | None) -> np.ndarray:
    if claimed is None:
        return sig
    return np.where(sig == UNSIGNED, UNSIGNED, sig * 2 + claimed)


def output_signature(
    c: ThresholdCriterion,
    margin: Fraction,
    years: Sequence[int],
    table: np.ndarray,
    claimed: np.ndarray | None,
) -> np.ndarray:
    """Per row of `table` (the yearly outputs, one column per year of `years` in order, NaN
    where not given): 0 no year given, 1 fewer than the criterion reads, else the comparison of
    the lowest or mean output of the years it reads, as `_compared`. Times two plus the
    exemption where there is one."""
    sig = np.zeros(len(table), np.int64)
    if not table.size:
        return _exempting(sig, claimed)
    for present, rows in year_patterns(~np.isnan(table), years):
        last = latest_years(c, present) if present else None
        if last is None:
            sig[rows] = 1 if present else 0
            continue
        sub = table[np.ix_(rows, [years.index(y) for y in last])]
        # the lowest (均在) or the mean (年均) of the latest years, as `judge._output_value`
        fig = sub.min(axis=1) if c.combine == "each_year" else sub.sum(axis=1) / len(last)
        sig[rows] = _compared(c, margin, fig)
    return _exempting(sig, claimed)
