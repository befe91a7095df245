"""The batch tab: screen a table of clusters (an uploaded one or the example), filter, download."""

from __future__ import annotations

import os
from typing import Any

import pandas as pd
import streamlit as st

from assessment.errors import ClusterCheckError, DataFileError
from assessment.present import inputs as ui
from assessment.present.batch_tables import batch_filter
from assessment.present.i18n import t
from assessment.present.page_words import pt
from assessment.present.rows import status_text
from assessment.present.vocabulary import STATUSES, VERDICT_LABEL, VERDICT_STATUS, VERDICTS
from dashboard.cache import POLICIES_ENV, SAMPLES, batch_screen
from dashboard.problems import problems_frame, show_problems
from dashboard.progress import PageProgress
from dashboard.sidebar import UPLOAD_MB
from dashboard.style import ICON_ERROR, ICON_INFO, ICON_WARN, cell_style

__all__ = ["BATCH_RESULT", "EXAMPLE_BATCH", "batch_tab"]

EXAMPLE_BATCH = SAMPLES / "batch-example.csv"
BATCH_RESULT = "batch_result"  # session key: (token, result or None, error or None)
STYLE_CELLS = 60_000  # colour the table's cells up to this many (Styler is slow past it)


def _template(lang: str, fmt: str) -> bytes:
    from assessment.exports.batch_xlsx import batch_template_bytes  # noqa: PLC0415 (lazy: openpyxl, on click only)

    return batch_template_bytes(lang, fmt)


def _use_example() -> None:
    st.session_state["batch_file"] = (EXAMPLE_BATCH.name, EXAMPLE_BATCH.read_bytes(), "example")


def _chosen_file(lang: str) -> tuple[str, bytes, str] | None:
    """The file to screen: the latest upload, or the example; kept across tab switches."""
    up = st.file_uploader(t("batch_upload", lang), type=["csv", "xlsx"], key="batch_upload")
    st.caption(t("batch_help", lang, mb=UPLOAD_MB))  # right below Streamlit's English button
    if up is not None and st.session_state.get("batch_file_id") != up.file_id:
        # the widget's value is a deep copy of the upload; the session's value shares the bytes
        # Streamlit keeps, so a 200 MB file is held once, not twice (as in the sidebar)
        kept = st.session_state["batch_upload"].getvalue()
        st.session_state["batch_file"] = (up.name, kept, "upload")
        st.session_state["batch_file_id"] = up.file_id
    c1, c2, c3, c4 = st.columns(4)
    c1.button(pt("batch_example", lang), on_click=_use_example, key="batch_example", type="primary")
    if EXAMPLE_BATCH.exists():
        c2.download_button(
            pt("batch_example_download", lang),
            EXAMPLE_BATCH.read_bytes(),
            file_name=EXAMPLE_BATCH.name,
            key="batch_example_dl",
            on_click="ignore",
        )
    for col, fmt in zip((c3, c4), ("xlsx", "csv"), strict=True):
        col.download_button(
            t(f"template_{fmt}", lang),
            lambda fmt=fmt: _template(lang, fmt),
            file_name=f"clusters-template-{lang}.{fmt}",
            key=f"batch_tpl_{fmt}",
            on_click="ignore",
        )
    st.caption(pt("batch_example_help", lang) + " " + pt("template_rows_note", lang))
    chosen = st.session_state.get("batch_file")
    if chosen and chosen[2] == "example":
        st.info(pt("batch_example_on", lang, name=ui.md_escape(chosen[0])), icon=ICON_INFO)
    return chosen


def batch_tab(lang: str) -> None:
    """Screen a table of clusters: sortable, filterable, downloadable; bad rows listed."""
    st.caption(t("batch_intro", lang))
    chosen = _chosen_file(lang)
    if chosen is None:
        return
    try:
        result = _screened(chosen, lang)
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
    _results(result, lang)


def _screened(chosen: tuple[str, bytes, str], lang: str) -> Any:
    """The chosen file screened on the assessment date, once: kept in the session (with an error
    it raised) under BATCH_RESULT, keyed on the upload's id (or the example) and the date.

    Screening draws a progress bar of clusters screened, removed when it is done; a rerun (a
    filter, a language switch) shows the kept result without screening again.
    """
    name, data, origin = chosen
    on = st.session_state["assessment_date"]
    upload = st.session_state.get("batch_file_id") if origin == "upload" else None
    token = (origin, upload, name, on, os.environ.get(POLICIES_ENV, ""))
    kept = st.session_state.get(BATCH_RESULT)
    if kept is None or kept[0] != token:
        bar = PageProgress(lang)
        try:
            kept = (token, batch_screen(data, name, on, bar), None)
        except ClusterCheckError as exc:  # a bad file is kept too: not read again on each rerun
            kept = (token, None, exc)
        finally:
            bar.clear()
        st.session_state[BATCH_RESULT] = kept
    _token, result, error = kept
    if error is not None:
        raise error
    return result


def _results(result: Any, lang: str) -> None:
    from assessment.exports.batch_xlsx import batch_table_bytes  # noqa: PLC0415 (lazy: openpyxl)
    from assessment.present.batch_tables import display_table, summary_table  # noqa: PLC0415

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
    codes = list(VERDICTS)
    st.session_state.setdefault("batch_filter", codes)  # every verdict shown at first
    wanted = f2.multiselect(
        t("batch_filter", lang),
        codes,
        key="batch_filter",
        format_func=VERDICT_LABEL[lang].__getitem__,
    )
    needle = f3.text_input(t("batch_name_filter", lang), key="batch_name", max_chars=100)
    keep = batch_filter(result, wanted, None if where == "any" else where, needle)
    table = display_table(result, lang)[keep.to_numpy()]
    st.caption(t("batch_shown", lang, n=len(table), total=len(result.table)))
    name_col = table.columns[1]
    longest = int(table[name_col].astype(str).str.len().max() or 0) if len(table) else 0
    st.dataframe(
        _styled(table, lang),
        hide_index=True,
        key="batch_table",
        column_config={  # names read whole: the column as wide as the longest (up to a limit)
            name_col: st.column_config.TextColumn(pinned=True, width=min(40 + 15 * longest, 460))
        },
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


def _styled(table: pd.DataFrame, lang: str) -> Any:
    """The screening table with verdict and status cells coloured like the matrix.

    Only up to STYLE_CELLS cells: pandas' Styler is slow on a table of thousands of clusters, and
    past that size the words and marks (✔ ▲ ✘ ?) carry the status alone.
    """
    if table.size > STYLE_CELLS:
        return table
    css = {status_text(s, lang): cell_style(s) for s in STATUSES}
    css |= {VERDICT_LABEL[lang][v]: cell_style(s) for v, s in VERDICT_STATUS.items()}
    return table.style.map(lambda v: css.get(v, ""), subset=list(table.columns[3:]))
