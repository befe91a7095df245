"""The sidebar's source part: a sample, typing by hand, a member file, a scenario file or a link."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment.engine.indicators import indicators_from_json
from assessment.errors import InputError
from assessment.limits import MAX_UPLOAD_MB
from assessment.present import inputs as ui
from assessment.present.i18n import t
from assessment.present.page_words import pt
from dashboard.cache import member_file, sample_index, sample_indicators, template
from dashboard.progress import PageProgress
from dashboard.state import load_into_inputs

__all__ = ["UPLOAD_MB", "heading", "source_inputs"]

UPLOAD_MB = MAX_UPLOAD_MB  # .streamlit/config.toml server.maxUploadSize says the same (tested)


def source_inputs(lang: str) -> dict[str, Any]:
    """The data-source part of the sidebar; loads the chosen source into the inputs.

    Returns {"ok": bool, "kind": str, "problems": [...], "file": name, "message": str}.
    """
    samples = sample_index()
    kinds = ["sample"] if samples else []
    if st.session_state.get("link_scenario") is not None:
        kinds.append("link")
    kinds += ["manual", "members", "scenario"]
    kind = st.sidebar.radio(
        t("source", lang), kinds, key="source", format_func=lambda k: pt(f"source_{k}", lang)
    )
    status: dict[str, Any] = {"ok": True, "kind": kind, "problems": [], "file": "", "message": ""}
    if kind == "sample":
        slugs = [str(s["slug"]) for s in samples]
        names = {
            str(s["slug"]): str(s.get(f"name_{lang}") or s.get("name_zh") or s["slug"])
            for s in samples
        }
        # keyed by language: the list's words follow a language switch
        if st.session_state.get("sample") not in slugs:
            st.session_state["sample"] = slugs[0]
        slug = st.sidebar.selectbox(
            t("sample_pick", lang), slugs, key="sample", format_func=names.__getitem__
        )
        desc = next((s.get(f"description_{lang}") for s in samples if s["slug"] == slug), None)
        if desc:
            st.sidebar.caption(ui.md_escape(str(desc)))
        load_into_inputs(("sample", slug), sample_indicators(slug), "src_sample")
    elif kind == "manual":
        load_into_inputs(("manual",), None, "")
    elif kind == "link":
        name = str(st.session_state.get("link_file") or "")
        load_into_inputs(("link", name), st.session_state["link_scenario"], "src_link")
        if name:
            st.sidebar.caption(pt("link_from_file", lang, name=ui.md_escape(name)))
    elif kind == "members":
        status = _member_source(lang, status)
    elif kind == "scenario":
        status = _scenario_source(lang, status)
    return status


def _scenario_source(lang: str, status: dict[str, Any]) -> dict[str, Any]:
    up = st.sidebar.file_uploader(t("upload_scenario", lang), type=["json"], key="scenario_upload")
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
            "error": True,
            "message": t("scenario_bad", lang, msg=ui.md_escape(exc.message(lang))),
        }
    load_into_inputs(("scenario", up.file_id), ind, "src_scenario")
    status["message"] = t("file_loaded", lang, name=ui.md_escape(up.name))
    return status


def _member_source(lang: str, status: dict[str, Any]) -> dict[str, Any]:
    """The member-file upload, its template and its instructions; loads a good file."""
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
    # The widget returns a deep copy of the upload, its bytes too (190 MB for a 190 MB file, on
    # every run); the widget's value in the session shares the bytes Streamlit keeps. Read
    # those, and let the copy go before a big file is parsed (issue 12).
    name, file_id = up.name, up.file_id
    del up
    data = st.session_state["member_upload"].getvalue()
    status["file"] = name
    if st.session_state.get("sheets_of") != file_id:  # a workbook's sheets, once per file
        from assessment.members.excel import member_sheet, sheet_names  # noqa: PLC0415 (lazy: uploads only)

        st.session_state["sheets"] = sheet_names(data)
        st.session_state["member_sheet"] = member_sheet(data)
        st.session_state["sheets_of"] = file_id
    sheets = st.session_state["sheets"]
    sheet = None
    if len(sheets) > 1:  # the sheet holding the member list (else the first); the user may pick
        found = st.session_state["member_sheet"]
        sheet = st.sidebar.selectbox(
            t("sheet", lang),
            sheets,
            key=f"sheet_{file_id}",
            index=sheets.index(found) if found in sheets else 0,
        )
    token = ("members", file_id, sheet or "")
    if st.session_state.get("file_result_token") != token:  # read once per file, not per rerun
        bar = PageProgress(lang)  # the stages, on the sidebar where the file was dropped
        with st.sidebar:
            st.session_state["file_result"] = member_file(data, name, sheet, bar)
        bar.clear()
        st.session_state["file_result_token"] = token
    ind, problems = st.session_state["file_result"]
    if ind is None:
        return {**status, "ok": False, "problems": problems}
    load_into_inputs(token, ind, "src_file")
    status["message"] = t("file_loaded", lang, name=ui.md_escape(name))
    return status


def heading(lang: str) -> str:
    """The cluster's name over the results: a sample's in the page's language, else as typed."""
    name = str(st.session_state.get("cluster_name") or "").strip()
    if st.session_state.get("source") == "sample":
        slug = st.session_state.get("sample")
        entry = next((s for s in sample_index() if s["slug"] == slug), None)
        if entry and name == sample_indicators(str(slug)).get("cluster_name"):
            return str(entry.get(f"name_{lang}") or name)
    return name
