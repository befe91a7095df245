"""Batch screening judges column by column; every row must still get what `evaluate` gives it.

A Hypothesis property over generated files: figures exactly at every threshold and at its
near-threshold bound, one step either side, yearly outputs whose mean is exactly a threshold
and whose growth is exactly 10 %, whole-cluster stand-ins without the SME figure, answers
missing, written in words or left blank, the 广州 1.6 routes, and bad cells among good ones.
Each file is screened in small parts, so values meet again in later parts (the memos).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from fractions import Fraction
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.engine.columnwise import UNSIGNED, tiers_signature
from assessment.engine.evaluate import evaluate
from assessment.engine.exact import to_fraction
from assessment.engine.indicators import parse_indicators
from assessment.engine.names import DECLARATION_KEYS, TITLE_KEYS
from assessment.engine.policy import ThresholdCriterion, TiersCriterion, load_policies
from assessment.engine.results import STATUSES
from assessment.exports.batch_xlsx import template_headers
from assessment.screening.columns import BAD, BLANK, _checked, _valid
from assessment.screening.judge import VERDICTS
from assessment.screening.read import Column
from assessment.screening.screen import screen_file, screen_parts
from tests.test_batch import column_value

ON = dt.date(2025, 6, 1)
YEARS = ("2022", "2023", "2024")
POLICIES = tuple(load_policies())
HEADS = template_headers("en", [int(y) for y in YEARS])
KEYS = [k for k, _ in HEADS]
COUNT_KEYS = {*TITLE_KEYS, "innovation_platforms", "standards_participated"}


def _edges() -> tuple[list[float], list[int]]:
    """Every threshold and near-threshold bound, and one step either side of each."""
    figures: set[float] = set()
    counts: set[int] = {0}
    for p in POLICIES:
        near = 1 + p.document.near_margin
        for c in p.criteria:
            if isinstance(c, ThresholdCriterion):
                for t in (c.threshold, round(c.threshold * near, 6)):
                    figures |= {t, round(t - 0.1, 6), round(t + 0.1, 6), round(t + 0.01, 6)}
            elif isinstance(c, TiersCriterion):
                for g in c.groups:
                    m = g.min_count
                    counts |= {m - 1, m, m + 1, int(m * near), int(m * near) + 1}
    return sorted(x for x in figures if x >= 0), sorted(x for x in counts if x >= 0)


FIGURES, COUNTS = _edges()
THRESHOLDS = sorted(
    {c.threshold for p in POLICIES for c in p.criteria if isinstance(c, ThresholdCriterion)}
)


@st.composite
def _outputs(draw: st.DrawFn) -> dict[str, float] | None:
    """Three years whose mean or minimum sits on a threshold, or exact 10 % growth, or gaps."""
    t = draw(st.sampled_from(THRESHOLDS))
    shape = draw(st.sampled_from(["mean", "min", "growth", "free", "short", "none"]))
    if shape == "none":
        return None
    if shape == "mean":  # 28.9, 30.3, 30.8: the mean is exactly 30, as decimals
        d = draw(st.sampled_from([0.01, 0.1, 1.1]))
        values = [max(round(t - d, 2), 0.0), round(t + 0.4 * d, 2), round(t + 0.6 * d, 2)]
    elif shape == "min":
        values = [t, round(t * 1.2, 2), round(t + 0.01, 2)]
    elif shape == "growth":  # exactly 10 % a year: 100, 110, 121
        values = [100.0, 110.0, 121.0]
    else:
        values = [draw(st.sampled_from([*FIGURES, 0.0, 12.34])) for _ in YEARS]
    given_years = dict(zip(YEARS, values, strict=True))
    if shape == "short":  # the last two years only: too few for 近三年
        given_years.pop("2022")
    return given_years


_ANSWER = st.sampled_from([True, False, None])


@st.composite
def _cluster(draw: st.DrawFn, i: int) -> dict[str, Any]:
    c: dict[str, Any] = {"cluster_name": f"集群{i}"}
    years = draw(_outputs())
    if years:
        c["output_by_year"] = years
    for k in KEYS[1:]:
        if k.startswith("output_by_year"):
            continue
        if k in DECLARATION_KEYS:
            v = draw(_ANSWER)
        elif draw(st.integers(0, 9)) < 3:  # left empty, three times in ten
            v = None
        elif k in COUNT_KEYS:
            v = draw(st.sampled_from(COUNTS))
        else:
            v = draw(st.sampled_from(FIGURES))
            if k.endswith("_pct"):
                v = min(v, 100.0)
        if v is not None:
            c[k] = v
    return c


def _text(v: Any, words: tuple[str, str]) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return words[0] if v else words[1]
    return str(v)


def _csv(clusters: list[dict[str, Any]], bad: dict[int, tuple[str, str]], words: list) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([h for _, h in HEADS])
    for i, c in enumerate(clusters):
        row = [_text(column_value(c, k), words[i % len(words)]) for k in KEYS]
        if i in bad:
            row[KEYS.index(bad[i][0])] = bad[i][1]
        w.writerow(row)
    return buf.getvalue().encode("utf-8")


@st.composite
def _files(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[int, tuple[str, str]], list]:
    n = draw(st.integers(1, 24))
    clusters = [draw(_cluster(i)) for i in range(n)]
    bad_cells = st.sampled_from(
        [
            ("area_km2", "abc"),
            ("sme_output_share_pct", "120"),
            ("little_giants", "1.5"),
            ("pillar_industry", "maybe"),
            ("output_by_year.2023", "-1"),
        ]
    )
    bad = draw(st.dictionaries(st.integers(0, n - 1), bad_cells, max_size=3))
    words = draw(st.lists(st.sampled_from([("是", "否"), ("Y", "N"), ("yes", "no")]), min_size=1))
    return clusters, bad, words


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_files())
def test_every_row_screened_as_evaluate_judges_it_alone(file) -> None:  # type: ignore[no-untyped-def]
    clusters, bad, words = file
    data = _csv(clusters, bad, words)
    _, _, judge, parts = screen_parts(data, "c.csv", policies=POLICIES, part_rows=7)
    judged = {}
    for part in parts:
        for i, row in enumerate(part.rows.tolist()):
            judged[row] = (part.verdicts[i], part.statuses[i])
    result = screen_file(data, "c.csv", on=ON, policies=POLICIES)
    assert sorted(judged) == result.rows.tolist()
    for i, c in enumerate(clusters):
        row = i + 2
        if i in bad:  # a cell that is not a value, or a value out of range: reported, skipped
            assert row not in judged
            assert row in result.skipped_rows
            continue
        assert row in judged, (c, result.problems)
        verdicts, statuses = judged[row]
        a = evaluate(parse_indicators(c), POLICIES, ON)
        k = 0
        for j, r in enumerate(a.results):
            assert judge.columns[k][0] == r.jurisdiction
            assert VERDICTS[verdicts[j]] == r.verdict, (
                c,
                r.jurisdiction,
            )
            for crit in r.criteria:
                assert STATUSES[statuses[k]] == crit.status, (c, crit.id)
                k += 1
        assert result.assessment(row) == a


# ---------------------------------------------------------------- the column-wise criteria
# The enterprise tiers and the yearly outputs are judged through signatures of their
# comparisons (`engine.columnwise`); these files put every row on, or one cent / one
# enterprise either side of, each jurisdiction's bound, read from the policy objects.


def _screened(clusters: list[dict[str, Any]], policies: tuple) -> dict[int, tuple]:
    """{index: (verdicts, statuses)} of the batch, after checking each row against `evaluate`."""
    data = _csv(clusters, {}, [("是", "否")])
    _, _, judge, parts = screen_parts(data, "c.csv", policies=policies, part_rows=50)
    judged = {}
    for part in parts:
        for i, row in enumerate(part.rows.tolist()):
            judged[row - 2] = (part.verdicts[i], part.statuses[i])
    assert sorted(judged) == list(range(len(clusters)))
    for i, c in enumerate(clusters):
        verdicts, statuses = judged[i]
        a = evaluate(parse_indicators(c), policies, ON)
        k = 0
        for j, r in enumerate(a.results):
            assert VERDICTS[verdicts[j]] == r.verdict, (c, r.jurisdiction)
            for crit in r.criteria:
                assert judge.columns[k] == (r.jurisdiction, crit.id)
                assert STATUSES[statuses[k]] == crit.status, (c, r.jurisdiction, crit.id)
                k += 1
    return judged


def _yearly(policies: tuple) -> list[tuple[str, ThresholdCriterion]]:
    return [
        (p.id, c)
        for p in policies
        for c in p.criteria
        if isinstance(c, ThresholdCriterion) and c.indicator == "output_by_year"
    ]


def _cents(x: float) -> float:
    return round(x, 2)


def _mean_shapes(v: float) -> list[list[float]]:
    """Three outputs with two decimals whose mean is exactly v: one whose float mean is v, and
    one whose float mean rounds off it where there is one (32.94, 33.01, 33.05 give
    32.99999999999999)."""
    found: dict[bool, list[float]] = {}
    for a in range(1, 400):
        for b in range(1, a):
            xs = [_cents(v - a / 100), _cents(v + b / 100), _cents(v + (a - b) / 100)]
            if min(xs) >= 0:
                found.setdefault(sum(xs) / 3 != v, xs)
        if len(found) == 2:
            break
    return list(found.values())


def _output_rows(policies: tuple) -> list[tuple[str, str, float, dict[str, Any]]]:
    """(jurisdiction, criterion, the figure its rule compares, cluster) at every bound."""
    rows = []
    for pid, c in _yearly(policies):
        p = next(p for p in policies if p.id == pid)
        near = c.threshold * (1 + p.document.near_margin)
        for bound in (c.threshold, _cents(near)):
            for v in (_cents(bound - 0.01), bound, _cents(bound + 0.01)):
                if c.combine == "each_year":  # the lowest year is v, in each place in turn
                    shapes = [[v, _cents(v + 5), _cents(v + 0.01)], [_cents(v + 1), v, v]]
                else:  # the mean is v exactly, as decimals
                    shapes = [[v, v, v], *_mean_shapes(v)]
                for shape in shapes:
                    years = dict(zip(YEARS, shape, strict=True))
                    rows.append((pid, c.id, v, {"cluster_name": "x", "output_by_year": years}))
    return rows


def _strict(policies: tuple) -> tuple:
    """The policies with every yearly-output test read as 高于 (>) instead of 以上 (>=)."""
    out = []
    for p in policies:
        crits = [
            c.model_copy(update={"operator": ">"})
            if isinstance(c, ThresholdCriterion) and c.indicator == "output_by_year"
            else c
            for c in p.criteria
        ]
        out.append(p.model_copy(update={"criteria": crits}))
    return tuple(out)


def _status(judged: dict, policies: tuple, i: int, pid: str, cid: str) -> str:
    k = [(p.id, c.id) for p in policies for c in p.criteria].index((pid, cid))
    return STATUSES[judged[i][1][k]]


def test_yearly_outputs_at_each_bound_judged_as_the_engine_and_the_law() -> None:
    """以上 includes the threshold, 高于 excludes it: exactly at, one cent below, one above."""
    assert _yearly(POLICIES), "no yearly-output criterion in the policies"
    averaged = {(p, c.id) for p, c in _yearly(POLICIES) if c.combine == "average"}
    assert any(
        sum(r[3]["output_by_year"].values()) / 3 != r[2]
        for r in _output_rows(POLICIES)
        if r[:2] in averaged
    ), "no row whose float mean rounds off its exact mean: the exact path is not exercised"
    for policies, strict in ((POLICIES, False), (_strict(POLICIES), True)):
        rows = _output_rows(policies)
        judged = _screened([r[3] for r in rows], policies)
        for i, (pid, cid, v, _) in enumerate(rows):
            c = next(c for q, c in _yearly(policies) if q == pid and c.id == cid)
            status = _status(judged, policies, i, pid, cid)
            met = v > c.threshold if strict else v >= c.threshold
            assert (status != "red") == met, (pid, cid, v, strict, status)


def _tier_rows(policies: tuple) -> list[dict[str, Any]]:
    """Each arm's count at min_count and the near bound, one either side, on one title, split
    over two, on a generously read title only, and with the arm's other titles left empty."""
    rows = []
    for p in policies:
        near = 1 + p.document.near_margin
        for c in p.criteria:
            if not isinstance(c, TiersCriterion):
                continue
            for g in c.groups:
                m = g.min_count
                bound = int(m * near)
                for n in sorted({m - 1, m, m + 1, bound, bound + 1, bound - 1} - {-1}):
                    strict = [t for t in g.titles if t not in g.generous_titles]
                    others = [t for t in TITLE_KEYS if t not in g.titles]
                    zero = dict.fromkeys(g.titles, 0)
                    shapes = [{**zero, strict[0]: n}, {strict[0]: n}]
                    if len(g.titles) > 1:
                        a = n // 2
                        shapes.append({**zero, g.titles[0]: a, g.titles[1]: n - a})
                    shapes += [{**zero, t: n} for t in g.generous_titles]
                    for shape in shapes:
                        rows.append({"cluster_name": "x", **dict.fromkeys(others, 0), **shape})
    return rows


def test_tier_counts_at_each_bound_judged_as_the_engine_and_the_law() -> None:
    rows = _tier_rows(POLICIES)
    judged = _screened(rows, POLICIES)
    tiers = [(p.id, c) for p in POLICIES for c in p.criteria if isinstance(c, TiersCriterion)]
    assert tiers
    for i, r in enumerate(rows):
        for pid, c in tiers:
            # every title given: the arm's count is the sum, met at min_count (以上: >=)
            if all(t in r for g in c.groups for t in g.titles):
                met = any(sum(r[t] for t in g.titles) >= g.min_count for g in c.groups)
                assert (_status(judged, POLICIES, i, pid, c.id) != "red") == met, (pid, r)


def _reread(policies: tuple, margin: float, arms: int = 1) -> tuple:
    """The policies with another near-threshold margin, and each tiers criterion's arms
    repeated `arms` times (the same law, more comparisons in its signature)."""
    out = []
    for p in policies:
        crits = [
            c.model_copy(update={"groups": list(c.groups) * arms})
            if isinstance(c, TiersCriterion)
            else c
            for c in p.criteria
        ]
        doc = p.document.model_copy(update={"near_margin": margin})
        out.append(p.model_copy(update={"criteria": crits, "document": doc}))
    return tuple(out)


def test_tier_counts_far_above_a_bound_with_a_fine_margin_keep_their_own_status() -> None:
    """A margin with many decimals and counts up to the model's limit: the near bound is
    compared exactly, never through a product that overflows (10 and 10,000,000 enterprises
    once shared a signature with this margin, so one of them got the other's status)."""
    margin = 0.123456789012345
    policies = _reread(POLICIES, margin)
    rows = []
    for p in policies:
        for c in p.criteria:
            if not isinstance(c, TiersCriterion):
                continue
            for g in c.groups:
                title = next(t for t in g.titles if t not in g.generous_titles)
                near = math.ceil(Fraction(g.min_count) * (1 + to_fraction(margin)))
                for n in (g.min_count, near - 1, near, 10_000_000, 100_000_000):
                    rows.append({"cluster_name": "x", **dict.fromkeys(TITLE_KEYS, 0), title: n})
    assert rows
    _screened(rows, policies)  # each row as `evaluate` judges it alone


def test_tiers_with_more_arms_than_a_signature_holds_are_judged_by_the_engine() -> None:
    """Thirteen arms need 65 bits: no signature (the engine judges each row), and the batch
    still agrees with `evaluate` row by row."""
    policies = _reread(POLICIES, 0.1, arms=13)
    c = next(c for c in policies[0].criteria if isinstance(c, TiersCriterion))
    counts = {t: (np.arange(3, dtype=np.int64), np.ones(3, np.int64)) for t in TITLE_KEYS}
    assert tiers_signature(c, Fraction(1, 10), counts, 3).tolist() == [UNSIGNED] * 3
    _screened(_tier_rows(POLICIES)[:40], policies)


def test_columns_validated_as_one_list_as_the_model_takes_each_value() -> None:
    """Each column's values are validated as one list: each kept or refused as the model would
    take it alone in a row, and every output refused under a year the model refuses."""
    values = [0, 0.0, 12.34, -0.01, 100, 100.01, -100, -100.5, 1_000_000, 1_000_000.01]
    values += [float("nan"), float("inf"), True, False, 10**30, 2, 1.5, "12", "集群", "a\x07b"]
    values += ["x" * 201, "是", None, BLANK, BAD, 7]
    cols = [Column(h, k.split(".")[0], k.split(".")[1] if "." in k else None) for k, h in HEADS]
    cols += [Column(f"{y}年产值", "output_by_year", y) for y in ("1900", "2101")]
    for c in cols:
        one_by_one = [v if v is BLANK or v is BAD or _valid(c, v) else BAD for v in values]
        assert _checked(c, values) == one_by_one, c
    assert _checked(Column("2024", "output_by_year", "2024"), values)[2] == 12.34


def test_single_figures_at_each_bound_judged_as_the_engine_and_the_law() -> None:
    """Every single-figure threshold, its figure exactly at the threshold and at the
    near-threshold bound and one cent (one unit for a count) either side: 高于 (>) excludes the
    threshold, 以上 (>=) and 不超过 (<=) include it."""
    rows, expect = [], []
    for p in POLICIES:
        near_share = 1 + p.document.near_margin
        for c in p.criteria:
            if not isinstance(c, ThresholdCriterion) or c.combine != "single":
                continue
            step = 1 if c.indicator in COUNT_KEYS else 0.01
            near = c.threshold * (near_share if c.operator != "<=" else 2 - near_share)
            for bound in (c.threshold, round(near) if step == 1 else _cents(near)):
                for x in (bound - step, bound, bound + step):
                    v = round(x, 2) if step != 1 else int(x)
                    if v < 0 or (c.indicator.endswith("_pct") and v > 100):
                        continue
                    rows.append({"cluster_name": "x", c.indicator: v})
                    met = {">": v > c.threshold, ">=": v >= c.threshold}.get(
                        c.operator, v <= c.threshold
                    )
                    expect.append((p.id, c, met))
    assert {c.operator for _, c, _ in expect} >= {">", ">=", "<="}
    judged = _screened(rows, POLICIES)
    for i, (pid, c, met) in enumerate(expect):
        if not c.soft:  # (一般不超过: exceeding it is amber, not red)
            status = _status(judged, POLICIES, i, pid, c.id)
            assert (status != "red") == met, (pid, c.id, rows[i], status)


def _rounding_off(ratio: Fraction) -> Fraction:
    """A first year's output (in cents) whose last year, `ratio` times it, is a short decimal
    but whose float quotient is not the float of `ratio` (0.07 and 0.0847 for 10 % a year)."""
    for cents in range(1, 10_000):
        first = Fraction(cents, 100)
        last = float(first * ratio)
        if to_fraction(last) == first * ratio and last / float(first) != float(ratio):
            return first
    raise AssertionError(ratio)


def test_growth_derived_from_outputs_at_each_bound_judged_as_the_engine_and_the_law() -> None:
    """Growth derived from three yearly outputs (no growth figure given) exactly at each growth
    threshold and near bound, and with the last year one cent either side."""
    rows, expect = [], []
    for p in POLICIES:
        for c in p.criteria:
            if not isinstance(c, ThresholdCriterion) or c.indicator != "output_growth_pct":
                continue
            near = c.threshold * (1 + p.document.near_margin)
            for g in (c.threshold, near):
                step = (1 + to_fraction(g) / 100) ** 2
                for first in (100, _rounding_off(step)):
                    last = float(first * step)
                    for d in (-0.01, 0, 0.01):
                        on = {"2022": float(first), "2023": float(first), "2024": last + d}
                        rows.append({"cluster_name": "x", "output_by_year": on})
                        growth = to_fraction(on["2024"]) / to_fraction(on["2022"])
                        bound = (1 + to_fraction(c.threshold) / 100) ** 2
                        met = growth > bound if c.operator == ">" else growth >= bound
                        expect.append((p.id, c, met))
    assert {c.operator for _, c, _ in expect} >= {">", ">="}
    judged = _screened(rows, POLICIES)
    for i, (pid, c, met) in enumerate(expect):
        status = _status(judged, POLICIES, i, pid, c.id)
        assert (status != "red") == met, (pid, c.id, rows[i], status)
