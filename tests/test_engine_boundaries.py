"""Boundary sweeps: every numeric criterion of every jurisdiction, just below, at and just above.

The expected operator of each row is read from the wording of the source text (see the clause),
independently of policies/*.toml: 高于/超过 -> '>', X以上/不低于/不少于 -> '>=', 不超过 -> '<='.
A row that disagrees with the policy file fails here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from assessment.engine.evaluate import evaluate_policy
from assessment.engine.indicators import Indicators
from assessment.engine.policy import Policy, load_policies

DAY = dt.date(2026, 1, 15)

# (jurisdiction, criterion id, indicator field, operator from the wording, threshold, clause: wording)
ROWS = [
    ("guangzhou", "area", "area_km2", "<=", 100, "3.2.2 占地面积不超过100平方公里"),
    (
        "guangzhou",
        "sme_output_share",
        "sme_output_share_pct",
        ">",
        60,
        "3.2.2 中小企业产值占集群总产值高于60%",
    ),
    (
        "guangzhou",
        "leading_industry_share",
        "leading_industry_output_share_pct",
        ">",
        60,
        "3.2.2 主导产业占集群总产值比例高于60%",
    ),
    ("guangzhou", "output_growth", "output_growth_pct", ">", 5, "3.2.2 产值年均增速高于5%"),
    (
        "guangzhou",
        "sme_rd_growth",
        "sme_rd_growth_pct",
        ">",
        10,
        "3.2.4 近三年中小企业研发经费年均增长高于10%",
    ),
    (
        "guangzhou",
        "invention_patent_growth",
        "invention_patent_growth_pct",
        ">=",
        15,
        "3.2.4 有效发明专利年均增长率不低于15%",
    ),
    (
        "guangzhou",
        "invention_patents_per_10k",
        "invention_patents_per_10k_employees",
        ">=",
        15,
        "3.2.4 每万人有效发明专利拥有量不低于15个",
    ),
    (
        "guangzhou",
        "industrial_internet_adoption",
        "industrial_internet_adoption_pct",
        ">=",
        15,
        "3.2.5 工业互联网平台应用普及率不低于15%",
    ),
    (
        "shanghai",
        "area",
        "area_km2",
        "<=",
        100,
        "第六条（二） 占地面积一般不超过100平方公里 (soft)",
    ),
    (
        "shanghai",
        "sme_output_share",
        "sme_output_share_pct",
        ">=",
        50,
        "第六条（二） 中小企业产值占集群总产值50%以上",
    ),
    (
        "shanghai",
        "leading_industry_share",
        "leading_industry_output_share_pct",
        ">=",
        50,
        "第六条（二） 主导产业产值占集群总产值比例50%以上",
    ),
    (
        "shanghai",
        "output_growth",
        "output_growth_pct",
        ">=",
        10,
        "第六条（二） 产值年均增速10%以上",
    ),
    (
        "shanghai",
        "sme_rd_growth",
        "sme_rd_growth_pct",
        ">=",
        5,
        "第六条（五） 中小企业研发经费年均增长5%以上",
    ),
    (
        "shanghai",
        "innovation_platforms",
        "innovation_platforms",
        ">=",
        1,
        "第六条（五） 区级及以上创新平台1个以上",
    ),
    (
        "shanghai",
        "standards_participated",
        "standards_participated",
        ">=",
        2,
        "第六条（五） 参与主导产业标准制修订2项以上",
    ),
    (
        "shanghai",
        "invention_patent_growth",
        "sme_invention_patent_growth_pct",
        ">=",
        15,
        "第六条（五） 集群中小企业有效发明专利年均增长率15%以上",
    ),
    (
        "shanghai",
        "invention_patents_per_10k",
        "sme_invention_patents_per_10k_employees",
        ">=",
        15,
        "第六条（五） 中小企业从业人员每万人有效发明专利拥有量15个以上",
    ),
    (
        "shanghai",
        "industrial_internet_adoption",
        "sme_industrial_internet_adoption_pct",
        ">=",
        10,
        "第六条（六） 中小企业工业(产业)互联网平台应用普及率10%以上",
    ),
    ("hainan", "area", "area_km2", "<=", 100, "认定标准一 占地面积一般不超过100平方公里 (soft)"),
    (
        "hainan",
        "sme_output_share",
        "sme_output_share_pct",
        ">=",
        60,
        "认定标准一 中小企业产值占集群总产值60%以上",
    ),
    (
        "hainan",
        "leading_industry_share",
        "leading_industry_output_share_pct",
        ">",
        60,
        "认定标准一 主导产业占集群总产值比例高于60%",
    ),
    ("hainan", "output_growth", "output_growth_pct", ">", 5, "认定标准一 产值年均增速高于5%"),
    (
        "hainan",
        "sme_rd_growth",
        "sme_rd_growth_pct",
        ">",
        5,
        "认定标准四 近三年中小企业研发经费年均增长高于5%",
    ),
    (
        "hainan",
        "invention_patent_growth",
        "invention_patent_growth_pct",
        ">=",
        10,
        "认定标准四 有效发明专利年均增长率不低于10%",
    ),
    (
        "hainan",
        "invention_patents_per_10k",
        "invention_patents_per_10k_employees",
        ">=",
        6,
        "认定标准四 每万人有效发明专利拥有量不低于6个",
    ),
]

COUNT_FIELDS = {"innovation_platforms", "standards_participated"}


@cache
def _policies() -> dict[str, Policy]:
    return {p.id: p for p in load_policies()}


def _judge(jurisdiction: str, cid: str, **fields):
    result = evaluate_policy(Indicators(**fields), _policies()[jurisdiction], DAY)
    c = result.criterion(cid)
    assert c is not None, f"{jurisdiction} does not ask {cid}"
    return c


def _expected(op: str, value: float, threshold: float) -> bool:
    return {">": value > threshold, ">=": value >= threshold, "<=": value <= threshold}[op]


def test_every_numeric_criterion_has_a_boundary_row():
    """No threshold criterion of any policy escapes the sweep below."""
    covered = (
        {(j, c) for j, c, *_ in ROWS}
        | {(j, "output_scale") for j in _policies()}
        | {(j, "enterprise_tiers") for j in _policies()}
    )
    for j, p in _policies().items():
        for c in p.criteria:
            if c.kind != "declaration":
                assert (j, c.id) in covered, (j, c.id)


@pytest.mark.parametrize(
    ("jurisdiction", "cid", "field", "op", "threshold", "clause"),
    ROWS,
    ids=[f"{r[0]}-{r[1]}" for r in ROWS],
)
def test_boundary(jurisdiction, cid, field, op, threshold, clause):
    del clause  # cited in the parameter table
    step = 1 if field in COUNT_FIELDS else 0.01
    for value in (threshold - step, threshold, threshold + step):
        v = int(value) if field in COUNT_FIELDS else float(value)
        c = _judge(jurisdiction, cid, **{field: v})
        assert c.operator == op
        assert c.meets is _expected(op, v, threshold), (jurisdiction, cid, v)
        assert c.status in ({"green", "amber"} if c.meets else ({"amber"} if c.soft else {"red"}))


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
