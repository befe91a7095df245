"""集群自评 / Cluster Self-Check — the dashboard.

The page, top to bottom: sidebar inputs (data source, figures, declarations); three verdict cards;
the criteria matrix with the clause and quote of any cell; gap charts; what it would take;
saving and exports. A second tab screens a table of clusters, a third compares two scenarios.
Every rule and every figure comes from `assessment/`; this file only caches and renders.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import (
    TITLE_KEYS,
    Indicators,
    indicators_from_json,
    parse_indicators,
)
from assessment.engine.policy import DIMENSION_EN, DIMENSIONS, Policy, load_policies
from assessment.engine.results import Assessment, CriterionResult, JurisdictionResult
from assessment.errors import ClusterCheckError, DataFileError, InputError, Problem
from assessment.limits import MAX_UPLOAD_MB
from assessment.present import inputs as ui
from assessment.present.charts import gap_figure
from assessment.present.compare import Change, compare_assessments
from assessment.present.explain import (
    STATUS_LABEL,
    STATUS_MARK,
    VERDICT_LABEL,
    criterion_name,
    shortfall,
    value_vs_threshold,
)
from assessment.present.i18n import (
    DECLARATION_LABEL,
    LANG_LABEL,
    LANGS,
    OUTPUT_YEARS,
    TITLE_LABEL,
    t,
)

ROOT = Path(__file__).resolve().parent
SAMPLES = ROOT / "sample_data"
UPLOAD_MB = MAX_UPLOAD_MB  # .streamlit/config.toml server.maxUploadSize says the same (tested)
VERDICT_TONE = {"eligible": "green", "not_eligible": "red", "incomplete": "gray"}
# Alerts name their icon: given none, Streamlit looks for a leading emoji in the text, which loads
# its emoji catalogue on a cold start and would turn a user's leading emoji into the icon.
ICON_INFO, ICON_OK = ":material/info:", ":material/check_circle:"
ICON_WARN, ICON_ERROR = ":material/warning:", ":material/error:"
STATUS_BG = {"green": "#d7f0dd", "amber": "#fde9c8", "red": "#f8d3cf", "grey": "#ececec"}
VERDICT_STATUS = {"eligible": "green", "not_eligible": "red", "incomplete": "grey"}  # cell colour
# fits the main column beside the sidebar on a 1440-pixel screen (a laptop or projector)
MATRIX_WIDTHS = {
    "zh": (100, 230, 190),
    "en": (130, 250, 190),
}  # dimension, criterion, each cell (px)
PROBLEMS_WRAPPED = 300  # up to this many problems show as a wrapping table
STYLE_CELLS = 60_000  # colour the batch table's cells up to this many (Styler is slow past it)

# A local image: an emoji page icon makes Streamlit load its emoji catalogue (0.3-0.6 s on a
# cold first run), and a Material page icon is fetched by the browser from Google's font
# servers, a request out of a tool whose data must stay on the machine.
st.set_page_config(
    page_title="集群自评 / Cluster Self-Check",
    page_icon=str(ROOT / ".streamlit" / "icon.png"),
    layout="wide",
)

# Lazy imports below are deliberate: the member-file reader (pyarrow, calamine), the Excel and
# template writers (openpyxl) and batch screening are imported where they are first used, so the
# first page of a cold start does not wait for modules it does not show.


# ------------------------------------------------------------------ cached pure work


@st.cache_resource
def policies() -> tuple[Policy, ...]:
    """Every policy file, loaded once per process."""
    return load_policies()


@st.cache_data(show_spinner=False)
def sample_index() -> list[dict[str, str]]:
    """The sample clusters listed in sample_data/clusters.toml."""
    path = SAMPLES / "clusters.toml"
    if not path.exists():
        return []
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = next((v for v in raw.values() if isinstance(v, list)), [])
    return [
        e
        for e in entries
        if isinstance(e, dict) and (SAMPLES / str(e.get("slug", "")) / "indicators.json").exists()
    ]


@st.cache_data(show_spinner=False)
def sample_indicators(slug: str) -> dict[str, Any]:
    """One sample cluster's indicators (CONTRACT JSON)."""
    return indicators_from_json((SAMPLES / slug / "indicators.json").read_bytes()).to_json_dict()


@st.cache_data(show_spinner=False, max_entries=8)
def member_file(
    data: bytes,
    filename: str,
    sheet: str | None = None,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Aggregate a member file, keyed on its bytes: (indicators, []) or (None, problems)."""
    from assessment.members.aggregate import aggregate_file  # noqa: PLC0415 (lazy: pyarrow and calamine, uploads only)

    try:
        ind = aggregate_file(data, filename, sheet)
    except DataFileError as exc:
        return None, [vars(p) for p in exc.problems]
    except ClusterCheckError as exc:
        return None, [vars(Problem(None, None, None, exc.message_zh, exc.message_en))]
    return ind.to_json_dict(), []


@st.cache_data(show_spinner=False, max_entries=4)
def template(lang: str, fmt: str) -> tuple[str, bytes]:
    """The member-file template (file name, bytes)."""
    from assessment.members.template import template_files  # noqa: PLC0415 (lazy: openpyxl, member-file source only)

    return next(iter(template_files(lang, fmt).items()))


@st.cache_data(show_spinner=False, max_entries=4)
def batch_screen(data: bytes, filename: str, on: dt.date) -> Any:
    """Screen a table of clusters, keyed on the file's bytes."""
    from assessment.screening.screen import screen_file  # noqa: PLC0415 (lazy: openpyxl and the CSV sniffer, uploads only)

    return screen_file(data, filename, on=on)


# ------------------------------------------------------------------ state


def init_state() -> None:
    """Every input key once, at the top; the language and sample come from the URL."""
    for key, value in ui.blank_state().items():
        st.session_state.setdefault(key, value)
    st.session_state.setdefault("assessment_date", dt.date.today())
    st.session_state.setdefault("loaded_token", None)
    st.session_state.setdefault("baseline", None)  # the loaded source, as CONTRACT JSON
    st.session_state.setdefault("baseline_ind", None)  # the same, validated
    st.session_state.setdefault("source_name", "")
    # an uploaded member file: its sheets (once per file) and its parsed result (once per sheet)
    for key in ("sheets_of", "member_sheet", "file_result", "file_result_token"):
        st.session_state.setdefault(key, None)
    st.session_state.setdefault("sheets", [])
    if "lang" not in st.session_state:  # first run of this session: the URL decides
        st.session_state["lang"] = ui.parse_lang(st.query_params.get("lang"))
        slugs = [str(s["slug"]) for s in sample_index()]
        wanted = st.query_params.get("sample")
        if wanted in slugs:
            st.session_state["sample"] = wanted
            st.session_state["source"] = "sample"


def reflect_in_url(lang: str) -> None:
    """The language and the sample in the address bar, so a copied link opens the same view."""
    params = {"lang": lang}
    if st.session_state.get("source") == "sample" and st.session_state.get("sample"):
        params["sample"] = str(st.session_state["sample"])
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)


def load_into_inputs(token: tuple[str, ...], ind: dict[str, Any], name: str) -> None:
    """Fill every input from a source, once per source (later edits are the user's what-ifs)."""
    if st.session_state["loaded_token"] == token:
        return
    loaded = ui.without_derivable_growth(parse_indicators(ind))  # growth follows the years
    st.session_state.update(ui.state_from_indicators(loaded))
    st.session_state["loaded_token"] = token
    st.session_state["baseline"] = loaded.to_json_dict()
    st.session_state["baseline_ind"] = loaded
    st.session_state["source_name"] = name


def reset_to_baseline() -> None:
    """Callback: put the source's figures back into every input."""
    base = st.session_state.get("baseline")
    if base is not None:
        st.session_state.update(ui.state_from_indicators(parse_indicators(base)))


# ------------------------------------------------------------------ sidebar: source and inputs


def show_problems(problems: list[dict[str, Any]], lang: str) -> None:
    """Problems by row and column, with messages a clerk can read whole (a table wraps them)."""
    frame = problems_frame(problems, lang)
    if len(frame) <= PROBLEMS_WRAPPED:
        # st.table wraps long messages but reads Markdown: every cell is escaped first
        st.table(frame.map(ui.md_escape))
    else:  # thousands of rows: a scrolling grid; the message column as wide as it can be
        st.dataframe(
            frame,
            hide_index=True,
            column_config={frame.columns[-1]: st.column_config.TextColumn(width="large")},
        )


def problems_frame(problems: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """Problems of a file as a table by row and column (plain text, shown with st.dataframe)."""
    return pd.DataFrame(
        {
            t("col_row", lang): [p["row"] if p["row"] is not None else "" for p in problems],
            t("col_column", lang): [p["column"] or "" for p in problems],
            t("col_value", lang): [p["value"] or "" for p in problems],
            t("col_problem", lang): [
                p["message_en" if lang == "en" else "message_zh"] for p in problems
            ],
        }
    ).astype(str)


def source_inputs(lang: str) -> dict[str, Any]:
    """The data-source part of the sidebar; loads the chosen source into the inputs.

    Returns {"ok": bool, "kind": str, "problems": [...], "file": name, "message": str}.
    """
    samples = sample_index()
    kinds = (
        ["sample", "manual", "members", "scenario"]
        if samples
        else ["manual", "members", "scenario"]
    )
    kind = st.sidebar.radio(
        t("source", lang), kinds, key="source", format_func=lambda k: t(f"source_{k}", lang)
    )
    status: dict[str, Any] = {"ok": True, "kind": kind, "problems": [], "file": "", "message": ""}
    if kind == "sample":
        slugs = [str(s["slug"]) for s in samples]
        names = {
            str(s["slug"]): str(s.get(f"name_{lang}") or s.get("name_zh") or s["slug"])
            for s in samples
        }
        slug = st.sidebar.selectbox(
            t("sample_pick", lang), slugs, key="sample", format_func=names.__getitem__
        )
        desc = next((s.get(f"description_{lang}") for s in samples if s["slug"] == slug), None)
        if desc:
            st.sidebar.caption(ui.md_escape(str(desc)))
        load_into_inputs(("sample", slug), sample_indicators(slug), t("src_sample", lang))
    elif kind == "members":
        status = member_source(lang, status)
    elif kind == "scenario":
        up = st.sidebar.file_uploader(
            t("upload_scenario", lang), type=["json"], key="scenario_upload"
        )
        st.sidebar.caption(t("upload_scenario_help", lang))  # right below the English button
        if up is None:
            return {**status, "ok": False, "message": t("upload_first", lang)}
        status["file"] = up.name
        try:
            ind = indicators_from_json(up.getvalue()).to_json_dict()
        except InputError as exc:
            return {
                **status,
                "ok": False,
                "message": t("scenario_bad", lang, msg=ui.md_escape(exc.message(lang))),
            }
        load_into_inputs(("scenario", up.file_id), ind, t("src_scenario", lang))
        status["message"] = t("file_loaded", lang, name=ui.md_escape(up.name))
    return status


def member_source(lang: str, status: dict[str, Any]) -> dict[str, Any]:
    """The member-file upload, its template and its Chinese instructions; loads a good file."""
    up = st.sidebar.file_uploader(
        t("upload_members", lang), type=["csv", "xlsx", "txt"], key="member_upload"
    )
    st.sidebar.caption(t("upload_members_help", lang, mb=UPLOAD_MB))  # below the English button
    for fmt in ("xlsx", "csv"):
        name, data = template(lang, fmt)
        st.sidebar.download_button(
            t(f"template_{fmt}", lang),
            data,
            file_name=name,
            key=f"template_{fmt}",
            on_click="ignore",
        )
    if up is None:
        return {**status, "ok": False, "message": t("upload_first", lang)}
    status["file"] = up.name
    if st.session_state.get("sheets_of") != up.file_id:  # a workbook's sheets, once per file
        from assessment.members.ingest import member_sheet, sheet_names  # noqa: PLC0415 (lazy: uploads only)

        st.session_state["sheets"] = sheet_names(up.getvalue())
        st.session_state["member_sheet"] = member_sheet(up.getvalue())
        st.session_state["sheets_of"] = up.file_id
    sheets = st.session_state["sheets"]
    sheet = None
    if len(sheets) > 1:  # the sheet holding the member list (else the first); the user may pick
        found = st.session_state["member_sheet"]
        sheet = st.sidebar.selectbox(
            t("sheet", lang),
            sheets,
            key=f"sheet_{up.file_id}",
            index=sheets.index(found) if found in sheets else 0,
        )
    token = ("members", up.file_id, sheet or "")
    if st.session_state.get("file_result_token") != token:  # hash 100 MB once, not per rerun
        st.session_state["file_result"] = member_file(up.getvalue(), up.name, sheet)
        st.session_state["file_result_token"] = token
    ind, problems = st.session_state["file_result"]
    if ind is None:
        return {**status, "ok": False, "problems": problems}
    load_into_inputs(token, ind, t("src_file", lang))
    status["message"] = t("file_loaded", lang, name=ui.md_escape(up.name))
    return status


def dim_label(dim: str, lang: str) -> str:
    """A dimension's name in the language."""
    return dim if lang == "zh" else DIMENSION_EN.get(dim, dim)


def figure_inputs(lang: str, pols: tuple[Policy, ...]) -> None:
    """Every figure of CONTRACT.md section 1, grouped by dimension, each in its own unit."""
    sb = st.sidebar
    askers = ui.figure_askers(pols)
    sb.subheader(t("figures", lang))
    sb.caption(t("empty_is_unknown", lang))
    for dim, figs in ui.figures_by_dimension(DIMENSIONS):
        with sb.expander(dim_label(dim, lang), expanded=dim == "核心竞争力"):
            if dim == "核心竞争力":
                st.markdown(f"**{t('output_years', lang)}**")
                c1, c2 = st.columns(2)
                c1.number_input(t("latest_year", lang), 2000, 2100, step=1, key="years_last")
                c2.number_input(t("year_count", lang), 1, ui.MAX_YEARS, step=1, key="years_count")
                for i, year in enumerate(ui.year_slots(st.session_state)):
                    lo, hi = ui.widget_range(
                        OUTPUT_YEARS["min_value"],
                        OUTPUT_YEARS["max_value"],
                        st.session_state.get(ui.year_key(i)),
                    )
                    st.number_input(
                        t("output_of", lang, year=year),
                        key=ui.year_key(i),
                        min_value=lo,
                        max_value=hi,
                        step=OUTPUT_YEARS["step"],
                        format="%.2f",
                    )
            for f in figs:
                who = ui.asked_by_text(askers.get(f.key, []), pols, lang)
                lo, hi = ui.widget_range(
                    f.min_value, f.max_value, st.session_state.get(ui.fig_key(f.key))
                )
                if f.integer:
                    lo, hi = int(lo), int(hi)
                st.number_input(
                    f.label(lang),
                    min_value=lo,
                    max_value=hi,
                    step=f.step,
                    key=ui.fig_key(f.key),
                    format="%d" if f.integer else "%.2f",  # 9.98 must not show as 10.0
                    help=t("asked_by", lang, who=who) if who else t("asked_by_none", lang),
                )
    with sb.expander(dim_label("梯度培育", lang)):
        st.caption(t("titles", lang))
        base = st.session_state.get("baseline") or {}
        if base.get("titled_enterprises"):
            st.caption(t("titles_from_file", lang))
        for k in TITLE_KEYS:
            who = ui.asked_by_text(askers.get(k, []), pols, lang)
            st.number_input(
                TITLE_LABEL[k][1 if lang == "en" else 0],
                min_value=0,
                step=1,
                key=ui.title_key(k),
                help=t("asked_by", lang, who=who) if who else t("asked_by_none", lang),
            )


def declaration_inputs(lang: str, pols: tuple[Policy, ...]) -> None:
    """Every declaration answered yes / no / not answered, saying which jurisdictions ask for it."""
    sb = st.sidebar
    askers = ui.declaration_askers(pols)
    sb.subheader(t("declarations", lang))
    for dim, keys in ui.declarations_by_dimension(pols, DIMENSIONS):
        with sb.expander(dim_label(dim, lang) if dim else "—"):
            for k in keys:
                who = ui.asked_by_text(askers[k], pols, lang) or t("asked_by_none", lang)
                st.radio(
                    DECLARATION_LABEL[k][1 if lang == "en" else 0],
                    ui.ANSWERS,
                    key=ui.decl_key(k),
                    horizontal=True,
                    format_func=lambda a: t(a, lang),
                )
                st.caption(t("asked_by", lang, who=who))


# ------------------------------------------------------------------ main: results


def jname(r: JurisdictionResult, lang: str) -> str:
    """The jurisdiction's name in the language."""
    return r.name_zh if lang == "zh" else r.name_en


def verdict_cards(a: Assessment, lang: str) -> None:
    """One card per jurisdiction: document, in force or not, verdict, counts by colour."""
    st.subheader(t("verdicts", lang))
    for col, r in zip(st.columns(len(a.results)), a.results, strict=True):
        with col.container(border=True):
            st.markdown(f"### {ui.md_escape(jname(r, lang))}")
            verdict = VERDICT_LABEL[lang][r.verdict]
            st.markdown(f"## :{VERDICT_TONE[r.verdict]}[{verdict}]")
            st.markdown(
                "　".join(
                    f":{_tone(s)}[{STATUS_MARK[s]} {STATUS_LABEL[lang][s]} **{r.counts[s]}**]"
                    for s in ("green", "amber", "red", "grey")
                )
            )
            pi = r.policy
            end = str(pi.in_force_to) if pi.in_force_to else t("open_end", lang)
            force = t("in_force", lang) if pi.in_force else t("not_in_force", lang)
            tone = "green" if pi.in_force else "orange"
            st.markdown(
                f":{tone}[{'●' if pi.in_force else '○'} {force}] · "
                f"{t('valid_range', lang, start=pi.in_force_from, end=end)}"
            )
            st.caption(ui.md_escape(pi.title_zh if lang == "zh" else pi.title_en))
            if pi.readings:  # how this text's ambiguous wording is read, from its policy file
                with st.expander(
                    f"{t('reading', lang)}（{len(pi.readings)}）"
                    if lang == "zh"
                    else f"{t('reading', lang)} ({len(pi.readings)})"
                ):
                    for reading in pi.readings:
                        st.caption(ui.md_escape(reading.zh if lang == "zh" else reading.en))
            for w in r.warnings:
                st.warning(w.zh if lang == "zh" else w.en, icon=ICON_WARN)


def criteria_rows(a: Assessment) -> list[tuple[str, str, CriterionResult]]:
    """(dimension, id, first result) of every criterion any jurisdiction asks, by dimension."""
    seen: dict[str, CriterionResult] = {}
    for r in a.results:
        for c in r.criteria:
            seen.setdefault(c.id, c)
    order = list(seen)
    rows = sorted(
        seen.items(), key=lambda kv: (DIMENSIONS.index(kv[1].dimension), order.index(kv[0]))
    )
    return [(c.dimension, cid, c) for cid, c in rows]


def matrix_frame(a: Assessment, lang: str) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The matrix as text cells, the matching status per cell, and the criterion id per row."""
    cells: list[dict[str, str]] = []
    statuses: list[dict[str, str]] = []
    ids: list[str] = []
    for dim, cid, first in criteria_rows(a):
        row = {
            t("col_dimension", lang): dim_label(dim, lang),
            t("col_criterion", lang): criterion_name(first, lang),
        }
        srow = dict.fromkeys(row, "label")
        for r in a.results:
            c = r.criterion(cid)
            name = jname(r, lang)
            row[name] = (
                "—" if c is None else f"{STATUS_MARK[c.status]} {value_vs_threshold(c, lang)}"
            )
            srow[name] = "" if c is None else c.status
        cells.append(row)
        statuses.append(srow)
        ids.append(cid)
    return pd.DataFrame(cells), pd.DataFrame(statuses), ids


def criteria_matrix(a: Assessment, lang: str) -> None:
    """One row per criterion, one column per jurisdiction; a click opens the clause and quote."""
    st.caption(t("matrix_help", lang) + "　" + t("legend", lang))
    frame, statuses, ids = matrix_frame(a, lang)
    styled = frame.style.apply(lambda col: [_cell_style(s) for s in statuses[col.name]])
    # widths in pixels (MATRIX_WIDTHS) so that every value against its threshold reads whole
    # beside the sidebar on a 1440-pixel screen; the two label columns stay put when scrolling
    dim_w, crit_w, cell_w = MATRIX_WIDTHS[lang]
    labels = list(frame.columns[:2])
    widths = {
        labels[0]: st.column_config.TextColumn(width=dim_w, pinned=True),
        labels[1]: st.column_config.TextColumn(width=crit_w, pinned=True),
    }
    widths |= {c: st.column_config.TextColumn(width=cell_w) for c in frame.columns[2:]}
    event = st.dataframe(
        styled,
        hide_index=True,
        key=f"matrix_{lang}",
        on_select="rerun",
        selection_mode="single-cell",
        height=34 * (len(frame) + 1) + 4,
        row_height=34,
        column_config=widths,
    )
    picked_row, picked_col = None, None
    cells = getattr(getattr(event, "selection", None), "cells", None) or []
    if cells:
        picked_row, picked_col = cells[0][0], cells[0][1]
    names = {
        cid: f"{dim_label(d, lang)} · {criterion_name(c, lang)}" for d, cid, c in criteria_rows(a)
    }
    if picked_row is None:
        cid = st.selectbox(
            t("details_pick", lang), ids, key="details_pick", format_func=names.__getitem__
        )
        shown = a.results
    else:
        cid = ids[int(picked_row)]
        shown = [r for r in a.results if jname(r, lang) == picked_col] or a.results
    criterion_details(cid, shown, lang)


def _cell_style(status: str) -> str:
    if status == "label":
        return ""
    if not status:  # not asked there
        return "color: #757575"
    return f"background-color: {STATUS_BG[status]}; color: #111111"


def derivation_text(c: CriterionResult, lang: str) -> str:
    """How the value was obtained, in words."""
    d = c.derivation
    if d is None:
        return t("derivation_none", lang)
    parts = [d.description_zh if lang == "zh" else d.description_en]
    if d.columns:
        parts.append(("列：" if lang == "zh" else "columns: ") + ", ".join(d.columns))
    if d.enterprises is not None:
        parts.append(f"{d.enterprises} 家企业" if lang == "zh" else f"{d.enterprises} enterprises")
    # d.figures repeats the sums of the description under programmers' names: the JSON and the
    # Excel report keep them; on screen the description says it in words
    return " · ".join(parts)


def criterion_details(cid: str, results: list[JurisdictionResult], lang: str) -> None:
    """The clause, verbatim quote, value, derivation and note of one criterion per jurisdiction."""
    with st.container(border=True):
        for col, r in zip(st.columns(len(results)), results, strict=True):
            c = r.criterion(cid)
            col.markdown(f"**{ui.md_escape(jname(r, lang))}**")
            if c is None:
                col.caption(t("not_asked", lang))
                continue
            col.markdown(
                f"**{ui.md_escape(criterion_name(c, lang))}** · "
                f"{t('clause', lang)} {ui.md_escape(c.clause)}"
            )
            col.markdown(
                f"{t('status', lang)}: :{_tone(c.status)}[{STATUS_MARK[c.status]} "
                f"{STATUS_LABEL[lang][c.status]}] · {ui.md_escape(value_vs_threshold(c, lang))}"
            )
            col.caption(t("quote", lang))
            col.markdown(f"> {ui.md_escape(c.quote)}")
            col.caption(t("derivation", lang))
            col.text(derivation_text(c, lang))
            if c.tiers:
                col.caption(t("tiers", lang))
                col.text(
                    "\n".join(
                        f"{tc.label_zh if lang == 'zh' else tc.label_en}: "
                        f"{'—' if tc.count is None else tc.count} / {tc.min_count}"
                        for tc in c.tiers
                    )
                )
            note = c.note if lang == "zh" else c.note_en
            if c.soft:
                note = (note + "; " if note else "") + t("soft", lang)
            if note:
                col.caption(t("note", lang))
                col.text(note)
            if c.reading:
                col.caption(t("reading", lang))
                col.text(c.reading.zh if lang == "zh" else c.reading.en)


def _tone(status: str) -> str:
    return {"green": "green", "amber": "orange", "red": "red", "grey": "gray"}[status]


def gap_charts(a: Assessment, lang: str) -> None:
    """Every figure against every threshold, coloured by status (assessment.present.charts)."""
    st.caption(t("gaps_help", lang))
    st.plotly_chart(
        gap_figure(a, lang, validate=False),
        theme=None,
        key=f"gaps_{lang}",
        config={"displaylogo": False, "locale": "zh-CN" if lang == "zh" else "en"},
    )


def what_it_takes(a: Assessment, lang: str) -> None:
    """Per jurisdiction, the shortfalls to close, in plain words and units."""
    st.subheader(t("what_it_takes", lang))
    for col, r in zip(st.columns(len(a.results)), a.results, strict=True):
        with col.container(border=True):
            st.markdown(
                f"**{ui.md_escape(jname(r, lang))}** · "
                f":{VERDICT_TONE[r.verdict]}[{VERDICT_LABEL[lang][r.verdict]}]"
            )
            decided = [c for c in r.criteria if c.status in ("red", "amber")]
            unknown = [c for c in r.criteria if c.status == "grey" and c.applicable]
            lines = [
                (c.status, s)
                for c in sorted(decided, key=lambda c: c.status != "red")
                if (s := shortfall(c, lang))
            ]
            if not lines and not unknown:
                st.markdown(f":green[{t('nothing_missing', lang)}]")
            for status, s in lines:
                st.markdown(f":{_tone(status)}[{STATUS_MARK[status]}] {ui.md_escape(s)}")
            for c in unknown[:5]:
                s = shortfall(c, lang)
                if s:
                    st.markdown(f":gray[? {ui.md_escape(s)}]")
            if len(unknown) > 5:
                st.caption(t("more_unknown", lang, n=len(unknown) - 5))


def excel_bytes(a: Assessment, ind: Indicators, lang: str) -> bytes:
    """The Excel report, built only when its button is clicked."""
    from assessment.exports.report_excel import excel_report  # noqa: PLC0415 (lazy: openpyxl, on click only)

    return excel_report(a, ind, lang)


def briefing_bytes(a: Assessment, ind: Indicators, lang: str) -> bytes:
    """The self-contained HTML briefing, built only when its button is clicked."""
    from assessment.exports.briefing import briefing_html  # noqa: PLC0415 (lazy: only when the briefing is asked for)

    return briefing_html(a, ind, lang).encode("utf-8")


def save_and_export(a: Assessment, ind: Indicators, lang: str) -> None:
    """The scenario as indicators JSON, the Excel report and the HTML briefing."""
    st.subheader(t("share", lang))
    from_sample = st.session_state.get("source") == "sample"
    st.caption(t("share_link" if from_sample else "share_file", lang))
    c1, c2, c3 = st.columns(3)
    stem = ui.export_stem(ind.cluster_name, a.assessment_date)
    # every export is a callable: built when its button is clicked, never on each rerun
    c1.download_button(
        t("download_json", lang),
        lambda: json.dumps(ind.to_json_dict(), ensure_ascii=False, indent=2).encode("utf-8"),
        file_name=f"{stem}-indicators.json",
        mime="application/json",
        key="dl_json",
        on_click="ignore",
    )
    c2.download_button(
        t("download_excel", lang),
        lambda: excel_bytes(a, ind, lang),
        file_name=f"{stem}-report-{lang}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_excel",
        on_click="ignore",
    )
    c3.download_button(
        t("download_briefing", lang),
        lambda: briefing_bytes(a, ind, lang),
        file_name=f"{stem}-briefing-{lang}.html",
        mime="text/html",
        key="dl_briefing",
        on_click="ignore",
    )


def changes_from_source(current: dict[str, Any], lang: str) -> None:
    """What the user moved away from the file's (or sample's) values."""
    base = st.session_state.get("baseline")
    if base is None:
        return
    rows = ui.changes(current, base, lang)
    label = t("changed_from_file", lang, src=st.session_state.get("source_name") or "")
    with st.expander(
        f"{label}（{len(rows)}）" if lang == "zh" else f"{label} ({len(rows)})", expanded=bool(rows)
    ):
        if rows:
            st.dataframe(
                pd.DataFrame(rows).rename(
                    columns={
                        "field": t("col_field", lang),
                        "before": t("col_before", lang),
                        "after": t("col_after", lang),
                    }
                ),
                hide_index=True,
            )
            st.button(t("reset_to_file", lang), on_click=reset_to_baseline, key="reset")
        else:
            st.caption(t("no_changes", lang))


# ------------------------------------------------------------------ tabs


def assessment_tab(
    lang: str, status: dict[str, Any], pols: tuple[Policy, ...]
) -> Assessment | None:
    """The main view: verdicts, matrix, gaps, what it would take, exports."""
    if status["problems"]:
        st.error(
            t("file_problems", lang, name=ui.md_escape(status["file"]), n=len(status["problems"])),
            icon=ICON_ERROR,
        )
        show_problems(status["problems"], lang)
        return None
    if not status["ok"]:
        st.info(status["message"], icon=ICON_INFO)
        return None
    if status["message"]:
        st.success(status["message"], icon=ICON_OK)
    baseline = _baseline()
    current = ui.indicators_dict(st.session_state, baseline)
    try:
        ind = ui.build_indicators(st.session_state, baseline)
    except InputError as exc:
        st.error(t("input_bad", lang, msg=ui.md_escape(exc.message(lang))), icon=ICON_ERROR)
        return None
    changes_from_source(current, lang)
    a = evaluate(ind, pols, st.session_state["assessment_date"])
    verdict_cards(a, lang)
    # The matrix and the charts are two views of one result. Only the open one runs (lazy
    # tabs): the first page then carries no plotly chart, whose 4.7 MB of browser code held the
    # matrix back by seconds on a cold start; the charts draw when their tab is opened.
    matrix_view, charts_view = st.tabs(
        [t("matrix", lang), t("gaps", lang)], key=f"result_view_{lang}", on_change="rerun"
    )
    with matrix_view:
        if matrix_view.open:
            criteria_matrix(a, lang)
    with charts_view:
        if charts_view.open:
            gap_charts(a, lang)
    what_it_takes(a, lang)
    save_and_export(a, ind, lang)
    return a


def _baseline() -> Indicators | None:
    return st.session_state.get("baseline_ind") if st.session_state.get("baseline") else None


def batch_template(lang: str, fmt: str) -> bytes:
    """The batch file template, built when its button is clicked."""
    from assessment.exports.batch_xlsx import batch_template_bytes  # noqa: PLC0415 (lazy: openpyxl, on click only)

    return batch_template_bytes(lang, fmt)


def batch_tab(lang: str) -> None:
    """Screen a table of clusters: sortable, filterable, downloadable; bad rows listed."""
    st.caption(t("batch_intro", lang))
    up = st.file_uploader(t("batch_upload", lang), type=["csv", "xlsx"], key="batch_upload")
    st.caption(t("batch_help", lang, mb=UPLOAD_MB))  # right below Streamlit's English button
    c1, c2, _ = st.columns([1, 1, 3])
    for col, fmt in zip((c1, c2), ("xlsx", "csv"), strict=True):
        col.download_button(
            t(f"template_{fmt}", lang),
            lambda fmt=fmt: batch_template(lang, fmt),
            file_name=f"clusters-template-{lang}.{fmt}",
            key=f"batch_tpl_{fmt}",
            on_click="ignore",
        )
    if up is None:
        return
    from assessment.exports.batch_xlsx import batch_table_bytes  # noqa: PLC0415 (lazy: openpyxl)
    from assessment.present.batch_tables import display_table, summary_table  # noqa: PLC0415

    try:
        result = batch_screen(up.getvalue(), up.name, st.session_state["assessment_date"])
    except DataFileError as exc:
        st.error(t("batch_bad", lang, msg=ui.md_escape(exc.message(lang))), icon=ICON_ERROR)
        show_problems([vars(p) for p in exc.problems], lang)
        return
    except ClusterCheckError as exc:
        st.error(t("batch_bad", lang, msg=ui.md_escape(exc.message(lang))), icon=ICON_ERROR)
        return
    if result.problems:
        st.warning(t("batch_problems", lang, n=len(result.problems)), icon=ICON_WARN)
        st.dataframe(
            problems_frame([vars(p) for p in result.problems], lang),
            hide_index=True,
            key="batch_problems",
        )
    st.markdown(f"**{t('batch_summary', lang)}**")
    st.dataframe(summary_table(result, lang), hide_index=True, key="batch_summary")
    st.markdown(f"**{t('batch_table', lang)}**")
    jnames = {
        p.id: (p.document.name_zh if lang == "zh" else p.document.name_en) for p in result.policies
    }
    f1, f2, f3 = st.columns([1, 2, 2])
    where = f1.selectbox(
        t("batch_filter_where", lang),
        ["any", *jnames],
        key="batch_where",
        format_func=lambda j: t("batch_any", lang) if j == "any" else jnames[j],
    )
    codes = list(VERDICT_LABEL[lang])
    wanted = f2.multiselect(
        t("batch_filter", lang),
        codes,
        default=codes,
        key="batch_filter",
        format_func=VERDICT_LABEL[lang].__getitem__,
    )
    needle = f3.text_input(t("batch_name_filter", lang), key="batch_name", max_chars=100)
    raw = result.table
    cols = [f"{j}.verdict" for j in (jnames if where == "any" else [where])]
    keep = raw[cols].isin(wanted).any(axis=1)
    if needle.strip():  # plain substring, never a pattern: the text is the user's
        keep &= raw["cluster_name"].str.contains(needle.strip(), regex=False, case=False)
    table = display_table(result, lang)[keep.to_numpy()]
    st.caption(t("batch_shown", lang, n=len(table), total=len(raw)))
    name_col = table.columns[1]
    st.dataframe(
        batch_styled(table, lang),
        hide_index=True,
        key="batch_table",
        column_config={name_col: st.column_config.TextColumn(pinned=True)},
    )
    d1, d2, _ = st.columns([1, 1, 3])
    d1.download_button(
        t("batch_download_xlsx", lang),
        lambda: batch_table_bytes(result, "xlsx", lang),
        file_name=f"screening-{lang}.xlsx",
        key="batch_dl_xlsx",
        on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    d2.download_button(
        t("batch_download_csv", lang),
        lambda: batch_table_bytes(result, "csv", lang),
        file_name=f"screening-{lang}.csv",
        key="batch_dl_csv",
        on_click="ignore",
        mime="text/csv",
    )


def batch_styled(table: pd.DataFrame, lang: str) -> Any:
    """The screening table with verdict and status cells coloured like the matrix.

    Only up to STYLE_CELLS cells: pandas' Styler is slow on a table of thousands of clusters, and
    past that size the words and marks (✔ ▲ ✘ ?) carry the status alone.
    """
    if table.size > STYLE_CELLS:
        return table
    css = {f"{STATUS_MARK[s]} {STATUS_LABEL[lang][s]}": _cell_style(s) for s in STATUS_BG}
    css |= {VERDICT_LABEL[lang][v]: _cell_style(s) for v, s in VERDICT_STATUS.items()}
    return table.style.map(lambda v: css.get(v, ""), subset=list(table.columns[3:]))


def compare_tab(lang: str, a: Assessment | None, pols: tuple[Policy, ...]) -> None:
    """The current scenario against an uploaded one: which criteria change colour."""
    st.caption(t("compare_intro", lang))
    up = st.file_uploader(t("compare_upload", lang), type=["json"], key="compare_upload")
    st.caption(t("upload_scenario_help", lang))
    if up is None or a is None:
        st.info(t("compare_wait", lang), icon=ICON_INFO)
        return
    try:
        other = indicators_from_json(up.getvalue())
    except InputError as exc:
        st.error(t("scenario_bad", lang, msg=ui.md_escape(exc.message(lang))), icon=ICON_ERROR)
        return
    changes = compare_assessments(a, evaluate(other, pols, st.session_state["assessment_date"]))
    if not changes:
        st.success(t("compare_none", lang), icon=ICON_OK)
        return
    st.markdown(t("compare_count", lang, n=len(changes)))
    rows = pd.DataFrame([change_row(ch, lang) for ch in changes])
    tones = pd.DataFrame([change_tones(ch) for ch in changes], columns=rows.columns)
    st.dataframe(
        rows.style.apply(lambda _: tones.map(_cell_style), axis=None),
        hide_index=True,
        key="compare_table",
    )


def change_tones(ch: Change) -> list[str]:
    """The colour of each cell of a change's row: direction, then status before and after."""

    def tone(status: str) -> str:
        return VERDICT_STATUS.get(status) or ("" if status == "absent" else status)

    way = {"better": "green", "worse": "red"}.get(ch.direction, "amber")
    return ["label", "label", way, tone(ch.status_before), tone(ch.status_after)]


def change_row(ch: Change, lang: str) -> dict[str, str]:
    """One change of colour (or of verdict) as a row of words."""
    zh = lang == "zh"

    def word(status: str) -> str:
        if ch.is_verdict:
            return VERDICT_LABEL[lang][status]
        if status == "absent":
            return t("absent", lang)
        return f"{STATUS_MARK[status]} {STATUS_LABEL[lang][status]}"

    before = word(ch.status_before)
    after = word(ch.status_after)
    if not ch.is_verdict:
        before += f" · {ch.value_before if zh else ch.value_before_en}"
        after += f" · {ch.value_after if zh else ch.value_after_en}"
    return {
        t("col_jurisdiction", lang): ch.jurisdiction_zh if zh else ch.jurisdiction_en,
        t("col_criterion", lang): ch.name_zh if zh else ch.name_en,
        t("col_direction", lang): t(ch.direction, lang),
        t("col_from", lang): before,
        t("col_to", lang): after,
    }


# ------------------------------------------------------------------ the page


def main() -> None:
    """The page, top to bottom."""
    init_state()
    lang = st.sidebar.radio(
        LANG_LABEL["zh"] + " / " + LANG_LABEL["en"],
        LANGS,
        key="lang",
        horizontal=True,
        format_func=LANG_LABEL.__getitem__,
    )
    pols = policies()
    st.title(t("app_title", lang))
    names = [p.document.name_zh if lang == "zh" else p.document.name_en for p in pols]
    st.caption(t("app_subtitle", lang, places=(" · " if lang == "zh" else ", ").join(names)))
    status = source_inputs(lang)
    reflect_in_url(lang)
    if status["ok"]:
        st.sidebar.divider()
        st.sidebar.subheader(t("inputs", lang))
        st.sidebar.text_input(t("cluster_name", lang), key="cluster_name", max_chars=200)
        st.sidebar.date_input(t("assessment_date", lang), key="assessment_date")
        figure_inputs(lang, pols)
        declaration_inputs(lang, pols)
    name = str(st.session_state.get("cluster_name") or "").strip()
    if name and status["ok"]:
        st.subheader(ui.md_escape(name))  # user-supplied: escaped, never Markdown or HTML
    tab_a, tab_b, tab_c = st.tabs(
        [t("tab_assess", lang), t("tab_batch", lang), t("tab_compare", lang)]
    )
    with tab_a:
        a = assessment_tab(lang, status, pols)
    with tab_b:
        batch_tab(lang)
    with tab_c:
        compare_tab(lang, a, pols)


main()
