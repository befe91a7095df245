"""The page renders the presentation layer: its matrix, counts and shortfalls are the layer's."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.present.rows import shortfall_list, verdict_row
from assessment.present.tables import focus_list
from assessment.present.vocabulary import STATUS_MARK
from tests.app_support import block_text, board_texts, boards, matrix_is_the_layer_s

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SAMPLE = "songhe-fasteners"  # fails Guangzhou: red and grey rows


def _check(at: AppTest, lang: str) -> bool:
    """The page against the layer; whether some shortfall list was trimmed."""
    assert not at.exception
    a, _ = matrix_is_the_layer_s(at, lang)
    (cards,) = boards(at, "cards")
    texts = board_texts(at, "what_it_takes")
    trimmed = False
    for r, card in zip(a.results, cards["columns"], strict=True):
        row = verdict_row(r, lang, at.session_state["current_ind"])
        (counts,) = [b for b in card["blocks"] if b["t"] == "counts"]
        assert [int(n) for _label, n, _tone in counts["pairs"]] == list(
            row.counts.as_dict().values()
        )
        todo = shortfall_list(r, lang)
        for item in todo.items:
            assert any(item.text in x for x in texts), item.text
        if todo.more:
            trimmed = True
            assert todo.more_text in texts, todo.more_text  # a line of its own
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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_cards_name_what_fails_or_is_unknown(lang: str) -> None:
    """On a projector each card lists the layer's focus list: mark and name, a line each."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["sample"] = SAMPLE
    at.session_state["presentation"] = True
    at.run()
    a, _ = matrix_is_the_layer_s(at, lang)
    (board,) = boards(at, "cards")
    assert board["large"] and board["title"] is None  # type for a projector, no heading
    listed = 0
    for r, card in zip(a.results, board["columns"], strict=True):
        shown = focus_list(r, lang)
        texts = [block_text(b) for b in card["blocks"]]
        for f in shown.items:
            assert any(
                f"{STATUS_MARK[f.status]} {f.name}" in line for x in texts for line in x.split("\n")
            )
            listed += 1
    assert listed  # songhe fails Guangzhou's SME share: something is listed
