"""The Excel report: every criterion with the JSON's status, formula-like names kept as text."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import Indicators, indicators_from_json, parse_indicators
from assessment.exports.report_excel import excel_report
from assessment.present.explain import STATUS_LABEL, STATUS_MARK
from tests.test_batch import CLUSTERS

ON = dt.date(2025, 6, 1)
ROOT = Path(__file__).resolve().parent.parent
DERIVED = {
    "derivations": {
        "sme_output_share_pct": {
            "description_zh": "中小企业产值之和除以全部产值",
            "description_en": "SME output over all output",
            "columns": ["output_2024", "is_sme"],
            "enterprises": 12,
            "figures": {"sme": 30, "all": 50},
        }
    }
}


def _load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("cluster", CLUSTERS, ids=lambda c: c["cluster_name"])
def test_every_criterion_has_the_json_status(cluster: dict, lang: str) -> None:
    ind = parse_indicators(cluster)
    a = evaluate(ind, on=ON)
    wb = _load(excel_report(a, ind, lang))
    as_json = a.model_dump(mode="json")["results"]
    label_to_status = {f"{STATUS_MARK[s]} {STATUS_LABEL[lang][s]}": s for s in STATUS_MARK}
    for res, sheet in zip(as_json, wb.worksheets[1 : 1 + len(as_json)], strict=True):
        assert sheet.title == (res["name_zh"] if lang == "zh" else res["name_en"])
        rows = list(sheet.iter_rows(min_row=5, values_only=True))
        # the criterion's name, never its internal id; its status in words beside it
        name = "name_zh" if lang == "zh" else "name_en"
        got = {r[1]: label_to_status[r[2]] for r in rows if r[2]}
        assert got == {c[name]: c["status"] for c in res["criteria"]}
        assert not {c["id"] for c in res["criteria"]} & {v for r in rows for v in r}
        # the sheet prints: A4 landscape, fit to width, header row repeated, panes frozen
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$4:$4"
        assert sheet.freeze_panes == "C5"
        # status cells are coloured
        fills = {
            sheet.cell(row=5 + i, column=3).fill.fgColor.rgb for i, r in enumerate(rows) if r[2]
        }  # criterion rows (readings follow them)
        assert "00000000" not in fills


def test_sheets_summary_and_derivations() -> None:
    ind = parse_indicators({**CLUSTERS[0], **DERIVED})
    a = evaluate(ind, on=ON)
    wb = _load(excel_report(a, ind, "zh"))
    assert wb.sheetnames == ["结论汇总", "广州", "上海", "海南", "输入指标", "数据来源"]
    summary = wb["结论汇总"]
    assert summary["B2"].value == CLUSTERS[0]["cluster_name"]
    assert summary["B3"].value == "2025-06-01"
    assert [summary.cell(row=7 + i, column=1).value for i in range(3)] == ["广州", "上海", "海南"]
    inputs = {r[1]: r[2] for r in wb["输入指标"].iter_rows(min_row=2, values_only=True)}
    assert inputs["output_by_year.2024"] == 35.2
    assert inputs["no_major_incidents"] == "是"
    deriv = list(wb["数据来源"].iter_rows(min_row=2, values_only=True))
    assert deriv[0][0] == "sme_output_share_pct" and deriv[0][3] == 12
    assert "数据来源" not in _load(excel_report(a, parse_indicators(CLUSTERS[0]), "zh")).sheetnames


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil","click")', "+1", "-x", "@x", "=1+1", "\t=cmd"]
)
def test_formula_like_names_stay_text(name: str) -> None:
    ind = parse_indicators({**CLUSTERS[1], "cluster_name": name})
    wb = _load(excel_report(evaluate(ind, on=ON), ind, "en"))
    cell = wb["Summary"]["B2"]
    assert cell.value == name
    assert cell.data_type == "s"


SAMPLES = sorted((ROOT / "sample_data").glob("*/indicators.json"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.parent.name)
def test_sample_clusters_with_derivations(path) -> None:  # type: ignore[no-untyped-def]
    ind = indicators_from_json(path.read_bytes())
    a = evaluate(ind, on=ON)
    wb = _load(excel_report(a, ind, "zh"))
    for res in a.results:
        sheet = wb[res.name_zh]
        got = {r[1]: r[2] for r in sheet.iter_rows(min_row=5, values_only=True) if r[2]}
        assert got == {
            c.name_zh: f"{STATUS_MARK[c.status]} {STATUS_LABEL['zh'][c.status]}"
            for c in res.criteria
        }
    if ind.derivations:
        keys = [r[0] for r in wb["数据来源"].iter_rows(min_row=2, values_only=True)]
        assert keys == list(ind.derivations)


def test_readings_of_ambiguous_wording_are_in_the_report() -> None:
    """Where a text is ambiguous the policy file's reading is shown to the reader."""
    ind = Indicators(area_km2=120.0)
    a = evaluate(ind)
    wb = openpyxl.load_workbook(io.BytesIO(excel_report(a, ind, "zh")))
    texts = {str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value}
    assert any("无“一般”二字" in t for t in texts)  # Guangzhou's hard area reading
    assert any("小巨人" in t and "第二类" in t for t in texts)  # a criterion reading, in a note
