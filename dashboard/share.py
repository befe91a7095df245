"""Saving and sharing: what the link holds, the scenario JSON, the Excel report, the briefing."""

from __future__ import annotations

import json

import streamlit as st

from assessment.engine.indicators import Indicators
from assessment.engine.results import Assessment
from assessment.present import inputs as ui
from assessment.present.i18n import t
from assessment.present.page_words import pt

__all__ = ["save_and_export"]


def _excel(a: Assessment, ind: Indicators, lang: str) -> bytes:
    from assessment.exports.report_excel import excel_report  # noqa: PLC0415 (lazy: openpyxl, on click only)

    return excel_report(a, ind, lang)


def _briefing(a: Assessment, ind: Indicators, lang: str) -> bytes:
    from assessment.exports.briefing import briefing_html  # noqa: PLC0415 (lazy: only when asked for)

    return briefing_html(a, ind, lang).encode("utf-8")


def save_and_export(a: Assessment, ind: Indicators, lang: str) -> None:
    """The link's promise, then the scenario as JSON, the Excel report and the HTML briefing."""
    st.subheader(t("share", lang))
    st.caption(pt("link_says", lang))
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
        lambda: _excel(a, ind, lang),
        file_name=f"{stem}-report-{lang}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_excel",
        on_click="ignore",
    )
    c3.download_button(
        t("download_briefing", lang),
        lambda: _briefing(a, ind, lang),
        file_name=f"{stem}-briefing-{lang}.html",
        mime="text/html",
        key="dl_briefing",
        on_click="ignore",
    )
