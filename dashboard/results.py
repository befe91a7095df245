"""Everything that shows results: verdict cards, the matrix, details, gap charts, shortfalls.

All words and rows come from assessment.present.*; this module lays them out. It runs inside a
fragment (see `results_view`), so moving a figure or picking a cell reruns only this part.
"""

from __future__ import annotations

import streamlit as st

from assessment.engine.indicators import Indicators
from assessment.engine.results import Assessment, JurisdictionResult
from assessment.present import inputs as ui
from assessment.present.i18n import t
from assessment.present.page_words import pt
from assessment.present.rows import (
    matrix_rows,
    shortfall_list,
    status_counts,
    verdict_row,
    word,
)
from assessment.present.tables import focus_list, matrix_grid
from assessment.present.vocabulary import (
    LEGEND,
    STATUS_MARK,
    STATUS_TONE,
    VERDICT_TONE,
)
from dashboard.details import criterion_details
from dashboard.matrix import matrix_view, picked
from dashboard.style import ICON_WARN

__all__ = [
    "criteria_matrix",
    "gap_charts",
    "jname",
    "verdict_cards",
    "what_it_takes",
]

# fits the main column beside the sidebar on a 1280-pixel screen (a laptop or projector)
# English: "competitiveness" whole on one line of the dimension column
MATRIX_WIDTHS = {"zh": (84, 200, 178), "en": (124, 222, 180)}  # dimension, criterion, cell (px)
# presentation mode has no sidebar: wider label columns, still all three cells at 1280 px
PRESENT_WIDTHS = {"zh": (110, 300, 260), "en": (150, 360, 230)}


def jname(r: JurisdictionResult, lang: str) -> str:
    """The jurisdiction's name in the language."""
    return r.name_zh if lang == "zh" else r.name_en


def _counts(r: JurisdictionResult, lang: str) -> str:
    """The one count line of every output ('达标 20　需关注 1 …'), its numbers in their colour."""
    n = status_counts(r)
    tones = {
        "green": STATUS_TONE["green"],
        "amber": STATUS_TONE["amber"],
        "red": STATUS_TONE["red"],
        "unknown": STATUS_TONE["grey"],
        "not_applicable": STATUS_TONE["grey"],
    }
    line = word("counts", lang).replace(" {", "\u00a0{")  # a number never leaves its word
    return line.format(**{k: f":{tones[k]}[**{v}**]" for k, v in n.as_dict().items()})


def verdict_cards(
    a: Assessment, lang: str, indicators: Indicators | None = None, compact: bool = False
) -> None:
    """One card per jurisdiction: name, verdict, the route that decided it, counts (and, in
    full, the document)."""
    if not compact:
        st.subheader(t("verdicts", lang))
    for col, r in zip(st.columns(len(a.results)), a.results, strict=True):
        row = verdict_row(r, lang, indicators)
        with col.container(border=True, key=f"card_{r.jurisdiction}"):
            # name, verdict, route, counts and (in full) the document: one element, each on its
            # line (a move re-sends the card, and the browser redraws each element it gets)
            lines = [
                f"### {ui.md_escape(row.name)}",
                f"## :{VERDICT_TONE[r.verdict]}[{row.verdict_label}]",
            ]
            if row.route:
                lines.append(f":green[{ui.md_escape(row.route)}]")
            lines.append(_counts(r, lang))
            if compact:
                st.markdown("\n\n".join(lines + _focus(r, lang)))
                continue
            pi = r.policy
            end = str(pi.in_force_to) if pi.in_force_to else t("open_end", lang)
            force = t("in_force", lang) if pi.in_force else t("not_in_force", lang)
            colour = "green" if pi.in_force else "orange"
            lines.append(
                f":{colour}[{'●' if pi.in_force else '○'} {force}] · "
                f"{t('valid_range', lang, start=pi.in_force_from, end=end)}"
            )
            lines.append(_small(pi.title_zh if lang == "zh" else pi.title_en))  # the document
            st.markdown("\n\n".join(lines))
            if pi.readings:  # how this text's ambiguous wording is read, from its policy file
                with st.expander(_counted(t("reading", lang), len(pi.readings), lang)):
                    st.caption(
                        "\n\n".join(
                            ui.md_escape(reading.zh if lang == "zh" else reading.en)
                            for reading in pi.readings
                        )
                    )
            for w in row.warnings:
                st.warning(w, icon=ICON_WARN)


def _counted(label: str, n: int, lang: str) -> str:
    return f"{label}（{n}）" if lang == "zh" else f"{label} ({n})"


def _focus(r: JurisdictionResult, lang: str) -> list[str]:
    """The card's lines on a projector: what fails or is unknown, and how many more there are."""
    shown = focus_list(r, lang)
    if not shown.items:  # nothing fails or is unknown; 'all met' only without a caution
        return [f":green[{pt('focus_none', lang)}]"] if status_counts(r).amber == 0 else []
    lines = [
        "  \n".join(
            f":{STATUS_TONE[f.status]}[{STATUS_MARK[f.status]}] {ui.md_escape(f.name)}"
            for f in shown.items
        )
    ]
    if shown.more:
        lines.append(_small(shown.more_text))
    return lines


def _small(text: str) -> str:
    """A caption's look inside a Markdown element (a line of its own, small and grey)."""
    return f":small[:gray[{ui.md_escape(text)}]]"


def criteria_matrix(a: Assessment, lang: str) -> None:
    """One row per criterion, one column per jurisdiction; a click on a cell (or Enter) opens
    its clause and quote for that jurisdiction, the picker below opens any criterion's.

    The table scrolls inside itself, so its header row (the jurisdictions' names) stays in view.
    On a phone the same component shows one list per jurisdiction instead (dashboard/matrix).
    """
    legend = LEGEND[lang]
    if lang == "en":  # the shared legend spaces its English with ideographic spaces
        legend = legend.replace("\u3000", "  ")
    st.caption(t("matrix_help", lang) + ("　" if lang == "zh" else " ") + legend)
    wide = bool(st.session_state.get("presentation"))
    rows = matrix_rows(a, lang)  # once a rerun: the matrix (and its phone lists), the picker
    with st.container(key="matrix_box"):
        widths = (PRESENT_WIDTHS if wide else MATRIX_WIDTHS)[lang]
        matrix_view(matrix_grid(a, lang, rows), lang, widths, t("matrix", lang), large=wide)
    names = {row.criterion_id: f"{row.dimension_label} · {row.name}" for row in rows}
    cid = st.selectbox(
        t("details_pick", lang),
        list(names),
        key=f"details_pick_{lang}",
        format_func=names.get,
        on_change=st.session_state.pop,  # a pick here shows every jurisdiction again
        args=(f"matrix_picked_{lang}", None),
    )
    cell = picked(lang)
    shown = a.results
    if cell is not None and cell[0] == cid:  # a cell clicked: that jurisdiction's details
        shown = [r for r in a.results if r.jurisdiction == cell[1]] or a.results
    criterion_details(cid, shown, lang)


def gap_charts(a: Assessment, lang: str) -> None:
    """Every figure against every threshold, coloured by status (assessment.present.charts)."""
    from assessment.present.charts import gap_figure  # noqa: PLC0415 (lazy: plotly, on its tab)

    st.caption(t("gaps_help", lang))
    st.plotly_chart(
        gap_figure(a, lang, validate=False),
        theme=None,
        key=f"gaps_{lang}",
        config={"displaylogo": False, "locale": "zh-CN" if lang == "zh" else "en"},
    )


def what_it_takes(a: Assessment, lang: str) -> None:
    """Per jurisdiction, the shortfalls to close (rows.shortfall_list: one order, one trim)."""
    st.subheader(t("what_it_takes", lang))
    for col, r in zip(st.columns(len(a.results), border=True), a.results, strict=True):
        row = verdict_row(r, lang)
        with col:
            todo = shortfall_list(r, lang)
            lines = [
                f"**{ui.md_escape(row.name)}** · :{VERDICT_TONE[r.verdict]}[{row.verdict_label}]"
            ]
            if not todo.items:
                lines.append(f":green[{word('nothing_missing', lang)}]")
            lines += [
                f":{STATUS_TONE[s.status]}[{STATUS_MARK[s.status]}] {ui.md_escape(s.text)}"
                for s in todo.items
            ]
            if todo.more:
                lines.append(_small(todo.more_text))
            st.markdown("\n\n".join(lines))  # one element: a rerun sends one message, not ten
