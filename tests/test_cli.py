"""The command line: evaluate (json / table), schema, and one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.cli.main import main
from assessment.engine.indicators import FIELD_ZH
from assessment.engine.names import DECLARATION_KEYS, FIGURE_KEYS, TITLE_KEYS

FIXTURE = Path(__file__).parent / "fixtures" / "all_met.json"
ROOT = Path(__file__).resolve().parent.parent


def _write(tmp_path: Path, data: object) -> str:
    p = tmp_path / "ind.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(p)


def test_evaluate_json_gives_every_criterion_of_every_jurisdiction(capsys):
    assert main(["evaluate", str(FIXTURE), "--date", "2026-01-15"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["jurisdiction"] for r in out["results"]] == ["guangzhou", "shanghai", "hainan"]
    for r in out["results"]:
        assert r["verdict"] == "eligible"
        assert r["policy"]["in_force"] is True
        for c in r["criteria"]:
            for key in (
                "id",
                "status",
                "meets",
                "value",
                "operator",
                "threshold",
                "unit",
                "gap",
                "soft",
                "applicable",
                "clause",
                "quote",
                "note",
            ):
                assert key in c, key
    share = next(c for c in out["results"][0]["criteria"] if c["id"] == "sme_output_share")
    assert share["operator"] == ">" and share["threshold"] == 60 and share["clause"] == "3.2.2"
    assert share["quote"] == "中小企业产值占集群总产值高于60%"


def test_evaluate_table_is_readable_in_chinese(tmp_path, capsys):
    data = json.loads(FIXTURE.read_text(encoding="utf-8")) | {"sme_output_share_pct": 60.0}
    assert main(["evaluate", _write(tmp_path, data), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "中小企业产值占比" in out and "广州" in out and "上海" in out and "海南" in out
    line = next(
        ln
        for ln in out.splitlines()
        if ln.lstrip().startswith("核心竞争力") and "中小企业产值占比" in ln
    )
    assert "✘ 60.0% = 60%" in line  # 广州: 高于60% excludes 60
    assert "✔ 60.0% ≥ 50%" in line  # 上海: 50%以上
    assert "广州 结论: 不符合" in out
    assert "中小企业产值占比恰好等于 60%" in out


def test_evaluate_table_in_english(capsys):
    assert main(["evaluate", str(FIXTURE), "--format", "table", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Guangzhou Verdict: Eligible" in out


def test_a_date_outside_the_in_force_period_warns(capsys):
    assert main(["evaluate", str(FIXTURE), "--format", "table", "--date", "2028-06-01"]) == 0
    out = capsys.readouterr().out
    assert "已失效" in out and "[评估日不在有效期内]" in out


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"sme_output_share_pct": 101}, "sme_output_share_pct"),
        ({"sme_output_share": 61}, "sme_output_share"),
        ({"area_km2": -1}, "area_km2"),
        ({"little_giants": 1.5}, "little_giants"),
        ({"output_by_year": {"2022": 1, "2024": 2}}, "output_by_year"),
        ([1, 2], "JSON"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_naming_the_field(tmp_path, capsys, data, field):
    assert main(["evaluate", _write(tmp_path, data)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    if field != "JSON":
        assert field in err


def test_malformed_json_names_line_and_column(tmp_path, capsys):
    p = tmp_path / "bad.json"
    p.write_text('{"area_km2": 12,\n "x": }', encoding="utf-8")
    assert main(["evaluate", str(p)]) == 2
    assert "第2行" in capsys.readouterr().err


def test_schema_is_json_schema_of_the_indicators(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["additionalProperties"] is False
    assert "sme_output_share_pct" in schema["properties"]


def test_python_dash_m_runs_as_a_process(tmp_path):
    """As a user runs it: a whole process, bad input gives exit 2 and no traceback."""
    ok = subprocess.run(
        [sys.executable, "-m", "assessment", "evaluate", str(FIXTURE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["results"]
    bad = subprocess.run(
        [sys.executable, "-m", "assessment", "evaluate", _write(tmp_path, {"area_km2": "big"})],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert bad.returncode == 2 and "area_km2" in bad.stderr and "Traceback" not in bad.stderr


def test_every_indicator_has_a_chinese_name():
    """One table names every indicator in Chinese for messages, exports and batch headers."""
    assert set(FIGURE_KEYS) | set(TITLE_KEYS) | set(DECLARATION_KEYS) <= set(FIELD_ZH)


def test_deeply_nested_json_is_a_message_not_a_crash(tmp_path, capsys):
    p = tmp_path / "deep.json"
    p.write_text("[" * 100_000, encoding="utf-8")
    assert main(["evaluate", str(p)]) == 2
    assert "嵌套过深" in capsys.readouterr().err


def test_table_shows_a_route_and_a_stand_in_as_what_they_are(tmp_path, capsys):
    """Edition 2: 广州 1.6 named under the verdict; a whole-cluster stand-in reads as an indication."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data |= {"recognized_provincial_cluster": True, "sme_output_share_pct": 55.0}
    data.pop("sme_invention_patents_per_10k_employees")
    data["invention_patents_per_10k_employees"] = 14.0
    path = _write(tmp_path, data)
    assert main(["evaluate", path, "--format", "table", "--date", "2026-01-15"]) == 0
    out = capsys.readouterr().out
    assert "已获省级集群认定，按1.6自动认定" in out
    assert "仅有全集群数据：14 件/万人，参考" in out
    assert main(["evaluate", path, "--format", "table", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "recognised automatically under 1.6" in out
    assert "Whole-cluster figure only: 14 per 10k employees, for reference" in out
