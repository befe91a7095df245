"""A jurisdiction is data only: a fictional fourth policy file becomes a fourth column everywhere.

The three real policy files are copied beside tests/fixtures/fourth/lanting.toml (fictional,
never shipped) into a temporary directory; no code changes. The page's AppTest part is the page's.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from assessment.cli.main import main
from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.engine.policy import Policy, load_policies
from assessment.exports.batch_xlsx import batch_table_bytes
from assessment.exports.briefing import briefing_html
from assessment.exports.report_excel import excel_report
from assessment.present.batch_tables import display_table, summary_table
from assessment.screening.screen import screen_file
from tests.test_batch import CLUSTERS, _csv

ROOT = Path(__file__).resolve().parents[1]
ON = dt.date(2025, 6, 1)
FOURTH = ROOT / "tests" / "fixtures" / "fourth" / "lanting.toml"
CLUSTER = {**CLUSTERS[0], "area_km2": 90.0}  # within 100 km² (the three), over 80 (兰亭)


@pytest.fixture(scope="module")
def policy_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("four")
    for f in (ROOT / "policies").glob("*.toml"):
        shutil.copy(f, d)
    shutil.copy(FOURTH, d)
    return d


@pytest.fixture(scope="module")
def policies(policy_dir: Path) -> tuple[Policy, ...]:
    pols = load_policies(policy_dir)
    assert [p.id for p in pols][-1] == "lanting" and len(pols) == 4
    return pols


def test_excel_report_has_a_fourth_sheet_and_row(policies: tuple[Policy, ...]) -> None:
    ind = parse_indicators(CLUSTER)
    a = evaluate(ind, policies, ON)
    for lang, name in (("zh", "兰亭"), ("en", "Lanting")):
        wb = openpyxl.load_workbook(io.BytesIO(excel_report(a, ind, lang)))
        assert wb.sheetnames[1:5][-1] == name
        summary = [r[0].value for r in wb.worksheets[0].iter_rows(min_row=7) if r[0].value]
        assert summary[:4][-1] == name and len(summary) == 4
        area = [r for r in wb[name].iter_rows(values_only=True) if r[1] in ("占地面积", "Area")]
        assert area and area[0][2].startswith("✘")  # 90 km² fails only the fourth


def test_briefing_has_a_fourth_card_and_column(policies: tuple[Policy, ...]) -> None:
    ind = parse_indicators(CLUSTER)
    html = briefing_html(evaluate(ind, policies, ON), ind, "zh")
    assert html.count('class="verdict"') == 4
    assert 'data-jurisdiction="lanting"' in html
    assert html.count("<th>兰亭</th>") == 2  # page 1's table and the appendix's matrix


def test_batch_screening_has_a_fourth_verdict(policies: tuple[Policy, ...]) -> None:
    result = screen_file(_csv(CLUSTERS), "clusters.csv", on=ON, policies=policies)
    table = display_table(result, "zh")
    assert "兰亭·结论" in table.columns
    assert "兰亭" in set(summary_table(result, "zh").iloc[:, 0])
    wb = openpyxl.load_workbook(io.BytesIO(batch_table_bytes(result, "xlsx", "en")))
    assert "Lanting·verdict" in [c.value for c in wb.worksheets[0][1]]


def test_cli_table_has_a_fourth_column(
    policy_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "cluster.json"
    f.write_text(json.dumps(CLUSTER, ensure_ascii=False), encoding="utf-8")
    args = ["evaluate", str(f), "--format", "table", "--policies", str(policy_dir)]
    assert main([*args, "--date", "2025-06-01"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header[-4:] == ["广州", "上海", "海南", "兰亭"]
    assert "兰亭 结论" in out
