"""The dashboard under Streamlit's AppTest: runs clean, lights turn, files fill the inputs."""

from __future__ import annotations

import html
import io
import json
import re
import tomllib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from assessment.present.changes import field_label
from assessment.present.inputs import decl_key, fig_key
from tests.app_support import (
    board_texts,
    boards,
    open_figures,
    open_inputs,
    shown_matrix,
    verdicts,
    whole,
)

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
ALL_MET = (ROOT / "tests" / "fixtures" / "all_met.json").read_bytes()
HEADERS = (
    "企业名称,是否中小企业,是否属于主导产业,产值_2022,产值_2023,产值_2024,"
    "研发经费_2022,研发经费_2023,研发经费_2024,有效发明专利_2022,有效发明专利_2023,"
    "有效发明专利_2024,从业人员,资质,应用工业互联网平台,近三年重大事故或违法失信"
)
ROWS = (
    "甲精密制造有限公司,是,是,100000,120000,140000,1000,1200,1500,10,12,14,500,专精特新;小巨人,是,否",
    "乙电子科技有限公司,否,是,80000,85000,90000,800,850,900,5,5,6,800,高新技术企业,否,否",
    "丙新材料有限公司,是,否,50000,55000,60000,300,350,400,2,2,3,200,,是,否",
)


def member_csv(encoding: str = "gbk", rows: tuple[str, ...] = ROWS) -> bytes:
    """A small member file as an official would save it from Excel: Chinese headers, GBK."""
    return "\r\n".join((HEADERS, *rows)).encode(encoding)


def samples() -> list[str]:
    index = ROOT / "sample_data" / "clusters.toml"
    if not index.exists():
        return []
    raw = tomllib.loads(index.read_text(encoding="utf-8"))
    entries = next((v for v in raw.values() if isinstance(v, list)), [])
    return [
        e["slug"]
        for e in entries
        if (ROOT / "sample_data" / e["slug"] / "indicators.json").exists()
    ]


def fresh(lang: str = "zh") -> AppTest:
    """The page, its first figure group opened."""
    at = open_figures(AppTest.from_file(APP, default_timeout=30).run())
    if lang == "en":
        at.radio(key="lang").set_value("en").run()
    return at


def changes_table(at: AppTest) -> list[list[str]]:
    """The rows of the 'changed from the file' table (a Markdown table), cells unescaped."""
    for m in at.markdown:
        lines = str(m.value).splitlines()
        if lines and lines[0].startswith("|") and "原值" in lines[0]:
            cells = [re.split(r"(?<!\\)\|", line.strip())[1:-1] for line in lines[2:]]
            return [[html.unescape(re.sub(r"\\(.)", r"\1", c.strip())) for c in r] for r in cells]
    return []


def choose_source(at: AppTest, kind: str) -> AppTest:
    at.radio(key="source").set_value(kind).run()
    return at


def matrix(at: AppTest) -> pd.DataFrame:
    return shown_matrix(at)


def row_of(at: AppTest, criterion: str) -> pd.Series:
    frame = matrix(at)
    return frame[frame.iloc[:, 1] == criterion].iloc[0]


def load_scenario(at: AppTest, data: bytes = ALL_MET) -> AppTest:
    choose_source(at, "scenario")
    at.file_uploader(key="scenario_upload").upload("scenario.json", data, "application/json").run()
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_runs_clean_in_both_languages(lang: str) -> None:
    at = fresh(lang)
    assert not at.exception
    assert len(verdicts(at)) == 3
    title = at.title[0].value
    assert title == ("集群自评" if lang == "zh" else "Cluster Self-Check")


def test_the_sample_clusters_are_there() -> None:
    assert len(samples()) >= 3  # sample_data/ is part of the repository


@pytest.mark.parametrize("slug", samples())
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_sample_cluster_runs(slug: str, lang: str) -> None:
    at = fresh(lang)
    at.selectbox(key="sample").set_value(slug).run()
    assert not at.exception
    assert len(verdicts(at)) == 3


def test_scenario_file_fills_inputs_and_is_eligible() -> None:
    at = open_inputs(load_scenario(fresh()))
    assert not at.exception
    assert at.number_input(key=fig_key("sme_output_share_pct")).value == 80.0
    assert at.radio(key=decl_key("no_major_incidents")).value == "yes"
    assert verdicts(at) == [":green[符合认定条件]"] * 3


def test_moving_a_figure_across_a_threshold_turns_light_and_verdict() -> None:
    # 广州 3.2.2 中小企业产值占集群总产值高于60%: 60 exactly is below the line (strict '>')
    at = load_scenario(fresh())
    assert row_of(at, "中小企业产值占比")["广州"].startswith("✔")
    at.number_input(key=fig_key("sme_output_share_pct")).set_value(60.0).run()
    assert not at.exception
    assert row_of(at, "中小企业产值占比")["广州"] == "✘ 60.0% = 60%"
    assert row_of(at, "中小企业产值占比")["海南"].startswith("▲")  # 不低于60%: met, near
    assert verdicts(at)[0] == ":red[不符合]"
    assert verdicts(at)[1] == ":green[符合认定条件]"  # 上海 asks 50 %
    shortfalls = " ".join(board_texts(at, "what_it_takes"))
    assert "中小企业产值占比恰好等于 60%" in shortfalls
    # the change from the file is listed
    changes = changes_table(at)
    assert changes and "80" in changes[0][1]


def test_declaration_answer_turns_verdict() -> None:
    at = open_inputs(load_scenario(fresh()))
    at.radio(key=decl_key("no_major_incidents")).set_value("no").run()
    assert verdicts(at) == [":red[不符合]"] * 3
    whole(at).radio(key=decl_key("no_major_incidents")).set_value("unset").run()
    assert verdicts(at) == [":gray[信息不全]"] * 3


def test_member_file_fills_the_inputs() -> None:
    at = choose_source(fresh(), "members")
    at.file_uploader(key="member_upload").upload("成员企业.csv", member_csv(), "text/csv").run()
    assert not at.exception
    share = at.number_input(key=fig_key("sme_output_share_pct")).value
    assert share == pytest.approx(200000 / 290000 * 100)
    assert at.number_input(key="out_2").value == pytest.approx(29.0)
    assert len(verdicts(at)) == 3
    assert any("已读取" in s.value for s in at.success)


def test_what_if_after_upload_shows_the_change() -> None:
    at = choose_source(fresh(), "members")
    at.file_uploader(key="member_upload").upload("m.csv", member_csv("utf-8"), "text/csv").run()
    at.number_input(key=fig_key("sme_output_share_pct")).set_value(50.0).run()
    assert not at.exception
    changes = changes_table(at)
    assert len(changes) == 1 and "50" in changes[0][2]


def test_growth_from_a_file_follows_a_what_if_edit_of_the_years() -> None:
    """The file's growth is its years' growth: editing a year must move it (no stale 10.1 %)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["sample"] = "songhe-fasteners"  # 33.0 -> 36.5 -> 40.0 (10.1 % a year)
    open_figures(at.run())
    assert at.number_input(key=fig_key("output_growth_pct")).value is None
    assert row_of(at, "产值年均增速")["上海"].startswith("▲ 10.1")
    at.number_input(key="out_2").set_value(34.0).run()  # 2024: 40 -> 34
    assert not at.exception
    assert row_of(at, "产值年均增速")["上海"].startswith("✘ 1.5")
    changes = changes_table(at)
    assert len(changes) == 1  # only the years moved, and only 2024 among them
    field, was, now = changes[0]
    assert field == field_label("output_by_year", "zh")
    assert "2024: 40" in was and "2024: 34" in now and "2022: 33" in now


def test_bad_member_file_lists_problems_and_no_verdict() -> None:
    bad = (
        "<script>alert(1)</script>,是,是,abc,120000,140000,1000,1200,1500,10,12,14,500,,是,否",
        ",是,是,100,120,140,1,1,1,1,1,1,5,,是,否",
    )
    at = choose_source(fresh(), "members")
    at.file_uploader(key="member_upload").upload("bad.csv", member_csv(rows=bad), "text/csv").run()
    assert not at.exception
    assert verdicts(at) == []
    assert at.error and "问题" in at.error[0].value
    problems = at.table[0].value  # a table, so that long messages wrap and read whole
    assert list(problems.columns) == ["行", "列", "单元格内容", "问题"]
    assert {"2", "3"} <= set(problems["行"])


def test_a_workbook_sheet_can_be_chosen() -> None:
    """XLSX: the first sheet, or the sheet the user names."""
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本文件说明"])
    members = wb.create_sheet("成员企业")
    reader = member_csv("utf-8").decode("utf-8").splitlines()
    for line in reader:
        members.append(line.split(","))
    buf = io.BytesIO()
    wb.save(buf)
    at = choose_source(fresh(), "members")
    at.file_uploader(key="member_upload").upload(
        "成员.xlsx", buf.getvalue(), "application/zip"
    ).run()
    assert not at.exception
    sheet_box = next(s for s in at.selectbox if s.label == "读取哪个工作表")
    assert sheet_box.options == ["说明", "成员企业"]
    assert sheet_box.value == "成员企业"  # found by its header, past the notes sheet
    assert len(verdicts(at)) == 3
    sheet_box.set_value("说明").run()  # the user may still pick another sheet
    assert not at.exception
    assert verdicts(at) == []  # the notes sheet has no member columns: its problems, no verdict


def test_not_a_table_is_a_message() -> None:
    at = choose_source(fresh("en"), "members")
    at.file_uploader(key="member_upload").upload(
        "x.xlsx", b"\x00\x01garbage", "application/zip"
    ).run()
    assert not at.exception
    assert verdicts(at) == []
    assert at.error


def test_bad_scenario_json_is_a_message() -> None:
    at = load_scenario(fresh(), b'{"sme_output_share_pct": 130}')
    assert not at.exception
    assert verdicts(at) == []
    assert any("不能大于 100" in e.value for e in at.error)  # red, not a blue note


def test_file_names_are_escaped() -> None:
    at = choose_source(fresh(), "members")
    name = "![x](http://example.invalid/a.png)*m*.csv"
    at.file_uploader(key="member_upload").upload(name, member_csv("utf-8"), "text/csv").run()
    assert not at.exception
    message = at.success[0].value
    assert "![x](http" not in message and "\\!\\[x\\]" in message


def test_cluster_name_is_plain_text() -> None:
    at = fresh()
    at.text_input(key="cluster_name").set_value("**粗体** <img src=x onerror=alert(1)>").run()
    assert not at.exception
    shown = at.subheader[0].value
    assert "\\*\\*粗体\\*\\*" in shown and "&lt;img" in shown  # escaped, shown as typed
    assert all("<img" not in m.value for m in at.markdown)


def test_scenario_download_round_trips() -> None:
    at = load_scenario(fresh())
    data = json.loads(ALL_MET)
    assert at.number_input(key=fig_key("area_km2")).value == data["area_km2"]


def test_each_card_shows_how_its_text_is_read() -> None:
    """The policy files' readings of ambiguous wording are shown to the user."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    (board,) = boards(at, "cards")
    folds = [b for col in board["columns"] for b in col["blocks"] if b["t"] == "fold"]
    assert [f["label"] for f in folds] == ["解读（7）", "解读（6）", "解读（7）"]  # one a card
    captions = " ".join(board_texts(at, "cards"))
    assert "无“一般”二字" in captions  # Guangzhou: 不超过100平方公里 is hard
    assert "以公开发布日期2023年5月23日" in captions  # Hainan: in force from publication
