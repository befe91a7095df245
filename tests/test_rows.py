"""The presentation layer: rows of words from an assessment, the same for every output."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.engine.results import Assessment, CriterionResult, Route
from assessment.exports.report_excel import excel_report
from assessment.present.batch_tables import batch_filter, display_table
from assessment.present.compare import change_rows, compare_assessments
from assessment.present.explain import shortfall, value_vs_threshold
from assessment.present.rows import (
    SHORTFALL_LIMIT,
    cell_details,
    matrix_order,
    matrix_rows,
    shortfall_list,
    status_counts,
    unknown_names,
    verdict_rows,
)
from assessment.present.vocabulary import DIMENSIONS, VERDICT_LABEL
from assessment.screening.screen import screen_file
from tests.test_batch import CLUSTERS, _csv

ON = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def failing() -> Assessment:
    return evaluate(parse_indicators(CLUSTERS[0]), on=ON)


@pytest.fixture(scope="module")
def blank() -> Assessment:
    # almost nothing known; not energy- or water-intensive, so some criteria are not applicable
    ind = {"area_km2": 120, "energy_intensive_industry": False, "water_intensive_industry": False}
    return evaluate(parse_indicators(ind), on=ON)


def test_matrix_one_row_per_criterion_in_the_order_of_the_dimensions(failing: Assessment) -> None:
    rows = matrix_rows(failing, "zh")
    ids = [r.criterion_id for r in rows]
    assert len(ids) == len(set(ids)) == len({c.id for r in failing.results for c in r.criteria})
    ranks = [DIMENSIONS.index(r.dimension) for r in rows]
    assert ranks == sorted(ranks)
    assert [cid for _, cid in matrix_order(failing)] == ids
    for row in rows:
        assert len(row.cells) == len(failing.results)
        for r, cell in zip(failing.results, row.cells, strict=True):
            c = r.criterion(row.criterion_id)
            assert (cell is None) == (c is None)
            if c is not None and cell is not None:
                assert cell.status == c.status and cell.text == value_vs_threshold(c, "zh")


def test_counts_agree_with_every_list(blank: Assessment) -> None:
    """未知 on a card is the number of names in the 'not answered or no data' list."""
    for r, v in zip(blank.results, verdict_rows(blank, "zh"), strict=True):
        n = status_counts(r)
        assert n.green + n.amber + n.red + n.unknown + n.not_applicable == len(r.criteria)
        assert n.unknown == len(unknown_names(r, "zh"))
        assert (
            f"未知 {n.unknown}" in v.counts_text and f"不适用 {n.not_applicable}" in v.counts_text
        )
    assert any(status_counts(r).not_applicable for r in blank.results)  # the case that drifted


def test_shortfalls_one_order_and_one_trimming_rule(blank: Assessment, failing: Assessment) -> None:
    for a in (blank, failing):
        for r in a.results:
            every = shortfall_list(r, "en", limit=None)
            order = {"red": 0, "amber": 1, "grey": 2}
            ranks = [order[s.status] for s in every.items]
            assert ranks == sorted(ranks)
            assert every.more == 0 and every.more_text == ""
            trimmed = shortfall_list(r, "en")
            assert trimmed.items == every.items[:SHORTFALL_LIMIT]
            assert trimmed.more == len(every.items) - len(trimmed.items)
            if trimmed.more:
                assert trimmed.more_text == f"{trimmed.more} more not listed"
    assert any(shortfall_list(r, "zh").more for r in blank.results)


def test_cell_details_name_clause_quote_and_status(failing: Assessment) -> None:
    c = failing.results[0].criteria[0]
    details = dict(cell_details(c, "zh"))
    assert details["条款"] == c.clause and details["原文"] == c.quote
    assert details["状态"].endswith(("达标", "需关注", "未达标", "未知/不适用"))


# ------------------------------------------------------------------ edition 2, built by hand


def _with_route(a: Assessment) -> Assessment:
    gz = a.results[0]
    routed = gz.model_copy(
        update={
            "verdict": "eligible",
            "route": Route(
                id="higher_recognition", clause="1.6", quote="已经获得……自动认定为市级集群"
            ),
        }
    )
    return a.model_copy(update={"results": [routed, *a.results[1:]]})


def test_a_route_shows_on_the_verdict_row(failing: Assessment) -> None:
    ind = parse_indicators({**CLUSTERS[0], "recognized_provincial_cluster": True})
    a = _with_route(failing)
    zh = verdict_rows(a, "zh", ind)[0]
    assert zh.verdict_label == VERDICT_LABEL["zh"]["eligible"]
    assert zh.route == "已获省级集群认定，按广州 1.6 自动认定"
    en = verdict_rows(a, "en", ind)[0]
    assert en.route.startswith("Already recognised as a provincial")
    assert en.route.endswith("recognised automatically under Guangzhou 1.6")
    assert [v.route for v in verdict_rows(a, "zh", ind)[1:]] == ["", ""]
    # without the indicators the route is still said, in general words
    assert "按广州 1.6 自动认定" in verdict_rows(a, "zh")[0].route


def _stand_in(c: CriterionResult) -> CriterionResult:
    return c.model_copy(
        update={
            "status": "amber",
            "meets": None,
            "value": 14.0,
            "unit": "件/万人",
            "flags": ["fallback_basis"],
            "kind": "threshold",
            "operator": ">=",
            "threshold": 10.0,
            "tiers": None,
            "combine": None,
        }
    )


def test_a_stand_in_reads_as_an_indication_never_a_pass_or_a_fail(failing: Assessment) -> None:
    r = failing.results[1]
    c = _stand_in(r.criteria[0])
    assert value_vs_threshold(c, "zh") == "仅有全集群数据：14 件/万人，参考"
    assert (
        value_vs_threshold(c, "en")
        == "Whole-cluster figure only: 14 per 10k employees, for reference"
    )
    for lang in ("zh", "en"):
        text = value_vs_threshold(c, lang)
        assert not any(op in text for op in ("≥", ">", "<", "≤"))
    assert "请补充中小企业口径数据" in (shortfall(c, "zh") or "")
    a = failing.model_copy(
        update={
            "results": [
                failing.results[0],
                r.model_copy(update={"criteria": [c, *r.criteria[1:]]}),
                *failing.results[2:],
            ]
        }
    )
    cell = next(row for row in matrix_rows(a, "zh") if row.criterion_id == c.id).cells[1]
    assert cell is not None and cell.stand_in and cell.mark == "▲"


def test_a_generous_reading_is_said_in_the_cell(failing: Assessment) -> None:
    r = failing.results[2]
    c = r.criteria[0].model_copy(update={"flags": ["generous_reading"], "status": "amber"})
    a = failing.model_copy(
        update={
            "results": [
                *failing.results[:2],
                r.model_copy(update={"criteria": [c, *r.criteria[1:]]}),
            ]
        }
    )
    cell = next(row for row in matrix_rows(a, "zh") if row.criterion_id == c.id).cells[2]
    assert cell is not None and cell.generous and "从宽解读" in cell.text


# ------------------------------------------------------------------ English, compare, batch, Excel


def test_english_money_reads_in_billions(failing: Assessment) -> None:
    scale = next(c for c in failing.results[0].criteria if c.unit == "亿元")
    text = value_vs_threshold(scale, "en")
    assert "CNY" in text and "bn" in text and "×100m" not in text
    assert text.endswith("CNY 3 bn")  # 30 亿元


def test_compare_rows_are_words(failing: Assessment, blank: Assessment) -> None:
    rows = change_rows(compare_assessments(failing, blank), "zh")
    assert rows and set(rows[0]) == {"地区", "条件", "变化", "情景 A", "情景 B"}


def test_batch_filter_by_verdict_place_and_name() -> None:
    result = screen_file(_csv(CLUSTERS), "clusters.csv", on=ON)
    table = display_table(result, "zh")
    everything = batch_filter(result)
    assert everything.all() and len(everything) == len(table)
    only = batch_filter(result, ["eligible"], "hainan")
    assert set(result.table.loc[only.to_numpy(), "hainan.verdict"]) <= {"eligible"}
    named = batch_filter(result, name_contains=CLUSTERS[0]["cluster_name"][:1])
    assert table[named.to_numpy()].iloc[:, 1].str.contains(CLUSTERS[0]["cluster_name"][:1]).all()
    assert batch_filter(result, name_contains=".*").sum() == 0  # plain text, never a pattern


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_says_yes_no_and_lists_every_shortfall(lang: str) -> None:
    ind = parse_indicators({"area_km2": 120, "no_major_incidents": False})
    a = evaluate(ind, on=ON)
    wb = openpyxl.load_workbook(io.BytesIO(excel_report(a, ind, lang)))
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert "==" not in values
    yes_no = ("是", "否") if lang == "zh" else ("yes", "no")
    assert yes_no[1] in values
    summary = wb.worksheets[0]
    todo = {row[0].value: row[6].value for row in summary.iter_rows(min_row=7) if row[0].value}
    for r in a.results:
        name = r.name_zh if lang == "zh" else r.name_en
        lines = [x for x in todo[name].split("\n") if x.startswith("• ")]
        assert len(lines) == len(shortfall_list(r, lang, limit=None).items) > 12


def test_matrix_grid_is_the_matrix_rows(failing: Assessment) -> None:
    from assessment.present.tables import LABEL, matrix_grid  # noqa: PLC0415

    grid = matrix_grid(failing, "en")
    rows = matrix_rows(failing, "en")
    assert grid.ids == tuple(r.criterion_id for r in rows)
    assert grid.columns == ("Dimension", "Criterion", "Guangzhou", "Shanghai", "Hainan")
    assert grid.codes == ("guangzhou", "shanghai", "hainan")
    assert len(grid.cells) == len(grid.statuses) == len(rows)
    assert all(len(c) == len(s) == 5 for c, s in zip(grid.cells, grid.statuses, strict=True))
    first = rows[0].cells[0]
    assert first is not None and grid.cells[0][2] == f"{first.mark} {first.text}"
    assert grid.statuses[0][2] == first.status and grid.statuses[0][0] == LABEL
    missing = [(i, j) for i, r in enumerate(rows) for j, c in enumerate(r.cells) if c is None]
    assert missing, "the failing sample has a criterion some jurisdiction does not ask"
    assert all(grid.statuses[i][j + 2] == "" for i, j in missing)


def test_the_engine_s_route_is_named_as_the_policy_file_names_it() -> None:
    ind = parse_indicators(
        {**CLUSTERS[0], "recognized_provincial_cluster": True, "no_major_incidents": True}
    )
    a = evaluate(ind, on=ON)
    gz = a.results[0]
    assert gz.route is not None and gz.verdict == "eligible"
    assert verdict_rows(a, "zh", ind)[0].route == gz.route.name_zh
    assert gz.route.name_zh.startswith("已获省级集群认定，按1.6自动认定")
    assert verdict_rows(a, "en", ind)[0].route == gz.route.name_en
