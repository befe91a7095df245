"""The compare tab: two scenarios kept from the inputs (or a file), and what changes colour where."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import Indicators, indicators_from_json
from assessment.engine.policy import Policy
from assessment.errors import InputError
from assessment.present import inputs as ui
from assessment.present.compare import Change, change_rows, compare_assessments
from assessment.present.i18n import t
from assessment.present.page_words import pt
from assessment.present.vocabulary import VERDICT_STATUS
from dashboard.style import ICON_ERROR, ICON_INFO, ICON_OK, cell_style

__all__ = ["compare_tab"]


def _keep(slot: str, from_baseline: bool = False) -> None:
    """Callback: keep the current inputs (or the loaded file or sample) in slot A or B."""
    ind = st.session_state.get("baseline_ind") if from_baseline else None
    ind = ind or st.session_state.get("current_ind")
    if ind is None:
        return
    st.session_state[f"kept_{slot}"] = {
        "ind": ind,
        "name": ind.cluster_name or "",
        "when": dt.datetime.now().strftime("%H:%M:%S"),
        "from_file": from_baseline,
    }


def _slot_text(slot: str, lang: str) -> str:
    kept = st.session_state.get(f"kept_{slot}")
    label = slot.upper()
    if kept is None:
        return pt("kept_none", lang, slot=label)
    name = ui.md_escape(kept["name"]) or pt("unnamed", lang)
    return pt("kept", lang, slot=label, name=name, when=kept["when"])


def compare_tab(lang: str, pols: tuple[Policy, ...]) -> None:
    """Keep A and B from the inputs (or upload B), then list every change of colour."""
    st.caption(pt("compare_kept_intro", lang))
    has_base = st.session_state.get("baseline_ind") is not None
    c1, c2, c3 = st.columns(3)
    c1.button(pt("keep_as_a", lang), on_click=_keep, args=("a",), key="keep_a")
    c2.button(pt("keep_as_b", lang), on_click=_keep, args=("b",), key="keep_b")
    c3.button(
        pt("file_as_a", lang),
        on_click=_keep,
        args=("a", True),
        key="keep_file_a",
        disabled=not has_base,
    )
    st.markdown(f"{_slot_text('a', lang)}　｜　{_slot_text('b', lang)}")
    up = st.file_uploader(pt("compare_or_file", lang), type=["json"], key="compare_upload")
    st.caption(t("upload_scenario_help", lang))
    a_kept, b_kept = st.session_state.get("kept_a"), st.session_state.get("kept_b")
    before: Indicators | None = a_kept["ind"] if a_kept else st.session_state.get("current_ind")
    after: Indicators | None = b_kept["ind"] if b_kept else None
    if up is not None:
        try:
            after = indicators_from_json(up.getvalue())
        except InputError as exc:
            st.error(t("scenario_bad", lang, msg=ui.md_escape(exc.message(lang))), icon=ICON_ERROR)
            return
    if before is None or after is None:
        st.info(pt("compare_need_two", lang), icon=ICON_INFO)
        return
    on = st.session_state["assessment_date"]
    changes = compare_assessments(evaluate(before, pols, on), evaluate(after, pols, on))
    if not changes:
        st.success(t("compare_none", lang), icon=ICON_OK)
        return
    st.markdown(pt("compare_count_ab", lang, n=len(changes)))
    rows = pd.DataFrame(change_rows(changes, lang))
    tones = pd.DataFrame([_tones(ch) for ch in changes], columns=rows.columns)
    st.dataframe(
        rows.style.apply(lambda _: tones.map(cell_style), axis=None),
        hide_index=True,
        key="compare_table",
    )


def _tones(ch: Change) -> list[str]:
    """The colour of each cell of a change's row: direction, then status before and after."""

    def tone(status: str) -> str:
        return VERDICT_STATUS.get(status) or ("" if status == "absent" else status)

    way = {"better": "green", "worse": "red"}.get(ch.direction, "amber")
    return ["label", "label", way, tone(ch.status_before), tone(ch.status_after)]
