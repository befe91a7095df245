"""Batch screening: each row judged exactly as alone; bad rows reported by row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.errors import DataFileError
from assessment.exports.batch_xlsx import batch_table_bytes, batch_template_bytes, template_headers
from assessment.present.batch_tables import display_table, summary_table
from assessment.screening.screen import screen_file

ON = dt.date(2025, 6, 1)
ROOT = Path(__file__).resolve().parent.parent

# hand-written fictional clusters; the sample clusters of sample_data/ are added when present
CLUSTERS: list[dict[str, Any]] = [
    {
        "cluster_name": "甲 智能装备",
        "area_km2": 50,
        "output_by_year": {"2022": 28.4, "2023": 31.0, "2024": 35.2},
        "sme_output_share_pct": 65,
        "leading_industry_output_share_pct": 72,
        "sme_rd_growth_pct": 8,
        "invention_patent_growth_pct": 9,
        "invention_patents_per_10k_employees": 30,
        "industrial_internet_adoption_pct": 55,
        "innovation_platforms": 5,
        "standards_participated": 3,
        "specialized_smes": 12,
        "high_tech_enterprises": 20,
        "little_giants": 2,
        "no_major_incidents": True,
        "industry_policy_aligned": True,
        "pillar_industry": True,
    },
    {
        "cluster_name": "乙",
        "area_km2": 120,
        "sme_output_share_pct": 60,
        "energy_intensive_industry": False,
        "no_major_incidents": False,
    },
    {
        "cluster_name": "丙 全部满足",
        "area_km2": 20,
        "output_by_year": {"2022": 100, "2023": 120, "2024": 150},
        "sme_output_share_pct": 90,
        "leading_industry_output_share_pct": 90,
        "sme_rd_growth_pct": 30,
        "invention_patent_growth_pct": 40,
        "sme_invention_patent_growth_pct": 40,
        "invention_patents_per_10k_employees": 80,
        "sme_invention_patents_per_10k_employees": 80,
        "industrial_internet_adoption_pct": 80,
        "sme_industrial_internet_adoption_pct": 80,
        "innovation_platforms": 9,
        "standards_participated": 9,
        "national_champions": 3,
        "little_giants": 12,
        "specialized_smes": 40,
        "high_tech_enterprises": 60,
        "chain_leaders": 3,
        "innovative_smes": 30,
        "provincial_champions": 5,
        "municipal_champions": 5,
        **dict.fromkeys(
            (
                "no_major_incidents",
                "industry_policy_aligned",
                "pillar_industry",
                "leading_position",
                "brand_recognition",
                "supply_chain_collaboration",
                "supply_chain_map",
                "sharing_mechanisms",
                "advanced_cluster_cooperation",
                "innovation_cooperation",
                "multi_innovation_platforms",
                "standards_work",
                "key_technology_breakthroughs",
                "digital_infrastructure",
                "digital_diagnosis",
                "production_data_connected",
                "industrial_internet_security",
                "adoption_rising",
                "green_development",
                "green_service_mechanism",
                "international_cooperation",
                "overseas_expansion",
                "operating_body",
                "public_service_institution",
                "service_specialist_team",
                "appeal_mechanism",
                "policy_full_coverage",
                "development_plan",
            ),
            True,
        ),
        "energy_intensive_industry": False,
        "water_intensive_industry": False,
    },
    {
        "cluster_name": "丁 豁免",
        "output_by_year": {"2023": 10, "2024": 9},
        "growth_exemption_claimed": True,
    },
]


def _sample_clusters() -> list[dict[str, Any]]:
    found = []
    for p in sorted(ROOT.glob("sample_data/*/indicators.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        d.pop("derivations", None)  # derivations do not fit in a one-row file
        d.pop("titled_enterprises", None)  # nor does the list of titled enterprises
        d.setdefault("cluster_name", p.parent.name)
        found.append(d)
    return found


def column_value(cluster: dict[str, Any], key: str) -> Any:
    """A cluster's value under a batch template column ('output_by_year.2024' is one year's)."""
    if key.startswith("output_by_year."):
        return (cluster.get("output_by_year") or {}).get(key.split(".")[1])
    return cluster.get(key)


def _rows_of(cluster: dict[str, Any], keys: list[str]) -> list[Any]:
    row = []
    for k in keys:
        v = column_value(cluster, k)
        row.append("" if v is None else ("是" if v is True else "否" if v is False else v))
    return row


def _years(clusters: list[dict[str, Any]]) -> list[int]:
    ys = {int(y) for c in clusters for y in (c.get("output_by_year") or {})}
    return sorted(ys)


def _csv(clusters: list[dict[str, Any]], lang: str = "en", extra: list[list[Any]] = ()) -> bytes:
    heads = template_headers(lang, _years(clusters))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([h for _, h in heads])
    for c in clusters:
        w.writerow(_rows_of(c, [k for k, _ in heads]))
    for r in extra:
        w.writerow(r)
    return buf.getvalue().encode("utf-8")


def _expected(cluster: dict[str, Any]) -> dict[str, tuple[str, dict[str, str]]]:
    a = evaluate(parse_indicators(cluster), on=ON)
    return {r.jurisdiction: (r.verdict, {c.id: c.status for c in r.criteria}) for r in a.results}


def _assert_matches(result, clusters):  # type: ignore[no-untyped-def]
    t = result.table
    assert len(t) == len(clusters)
    for i, cluster in enumerate(clusters):
        row = t.iloc[i]
        assert row["cluster_name"] == cluster["cluster_name"]
        for jid, (verdict, statuses) in _expected(cluster).items():
            assert row[f"{jid}.verdict"] == verdict, (cluster["cluster_name"], jid)
            for cid, st in statuses.items():
                assert row[f"{jid}.{cid}"] == st, (cluster["cluster_name"], jid, cid)


def test_batch_equals_evaluating_each_cluster_alone() -> None:
    clusters = CLUSTERS + _sample_clusters()
    result = screen_file(_csv(clusters), "clusters.csv", on=ON)
    assert result.problems == []
    _assert_matches(result, clusters)
    assert result.table["row"].tolist() == list(range(2, 2 + len(clusters)))
    for jid, counts in result.summary.items():
        verdicts = result.table[f"{jid}.verdict"]
        assert counts == {
            k: int((verdicts == k).sum()) for k in ("eligible", "not_eligible", "incomplete")
        }
    assert result.table["recognised_by"].tolist() == [
        sum(v == "eligible" for v, _ in _expected(c).values()) for c in clusters
    ]
    # the drill-down gives the full assessment of a row
    full = result.assessment(2)
    assert full.result("guangzhou").verdict == result.table.iloc[0]["guangzhou.verdict"]


def test_chinese_headers_gb18030_and_xlsx_give_the_same_table() -> None:
    text = _csv(CLUSTERS, "zh").decode("utf-8")
    from_gb = screen_file(text.encode("gb18030"), "集群.csv", on=ON)
    from_bom = screen_file(("\ufeff" + text).encode("utf-8"), "集群.csv", on=ON)
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in csv.reader(io.StringIO(text)):
        ws.append([float(x) if x.replace(".", "").isdigit() else x for x in r])
    buf = io.BytesIO()
    wb.save(buf)
    from_xlsx = screen_file(buf.getvalue(), "集群.xlsx", on=ON)
    for res in (from_gb, from_bom, from_xlsx):
        assert res.problems == []
        _assert_matches(res, CLUSTERS)


def test_one_bad_row_is_reported_and_the_rest_judged() -> None:
    heads = [h for _, h in template_headers("zh", _years(CLUSTERS))]
    bad = [""] * len(heads)
    bad[0], bad[heads.index("中小企业产值占比（%）")] = "坏行", "七十"
    worse = [""] * len(heads)
    worse[0], worse[heads.index("中小企业产值占比（%）")] = "超百", "130"
    text = (
        _csv(CLUSTERS[:2], "zh", extra=[bad, worse]) + _csv(CLUSTERS[2:], "zh").split(b"\n", 1)[1]
    )
    result = screen_file(text, "c.csv", on=ON)
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (4, "中小企业产值占比（%）", "七十"),
        (5, "中小企业产值占比（%）", "130"),
    ]
    assert "七十" in result.problems[0].message_zh
    assert "100" in result.problems[1].message_en
    assert result.skipped_rows == [4, 5]
    _assert_matches(result, CLUSTERS)
    assert result.table["row"].tolist() == [2, 3, 6, 7]


def test_a_row_with_several_bad_cells_lists_every_one() -> None:
    """Not only the first problem of a row: text, a share over 100 and a fractional count."""
    heads = [h for _, h in template_headers("zh", _years(CLUSTERS))]
    bad = [""] * len(heads)
    bad[0] = "多处错误"
    share = next(h for h in heads if h.startswith("中小企业产值占比"))
    lead = next(h for h in heads if h.startswith("主导产业产值占比"))
    area = next(h for h in heads if h.startswith("占地面积"))
    bad[heads.index(share)], bad[heads.index(lead)], bad[heads.index(area)] = "abc", "160", "-3"
    result = screen_file(_csv(CLUSTERS[:1], "zh", extra=[bad]), "c.csv", on=ON)
    cols = {p.column for p in result.problems if p.row == 3}
    assert cols == {share, lead, area}, result.problems
    assert result.skipped_rows == [3]
    assert result.table["row"].tolist() == [2]


def test_declaration_words_and_empty_cells() -> None:
    data = (
        "cluster_name,no_major_incidents,pillar_industry,leading_position,brand_recognition\n"
        "a,√,Y,否,\nb,×,true,0,是\nc,maybe,1,,\n"
    ).encode()
    result = screen_file(data, "d.csv", on=ON)
    gz = result.table.set_index("cluster_name")
    assert gz.loc["a", "guangzhou.compliance"] == "green"
    assert gz.loc["a", "guangzhou.leading_position"] == "red"
    assert gz.loc["a", "guangzhou.brand_recognition"] == "grey"
    assert gz.loc["b", "guangzhou.compliance"] == "red"
    assert [(p.row, p.column, p.value) for p in result.problems] == [
        (4, "no_major_incidents", "maybe")
    ]


def test_unknown_column_is_reported_but_rows_still_judged() -> None:
    data = "集群名称,占地面积,产值增速typo\nx,50,3\n".encode()
    result = screen_file(data, "u.csv", on=ON)
    assert len(result.table) == 1
    assert [(p.row, p.column) for p in result.problems] == [(None, "产值增速typo")]
    assert result.table.iloc[0]["guangzhou.area"] == "green"


def test_whole_numbers_and_year_columns() -> None:
    data = ("name,little_giants,产值_2023,output_2024\nx,2.5,10,11\ny,3,10,\nz,3,,11\n").encode()
    result = screen_file(data, "y.csv", on=ON)
    probs = {p.row: p for p in result.problems}
    assert probs[2].column == "little_giants"
    assert 3 not in probs and 4 not in probs  # a single year is fine (consecutive)
    assert len(result.table) == 2


def test_unreadable_file_is_one_clear_error() -> None:
    with pytest.raises(DataFileError):
        screen_file(b"\x00\x01", "x.pdf")
    with pytest.raises(DataFileError):
        screen_file(b"", "x.csv")
    with pytest.raises(DataFileError, match="sheet"):
        screen_file(batch_template_bytes("en", "xlsx", on=ON), "t.xlsx", sheet="nope")


@pytest.mark.parametrize(
    ("lang", "fmt"), [("zh", "xlsx"), ("en", "xlsx"), ("zh", "csv"), ("en", "csv")]
)
def test_template_reads_back_and_its_examples_are_not_screened(lang: str, fmt: str) -> None:
    """The two fictional example rows read without a problem, and are set aside, said so."""
    data = batch_template_bytes(lang, fmt, on=ON)
    result = screen_file(data, f"template.{fmt}", on=ON)
    assert [(p.row, p.column) for p in result.problems] == [(2, None), (3, None)]
    assert all("示例" in p.message_zh for p in result.problems)
    assert len(result.table) == 0
    assert all(sum(v.values()) == 0 for v in result.summary.values())


FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-x", "@x"]


def test_exports_keep_formula_like_names_as_text() -> None:
    clusters = [{"cluster_name": n, "area_km2": 10} for n in FORMULAS]
    result = screen_file(_csv(clusters), "f.csv", on=ON)
    assert result.table["cluster_name"].tolist() == FORMULAS
    wb = openpyxl.load_workbook(io.BytesIO(batch_table_bytes(result, "xlsx", "zh")))
    ws = wb.worksheets[0]
    names = [ws.cell(row=r, column=2) for r in range(2, 2 + len(FORMULAS))]
    assert [c.value for c in names] == FORMULAS
    assert all(c.data_type == "s" for c in names)
    assert [s.title for s in wb.worksheets] == ["筛选结果", "汇总"]
    assert ws.freeze_panes == "C2"
    text = batch_table_bytes(result, "csv", "en").decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert [r[1] for r in rows[1:]] == ["'" + n for n in FORMULAS]


def test_xlsx_export_has_summary_and_problems() -> None:
    data = _csv(CLUSTERS, extra=[["bad", "-5"]])
    result = screen_file(data, "c.csv", on=ON)
    wb = openpyxl.load_workbook(io.BytesIO(batch_table_bytes(result, "xlsx", "en")))
    assert [s.title for s in wb.worksheets] == ["Screening", "Summary", "Problems"]
    summary = wb["Summary"]
    assert summary.cell(row=4, column=1).value == "Guangzhou"
    problems = wb["Problems"]
    assert problems.cell(row=2, column=1).value == len(CLUSTERS) + 2
    shown = display_table(result, "en")
    assert list(shown.columns[:3]) == ["Row", "Cluster", "Recognised by"]


def test_a_date_outside_the_in_force_period_is_said() -> None:
    """evaluate-batch on 2030-01-01: Guangzhou (to 2027-12-29) and Shanghai (to 2029-02-21) expired."""
    result = screen_file(_csv(CLUSTERS[:1]), "c.csv", on=dt.date(2030, 1, 1))
    assert [w.en.split(":")[0] for w in result.warnings] == ["Guangzhou", "Shanghai"]
    table = summary_table(result, "en")
    assert table.iloc[:, -1].tolist() == ["no (for reference)", "no (for reference)", "yes"]


def test_the_batch_template_asks_every_declaration_of_edition_2():
    """Columns come from DECLARATION_KEYS: the edition-2 questions appear with no list to keep."""
    keys = [k for k, _ in template_headers("zh", (2022, 2023, 2024))]
    for k in (
        "gradient_cultivation",
        "within_county_level_area",
        "domestic_cooperation",
        "green_indicators_sound",
        "recognized_provincial_cluster",
    ):
        assert k in keys
