"""Session state: every key set once, a source loaded once, and the scenario kept in the address."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from assessment.engine.indicators import Indicators, parse_indicators
from assessment.present import inputs as ui
from assessment.present import scenario_url as link
from dashboard.cache import sample_index

GROUP_PREFIX = "grp_"  # the widget keys of the sidebar's input groups (expanders) start with this

__all__ = [
    "GROUP_PREFIX",
    "baseline",
    "clear_all",
    "first_results_run_of_page_run",
    "init_state",
    "load_into_inputs",
    "reflect_in_url",
    "relabel_on_language_change",
    "reset_to_baseline",
]


def init_state() -> None:
    """Every input key once, at the top; on a session's first run the address decides the view."""
    st.session_state["_page_runs"] = st.session_state.get("_page_runs", 0) + 1
    for key, value in ui.blank_state().items():
        st.session_state.setdefault(key, value)
    st.session_state.setdefault("assessment_date", dt.date.today())
    st.session_state.setdefault("loaded_token", None)
    st.session_state.setdefault("baseline", None)  # the loaded source, as CONTRACT JSON
    st.session_state.setdefault("baseline_ind", None)  # the same, validated
    st.session_state.setdefault("source_name", "")
    st.session_state.setdefault("link_file", "")  # a file's name that came with a link
    st.session_state.setdefault("link_error", None)
    st.session_state.setdefault("link_pending", None)
    st.session_state.setdefault("presentation", False)
    for key in ("sheets_of", "member_sheet", "file_result", "file_result_token"):
        st.session_state.setdefault(key, None)
    st.session_state.setdefault("sheets", [])
    for slot in ("kept_a", "kept_b"):
        st.session_state.setdefault(slot, None)
    if "lang" not in st.session_state:  # first run of this session: the URL decides
        _from_url()
    # An input group (expander) opened or closed stays so through runs that do not draw it (a
    # file still to upload, a file with problems), and across a language switch (Streamlit knows
    # an expander by its label too: in the other language it would be a new group, closed).
    # Handing each its state again before the widgets are drawn carries it over; a click on a
    # group is already in that state when this runs.
    for key in list(st.session_state.keys()):
        if str(key).startswith(GROUP_PREFIX):
            st.session_state[key] = st.session_state[key]


def _from_url() -> None:
    params = st.query_params
    st.session_state["lang"] = ui.parse_lang(params.get("lang"))
    slugs = [str(s["slug"]) for s in sample_index()]
    wanted = params.get("sample")
    if wanted in slugs:
        st.session_state["sample"] = wanted
        st.session_state["source"] = "sample"
    token = params.get("s")
    if token is None:
        return
    try:
        scenario = link.decode(token)
    except link.LinkError as exc:
        st.session_state["link_error"] = (exc.message_zh, exc.message_en)
        return
    if scenario.assessment_date is not None:
        st.session_state["assessment_date"] = scenario.assessment_date
    if scenario.kind == "sample" and wanted not in slugs:
        st.session_state["link_error"] = (
            "链接所指的示例集群不存在，已打开默认视图。",
            "The link's sample cluster does not exist; the default view is open instead.",
        )
    elif scenario.kind == "sample":  # what differs from the sample, laid over it once loaded
        st.session_state["link_pending"] = ("diff", scenario.indicators, scenario.removed)
    elif scenario.kind == "manual":
        st.session_state["source"] = "manual"
        st.session_state["link_pending"] = scenario.indicators
    else:  # a file's figures, without the file
        st.session_state["source"] = "link"
        st.session_state["link_file"] = scenario.file_name
        st.session_state["link_scenario"] = scenario.indicators


def load_into_inputs(token: tuple[str, ...], ind: dict[str, Any] | None, name: str) -> None:
    """Fill every input from a source, once per source (later edits are the user's what-ifs).

    `ind` None: no source figures (typing by hand starts blank). A link's scenario waiting to be
    shown is laid over the source's figures, so the change list shows what the link changed.
    """
    if st.session_state["loaded_token"] == token:
        return
    st.session_state["loaded_token"] = token
    if ind is None:
        st.session_state.update(ui.blank_state())
        st.session_state["baseline"] = None
        st.session_state["baseline_ind"] = None
    else:
        loaded = ui.without_derivable_growth(parse_indicators(ind))  # growth follows the years
        st.session_state.update(ui.state_from_indicators(loaded))
        st.session_state["baseline"] = loaded.to_json_dict()
        st.session_state["baseline_ind"] = loaded
    st.session_state["source_name"] = name
    pending = st.session_state.get("link_pending")
    if pending is not None:
        st.session_state["link_pending"] = None
        if isinstance(pending, tuple):  # ("diff", changed, removed) against the sample
            pending = link.merge(st.session_state["baseline"] or {}, pending[1], pending[2])
        shown = ui.without_derivable_growth(parse_indicators(pending))
        st.session_state.update(ui.state_from_indicators(shown))


def reset_to_baseline() -> None:
    """Callback: put the source's figures back into every input."""
    base = st.session_state.get("baseline")
    if base is not None:
        st.session_state.update(ui.state_from_indicators(parse_indicators(base)))


def clear_all() -> None:
    """Callback: every figure unknown, every declaration unanswered (the name stays)."""
    name = st.session_state.get("cluster_name", "")
    st.session_state.update(ui.blank_state())
    st.session_state["cluster_name"] = name


def baseline() -> Indicators | None:
    """The loaded source's indicators, validated, or None (typed by hand)."""
    return st.session_state.get("baseline_ind") if st.session_state.get("baseline") else None


def _link_kind() -> tuple[str, str]:
    source = st.session_state.get("source")
    if source == "sample":
        return "sample", ""
    if source == "manual":
        return "manual", ""
    if source == "link":
        return "file", str(st.session_state.get("link_file") or "")
    up = st.session_state.get("member_upload" if source == "members" else "scenario_upload")
    return "file", str(getattr(up, "name", "") or "")


def reflect_in_url(lang: str, current: dict[str, Any] | None) -> None:
    """The language, the sample and every input in the address bar (`current`: the indicators
    the inputs describe, None while a file is still missing or unreadable)."""
    params = {"lang": lang}
    kind, file_name = _link_kind()
    if kind == "sample" and st.session_state.get("sample"):
        params["sample"] = str(st.session_state["sample"])
    day = st.session_state.get("assessment_date")
    if current is not None and kind == "sample":  # only what differs from the sample
        changed, removed = link.diff(st.session_state.get("baseline") or {}, current)
        if changed or removed or day != dt.date.today():
            params["s"] = link.encode(link.LinkScenario(kind, changed, day, "", removed))
    elif current is not None:
        params["s"] = link.encode(link.LinkScenario(kind, current, day, file_name))
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)


def relabel_on_language_change(lang: str) -> None:
    """After a language switch, hand every choice widget its value again.

    A radio or select box remembers its choice in the browser by the words it showed; once those
    words change language the browser's copy no longer matches any option, shows no choice, and
    the next rerun would fall back to the first one (another sample, another source). Setting
    each value again before the widgets are drawn makes Streamlit carry it over to the widget
    with the new words. (The input groups get theirs on every run: `init_state`.)
    """
    if st.session_state.get("_lang_shown") == lang:
        return
    st.session_state["_lang_shown"] = lang
    for key in list(st.session_state.keys()):
        if key in ("source", "sample", "batch_where", "batch_filter") or key.startswith("decl_"):
            st.session_state[key] = st.session_state[key]


def first_results_run_of_page_run() -> bool:
    """Whether the results run as part of the whole page's run (True) or alone, as their fragment
    rerun by an input (False): the page's frame counts its runs (`init_state`)."""
    runs = st.session_state.get("_page_runs")
    first = st.session_state.get("_results_page_run") != runs
    st.session_state["_results_page_run"] = runs
    return first
