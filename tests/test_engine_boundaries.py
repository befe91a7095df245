"""Boundaries that need more than one value changed: year windows, exact means, either-or arms.

The plain below / at / above sweep of every numeric criterion is data now: policies/cases/*.toml,
run by tests/test_policy_cases.py.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from assessment.engine.evaluate import evaluate_policy
from assessment.engine.indicators import Indicators
from assessment.engine.policy import Policy, load_policies

DAY = dt.date(2026, 1, 15)


@cache
def _policies() -> dict[str, Policy]:
    return {p.id: p for p in load_policies()}


def _judge(jurisdiction: str, cid: str, **fields):
    result = evaluate_policy(Indicators(**fields), _policies()[jurisdiction], DAY)
    c = result.criterion(cid)
    assert c is not None, f"{jurisdiction} does not ask {cid}"
    return c


# 近三年产值: Guangzhou 年均 (average), Shanghai and Hainan 均在 (each year).
@pytest.mark.parametrize(
    ("years", "meets"),
    [
        ((28.9, 30.3, 30.79), False),  # average 29.996666…
        ((28.9, 30.3, 30.8), True),  # average exactly 30 — no float noise may lose it
        ((28.9, 30.3, 30.81), True),
    ],
)
def test_guangzhou_output_average_of_three_years(years, meets):
    """3.2.2 近三年年均产值在 30亿元以上: the mean of the latest three years >= 30."""
    oby = {"2021": 1.0} | {str(2022 + i): v for i, v in enumerate(years)}  # 2021 is not 近三年
    c = _judge("guangzhou", "output_scale", output_by_year=oby)
    assert c.meets is meets


@pytest.mark.parametrize(("jurisdiction", "threshold"), [("shanghai", 30), ("hainan", 20)])
@pytest.mark.parametrize("delta", [-0.01, 0, 0.01])
def test_output_each_of_three_years(jurisdiction, threshold, delta):
    """上海 第六条（二）近三年产值均在30亿元以上; 海南 认定标准一 均在20亿元以上: every year."""
    low = threshold + delta
    c = _judge(
        jurisdiction,
        "output_scale",
        output_by_year={"2022": threshold + 9.0, "2023": low, "2024": threshold + 20.0},
    )
    assert c.meets is (delta >= 0)
    # a high average cannot rescue one low year
    c = _judge(
        jurisdiction,
        "output_scale",
        output_by_year={"2022": threshold - 0.5, "2023": threshold * 3.0, "2024": threshold * 3.0},
    )
    assert c.meets is False


def test_output_scale_needs_three_years():
    c = _judge("shanghai", "output_scale", output_by_year={"2023": 50.0, "2024": 60.0})
    assert c.meets is None and c.status == "grey" and "3" in c.note


@pytest.mark.parametrize(
    ("jurisdiction", "arm1_title", "arm2_title", "arm2_min"),
    [
        ("guangzhou", "national_champions", "high_tech_enterprises", 10),  # 3.2.3
        ("guangzhou", "little_giants", "chain_leaders", 10),
        ("shanghai", "municipal_champions", "specialized_smes", 10),  # 第六条（三）
        ("shanghai", "little_giants", "innovative_smes", 10),
        ("hainan", "provincial_champions", "specialized_smes", 5),  # 认定标准二
        ("hainan", "little_giants", "high_tech_enterprises", 5),
    ],
)
def test_enterprise_tiers_either_or(jurisdiction, arm1_title, arm2_title, arm2_min):
    """不少于1家 … 或者不少于N家 …: either arm suffices, each at its own count (>=)."""
    zero = {
        "national_champions": 0,
        "provincial_champions": 0,
        "municipal_champions": 0,
        "little_giants": 0,
        "specialized_smes": 0,
        "innovative_smes": 0,
        "high_tech_enterprises": 0,
        "chain_leaders": 0,
    }
    assert _judge(jurisdiction, "enterprise_tiers", **zero).meets is False
    assert _judge(jurisdiction, "enterprise_tiers", **(zero | {arm1_title: 1})).meets is True
    for n, meets in ((arm2_min - 1, False), (arm2_min, True), (arm2_min + 1, True)):
        c = _judge(jurisdiction, "enterprise_tiers", **(zero | {arm2_title: n}))
        assert c.meets is meets, (arm2_title, n)


def test_shanghai_provincial_champions_are_not_its_municipal_arm():
    """第六条（三）names 市级或者国家级 champions only."""
    c = _judge(
        "shanghai",
        "enterprise_tiers",
        provincial_champions=3,
        national_champions=0,
        municipal_champions=0,
        little_giants=0,
        specialized_smes=0,
        innovative_smes=0,
        high_tech_enterprises=0,
    )
    assert c.meets is False


@pytest.mark.parametrize(
    ("first", "last", "years"),
    [
        (100, 110.25, 2),  # exactly 5 % a year
        (28.4, 31.311, 2),  # 31.311 / 28.4 = 1.1025 exactly in decimals, not in binary floats
    ],
)
def test_derived_growth_of_exactly_five_percent_is_not_above_five(first, last, years):
    """高于5% excludes 5: a growth derived from output_by_year of exactly 5 % fails '>'."""
    oby = {"2022": float(first), "2023": 1.0, "2024": float(last)}
    for j in ("guangzhou", "hainan"):
        c = _judge(j, "output_growth", output_by_year=oby)
        assert c.meets is False and c.value == pytest.approx(5.0), j
        assert "derived" in c.flags


def test_derived_growth_of_exactly_ten_percent_meets_shanghai():
    """第六条（二）产值年均增速10%以上 includes 10: 28.4 -> 34.364 over two years is exactly 10 %."""
    c = _judge(
        "shanghai", "output_growth", output_by_year={"2022": 28.4, "2023": 31.24, "2024": 34.364}
    )
    assert c.meets is True and c.value == 10.0
    c = _judge(
        "shanghai", "output_growth", output_by_year={"2022": 28.4, "2023": 31.24, "2024": 34.363}
    )
    assert c.meets is False


def test_given_growth_wins_over_derived_growth():
    c = _judge(
        "shanghai",
        "output_growth",
        output_growth_pct=12.0,
        output_by_year={"2022": 100.0, "2023": 100.0, "2024": 100.0},
    )
    assert c.meets is True and c.value == 12.0
