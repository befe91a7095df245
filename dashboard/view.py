"""The assessment tab: the source's message, the figures (sidebar) and the results, as fragments.

`inputs_view` (fragment "inputs") draws the figures into the sidebar, each figure a fragment of
its own; `results_fragment` (fragment "results") judges and shows. The inputs' callbacks name
the fragments a change shows in (dashboard.inputs_panel), so moving a figure reruns its slider
and box and the results, and never the page's frame (language, source, upload, tabs).

The export buttons sit below the results, outside their fragment: nothing on them changes when a
figure moves, so a move does not redraw them (the browser redraws every element it is sent).
Their files are built when clicked, from what the results last showed (`dashboard.share`).
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import Indicators
from assessment.engine.policy import Policy
from assessment.engine.results import Assessment
from assessment.errors import InputError
from assessment.present import inputs as ui
from assessment.present.changes import changes
from assessment.present.i18n import counted, t
from assessment.present.page_words import pt
from dashboard import share, state
from dashboard.inputs_panel import RESULTS, inputs_view
from dashboard.results import criteria_matrix, gap_charts, verdict_cards, what_it_takes
from dashboard.style import ICON_ERROR, ICON_INFO, ICON_OK

__all__ = ["assessment_tab", "current_indicators"]

_LOG = logging.getLogger(__name__)


def current_indicators() -> tuple[Indicators | None, InputError | None]:
    """What the inputs describe, validated once per run (the frame calls this; the view reads)."""
    try:
        ind = ui.build_indicators(st.session_state, state.baseline())
    except InputError as exc:
        st.session_state["current_ind"] = None
        return None, exc
    st.session_state["current_ind"] = ind
    return ind, None


def assessment_tab(lang: str, status: dict[str, Any], pols: tuple[Policy, ...]) -> None:
    """The source's problems or message, or the results."""
    if status["problems"]:
        from dashboard.problems import show_problems  # noqa: PLC0415 (lazy: the batch tables)

        st.error(
            t("file_problems", lang, name=ui.md_escape(status["file"]), n=len(status["problems"])),
            icon=ICON_ERROR,
        )
        show_problems(status["problems"], lang)
        return
    if not status["ok"]:
        if status.get("error"):
            st.error(status["message"], icon=ICON_ERROR)
        else:
            st.info(status["message"], icon=ICON_INFO)
        return
    if status["message"]:
        st.success(status["message"], icon=ICON_OK)
    inputs_view(lang, pols)
    results_fragment(lang, pols)
    if not st.session_state.get("presentation"):
        share.save_and_export(lang)


@st.fragment(key=RESULTS)
def results_fragment(lang: str, pols: tuple[Policy, ...]) -> None:
    """What the inputs describe: judged, shown and kept in the link (rerun by the inputs)."""
    whole_page = state.first_results_run_of_page_run()
    could_export = share.ready()
    try:
        ind, exc = current_indicators()
        state.reflect_in_url(lang, None if ind is None else ind.to_json_dict())
        if exc is not None:
            share.hand_over(None, None)
            st.error(t("input_bad", lang, msg=ui.md_escape(exc.message(lang))), icon=ICON_ERROR)
        else:
            share.hand_over(results_view(lang, pols, ind), ind)
    except Exception:  # a failure while drawing: never a file of the figures before it
        share.hand_over(None, None)
        if not whole_page and could_export:
            # in the server's log: the whole page's run may not fail again, and so not show it
            _LOG.exception("drawing the results failed after a move; the page reruns whole")
            st.rerun()  # the whole page, which shows the failure, without the buttons
        raise
    if not whole_page and share.ready() != could_export:
        st.rerun()  # the inputs turned valid or not: the export buttons below show or go


def results_view(lang: str, pols: tuple[Policy, ...], ind: Indicators) -> Assessment:
    """Verdicts, matrix, gap charts and shortfalls; returns the assessment they show."""
    _changes_from_source(lang)
    a = evaluate(ind, pols, st.session_state["assessment_date"])
    if st.session_state.get("presentation"):
        verdict_cards(a, lang, ind, compact=True)
        criteria_matrix(a, lang)
        return a
    verdict_cards(a, lang, ind)
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
    return a


def _changes_from_source(lang: str) -> None:
    """What the user moved away from the file's (or sample's) values; one click puts it back."""
    base = st.session_state.get("baseline")
    if base is None:
        return
    current = ui.indicators_dict(st.session_state, state.baseline())
    rows = changes(current, base, lang)
    src = pt(st.session_state.get("source_name") or "src_file", lang)
    label = t("changed_from_file", lang, src=src)
    with st.expander(counted(label, len(rows), lang), expanded=bool(rows)):
        if rows:
            # a Markdown table, one element: no data grid (and no pandas) for a few lines
            st.markdown(
                _md_table(
                    [t("col_field", lang), t("col_before", lang), t("col_after", lang)],
                    [[row["field"], row["before"], row["after"]] for row in rows],
                )
            )
            if st.button(t("reset_to_file", lang), on_click=state.reset_to_baseline, key="reset"):
                st.rerun()  # the whole page: the sidebar's inputs show the file's values again
        else:
            st.caption(t("no_changes", lang))


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table of plain text cells (escaped: a user's words never become Markdown)."""
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join(
        "| " + " | ".join(c if i == 1 else ui.md_escape(c) for c in line) + " |"
        for i, line in enumerate(lines)
    )
