"""Everything that shows results: verdict cards, the matrix, details, gap charts, shortfalls.

All words and rows come from assessment.present.*; this module lays them out. It runs inside a
fragment (see `results_view`), so moving a figure or picking a cell reruns only this part.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from assessment.engine.policy import DIMENSIONS
from assessment.engine.results import Assessment, CriterionResult, JurisdictionResult
from assessment.present import inputs as ui
from assessment.present.charts import gap_figure
from assessment.present.explain import (
    STATUS_LABEL,
    STATUS_MARK,
    VERDICT_LABEL,
    criterion_name,
    shortfall,
    value_vs_threshold,
)
from assessment.present.i18n import t
from assessment.present.page_words import pt
from dashboard.details import criterion_details
from dashboard.inputs_panel import dim_label
from dashboard.style import STATUS_BG, cell_style, tone

__all__ = [
    "criteria_matrix",
    "criteria_rows",
    "focus_list",
    "gap_charts",
    "jname",
    "matrix_frame",
    "phone_lists",
    "verdict_cards",
    "what_it_takes",
]

VERDICT_TONE = {"eligible": "green", "not_eligible": "red", "incomplete": "gray"}
ICON_WARN = ":material/warning:"
# fits the main column beside the sidebar on a 1280-pixel screen (a laptop or projector)
MATRIX_WIDTHS = {"zh": (84, 200, 178), "en": (96, 250, 180)}  # dimension, criterion, cell (px)
# presentation mode has no sidebar: wider label columns, still all three cells at 1280 px
PRESENT_WIDTHS = {"zh": (110, 300, 260), "en": (150, 360, 230)}
MATRIX_ROWS_SHOWN = 14  # the matrix scrolls inside itself past this, its header row stays
FOCUS_SHOWN = 8  # failing or unknown criteria listed per jurisdiction in the first screen


def jname(r: JurisdictionResult, lang: str) -> str:
    """The jurisdiction's name in the language."""
    return r.name_zh if lang == "zh" else r.name_en


def verdict_cards(a: Assessment, lang: str, compact: bool = False) -> None:
    """One card per jurisdiction: name, verdict, counts by colour (and, in full, the document)."""
    if not compact:
        st.subheader(t("verdicts", lang))
    for col, r in zip(st.columns(len(a.results)), a.results, strict=True):
        with col.container(border=True, key=f"card_{r.jurisdiction}"):
            st.markdown(f"### {ui.md_escape(jname(r, lang))}")
            verdict = VERDICT_LABEL[lang][r.verdict]
            st.markdown(f"## :{VERDICT_TONE[r.verdict]}[{verdict}]")
            st.markdown(
                ("　" if lang == "zh" else " · ").join(
                    f":{tone(s)}[{STATUS_MARK[s]} {STATUS_LABEL[lang][s]} **{r.counts[s]}**]"
                    for s in ("green", "amber", "red", "grey")
                )
            )
            if compact:
                _focus(r, lang)
                continue
            pi = r.policy
            end = str(pi.in_force_to) if pi.in_force_to else t("open_end", lang)
            force = t("in_force", lang) if pi.in_force else t("not_in_force", lang)
            colour = "green" if pi.in_force else "orange"
            st.markdown(
                f":{colour}[{'●' if pi.in_force else '○'} {force}] · "
                f"{t('valid_range', lang, start=pi.in_force_from, end=end)}"
            )
            st.caption(ui.md_escape(pi.title_zh if lang == "zh" else pi.title_en))
            if pi.readings:  # how this text's ambiguous wording is read, from its policy file
                with st.expander(_counted(t("reading", lang), len(pi.readings), lang)):
                    for reading in pi.readings:
                        st.caption(ui.md_escape(reading.zh if lang == "zh" else reading.en))
            for w in r.warnings:
                st.warning(w.zh if lang == "zh" else w.en, icon=ICON_WARN)


def _counted(label: str, n: int, lang: str) -> str:
    return f"{label}（{n}）" if lang == "zh" else f"{label} ({n})"


def focus_list(r: JurisdictionResult) -> list[CriterionResult]:
    """The criteria that fail, then those unknown, of one jurisdiction."""
    failing = [c for c in r.criteria if c.status == "red"]
    unknown = [c for c in r.criteria if c.status == "grey" and c.applicable]
    return failing + unknown


def _focus(r: JurisdictionResult, lang: str) -> None:
    shown = focus_list(r)
    if not shown:
        st.markdown(f":green[{pt('focus_none', lang)}]")
        return
    lines = [
        f":{tone(c.status)}[{STATUS_MARK[c.status]}] {ui.md_escape(criterion_name(c, lang))}"
        for c in shown[:FOCUS_SHOWN]
    ]
    st.markdown("  \n".join(lines))
    if len(shown) > FOCUS_SHOWN:
        st.caption(pt("focus_more", lang, n=len(shown) - FOCUS_SHOWN))


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
    """One row per criterion, one column per jurisdiction; a click opens the clause and quote.

    The grid scrolls inside itself, so its header row (the jurisdictions' names) stays in view.
    """
    legend = t("legend", lang)
    if lang == "en":  # the shared legend spaces its English with ideographic spaces
        legend = legend.replace("\u3000", "  ")
    st.caption(t("matrix_help", lang) + ("　" if lang == "zh" else " ") + legend)
    frame, statuses, ids = matrix_frame(a, lang)
    styled = frame.style.apply(lambda col: [cell_style(s) for s in statuses[col.name]])
    wide = bool(st.session_state.get("presentation"))
    dim_w, crit_w, cell_w = (PRESENT_WIDTHS if wide else MATRIX_WIDTHS)[lang]
    labels = list(frame.columns[:2])
    widths = {
        labels[0]: st.column_config.TextColumn(width=dim_w, pinned=True),
        labels[1]: st.column_config.TextColumn(width=crit_w, pinned=True),
    }
    widths |= {c: st.column_config.TextColumn(width=cell_w) for c in frame.columns[2:]}
    with st.container(key="matrix_box"):
        event = st.dataframe(
            styled,
            hide_index=True,
            key=f"matrix_{lang}",
            on_select="rerun",
            selection_mode="single-cell",
            height=34 * (min(len(frame), MATRIX_ROWS_SHOWN) + 1) + 4,
            row_height=34,
            column_config=widths,
        )
    phone_lists(a, lang)
    picked_row, picked_col = None, None
    cells = getattr(getattr(event, "selection", None), "cells", None) or []
    if cells:
        picked_row, picked_col = cells[0][0], cells[0][1]
    names = {
        cid: f"{dim_label(d, lang)} · {criterion_name(c, lang)}" for d, cid, c in criteria_rows(a)
    }
    if picked_row is None:
        cid = st.selectbox(
            t("details_pick", lang), ids, key=f"details_pick_{lang}", format_func=names.get
        )
        shown = a.results
    else:
        cid = ids[int(picked_row)]
        shown = [r for r in a.results if jname(r, lang) == picked_col] or a.results
    criterion_details(cid, shown, lang)


def phone_lists(a: Assessment, lang: str) -> None:
    """The matrix as one list per jurisdiction, shown instead of the grid on a phone (CSS).

    Each line holds a criterion's name, its value against the threshold and its light together.
    """
    parts = ['<div class="phone-lists">']
    for r in a.results:
        parts.append(f"<details open><summary>{html.escape(jname(r, lang))} · ")
        parts.append(f"{html.escape(VERDICT_LABEL[lang][r.verdict])}</summary><ul>")
        for _dim, cid, _first in criteria_rows(a):
            c = r.criterion(cid)
            if c is None:
                continue
            bg = STATUS_BG[c.status]
            parts.append(
                f'<li style="background:{bg}"><b>{STATUS_MARK[c.status]} '
                f"{html.escape(criterion_name(c, lang))}</b><br>"
                f"{html.escape(value_vs_threshold(c, lang))}</li>"
            )
        parts.append("</ul></details>")
    parts.append("</div>")
    st.html("".join(parts))


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
                st.markdown(f":{tone(status)}[{STATUS_MARK[status]}] {ui.md_escape(s)}")
            for c in unknown[:5]:
                s = shortfall(c, lang)
                if s:
                    st.markdown(f":gray[? {ui.md_escape(s)}]")
            if len(unknown) > 5:
                st.caption(t("more_unknown", lang, n=len(unknown) - 5))
