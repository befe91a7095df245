"""Aggregation: exact boundaries, titles, incidents, derivations, and `aggregate | evaluate`."""

from __future__ import annotations

import argparse
import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from assessment.cli import data as cli_data
from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import indicators_from_json
from assessment.members.aggregate import aggregate_file
from assessment.members.figures import exact_sum
from tests.member_factory import csv_bytes, members

DAY = dt.date(2025, 6, 30)


def _csv(text: str) -> bytes:
    return text.strip().encode() + b"\n"


def test_share_of_exactly_sixty_percent_is_sixty():
    # 0.1 + 0.2 + 0.3 style decimals: float sums would give 60.00000000000001 or 59.99999999999999
    data = _csv("""
企业名称,是否中小企业,是否属于主导产业,产值_2024
A,是,是,0.1
B,是,是,0.2
C,是,否,0.3
D,否,否,0.4
""")
    ind = aggregate_file(data, "m.csv")
    assert ind.sme_output_share_pct == 60.0
    assert ind.leading_industry_output_share_pct == 30.0
    assert ind.output_by_year == {"2024": 0.0001}


def test_growth_of_exactly_ten_percent_a_year_is_ten():
    data = _csv("""
企业名称,是否中小企业,产值_2022,产值_2023,产值_2024,研发经费_2022,研发经费_2023,研发经费_2024
A,是,"100,000",1,"121,000",1000,1,1331
B,否,0.3,1,0.363,0,0,0
""")
    ind = aggregate_file(data, "m.csv")
    # CONTRACT ed. 2: no output_growth_pct; the engine derives it exactly from output_by_year
    assert ind.output_growth_pct is None and "output_growth_pct" not in ind.derivations
    c = evaluate(ind, on=DAY).result("shanghai").criterion("output_growth")
    assert c.value == 10.0 and c.meets is True and "derived" in c.flags
    assert ind.sme_rd_growth_pct == pytest.approx(15.3, abs=0.1)


def test_rd_and_patent_growth_use_the_latest_three_years_only():
    """近三年: a high earlier year never enters the growth (CONTRACT sections 1 and 4, ed. 2)."""
    data = _csv("""
企业名称,是否中小企业,产值_2024,研发经费_2021,研发经费_2022,研发经费_2023,研发经费_2024,有效发明专利_2021,有效发明专利_2022,有效发明专利_2023,有效发明专利_2024
A,是,1,5000,1000,1100,1210,90,100,110,121
""")
    ind = aggregate_file(data, "m.csv")
    assert ind.sme_rd_growth_pct == 10.0  # 1000 -> 1210 over 2022-2024, not 5000 -> 1210
    assert ind.invention_patent_growth_pct == 10.0  # 100 -> 121, not 90 -> 121
    assert ind.sme_invention_patent_growth_pct == 10.0
    d = ind.derivations["sme_rd_growth_pct"]
    assert d.figures["years"] == 2 and "first_2022" in d.figures
    assert "研发经费_2021" not in d.columns


def test_boundary_files_are_judged_correctly_after_aggregate_and_evaluate(capsys):
    """Exactly 60 % fails Guangzhou's 高于60% and meets Hainan's 60%以上; exactly 10 % growth
    meets Shanghai's 10%以上 (第六条（二）)."""
    data = _csv("""
企业名称,是否中小企业,产值_2022,产值_2023,产值_2024
A,是,3000,3300,"3,630"
B,是,3000,3300,"3,630"
C,否,4000,4400,"4,840"
""")
    path = "boundary.csv"
    with open(path, "wb") as f:
        f.write(data)
    args = argparse.Namespace(file=path, sheet=None, name="边界", no_derivations=False, lang="zh")
    assert cli_data.cmd_aggregate(args) == 0
    ind = indicators_from_json(capsys.readouterr().out)
    assert ind.sme_output_share_pct == 60.0 and ind.output_growth_pct is None
    result = evaluate(ind, on=DAY)
    assert result.result("guangzhou").criterion("sme_output_share").meets is False
    assert result.result("hainan").criterion("sme_output_share").meets is True
    assert result.result("shanghai").criterion("output_growth").meets is True


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_titles_counted_by_leading_industry_and_distinct_enterprises():
    data = _csv("""
企业名称,是否中小企业,是否属于主导产业,产值_2024,资质
A,是,是,1,小巨人、高新技术企业
B,是,否,1,小巨人
C,是,否,1,国家级单项冠军;专精特新
D,是,是,1,
E,否,是,1,链主企业
""")
    ind = aggregate_file(data, "m.csv")
    assert ind.little_giants == 1  # B is outside the leading industry
    assert ind.national_champions == 0
    assert ind.high_tech_enterprises == 1 and ind.specialized_smes == 1
    assert ind.chain_leaders == 1
    entries = sorted((tuple(e.titles), e.leading_industry, e.count) for e in ind.titled_enterprises)
    assert entries == [
        (("chain_leaders",), True, 1),
        (("high_tech_enterprises", "little_giants"), True, 1),
        (("little_giants",), False, 1),
        (("national_champions", "specialized_smes"), False, 1),
    ]


def test_titled_enterprises_are_grouped_with_a_count():
    """CONTRACT ed. 2: one entry per distinct (titles, leading industry), with how many hold it."""
    data = _csv("""
企业名称,是否中小企业,是否属于主导产业,产值_2024,资质
A,是,是,1,专精特新、高新技术企业
B,是,是,1,高新技术企业;专精特新
C,是,否,1,专精特新、高新技术企业
D,是,是,1,高新技术企业
E,是,是,1,"专精特新,高新技术企业"
""")
    ind = aggregate_file(data, "m.csv")
    entries = {(tuple(e.titles), e.leading_industry): e.count for e in ind.titled_enterprises}
    assert entries == {
        (("high_tech_enterprises", "specialized_smes"), True): 3,
        (("high_tech_enterprises", "specialized_smes"), False): 1,
        (("high_tech_enterprises",), True): 1,
    }
    assert ind.derivations["titled_enterprises"].enterprises == 5
    # counted as distinct enterprises: 5, not 4 + 5 per-title holdings
    c = evaluate(ind, on=DAY).result("hainan").criterion("enterprise_tiers")
    assert c.tiers[1].count == 5 and c.meets is True


def test_a_million_row_member_file_aggregates_to_a_few_hundred_bytes():
    """CONTRACT ed. 2: the indicators of 1,000,000 enterprises stay under 10 KB (grouped titles)."""
    n = 1_000_000
    titles = np.array(["", "高新技术企业", "专精特新、高新技术企业", "创新型中小企业", "小巨人"])
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "企业名称": np.char.add("企业", np.arange(n).astype(str)),
            "是否中小企业": np.where(rng.random(n) < 0.9, "是", "否"),
            "是否属于主导产业": np.where(rng.random(n) < 0.8, "是", "否"),
            "产值_2024": rng.integers(1, 1000, n),
            "资质": titles[rng.integers(0, len(titles), n)],
        }
    )
    ind = aggregate_file(frame.to_csv(index=False).encode(), "m.csv")
    size = len(ind.model_dump_json(exclude_none=True).encode())
    assert size < 10_000, size
    assert sum(e.count for e in ind.titled_enterprises) == int((frame["资质"] != "").sum())


def test_incident_rows_are_named():
    data = _csv("""
企业名称,是否中小企业,产值_2024,近三年重大事故或违法失信
A,是,1,否
B,是,1,是
C,是,1,否
D,否,1,Y
""")
    ind = aggregate_file(data, "m.csv")
    assert ind.no_major_incidents is False
    derivation = ind.derivations["no_major_incidents"]
    assert derivation.figures["rows"] == "3, 5"
    assert "B" in derivation.description_zh
    clean = aggregate_file(
        data.replace("是\n".encode(), "否\n".encode()).replace(b"Y\n", b"N\n"), "m.csv"
    )
    assert clean.no_major_incidents is True


def test_missing_optional_columns_leave_indicators_out():
    ind = aggregate_file(_csv("企业名称,是否中小企业,产值_2024\nA,是,5\n"), "m.csv")
    assert ind.output_by_year == {"2024": 0.0005}
    assert ind.sme_output_share_pct == 100.0
    for key in (
        "no_major_incidents",
        "leading_industry_output_share_pct",
        "sme_rd_growth_pct",
        "invention_patents_per_10k_employees",
        "industrial_internet_adoption_pct",
        "titled_enterprises",
        "little_giants",
    ):
        assert getattr(ind, key) is None, key
    assert ind.output_growth_pct is None and "output_growth_pct" not in ind.derivations
    assert ind.cluster_name is None


def test_growth_from_zero_is_left_out_and_explained():
    data = _csv(
        "企业名称,是否中小企业,产值_2023,产值_2024,有效发明专利_2023,有效发明专利_2024\n"
        "A,是,1,2,0,3\n"
    )
    ind = aggregate_file(data, "m.csv")
    assert ind.invention_patent_growth_pct is None
    assert "为 0" in ind.derivations["invention_patent_growth_pct"].description_zh


def test_full_member_table_figures_and_derivations():
    ind = aggregate_file(csv_bytes(members(6)), "m.csv")
    assert ind.industrial_internet_adoption_pct == 50.0
    assert ind.sme_industrial_internet_adoption_pct == 50.0  # SMEs are rows 1, 2, 4, 5
    patents, staff = sum(range(2, 8)), sum(50 + 10 * i for i in range(6))
    assert ind.invention_patents_per_10k_employees == pytest.approx(patents / staff * 10_000)
    d = ind.derivations["sme_output_share_pct"]
    assert d.columns == ["output_2024", "is_sme"] and d.enterprises == 4
    assert set(d.figures) >= {"sme_output_wan_yuan", "total_output_wan_yuan"}


def test_exact_sum_does_not_overflow():
    big = np.full(20, 2**62, dtype=np.int64)
    assert exact_sum(big) == 20 * 2**62


@pytest.mark.parametrize("top", [1, 10**6, 10**15, 2**40, 2**62, 2**63 - 1])
def test_exact_sum_matches_python_ints_at_every_scale(top):
    rng = np.random.default_rng(top % 1000)
    for n in (1, 7, 1000, 12_345):
        values = rng.integers(0, top, size=n, dtype=np.int64, endpoint=True)
        assert exact_sum(values) == sum(int(v) for v in values)


def test_cli_lists_every_problem_and_exits_2(capsys):
    with open("bad.csv", "wb") as f:
        f.write(_csv("企业名称,是否中小企业,产值_2024\n,是,x\nB,也许,1\n"))
    args = argparse.Namespace(file="bad.csv", sheet=None, name=None, no_derivations=True, lang="zh")
    assert cli_data.cmd_aggregate(args) == 2
    err = capsys.readouterr().err
    assert "3 处问题" in err
    assert "第2行，列“企业名称”" in err and "第2行，列“产值_2024”，值“x”" in err
    assert "第3行，列“是否中小企业”，值“也许”" in err


def test_cli_maps_the_file_and_still_refuses_empty_or_missing_ones(capsys):
    for name, content in (("empty.csv", b""), ("blank.csv", b" \r\n")):
        with open(name, "wb") as f:
            f.write(content)
        args = argparse.Namespace(file=name, sheet=None, name=None, no_derivations=True, lang="en")
        assert cli_data.cmd_aggregate(args) == 2
        assert "empty" in capsys.readouterr().err


def test_cli_registers_with_argparse(capsys):
    parser = argparse.ArgumentParser()
    cli_data.register(parser.add_subparsers(dest="command"))
    with open("ok.csv", "wb") as f:
        f.write(_csv("企业名称,是否中小企业,产值_2024\nA,是,1\n"))
    args = parser.parse_args(["aggregate", "ok.csv", "--no-derivations"])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out) == {
        "output_by_year": {"2024": 0.0001},
        "sme_output_share_pct": 100.0,
    }
    args = parser.parse_args(["aggregate", "missing.csv"])
    assert args.func(args) == 2
