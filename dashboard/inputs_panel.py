"""The sidebar's inputs: name and date, a slider with exact entry per figure, titles, declarations."""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment.engine.names import DIMENSION_EN, DIMENSIONS, TITLE_KEYS
from assessment.engine.policy import Policy
from assessment.present import inputs as ui
from assessment.present import route_questions as rq
from assessment.present import sliders
from assessment.present.askers import (
    asked_by_text,
    declaration_askers,
    declarations_by_dimension,
    figure_askers,
    figures_by_dimension,
)
from assessment.present.i18n import DECLARATION_LABEL, OUTPUT_YEARS, TITLE_LABEL, t
from assessment.present.page_words import pt
from assessment.present.vocabulary import INDICATOR_UNIT, UNIT_ENTERED
from dashboard.state import GROUP_PREFIX, clear_all
from dashboard.style import ICON_CLEAR

__all__ = [
    "INPUTS",
    "RESULTS",
    "dim_label",
    "group_key",
    "input_head",
    "input_panel",
    "inputs_view",
    "slider_key",
]

OUTPUT_UNIT = {lang: units[INDICATOR_UNIT["output"]] for lang, units in UNIT_ENTERED.items()}
# Every figure and declaration widget keeps its value while it is not drawn (a closed group, or
# a tab that does not show it); without this, Streamlit forgets a widget a run does not draw.
KEEP = "session"
# Fragments rerun by name from the inputs' callbacks: a figure moved reruns its own slider and
# box and the results, an answer only the results; nothing else of the page is sent again.
INPUTS, RESULTS = "inputs", "results"
BOX_PX = 104  # a figure's exact box beside its slider: "123456.00" and its clear button


def dim_label(dim: str, lang: str) -> str:
    """A dimension's name in the language."""
    return dim if lang == "zh" else DIMENSION_EN.get(dim, dim)


def group_key(kind: str, i: int) -> str:
    """The key of an input group (an expander): `kind` 'fig', 'titles' or 'decl', `i` its place."""
    return f"{GROUP_PREFIX}{kind}_{i}"


def _group(label: str, key: str):  # type: ignore[no-untyped-def]
    """An input group in the sidebar that runs its widgets only while open (a closed group
    costs a rerun nothing; its widgets keep their values, see KEEP).

    Every group starts closed, the first figures' too: its seven sliders and nine boxes were
    a third of the first page's elements and Streamlit's slider and number-box code, and drawing
    them cost the cold start ~0.35-0.4 s before the criteria matrix showed (benchmarks/README.md).
    With a sample loaded the groups sit below the sidebar's first screen at 1280x720 and
    1440x900 (not on a taller screen, nor with entry by hand); one click on a group opens it,
    and it stays open for the session (dashboard.state.init_state)."""
    return st.sidebar.expander(label, key=key, on_change="rerun")


def slider_key(number_key: str) -> str:
    """The slider's widget key beside the number box `number_key`."""
    return f"sl_{number_key}"


def _locked() -> bool:
    return bool(st.session_state.get("_inputs_locked"))


def input_head(lang: str) -> None:
    """The inputs' heading, the cluster's name and the date (the page's frame draws these: the
    name is also the page's heading)."""
    sb = st.sidebar
    sb.divider()
    sb.subheader(t("inputs", lang))
    sb.text_input(t("cluster_name", lang), key="cluster_name", max_chars=200)
    sb.date_input(t("assessment_date", lang), key="assessment_date")


def _rerun(*fragments: str) -> None:
    """Callback end: rerun only the named fragments (never the page's frame)."""
    st.rerun(list(fragments))


def _results() -> None:
    _rerun(RESULTS)


def _inputs_and_results() -> None:
    _rerun(INPUTS, RESULTS)


def _clear_all() -> None:
    clear_all()
    _inputs_and_results()


@st.fragment(key=INPUTS)
def inputs_view(lang: str, pols: tuple[Policy, ...]) -> None:
    """The inputs on the assessment tab: opening a group reruns only them."""
    input_panel(lang, pols)


def input_panel(lang: str, pols: tuple[Policy, ...], figures: bool = True) -> None:
    """Clear-all and every figure and declaration, in groups drawn only while open.

    On the assessment tab this runs in the `INPUTS` fragment and each figure in a fragment of
    its own; their callbacks rerun only what a change shows in (see `RESULTS`). Off the
    assessment tab (`figures` False) the figures are drawn but locked: a slider is never moved,
    and the batch table never rebuilt, while the batch or compare tab is open.
    """
    sb = st.sidebar
    st.session_state["_inputs_locked"] = not figures
    if not figures:
        sb.caption(pt("inputs_on_assessment", lang))
    sb.button(
        pt("clear_all", lang),
        on_click=_clear_all if figures else None,
        key="clear_all",
        disabled=_locked(),
        help=pt("clear_all_help", lang),
        icon=ICON_CLEAR,
    )
    _figures(lang, pols)
    _declarations(lang, pols)


def _base_value(key: str, year: int | None = None) -> Any:
    base = st.session_state.get("baseline") or {}
    if year is not None:
        return (base.get("output_by_year") or {}).get(str(year))
    return base.get(key)


def _from_slider(num_key: str, integer: bool, base: Any) -> None:
    v = st.session_state[slider_key(num_key)]
    st.session_state[num_key] = int(v) if integer else sliders.snap_to_baseline(float(v), base)
    _rerun(_figure_key(num_key), RESULTS)


def _from_number(num_key: str, base: Any) -> None:
    st.session_state[num_key] = sliders.snap_to_baseline(st.session_state[num_key], base)
    _rerun(_figure_key(num_key), RESULTS)


def _figure_key(num_key: str) -> str:
    return f"figure_{num_key}"


def _figure(num_key: str, label: str, **kw: Any) -> None:
    """One figure as a fragment of its own: its slider and box rerun, the rest of the inputs not."""
    st.fragment(_figure_body, key=_figure_key(num_key))(num_key, label, **kw)


def _figure_body(
    num_key: str,
    label: str,
    *,
    limits: tuple[float, float, float],
    integer: bool,
    thresholds: list[tuple[str, str, float]],
    unit: str,
    lang: str,
    pols: tuple[Policy, ...],
    base: Any,
    help_text: str,
) -> None:
    """A slider spanning the thresholds and an exact box beside it; the two always agree."""
    low, high, step = limits
    value = st.session_state.get(num_key)
    fmt = "%d" if integer else f"%.{ui.NUMBER_DECIMALS}f"
    exact = 1 if integer else 10**-ui.NUMBER_DECIMALS
    if not thresholds:  # read by no threshold: exact entry only
        st.number_input(
            label,
            value=None,
            step=exact,
            key=num_key,
            disabled=_locked(),
            format=fmt,
            help=help_text or None,
            on_change=_results,
            persist_state=KEEP,
        )
        return
    lo, hi = sliders.slider_range(low, high, [x for _, _, x in thresholds], step, value)
    if integer:
        lo, hi, step = int(lo), int(hi), max(1, int(step))
    sk = slider_key(num_key)
    if value is not None:
        st.session_state[sk] = int(value) if integer else float(value)
    elif sk not in st.session_state or not lo <= st.session_state[sk] <= hi:
        st.session_state[sk] = lo
    # one flex row, not two columns: a column is two blocks more that the browser draws again
    # at every change of a run's state (benchmarks/README.md); the box keeps its width, the
    # slider takes the rest
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="xsmall")
    row.slider(
        label,
        min_value=lo,
        max_value=hi,
        step=step,
        key=sk,
        disabled=_locked(),
        on_change=_from_slider,
        args=(num_key, integer, base),
        help=help_text or None,
        format="%d" if integer else "%.1f",
        persist_state=KEEP,
    )
    row.number_input(
        label,
        value=None,  # empty = unknown, never 0
        step=exact,
        key=num_key,
        disabled=_locked(),
        format=fmt,
        on_change=_from_number,
        args=(num_key, base),
        label_visibility="collapsed",
        persist_state=KEEP,
        width=BOX_PX,
    )
    words = sliders.threshold_text(pols, thresholds, unit, lang)
    if value is None:
        words = f"{pt('unknown_now', lang)} · {words}"
    st.caption(words)


def _figures(lang: str, pols: tuple[Policy, ...]) -> None:
    sb = st.sidebar
    askers = figure_askers(pols)
    sb.subheader(t("figures", lang))
    sb.caption(t("empty_is_unknown", lang))
    for i, (dim, figs) in enumerate(figures_by_dimension(DIMENSIONS)):
        group = _group(dim_label(dim, lang), group_key("fig", i))
        with group:
            if not group.open:
                continue
            if dim == "核心竞争力":
                _years(lang, pols)
            for f in figs:
                who = asked_by_text(askers.get(f.key, []), pols, lang)
                _figure(
                    ui.fig_key(f.key),
                    f.label(lang),
                    limits=(f.min_value, f.max_value, f.step),
                    integer=f.integer,
                    thresholds=sliders.figure_thresholds(pols, f.key),
                    unit=f.unit_en if lang == "en" else f.unit_zh,
                    lang=lang,
                    pols=pols,
                    base=_base_value(f.key),
                    help_text=t("asked_by", lang, who=who) if who else t("asked_by_none", lang),
                )
    group = _group(dim_label("梯度培育", lang), group_key("titles", 0))
    with group:
        if not group.open:
            return
        st.caption(t("titles", lang))
        if (st.session_state.get("baseline") or {}).get("titled_enterprises"):
            st.caption(t("titles_from_file", lang))
        for k in TITLE_KEYS:
            who = asked_by_text(askers.get(k, []), pols, lang)
            st.number_input(
                TITLE_LABEL[k][1 if lang == "en" else 0],
                value=None,
                step=1,
                key=ui.title_key(k),
                disabled=_locked(),
                help=t("asked_by", lang, who=who) if who else t("asked_by_none", lang),
                on_change=_results,
                persist_state=KEEP,
            )


def _years(lang: str, pols: tuple[Policy, ...]) -> None:
    st.markdown(f"**{t('output_years', lang)}**")
    # one flex row, not columns; never wrapped: on a phone too the two boxes share the row
    row = st.container(horizontal=True, wrap=False)
    row.number_input(
        t("latest_year", lang),
        2000,
        2100,
        step=1,
        key="years_last",
        disabled=_locked(),
        on_change=_inputs_and_results,
        persist_state=KEEP,
    )
    row.number_input(
        t("year_count", lang),
        1,
        ui.MAX_YEARS,
        step=1,
        key="years_count",
        disabled=_locked(),
        on_change=_inputs_and_results,
        persist_state=KEEP,
    )
    thresholds = sliders.figure_thresholds(pols, "output_by_year")
    for i, year in enumerate(ui.year_slots(st.session_state)):
        _figure(
            ui.year_key(i),
            t("output_of", lang, year=year),
            limits=(OUTPUT_YEARS["min_value"], OUTPUT_YEARS["max_value"], OUTPUT_YEARS["step"]),
            integer=False,
            thresholds=thresholds,
            unit=OUTPUT_UNIT[lang],
            lang=lang,
            pols=pols,
            base=_base_value("output_by_year", year),
            help_text="",
        )


def _declarations(lang: str, pols: tuple[Policy, ...]) -> None:
    """Every declaration answered yes / no / not answered, saying which jurisdictions ask."""
    sb = st.sidebar
    askers = declaration_askers(pols)
    routes = rq.route_askers(pols)
    sb.subheader(t("declarations", lang))
    for i, (dim, keys) in enumerate(declarations_by_dimension(pols, DIMENSIONS)):
        title = pt("route_group", lang) if dim == rq.ROUTE_GROUP else dim_label(dim, lang)
        group = _group(title if dim else "—", group_key("decl", i))
        with group:
            if not group.open:
                continue
            for k in keys:
                who = asked_by_text(askers[k], pols, lang) or t("asked_by_none", lang)
                st.radio(
                    DECLARATION_LABEL[k][1 if lang == "en" else 0],
                    ui.ANSWERS,
                    key=ui.decl_key(k),
                    disabled=_locked(),
                    horizontal=True,
                    format_func=lambda a: t(a, lang),
                    on_change=_results,
                    persist_state=KEEP,
                )
                if k in routes and not askers[k]:  # opens a route; no criterion reads it
                    who_routes = rq.route_askers_text(routes[k], pols, lang)
                    st.caption(pt("route_opens", lang, who=who_routes))
                else:
                    st.caption(t("asked_by", lang, who=who))
