"""The dashboard's issue-5 views under AppTest: batch screening, scenario comparison, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.exports.batch_xlsx import template_headers
from assessment.present.explain import STATUS_LABEL, STATUS_MARK, VERDICT_LABEL
from assessment.present.i18n import t
from assessment.present.inputs import fig_key
from tests.app_support import open_figures

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
ON = dt.date(2025, 6, 1)
ALL_MET = json.loads((ROOT / "tests" / "fixtures" / "all_met.json").read_text("utf-8"))

# anything in our own markup that would make a browser fetch from elsewhere
EXTERNAL = (
    r"<script[^>]*\bsrc\s*=",
    r"<link[^>]*\bhref\s*=",
    r"@import",
    r"@font-face",
    r"url\(\s*[\"']?\s*(?:https?:)?//",
)


def sample_clusters() -> list[dict[str, Any]]:
    """The sample clusters as one-row-each dicts (no derivations or enterprise list: one row)."""
    found = []
    for p in sorted(ROOT.glob("sample_data/*/indicators.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        d.pop("derivations", None)
        d.pop("titled_enterprises", None)
        d.setdefault("cluster_name", p.parent.name)
        found.append(d)
    assert len(found) >= 4
    return found


def batch_csv(
    clusters: list[dict[str, Any]],
    lang: str = "zh",
    extra: tuple[list[Any], ...] = (),
    *,
    years: tuple[int, ...] | None = None,
    bom: bool = True,
) -> bytes:
    """A batch file as the template lays it out (Chinese headers by default), UTF-8 with BOM;
    the year columns are the clusters' years unless named."""
    if years is None:
        years = tuple(sorted({int(y) for c in clusters for y in (c.get("output_by_year") or {})}))
    heads = template_headers(lang, years)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([h for _, h in heads])
    for c in clusters:
        row = []
        for k, _ in heads:
            v = (
                (c.get("output_by_year") or {}).get(k.split(".")[1])
                if k.startswith("output_by_year.")
                else c.get(k)
            )
            row.append("" if v is None else "是" if v is True else "否" if v is False else v)
        w.writerow(row)
    w.writerows(extra)
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def fresh(lang: str = "zh") -> AppTest:
    at = open_figures(AppTest.from_file(APP, default_timeout=30).run())
    if lang == "en":
        at.radio(key="lang").set_value("en").run()
    at.date_input(key="assessment_date").set_value(ON).run()
    return at


def open_tab(at: AppTest, which: str) -> AppTest:
    """Open one of the page's tabs (only the open tab's body runs)."""
    lang = at.session_state["lang"]
    at.session_state[f"main_tab_{lang}"] = t(which, lang)
    return at.run()


# AppTest exposes the key only of selectable dataframes: the others are told by their columns
SIGNATURE = {
    "batch_table": {"集群名称", "Cluster"},
    "batch_summary": {"地区", "Jurisdiction"},
    "batch_problems": {"单元格内容", "Value"},
    "compare_table": {"情景 A", "Scenario A"},
}


def _is(df: pd.DataFrame, name: str) -> bool:
    cols = set(map(str, df.columns))
    if name == "batch_summary" and cols & {"情景 A", "Scenario A"}:
        return False
    return bool(cols & SIGNATURE[name])


def frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value.data if hasattr(d.value, "data") else d.value for d in at.dataframe]


def frame(at: AppTest, name: str) -> pd.DataFrame:
    return next(df for df in frames(at) if _is(df, name))


def keys(at: AppTest) -> set[str]:
    return {name for name in SIGNATURE for df in frames(at) if _is(df, name)}


class Downloads(dict[str, Callable[[], Any]]):
    """file name -> the callable its button would run when clicked (the latest drawn), and
    `drawn`: how many buttons have been drawn so far (a button drawn again counts again)."""

    drawn = 0


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> Downloads:
    """The download buttons drawn while the test runs (`Downloads`).

    AppTest shows a download button but not its data; the app builds every export in a callable
    registered with Streamlit's media file manager, so the test records it there and calls it.
    """
    seen = Downloads()
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kw):  # type: ignore[no-untyped-def]
        seen[str(file_name)] = data_callable
        seen.drawn += 1
        return original(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return seen


# ------------------------------------------------------------------ batch screening


def expected_cells(cluster: dict[str, Any], lang: str) -> dict[str, str]:
    """What the screening table should show for one cluster, from evaluating it alone."""
    a = evaluate(parse_indicators(cluster), on=ON)
    zh = lang == "zh"
    cells = {}
    for r in a.results:
        j = r.name_zh if zh else r.name_en
        cells[f"{j}·{'结论' if zh else 'verdict'}"] = VERDICT_LABEL[lang][r.verdict]
        for c in r.criteria:
            name = c.name_zh if zh else c.name_en
            cells[f"{j}·{name}"] = f"{STATUS_MARK[c.status]} {STATUS_LABEL[lang][c.status]}"
    return cells


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_batch_of_sample_clusters_matches_each_alone(lang: str) -> None:
    clusters = sample_clusters()
    at = open_tab(fresh(lang), "tab_batch")
    at.file_uploader(key="batch_upload").upload("集群.csv", batch_csv(clusters), "text/csv").run()
    assert not at.exception
    assert "batch_problems" not in keys(at)
    table = frame(at, "batch_table")
    assert len(table) == len(clusters)
    name_col = "集群名称" if lang == "zh" else "Cluster"
    for cluster in clusters:
        row = table[table[name_col] == cluster["cluster_name"]].iloc[0]
        want = expected_cells(cluster, lang)
        assert {k: row[k] for k in want} == want, cluster["cluster_name"]
    # the summary counts each jurisdiction's verdicts over the clusters
    summary = frame(at, "batch_summary")
    eligible = VERDICT_LABEL[lang]["eligible"]
    verdict_cols = [c for c in table.columns if c.endswith("·结论" if lang == "zh" else "·verdict")]
    assert summary[eligible].tolist() == [int((table[c] == eligible).sum()) for c in verdict_cols]


def test_batch_filter_by_jurisdiction_verdict_and_name() -> None:
    clusters = sample_clusters()
    at = open_tab(fresh(), "tab_batch")
    at.file_uploader(key="batch_upload").upload("c.csv", batch_csv(clusters), "text/csv").run()
    everyone = frame(at, "batch_table")
    at.selectbox(key="batch_where").set_value("guangzhou")
    at.multiselect(key="batch_filter").set_value(["eligible"]).run()
    assert not at.exception
    shown = frame(at, "batch_table")
    want = everyone[everyone["广州·结论"] == "符合认定条件"]
    assert 0 < len(shown) < len(everyone)
    assert shown["集群名称"].tolist() == want["集群名称"].tolist()
    # a name filter is a plain substring, never a pattern
    at.multiselect(key="batch_filter").set_value(["eligible", "not_eligible", "incomplete"])
    at.selectbox(key="batch_where").set_value("any")
    at.text_input(key="batch_name").set_value(".*").run()
    assert not at.exception
    assert frame(at, "batch_table").empty
    at.text_input(key="batch_name").set_value(clusters[1]["cluster_name"][:6]).run()
    assert frame(at, "batch_table")["集群名称"].tolist() == [clusters[1]["cluster_name"]]


def test_batch_bad_row_is_reported_and_the_rest_judged() -> None:
    clusters = sample_clusters()
    heads = template_headers(
        "zh", sorted({int(y) for c in clusters for y in (c.get("output_by_year") or {})})
    )
    bad = [""] * len(heads)
    bad[0] = "坏行 <b>集群</b>"
    share = next(i for i, (k, _) in enumerate(heads) if k == "sme_output_share_pct")
    bad[share] = "很多"
    at = open_tab(fresh(), "tab_batch")
    at.file_uploader(key="batch_upload").upload(
        "c.csv", batch_csv(clusters, extra=(bad,)), "text/csv"
    ).run()
    assert not at.exception
    assert at.warning and "1" in at.warning[0].value
    problems = frame(at, "batch_problems")
    assert problems["行"].tolist() == [str(len(clusters) + 2)]  # header is row 1
    assert problems["列"].iloc[0] == heads[share][1]
    assert problems["单元格内容"].iloc[0] == "很多"
    table = frame(at, "batch_table")
    assert sorted(table["集群名称"]) == sorted(c["cluster_name"] for c in clusters)


def test_batch_unreadable_file_is_a_message() -> None:
    at = open_tab(fresh("en"), "tab_batch")
    at.file_uploader(key="batch_upload").upload("x.xlsx", b"\x00garbage", "application/zip").run()
    assert not at.exception
    assert at.error and "cannot be screened" in at.error[0].value
    assert "batch_table" not in keys(at)


def test_batch_downloads_are_valid_files(downloads: Downloads) -> None:
    at = open_tab(fresh(), "tab_batch")
    at.file_uploader(key="batch_upload").upload(
        "c.csv", batch_csv(sample_clusters()), "text/csv"
    ).run()
    assert not at.exception
    wb = openpyxl.load_workbook(io.BytesIO(downloads["screening-zh.xlsx"]()))
    assert wb.worksheets[0].max_row == len(sample_clusters()) + 1
    text = downloads["screening-zh.csv"]().decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(text)))) == len(sample_clusters()) + 1
    template = openpyxl.load_workbook(io.BytesIO(downloads["clusters-template-zh.xlsx"]()))
    assert template.worksheets[0]["A1"].value == "集群名称"


# ------------------------------------------------------------------ comparing two scenarios


def scenario_b() -> bytes:
    # the plan: SME share down to 60 %, exactly Guangzhou's strict '高于60%' line (3.2.2)
    return json.dumps({**ALL_MET, "sme_output_share_pct": 60}).encode("utf-8")


def load_all_met(at: AppTest) -> AppTest:
    at.radio(key="source").set_value("scenario").run()
    at.file_uploader(key="scenario_upload").upload(
        "a.json", json.dumps(ALL_MET).encode("utf-8"), "application/json"
    ).run()
    at.date_input(key="assessment_date").set_value(ON).run()
    return at


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_compare_shows_which_criteria_change_colour(lang: str) -> None:
    at = open_tab(load_all_met(fresh(lang)), "tab_compare")
    at.file_uploader(key="compare_upload").upload(
        "plan.json", scenario_b(), "application/json"
    ).run()
    assert not at.exception
    changes = frame(at, "compare_table")
    zh = lang == "zh"
    j, crit, way = ("地区", "条件", "变化") if zh else ("Jurisdiction", "Criterion", "Change")
    got = {(r[j], r[crit], r[way]) for _, r in changes.iterrows()}
    assert got == (
        {
            ("广州", "结论", "↓ 变差"),
            ("广州", "中小企业产值占比", "↓ 变差"),
            ("海南", "中小企业产值占比", "↓ 变差"),
        }
        if zh
        else {
            ("Guangzhou", "Verdict", "↓ worse"),
            ("Guangzhou", "SME share of output", "↓ worse"),
            ("Hainan", "SME share of output", "↓ worse"),
        }
    )
    gz = changes[
        (changes[j] == ("广州" if zh else "Guangzhou"))
        & (changes[crit] != ("结论" if zh else "Verdict"))
    ].iloc[0]
    assert gz.iloc[3] == f"✔ {STATUS_LABEL[lang]['green']} · 80.0% > 60%"
    assert gz.iloc[4] == f"✘ {STATUS_LABEL[lang]['red']} · 60.0% = 60%"


def test_compare_same_scenario_and_bad_file() -> None:
    at = open_tab(load_all_met(fresh()), "tab_compare")
    at.file_uploader(key="compare_upload").upload(
        "same.json", json.dumps(ALL_MET).encode("utf-8"), "application/json"
    ).run()
    assert not at.exception
    assert any("完全相同" in s.value for s in at.success)
    at.file_uploader(key="compare_upload").upload(
        "bad.json", b'{"area_km2": -1', "application/json"
    ).run()
    assert not at.exception
    assert at.error and "compare_table" not in keys(at)


# ------------------------------------------------------------------ exports of the main view


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_and_briefing_downloads(lang: str, downloads: Downloads) -> None:
    at = load_all_met(fresh(lang))
    at.text_input(key="cluster_name").set_value("=SUM(1,2) <b>甲</b>").run()
    labels = {b.key: b.label for b in at.download_button}
    assert {"dl_json", "dl_excel", "dl_briefing"} <= set(labels)
    # The what-if move reruns only the results (their fragment): the buttons drawn before it are
    # not drawn again, and their files are built at the click from what the results show now.
    drawn = downloads.drawn
    at.number_input(key=fig_key("sme_output_share_pct")).set_value(60.0).run()
    assert not at.exception
    assert downloads.drawn == drawn  # no button drawn again: the files below are the earlier ones'
    report = [k for k in downloads if k.endswith(f"-report-{lang}.xlsx")][-1]  # the latest run
    assert report.startswith("SUM-1-2-b-甲-b-")  # named after the cluster, path characters dropped
    wb = openpyxl.load_workbook(io.BytesIO(downloads[report]()))
    assert len(wb.worksheets) >= 4  # summary, one per jurisdiction, inputs
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    # the typed name stays text, never a formula
    named = [c for c in cells if isinstance(c.value, str) and "SUM(1,2)" in c.value]
    assert named and all(c.data_type == "s" for c in named)
    # the what-if move is in the report: Guangzhou's 3.2.2 (高于60%) fails at exactly 60 %
    gz = "广州" if lang == "zh" else "Guangzhou"
    summary = [r for r in wb.worksheets[0].iter_rows(values_only=True) if r[0] == gz]
    assert summary[0][1] == VERDICT_LABEL[lang]["not_eligible"]
    name = "中小企业产值占比" if lang == "zh" else "SME share of output"  # names, not ids
    share = [r for r in wb[gz].iter_rows(values_only=True) if name in r]
    assert share[0][2] == f"✘ {STATUS_LABEL[lang]['red']}" and share[0][4] == 60
    html = downloads[report.replace(f"-report-{lang}.xlsx", f"-briefing-{lang}.html")]().decode(
        "utf-8"
    )
    assert html.lstrip().lower().startswith("<!doctype html")
    for pattern in EXTERNAL:
        assert not re.search(pattern, html, flags=re.IGNORECASE), pattern
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.DOTALL)
    ours = html.replace(max(scripts, key=len), "") if scripts else html
    assert "http://" not in ours and "https://" not in ours
    assert "=SUM(1,2) &lt;b&gt;甲&lt;/b&gt;" in ours  # the typed name, shown as typed
    scenario = json.loads(downloads[[k for k in downloads if k.endswith("-indicators.json")][-1]]())
    assert scenario["sme_output_share_pct"] == 60.0


def test_the_export_buttons_go_while_the_inputs_are_not_valid() -> None:
    """A figure out of its range (a share of 150 %) makes the results an error; the buttons below
    them, outside the results' fragment, go with them, and come back with a valid figure."""
    at = load_all_met(fresh("zh"))
    assert {b.key for b in at.download_button} == {"dl_json", "dl_excel", "dl_briefing"}
    runs = at.session_state["_page_runs"]  # the page's frame counts its runs
    at.number_input(key=fig_key("sme_output_share_pct")).set_value(150.0).run()
    assert not at.exception
    assert at.error and "150" in at.error[0].value  # the results say what is wrong
    # the whole page ran again (a move alone reruns only the results), without the buttons
    assert at.session_state["_page_runs"] == runs + 1
    assert at.text_input(key="cluster_name")  # the frame's sidebar was drawn: a whole run
    # (only after a whole run does AppTest's tree hold the buttons' place: after a move alone it
    # holds the fragment's elements only, so the checks above are what make this one count)
    assert not at.download_button and not at.session_state["_export_shown"]["ind"]
    at.number_input(key=fig_key("sme_output_share_pct")).set_value(70.0).run()
    assert not at.error
    assert at.session_state["_page_runs"] == runs + 2
    assert {b.key for b in at.download_button} == {"dl_json", "dl_excel", "dl_briefing"}
    # a valid move after that reruns only the results again: the page's runs stay
    at.number_input(key=fig_key("sme_output_share_pct")).set_value(71.0).run()
    assert at.session_state["_page_runs"] == runs + 2


def test_a_failure_while_drawing_the_results_leaves_no_file_of_earlier_figures(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """If drawing the results fails in a move, the export box is emptied and the page reruns
    whole, so no button is left to export the figures from before the move."""
    import dashboard.view  # noqa: PLC0415 (the module the page runs; patched for this test)

    at = load_all_met(fresh("zh"))
    assert at.session_state["_export_shown"]["ind"] is not None
    runs = at.session_state["_page_runs"]

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a drawing bug")

    monkeypatch.setattr(dashboard.view, "what_it_takes", broken)
    with caplog.at_level(logging.ERROR, logger="dashboard.view"):
        at.number_input(key=fig_key("sme_output_share_pct")).set_value(65.0).run()
    assert "drawing the results failed" in caplog.text  # the move's failure is in the log
    assert at.exception  # the failure is shown (its details redacted by the settings)
    assert at.session_state["_export_shown"]["ind"] is None
    assert at.session_state["_page_runs"] == runs + 1  # the whole page ran again
    assert at.text_input(key="cluster_name")  # its figures drawn (before the results)
    assert not at.download_button  # (a whole run's tree, as checked above)
