"""The page renders the presentation layer: its matrix, counts and shortfalls are the layer's."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.engine.evaluate import evaluate
from assessment.engine.policy import load_policies
from assessment.present.rows import shortfall_list, verdict_row
from assessment.present.tables import matrix_grid
from dashboard.style import cell_style
from tests.app_support import matrix_data

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SAMPLE = "songhe-fasteners"  # fails Guangzhou: red and grey rows


def _plain(text: str) -> str:
    return text.replace("\\", "").replace("\u00a0", " ")


def _check(at: AppTest, lang: str) -> bool:
    """The page against the layer; whether some shortfall list was trimmed."""
    assert not at.exception
    a = evaluate(
        at.session_state["current_ind"], load_policies(), at.session_state["assessment_date"]
    )
    grid = matrix_grid(a, lang)
    data = matrix_data(at, lang)
    assert data["columns"] == list(grid.columns)
    assert data["cells"] == [list(row) for row in grid.cells]
    # every cell's light: the status behind it and its colour, the one home's (style.cell_style)
    assert data["statuses"] == [list(row) for row in grid.statuses]
    assert data["ids"] == list(grid.ids)
    for row in data["statuses"]:
        for status in row[2:]:
            assert data["styles"][status] == cell_style(status)
    texts = [_plain(m.value) for m in at.markdown] + [_plain(c.value) for c in at.caption]
    page = "\n".join(texts)
    trimmed = False
    for r in a.results:
        row = verdict_row(r, lang, at.session_state["current_ind"])
        n = row.counts.as_dict()
        assert all(f"**{v}**" in page for v in n.values())
        todo = shortfall_list(r, lang)
        for item in todo.items:
            assert any(item.text in x for x in texts), item.text
        if todo.more:
            trimmed = True
            assert todo.more_text in texts
    return trimmed


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_matrix_counts_and_shortfalls_are_the_layer_s(lang: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["sample"] = SAMPLE
    at.run()
    _check(at, lang)
    at.radio(key="source").set_value("manual").run()  # typed by hand: all unknown, trimmed
    assert _check(at, lang)  # a trimmed list says how many more, as every output does
