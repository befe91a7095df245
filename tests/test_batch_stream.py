"""Batch screening in parts: the same statuses as `evaluate` on every row, the same files as before."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

from assessment.cli.main import main
from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.engine.names import DECLARATION_KEYS, TITLE_KEYS
from assessment.engine.policy import ThresholdCriterion, TiersCriterion, load_policies
from assessment.exports.batch_xlsx import BatchTableWriter, batch_table_bytes, template_headers
from assessment.exports.text_cells import is_formula_like
from assessment.present.batch_tables import display_table
from assessment.screening import screen as screen_module
from assessment.screening.screen import BatchResult, screen_file, screen_parts
from tests.test_app_exports import batch_csv
from tests.test_batch import CLUSTERS

ROOT = Path(__file__).resolve().parents[1]
ON = dt.date(2025, 6, 1)
YEARS = (2022, 2023, 2024)
PCT = {"_pct", "share_pct"}


def _edges() -> tuple[list[float], list[int]]:
    """Every threshold of the policies, and values just either side: where rounding could bite."""
    figures: set[float] = set()
    counts: set[int] = set()
    for p in load_policies():
        for c in p.criteria:
            if isinstance(c, ThresholdCriterion):
                t = c.threshold
                figures |= {t, t * 0.9, t * 1.1, t - 0.1, t + 0.1, round(t * 1.1 + 0.05, 1)}
            elif isinstance(c, TiersCriterion):
                for g in c.groups:
                    counts |= {g.min_count - 1, g.min_count, g.min_count + 1}
    return sorted(x for x in figures if x >= 0), sorted(x for x in counts if x >= 0)


def _clusters(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    figures, counts = _edges()
    keys = [k for k, _ in template_headers("en", YEARS)]
    out: list[dict[str, Any]] = []
    bases = [c for c in CLUSTERS if set(c.get("output_by_year", {})) <= {str(y) for y in YEARS}]
    for i in range(n):
        if i % 3 == 0:  # a hand-written cluster (some eligible) with one or two answers changed
            c = {**rng.choice(bases), "cluster_name": f"集群{i}"}
            for k in rng.sample(keys[4:], 2):
                c[k] = None if rng.random() < 0.5 else c.get(k)
            out.append({k: v for k, v in c.items() if v is not None})
            continue
        c = {"cluster_name": f"集群{i}"}
        years = {}
        base = rng.choice([*figures, rng.uniform(1, 80)])
        for y in YEARS:
            if rng.random() < 0.8:
                years[str(y)] = round(base * rng.choice([1, 1, 1.1, 0.95, 1.2]), 2)
        # a gap in the years is a bad row, reported, never judged: keep the years consecutive
        kept = sorted(years)
        if kept and [int(y) for y in kept] == list(range(int(kept[0]), int(kept[-1]) + 1)):
            c["output_by_year"] = years
        for k in keys:
            if k == "cluster_name" or k.startswith("output_by_year") or rng.random() < 0.3:
                continue
            if k in DECLARATION_KEYS:
                c[k] = rng.choice([True, False])
            elif k in TITLE_KEYS or k in ("innovation_platforms", "standards_participated"):
                c[k] = rng.choice([*counts, rng.randint(0, 40)])
            else:
                v = rng.choice([*figures, round(rng.uniform(0, 100), 1)])
                c[k] = min(v, 100.0) if k.endswith("_pct") else v
        out.append(c)
    return out


def _csv(clusters: list[dict[str, Any]]) -> bytes:
    return batch_csv(clusters, "en", years=YEARS, bom=False)


@pytest.fixture(scope="module")
def clusters() -> list[dict[str, Any]]:
    return _clusters(400, seed=12)


@pytest.fixture(scope="module")
def data(clusters: list[dict[str, Any]]) -> bytes:
    return _csv(clusters)


@pytest.fixture(scope="module")
def small(clusters: list[dict[str, Any]]) -> bytes:
    return _csv(clusters[:60])


def test_every_row_in_parts_has_the_statuses_evaluate_gives(clusters, data) -> None:
    pols = tuple(load_policies())
    cols, problems, judge, parts = screen_parts(data, "c.csv", policies=pols, part_rows=60)
    assert problems == []
    got = [BatchResult.of_part(p, ON, pols, cols) for p in parts]
    assert len(got) == -(-len(clusters) // 60)
    seen = 0
    for part in got:
        assert part.statuses.dtype == np.int8
        assert part.verdicts.dtype == np.int8
        t = part.table
        for i in range(len(t)):
            cluster = clusters[int(t["row"].iloc[i]) - 2]
            a = evaluate(parse_indicators(cluster), pols, ON)
            for r in a.results:
                assert t[f"{r.jurisdiction}.verdict"].iloc[i] == r.verdict, (
                    cluster,
                    r.jurisdiction,
                )
                for c in r.criteria:
                    assert t[f"{r.jurisdiction}.{c.id}"].iloc[i] == c.status, (cluster, c.id)
            assert t["recognised_by"].iloc[i] == sum(r.verdict == "eligible" for r in a.results)
            seen += 1
    assert seen == len(clusters)
    assert len(judge.columns) == sum(len(p.criteria) for p in pols)


def test_whole_file_keeps_codes_and_drills_down_by_reparsing_one_row(clusters, data) -> None:
    result = screen_file(data, "c.csv", on=ON)
    assert result.statuses.dtype == np.int8
    assert result.statuses.shape == (len(clusters), len(result.table.columns) - 6)
    assert result.table["guangzhou.area"].dtype == "category"
    assert result.table["row"].tolist() == list(range(2, 2 + len(clusters)))
    for row in (2, 250, 401):  # the last rows lie in a later part than the first
        expected = evaluate(parse_indicators(clusters[row - 2]), result.policies, ON)
        assert result.assessment(row) == expected
    assert sum(result.summary["hainan"].values()) == len(clusters)
    with pytest.raises(KeyError):
        result.assessment(9999)


def test_progress_is_told_increasing_counts_up_to_the_total(data) -> None:
    calls: list[tuple[int, int | None, str, str]] = []
    screen_file(data, "c.csv", on=ON, progress=lambda *a: calls.append(a))
    done = [c[0] for c in calls]
    assert len(calls) >= 2
    assert done == sorted(done)
    assert done[-1] == calls[-1][1] == 400
    assert {c[3] for c in calls} == {"clusters screened"}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_files_written_part_by_part_equal_the_whole_table_written_at_once(small, fmt) -> None:
    bad = small + b"=HYPERLINK(1),abc\n"  # a bad row (a problems sheet) and a formula-like name
    whole = batch_table_bytes(screen_file(bad, "c.csv", on=ON), fmt, "zh")
    pols = tuple(load_policies())
    cols, problems, _, parts = screen_parts(bad, "c.csv", policies=pols, part_rows=25)
    buf = io.BytesIO()
    writer = BatchTableWriter(buf, fmt, "zh")
    got = [BatchResult.of_part(p, ON, pols, cols) for p in parts]
    for one in got:
        writer.write(one)
    assert problems == []  # the header is fine; the bad row is reported with its part
    totals = screen_file(bad, "c.csv", on=ON)
    writer.close(BatchResult.of_totals(totals.summary, totals.problems, ON, pols))
    if fmt == "csv":
        assert buf.getvalue() == whole
        return
    assert _cells(buf.getvalue()) == _cells(whole)


def _cells(xlsx: bytes) -> list[Any]:
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    out: list[Any] = []
    for ws in wb.worksheets:
        out.append((ws.title, ws.auto_filter.ref, ws.freeze_panes))
        out.append([str(cf.sqref) for cf in ws.conditional_formatting])
        out.extend((c.value, c.data_type) for row in ws.iter_rows() for c in row)
    return out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cli_streams_the_same_file_as_the_page_downloads(
    tmp_path, monkeypatch, capsys, small, fmt
) -> None:
    monkeypatch.setattr(screen_module, "PART_ROWS", 25)  # three parts
    src = tmp_path / "c.csv"
    src.write_bytes(small + b"=HYPERLINK(1),abc\n")
    out = tmp_path / f"out.{fmt}"
    assert main(["evaluate-batch", str(src), "--out", str(out), "--date", str(ON)]) == 0
    expected = batch_table_bytes(screen_file(src.read_bytes(), "c.csv", on=ON), fmt, "zh")
    if fmt == "csv":
        assert out.read_bytes() == expected
    else:
        assert _cells(out.read_bytes()) == _cells(expected)
    captured = capsys.readouterr()
    assert "60 个集群已判断" in captured.out
    assert "第62行" in captured.err
    assert "\r" not in captured.err  # no progress bar: stderr is not a terminal here


def test_a_csv_output_never_loads_openpyxl(tmp_path, small) -> None:
    """openpyxl costs 0.1-0.2 s of the CLI's start: only a workbook written or read loads it."""
    src = tmp_path / "c.csv"
    src.write_bytes(small)
    code = (
        "import sys\n"
        "from assessment.cli.main import main\n"
        f"assert main(['evaluate-batch', {str(src)!r}, '--out', {str(tmp_path / 'o.csv')!r}]) == 0\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl was loaded'\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "o.csv").stat().st_size > 0


HOSTILE_NAMES = [
    "逗号,集群",
    'say "hi"',
    "two\nlines",
    "cr\rreturn",
    "=SUM(A1:A2)",
    "+86 集群",
    "-负号",
    "@mention",
    "  leading spaces",
    "trailing ,",
    '"',
    "x,\r\ny",
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_rows_are_the_bytes_pandas_wrote(clusters, lang) -> None:
    """The CSV writer picks words by code; its bytes equal pandas' `to_csv` of `display_table`
    (the writer it replaced) on names that need quoting, doubling or the formula apostrophe."""
    named = [{**c, "cluster_name": n} for c, n in zip(clusters, HOSTILE_NAMES, strict=False)]
    result = screen_file(_csv(named), "c.csv", on=ON)
    assert len(result.rows) == len(HOSTILE_NAMES)
    table = display_table(result, lang)
    name_col = table.columns[1]
    safe = table.assign(
        **{name_col: table[name_col].map(lambda v: "'" + v if is_formula_like(v) else v)}
    )
    expected = "\ufeff" + safe.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    assert batch_table_bytes(result, "csv", lang) == expected.encode("utf-8")
    assert "'=SUM(A1:A2)" in expected and '"say ""hi"""' in expected  # the cases were exercised
