"""Saving and sharing: what the link holds, the scenario JSON, the Excel report, the briefing.

The buttons are drawn outside the results' fragment, so a moved figure does not redraw them;
each builds its file when clicked, from what the results last showed: the results fragment
hands its assessment over (`hand_over`) on every run, into one box this session keeps.
"""

from __future__ import annotations

import json

import streamlit as st

from assessment.engine.indicators import Indicators
from assessment.engine.results import Assessment
from assessment.present import inputs as ui
from assessment.present.i18n import t
from assessment.present.page_words import pt

__all__ = ["hand_over", "ready", "save_and_export"]

_SHOWN = "_export_shown"  # session key: {"a": Assessment | None, "ind": Indicators | None}


def _box() -> dict:
    return st.session_state.setdefault(_SHOWN, {"a": None, "ind": None})


def hand_over(a: Assessment | None, ind: Indicators | None) -> None:
    """What the results show now (None, None: the inputs are not valid, nothing to export)."""
    _box().update(a=a, ind=ind)


def ready() -> bool:
    """Whether the results show an assessment to export."""
    return _box()["ind"] is not None


def _json(ind: Indicators) -> bytes:
    return json.dumps(ind.to_json_dict(), ensure_ascii=False, indent=2).encode("utf-8")


def _excel(a: Assessment, ind: Indicators, lang: str) -> bytes:
    from assessment.exports.report_excel import excel_report  # noqa: PLC0415 (lazy: openpyxl, on click only)

    return excel_report(a, ind, lang)


def _briefing(a: Assessment, ind: Indicators, lang: str) -> bytes:
    from assessment.exports.briefing import briefing_html  # noqa: PLC0415 (lazy: only when asked for)

    return briefing_html(a, ind, lang).encode("utf-8")


def save_and_export(lang: str) -> None:
    """The link's promise, then the scenario as JSON, the Excel report and the HTML briefing, of
    what the results show when a button is clicked (nothing while the inputs are not valid)."""
    box = _box()
    a, ind = box["a"], box["ind"]
    if a is None or ind is None:
        return
    st.subheader(t("share", lang))
    st.caption(pt("link_says", lang))
    row = st.container(horizontal=True)  # one flex row, left to right; on a phone the buttons wrap
    stem = ui.export_stem(ind.cluster_name, a.assessment_date)
    # every export is a callable: built when its button is clicked, never on each rerun, from the
    # box as the results left it (the name and the date in the file's name change the page, and
    # so redraw these buttons)
    row.download_button(
        t("download_json", lang),
        lambda: _json(box["ind"]),
        file_name=f"{stem}-indicators.json",
        mime="application/json",
        key="dl_json",
        on_click="ignore",
    )
    row.download_button(
        t("download_excel", lang),
        lambda: _excel(box["a"], box["ind"], lang),
        file_name=f"{stem}-report-{lang}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_excel",
        on_click="ignore",
    )
    row.download_button(
        t("download_briefing", lang),
        lambda: _briefing(box["a"], box["ind"], lang),
        file_name=f"{stem}-briefing-{lang}.html",
        mime="text/html",
        key="dl_briefing",
        on_click="ignore",
    )
