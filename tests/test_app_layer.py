"""The page renders the presentation layer: its matrix, counts and shortfalls are the layer's."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.present.rows import shortfall_list, verdict_row
from tests.app_support import matrix_is_the_layer_s

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SAMPLE = "songhe-fasteners"  # fails Guangzhou: red and grey rows


def _plain(text: str) -> str:
    return text.replace("\\", "").replace("\u00a0", " ")


def _check(at: AppTest, lang: str) -> bool:
    """The page against the layer; whether some shortfall list was trimmed."""
    assert not at.exception
    a, _ = matrix_is_the_layer_s(at, lang)
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
            assert any(f":small[:gray[{todo.more_text}]]" in x for x in texts), todo.more_text
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
