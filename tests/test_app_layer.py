"""The page renders the presentation layer: its matrix, counts and shortfalls are the layer's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.present.i18n import t
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


def test_a_card_warns_when_its_document_is_not_in_force() -> None:
    """A date before a document's start: its card says so, as a caution of its own."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sample"] = SAMPLE
    at.run()
    at.date_input(key="assessment_date").set_value(dt.date(2023, 1, 1)).run()  # before all three
    assert not at.exception
    a, _ = matrix_is_the_layer_s(at, "zh")
    (board,) = boards(at, "cards")
    for r, card in zip(a.results, board["columns"], strict=True):
        warns = [block_text(b) for b in card["blocks"] if b["t"] == "warn"]
        assert warns == [w.zh for w in r.warnings] and "尚未施行" in warns[0], warns
        force = [block_text(b) for b in card["blocks"] if "○" in block_text(b)]
        assert force, card  # and the validity line says it is not in force


def test_details_of_a_criterion_one_jurisdiction_does_not_ask_say_so() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sample"] = SAMPLE
    at.run()
    a, data = matrix_is_the_layer_s(at, "zh")
    k = next(i for i, row in enumerate(data["statuses"]) if "" in row[2:])  # a '—' cell
    cid = data["ids"][k]
    shown_not_asked = False
    at.selectbox(key="details_pick_zh").set_value(cid).run()
    (board,) = boards(at, "details_zh")
    for r, col in zip(a.results, board["columns"], strict=True):
        texts = [block_text(b) for b in col["blocks"]]
        if r.criterion(cid) is None:
            assert texts == [r.name_zh, t("not_asked", "zh")], texts
            assert col["blocks"][1]["r"][0][1] == "gray"
            shown_not_asked = True
        else:
            assert texts[0] == r.name_zh and len(texts) > 2, texts
    assert shown_not_asked  # the "—" column was shown as not asked
