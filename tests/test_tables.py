"""The page's arrangements of the presentation rows: the matrix grid (and a phone's lists drawn
from it) and the presentation list."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import indicators_from_json, parse_indicators
from assessment.engine.results import Assessment
from assessment.present.rows import SHORTFALL_LIMIT, matrix_rows, status_counts, unknown_names
from assessment.present.tables import focus_list, matrix_grid
from assessment.present.vocabulary import STATUS_MARK, VERDICT_LABEL
from tests.test_batch import CLUSTERS

ON = dt.date(2025, 6, 1)
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def failing() -> Assessment:
    return evaluate(parse_indicators(CLUSTERS[0]), on=ON)


@pytest.fixture(scope="module")
def blank() -> Assessment:
    ind = {"area_km2": 120, "energy_intensive_industry": False, "water_intensive_industry": False}
    return evaluate(parse_indicators(ind), on=ON)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_phone_lists_are_the_matrix_columns(failing: Assessment, lang: str) -> None:
    """What a phone lists (dashboard/matrix/matrix.js buildLists): per jurisdiction, each
    criterion whose status is not '' in the grid's row order, with the grid's verdict words and
    texts; these are the matrix rows' own cells, and the table's cell is mark + text."""
    grid = matrix_grid(failing, lang)
    rows = matrix_rows(failing, lang)
    assert len(grid.verdicts) == len(failing.results)
    for i, r in enumerate(failing.results):
        assert grid.verdicts[i] == VERDICT_LABEL[lang][r.verdict]
        listed = [
            (grid.cells[k][1], grid.statuses[k][i + 2], grid.texts[k][i])
            for k in range(len(grid.ids))
            if grid.statuses[k][i + 2]
        ]
        assert len(listed) == len(r.criteria)  # only what this jurisdiction asks
        expected = [(row.name, c.status, c.text) for row in rows if (c := row.cells[i]) is not None]
        assert listed == expected  # the matrix order and the matrix's own cells
        for k, row in enumerate(rows):
            c = row.cells[i]
            if c is None:
                assert grid.texts[k][i] == "" and grid.statuses[k][i + 2] == ""
            else:  # the table's cell and the list's line say the same
                assert grid.cells[k][i + 2] == f"{STATUS_MARK[c.status]} {grid.texts[k][i]}"


def test_focus_lists_failing_then_unknown_with_the_one_trimming_rule(blank: Assessment) -> None:
    for r in blank.results:
        whole = focus_list(r, "zh", limit=None)
        n = status_counts(r)
        assert len(whole.items) == n.red + n.unknown and whole.more == 0
        statuses = [f.status for f in whole.items]
        assert statuses == sorted(statuses, key=lambda s: s != "red")
        assert sorted(f.name for f in whole.items if f.status == "grey") == sorted(
            unknown_names(r, "zh")
        )
        cut = focus_list(r, "zh")
        assert len(whole.items) > SHORTFALL_LIMIT  # blank: many unknown, so the trim shows
        assert cut.items == whole.items[:SHORTFALL_LIMIT]
        assert cut.more == len(whole.items) - SHORTFALL_LIMIT
        assert str(cut.more) in cut.more_text and "未列出" in cut.more_text
        assert str(cut.more) in focus_list(r, "en").more_text


def test_nothing_to_focus_on_is_an_empty_list() -> None:
    a = evaluate(indicators_from_json((FIXTURES / "all_met.json").read_bytes()), on=ON)
    assert any(r.verdict == "eligible" for r in a.results)
    for r in a.results:
        f = focus_list(r, "en")
        if r.verdict == "eligible":
            assert f.items == () and f.more_text == ""
