"""The page's what-if tools under AppTest: sliders, the scenario in the link, one language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.engine.policy import load_policies
from assessment.present import scenario_url
from assessment.present.inputs import decl_key, fig_key
from dashboard.cache import SAMPLES
from dashboard.inputs_panel import group_key
from dashboard.state import GROUP_PREFIX
from tests.app_support import (
    board_texts,
    close_inputs,
    matrices,
    open_figures,
    open_inputs,
    shown_matrix,
    verdicts,
    whole,
)
from tests.test_app import member_csv

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
ALL_MET = (ROOT / "tests" / "fixtures" / "all_met.json").read_bytes()
SME = fig_key("sme_output_share_pct")


def fresh(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return open_figures(at.run())  # as a user's first click there: every group starts closed


def cell(at: AppTest, criterion: str, place: str) -> str:
    frame = shown_matrix(at)
    return str(frame[frame.iloc[:, 1] == criterion].iloc[0][place])


def load_all_met(at: AppTest) -> AppTest:
    at.radio(key="source").set_value("scenario").run()
    at.file_uploader(key="scenario_upload").upload("a.json", ALL_MET, "application/json").run()
    return at


def shown(at: AppTest) -> dict:
    """The indicators the page judges, as CONTRACT JSON without derivations (links omit them)."""
    return scenario_url.compact_indicators(at.session_state["current_ind"].to_json_dict())


def reopen(at: AppTest) -> AppTest:
    """A fresh session on the address the page left in the bar (a reload, or a copied link)."""
    return fresh(dict(at.query_params))


def test_a_slider_across_a_threshold_flips_only_guangzhou() -> None:
    at = load_all_met(fresh())
    at.slider(key=f"sl_{SME}").set_value(60.0).run()
    assert not at.exception
    assert at.number_input(key=SME).value == 60.0  # the exact box follows the slider
    assert cell(at, "中小企业产值占比", "广州").startswith("✘")
    before = verdicts(at)
    assert before == [":red[不符合]", ":green[符合认定条件]", ":green[符合认定条件]"]
    at.slider(key=f"sl_{SME}").set_value(60.1).run()
    assert not at.exception
    assert at.number_input(key=SME).value == pytest.approx(60.1)
    assert cell(at, "中小企业产值占比", "广州") == "▲ 60.1% > 60%"  # >60: met, near the line
    assert cell(at, "中小企业产值占比", "上海").startswith("✔")
    assert verdicts(at) == [":green[符合认定条件]"] * 3  # only 广州 changed


def test_the_exact_box_moves_the_slider_and_empty_is_unknown() -> None:
    at = load_all_met(fresh())
    at.number_input(key=SME).set_value(55.5).run()
    assert at.slider(key=f"sl_{SME}").value == pytest.approx(55.5)
    assert cell(at, "中小企业产值占比", "广州").startswith("✘")
    at.number_input(key=SME).set_value(None).run()
    assert not at.exception
    assert cell(at, "中小企业产值占比", "广州").startswith("?")


def test_thresholds_are_written_under_the_slider() -> None:
    at = fresh()
    captions = [c.value for c in at.caption]
    assert "门槛：广州 >60%｜上海 ≥50%｜海南 ≥60%" in captions


def test_typing_the_shown_value_back_is_not_a_change() -> None:
    at = fresh()
    at.radio(key="source").set_value("members").run()
    at.file_uploader(key="member_upload").upload("m.csv", member_csv("utf-8"), "text/csv").run()
    exact = at.number_input(key=SME).value
    assert round(exact, 2) != exact  # 68.9655…: more digits than the box shows
    assert at.slider(key=f"sl_{SME}").value == pytest.approx(exact)  # starts at the file's value
    at.number_input(key=SME).set_value(round(exact + 0.01, 2)).run()  # +
    at.number_input(key=SME).set_value(round(exact, 2)).run()  # then -
    assert not at.exception
    assert at.number_input(key=SME).value == exact  # the file's value, not 68.97 - 0.01
    assert any("（0）" in e.label for e in at.expander)  # no change listed


def test_clear_all_and_hand_entry_start_blank() -> None:
    at = fresh()
    at.radio(key="source").set_value("manual").run()
    assert at.number_input(key=SME).value is None
    assert verdicts(at) == [":gray[信息不全]"] * 3
    at.number_input(key=SME).set_value(70.0).run()
    whole(at).button(key="clear_all").click().run()
    assert not at.exception
    assert at.number_input(key=SME).value is None


def test_out_of_range_is_explained_in_the_users_language() -> None:
    at = load_all_met(fresh())
    at.number_input(key=SME).set_value(130.0).run()
    assert not at.exception
    assert verdicts(at) == []  # no stale verdict beside the message
    assert at.error and "100" in at.error[0].value and "中小企业" in at.error[0].value


def test_round_trip_of_a_sample_through_the_link() -> None:
    at = fresh({"sample": "songhe-fasteners"})
    assert "s" not in at.query_params  # an untouched sample needs only its name
    again = reopen(at)
    assert not again.exception and shown(again) == shown(at)


def test_round_trip_of_an_edited_sample_through_the_link() -> None:
    at = open_inputs(fresh({"sample": "songhe-fasteners"}))
    whole(at.slider(key=f"sl_{SME}").set_value(61.0).run())
    whole(at.radio(key=decl_key("no_major_incidents")).set_value("no").run())
    at.text_input(key="cluster_name").set_value("我的计划").run()
    again = reopen(at)
    assert not again.exception
    assert shown(again) == shown(at)
    assert again.number_input(key=SME).value == 61.0
    assert verdicts(again) == verdicts(at)
    assert any("（3）" in e.label for e in again.expander)  # still listed as changes to the sample


def test_round_trip_of_a_hand_entered_scenario_in_english() -> None:
    at = fresh()
    at.radio(key="lang").set_value("en").run()
    open_inputs(at.radio(key="source").set_value("manual").run())
    whole(at.number_input(key=SME).set_value(66.6).run())
    whole(at.number_input(key="out_2").set_value(31.5).run())
    at.radio(key=decl_key("no_major_incidents")).set_value("yes").run()
    again = reopen(at)
    assert not again.exception
    assert again.session_state["lang"] == "en"
    assert again.radio(key="source").value == "manual"
    assert shown(again) == shown(at)


def test_round_trip_of_an_uploaded_file_keeps_its_figures_and_name() -> None:
    at = fresh()
    at.radio(key="source").set_value("members").run()
    at.file_uploader(key="member_upload").upload("成员企业.csv", member_csv(), "text/csv").run()
    at.date_input(key="assessment_date").set_value(__import__("datetime").date(2025, 6, 1)).run()
    again = reopen(at)
    assert not again.exception
    assert again.radio(key="source").value == "link"
    assert shown(again) == shown(at)
    assert again.session_state["assessment_date"] == at.session_state["assessment_date"]
    assert any("成员企业" in c.value and "csv" in c.value for c in again.caption)
    assert verdicts(again) == verdicts(at)


@pytest.mark.parametrize("token", ["garbage", "1AAAA", "0abc", "1" + "A" * 20000, ""])
def test_a_mangled_link_opens_a_message_and_the_default_view(token: str) -> None:
    at = fresh({"s": token, "lang": "en"})
    assert not at.exception
    if token:
        assert at.error and "link" in at.error[0].value
    assert len(verdicts(at)) == 3


def _without(text: str, quoted: list[str]) -> str:
    plain = " ".join(text.replace("\\", "").split())  # Markdown escapes, flattened
    for q in sorted(quoted, key=len, reverse=True):  # whole readings before clause numbers
        plain = plain.replace(" ".join(q.split()), "")
    return plain


CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _english_texts(at: AppTest) -> list[str]:
    texts: list[str] = []
    for kind in ("markdown", "caption", "subheader", "title", "info", "success", "error"):
        for e in at.get(kind):  # the law's own words are quoted ('> '), in Chinese on purpose
            if str(e.value).startswith('<div class="bd bd-'):
                continue  # a board's HTML: its words are read below, block by block
            texts.append("\n".join(x for x in str(e.value).split("\n") if not x.startswith("> ")))
    for kind in ("radio", "selectbox", "number_input", "slider", "text_input", "expander"):
        texts += [getattr(e, "label", "") for e in at.get(kind)]
    for kind in ("button", "multiselect", "toggle"):
        texts += [getattr(e, "label", "") for e in at.get(kind)]
    for box in at.selectbox:
        texts += [str(o) for o in box.options]  # as shown: the sample picker included
    for d in at.dataframe:
        frame = d.value.data if hasattr(d.value, "data") else d.value
        texts += [str(c) for c in frame.columns] + [str(v) for v in frame.to_numpy().ravel()]
    texts += board_texts(at, quotes=False)  # the cards, a criterion's details, the shortfalls
    for data in matrices(at):  # the criteria matrix: its titles and every cell's words
        texts += [data["label"], *data["columns"], *(c for row in data["cells"] for c in row)]
    return texts


def _chinese_left(texts: list[str], user: set[str]) -> list[str]:
    # quoted from the law: clause numbers and the Chinese words a reading explains
    quoted = [c.clause for p in load_policies() for c in p.criteria]
    quoted += [r.en for p in load_policies() for r in p.document.readings]
    quoted += [c.reading.en for p in load_policies() for c in p.criteria if c.reading]
    switch = "中文 / English"  # the language switch names both languages on purpose
    return [
        x
        for x in texts
        if CJK.search(_without(str(x), quoted))
        and x != switch
        and not any(u and u in x for u in user)
    ]


def test_english_page_has_no_chinese_outside_quotes_and_user_text() -> None:
    at = fresh()
    at.radio(key="lang").set_value("en").run()  # switched, as a user would
    open_inputs(at)  # every input group open: each widget's label is read
    assert not at.exception
    assert at.radio(key=decl_key("no_major_incidents"))  # the declarations are drawn
    user = {str(at.session_state["cluster_name"])}
    left = _chinese_left(_english_texts(at), user)
    assert left == [], "\n".join(left)


def test_english_batch_and_compare_tabs_have_no_chinese_outside_user_text() -> None:
    at = fresh()
    at.radio(key="lang").set_value("en").run()
    at.session_state["main_tab_en"] = "Batch screening"
    at.run()
    at.button(key="batch_example").click().run()
    assert not at.exception
    names = set((SAMPLES / "batch-example.csv").read_text("utf-8-sig").splitlines())
    user = {line.split(",")[0] for line in names} | {str(at.session_state["cluster_name"])}
    user |= {"batch-example.csv", "示例", "“示例”"}  # the template's Chinese marker, quoted
    left = _chinese_left(_english_texts(at), user)
    assert left == [], "\n".join(left)
    at.session_state["main_tab_en"] = "Compare scenarios"
    at.run()
    at.button(key="keep_a").click().run()
    at.button(key="keep_b").click().run()
    assert not at.exception
    left = _chinese_left(_english_texts(at), user)
    assert left == [], "\n".join(left)


def test_example_batch_is_one_click_away() -> None:
    at = fresh()
    at.session_state["main_tab_zh"] = "批量筛查"
    at.run()
    at.button(key="batch_example").click().run()
    assert not at.exception
    names = [(d.value.data if hasattr(d.value, "data") else d.value) for d in at.dataframe]
    table = next(f for f in names if "集群名称" in f.columns)
    assert len(table) >= 5 and table["集群名称"].str.contains("虚构").all()


def test_keep_as_a_and_b_compares_without_files() -> None:
    at = load_all_met(fresh())
    at.session_state["main_tab_zh"] = "情景对比"
    at.run()
    at.button(key="keep_a").click().run()
    at.session_state["main_tab_zh"] = "集群评估"
    at.run()
    at.slider(key=f"sl_{SME}").set_value(55.0).run()
    at.session_state["main_tab_zh"] = "情景对比"
    at.run()
    at.button(key="keep_b").click().run()
    assert not at.exception
    frame = next(
        (d.value.data if hasattr(d.value, "data") else d.value)
        for d in at.dataframe
        if "情景 A" in (d.value.data if hasattr(d.value, "data") else d.value).columns
    )
    got = set(zip(frame["地区"], frame["条件"], strict=True))
    assert got == {  # 55 %: below 广州's >60 and 海南's ≥60, above 上海's ≥50
        ("广州", "结论"),
        ("广州", "中小企业产值占比"),
        ("海南", "结论"),
        ("海南", "中小企业产值占比"),
    }
    assert json.loads(ALL_MET)["sme_output_share_pct"] == 80


def test_a_huge_cell_is_cut_so_the_message_shows() -> None:
    row = "甲公司,是,是," + "9" * 4096 + ",120000,140000,1000,1200,1500,10,12,14,500,,是,否"
    at = fresh()
    at.radio(key="source").set_value("members").run()
    at.file_uploader(key="member_upload").upload(
        "m.csv", member_csv("utf-8", rows=(row,)), "text/csv"
    ).run()
    assert not at.exception
    assert at.error  # red
    problems = at.table[0].value
    assert problems["单元格内容"].str.len().max() <= 100  # cut, with the message beside it
    assert problems["问题"].str.len().min() > 0


def test_a_samples_heading_is_in_the_pages_language_from_the_first_run() -> None:
    at = fresh({"lang": "en", "sample": "songhe-fasteners"})
    heads = [h.value for h in at.subheader]
    assert any("Songhe District hardware and fastener cluster" in h for h in heads)
    at.radio(key="lang").set_value("zh").run()
    assert any("松禾区五金紧固件产业集群" in h.value for h in at.subheader)


def test_other_tabs_hide_the_figures_and_keep_them() -> None:
    at = open_inputs(load_all_met(fresh()))
    at.slider(key=f"sl_{SME}").set_value(61.5).run()
    at.session_state["main_tab_zh"] = "批量筛查"
    at.run()
    assert not at.exception
    assert at.slider and all(s.disabled for s in at.slider)  # nothing moves the batch table
    at.button(key="batch_example").click().run()
    at.session_state["main_tab_zh"] = "集群评估"
    at.run()
    assert not at.exception
    assert at.number_input(key=SME).value == 61.5
    assert at.slider(key=f"sl_{SME}").value == 61.5
    assert at.radio(key=decl_key("no_major_incidents")).value == "yes"


def test_a_moved_figure_reruns_only_its_own_inputs_and_the_results() -> None:
    """'Only the results area reruns': the callbacks name the fragments a change shows in."""
    at = open_inputs(load_all_met(fresh()))
    at.number_input(key=SME).set_value(60.0).run()
    assert not at.exception
    assert verdicts(at)[0] == ":red[不符合]"  # the results reran (广州: above 60 % asked)
    assert [s.key for s in at.slider] == [f"sl_{SME}"]  # of the inputs, only its own pair
    assert at.slider(key=f"sl_{SME}").value == 60.0
    assert not any(r.key in ("lang", "source") for r in at.radio)  # the frame did not rerun
    assert reopen(at).number_input(key=SME).value == 60.0  # the link followed the change
    whole(at).radio(key=decl_key("no_major_incidents")).set_value("no").run()
    assert verdicts(at) == [":red[不符合]"] * 3
    assert not at.slider and not at.radio  # an answer reruns the results alone
    assert shown(reopen(at))["no_major_incidents"] is False


def test_closed_input_groups_keep_their_figures_and_answers() -> None:
    """A closed group draws no widget (a figure moved reruns less) yet forgets nothing."""
    at = open_inputs(load_all_met(fresh()))
    whole(at.number_input(key=SME).set_value(55.0).run())
    at.radio(key=decl_key("no_major_incidents")).set_value("no").run()
    judged = shown(at)
    close_inputs(at)
    assert not at.exception
    assert not any(r.key == decl_key("no_major_incidents") for r in at.radio)
    assert not any(n.key == SME for n in at.number_input)
    assert shown(at) == judged
    assert verdicts(at) == [":red[不符合]"] * 3
    assert shown(reopen(at)) == judged  # the link keeps both
    open_inputs(at)
    assert at.number_input(key=SME).value == 55.0
    assert at.slider(key=f"sl_{SME}").value == 55.0
    assert at.radio(key=decl_key("no_major_incidents")).value == "no"


def test_every_input_group_starts_closed() -> None:
    """The first page draws no slider or figure box: they were a third of its elements and
    held the criteria matrix back on a cold start (dashboard.inputs_panel._group)."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    keys = list(at.session_state.keys())
    groups = {k: at.session_state[k] for k in keys if k.startswith(GROUP_PREFIX)}
    assert len(groups) == 14 and not any(groups.values())
    assert not at.slider and not any(n.key == SME for n in at.number_input)
    assert len(verdicts(at)) == 3 and shown_matrix(at) is not None


def test_an_open_group_stays_open_through_a_source_with_nothing_to_draw() -> None:
    """A source still to upload draws no input; the group the user opened is open again after."""
    at = fresh()  # the first figure group opened
    assert at.slider(key=f"sl_{SME}")
    at.radio(key="source").set_value("scenario").run()  # no file yet: no inputs drawn
    assert not at.exception and not at.slider
    at.radio(key="source").set_value("sample").run()
    assert not at.exception
    assert at.session_state[group_key("fig", 0)] is True
    assert at.slider(key=f"sl_{SME}").value == at.number_input(key=SME).value


def test_a_link_to_a_sample_that_is_gone_opens_a_message() -> None:
    token = scenario_url.encode(
        scenario_url.LinkScenario("sample", {"sme_output_share_pct": 61.0}, None, "")
    )
    at = fresh({"sample": "no-such-sample", "s": token})
    assert not at.exception
    assert at.error and "示例集群不存在" in at.error[0].value
    assert len(verdicts(at)) == 3


def test_one_click_puts_the_files_values_back() -> None:
    at = open_inputs(load_all_met(fresh()))
    whole(at.slider(key=f"sl_{SME}").set_value(55.0).run())
    whole(at.number_input(key=fig_key("area_km2")).set_value(120.0).run())
    at.radio(key=decl_key("no_major_incidents")).set_value("no").run()
    assert any("（3）" in e.label for e in at.expander)
    at.button(key="reset").click().run()
    assert not at.exception
    assert at.number_input(key=SME).value == 80.0
    assert at.slider(key=f"sl_{SME}").value == 80.0
    assert at.radio(key=decl_key("no_major_incidents")).value == "yes"
    assert verdicts(at) == [":green[符合认定条件]"] * 3
