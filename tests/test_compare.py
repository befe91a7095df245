"""Comparing two scenarios: which criteria (and verdicts) change colour."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from assessment.cli.main import main
from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.present.compare import compare_assessments, compare_text
from tests.test_batch import CLUSTERS

ON = dt.date(2025, 6, 1)
NOW = CLUSTERS[0]
PLAN = {**NOW, "sme_rd_growth_pct": 12, "invention_patent_growth_pct": 16, "leading_position": True}


def _a(d: dict) -> object:
    return evaluate(parse_indicators(d), on=ON)


def test_same_scenario_changes_nothing() -> None:
    assert compare_assessments(_a(NOW), _a(NOW)) == []
    assert "没有标准改变颜色" in compare_text([], "zh")
    assert "no criterion changes colour" in compare_text([], "en")


def test_changes_are_every_status_that_differs() -> None:
    before, after = _a(NOW), _a(PLAN)
    changes = compare_assessments(before, after)
    expected = {
        (r.jurisdiction, c.id)
        for r in before.results
        for c in r.criteria
        if c.status != after.result(r.jurisdiction).criterion(c.id).status
    }
    expected |= {
        (r.jurisdiction, "verdict")
        for r in before.results
        if r.verdict != after.result(r.jurisdiction).verdict
    }
    assert {(c.jurisdiction, c.criterion_id) for c in changes} == expected
    rd = next(
        c for c in changes if (c.jurisdiction, c.criterion_id) == ("guangzhou", "sme_rd_growth")
    )
    assert (rd.status_before, rd.status_after, rd.direction) == ("red", "green", "better")
    assert rd.value_before == "8.0% < 10%"
    verdict = next(c for c in changes if c.jurisdiction == "guangzhou" and c.is_verdict)
    assert (verdict.status_before, verdict.status_after) == ("not_eligible", "incomplete")
    text = compare_text(changes, "zh")
    assert "广州·中小企业研发经费年均增长：✘ 未达标（8.0% < 10%）→ ✔ 达标（12.0% > 10%）" in text
    back = compare_assessments(after, before)
    assert {c.direction for c in back if c.criterion_id == "sme_rd_growth"} == {"worse"}


def test_cli_compare_json(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    b, a = tmp_path / "now.json", tmp_path / "plan.json"
    b.write_text(json.dumps(NOW, ensure_ascii=False), encoding="utf-8")
    a.write_text(json.dumps(PLAN, ensure_ascii=False), encoding="utf-8")
    assert main(["compare", str(b), str(a), "--format", "json", "--date", "2025-06-01"]) == 0
    out = json.loads(capsys.readouterr().out)
    ids = {(c["jurisdiction"], c["criterion_id"]) for c in out["changes"]}
    assert ("guangzhou", "sme_rd_growth") in ids


def test_cli_report_and_batch(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "c.json"
    src.write_text(json.dumps(NOW, ensure_ascii=False), encoding="utf-8")
    for suffix in ("html", "xlsx"):
        out = tmp_path / f"r.{suffix}"
        assert main(["report", str(src), "--out", str(out), "--date", "2025-06-01"]) == 0
        assert out.stat().st_size > 1000
    assert main(["report", str(src), "--out", str(tmp_path / "r.pdf")]) == 2
    batch = tmp_path / "clusters.csv"
    batch.write_text("cluster_name,area_km2\na,50\nb,-1\n", encoding="utf-8")
    assert (
        main(["evaluate-batch", str(batch), "--out", str(tmp_path / "o.csv"), "--lang", "en"]) == 0
    )
    captured = capsys.readouterr()
    assert "1 clusters judged" in captured.out
    assert "row 3 [area_km2]" in captured.err
    assert (tmp_path / "o.csv").read_bytes().startswith(b"\xef\xbb\xbf")
