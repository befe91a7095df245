"""The criteria matrix under AppTest: what the page sends its table, and what a clicked cell opens.

The table itself (dashboard/matrix) runs in the browser; tests/browser/ click and key it. Here:
the data it is drawn from is the presentation layer's, and a cell picked (the state its click
leaves) opens that criterion's details for that jurisdiction only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.results import MATRIX_WIDTHS, PRESENT_WIDTHS
from tests.app_support import _elements, boards, matrix_data, matrix_is_the_layer_s, open_inputs

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SAMPLE = "songhe-fasteners"  # SME share exactly 60 %: Guangzhou red, Shanghai and Hainan not
SME = "sme_output_share"


def _open(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["sample"] = SAMPLE
    return at.run()


def _details_heads(at: AppTest) -> list[str]:
    """The first line of each details column: the jurisdiction's name, in bold."""
    (board,) = boards(at, f"details_{at.session_state['lang']}")
    heads = [col["blocks"][0]["r"] for col in board["columns"]]
    assert all(bold for runs in heads for _text, _tone, bold in runs)
    return ["".join(text for text, _tone, _bold in runs) for runs in heads]


def _sme_id(at: AppTest, lang: str) -> str:
    data = matrix_data(at, lang)
    want = "中小企业产值占比" if lang == "zh" else "SME share of output"
    return data["ids"][[row[1] for row in data["cells"]].index(want)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_matrix_is_drawn_from_the_layer_s_grid(lang: str) -> None:
    at = _open(lang)
    assert not at.exception
    _, data = matrix_is_the_layer_s(at, lang)
    assert data["codes"] == ["guangzhou", "shanghai", "hainan"]
    assert data["widths"] == list(MATRIX_WIDTHS[lang])
    assert data["picked"] is None and data["large"] is False
    row = _sme_id(at, lang)
    assert data["statuses"][data["ids"].index(row)][2:] == ["red", "green", "amber"]


def test_presentation_mode_widens_the_matrix() -> None:
    at = _open()
    at.session_state["presentation"] = True
    at.run()
    data = matrix_data(at, "zh")
    assert data["widths"] == list(PRESENT_WIDTHS["zh"]) and data["large"] is True


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_picked_cell_opens_that_jurisdiction_s_details_only(lang: str) -> None:
    at = _open(lang)
    assert len(_details_heads(at)) == 3  # nothing clicked: the picker's criterion, all three
    cid = _sme_id(at, lang)
    # what a click on Shanghai's cell leaves behind (dashboard.matrix._on_cell)
    at.session_state[f"details_pick_{lang}"] = cid
    at.session_state[f"matrix_picked_{lang}"] = (cid, "shanghai")
    at.run()
    assert not at.exception
    assert _details_heads(at) == ["上海" if lang == "zh" else "Shanghai"]
    assert matrix_data(at, lang)["picked"] == {"cid": cid, "j": "shanghai"}
    assert at.selectbox(key=f"details_pick_{lang}").value == cid
    # another criterion in the picker: every jurisdiction again, and no cell marked
    other = matrix_data(at, lang)["ids"][0]
    at.selectbox(key=f"details_pick_{lang}").set_value(other).run()
    assert not at.exception
    assert len(_details_heads(at)) == 3
    assert matrix_data(at, lang)["picked"] is None


def _html_bodies(at: AppTest) -> list[str]:
    return [e.proto.body for e in _elements(at._tree) if getattr(e, "type", None) == "html"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_phone_s_lists_come_in_the_matrix_s_data_not_as_html(lang: str) -> None:
    """The matrix component draws a phone's lists from its own data; no HTML element carries
    them, so a move re-sends one element fewer."""
    at = open_inputs(_open(lang))
    assert not at.exception
    assert [b for b in _html_bodies(at) if not b.startswith("<style>")] == []
    cid = _sme_id(at, lang)
    at.number_input(key="fig_sme_output_share_pct").set_value(
        55.5
    ).run()  # a move: the results rerun, not the page
    assert not at.exception
    assert _html_bodies(at) == []  # nothing but the matrix carries its lists
    _, data = matrix_is_the_layer_s(at, lang)
    k = data["ids"].index(cid)
    assert data["statuses"][k][2] == "red"
    assert data["texts"][k][0].startswith("55.5%")  # Guangzhou's line follows the figure
    assert data["cells"][k][2] == f"{data['marks']['red']} {data['texts'][k][0]}"
    no = "不符合" if lang == "zh" else "Not eligible"
    assert data["verdicts"][0] == no
