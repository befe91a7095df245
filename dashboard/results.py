"""Everything that shows results: verdict cards, the matrix, details, gap charts, shortfalls.

All words and rows come from assessment.present.*; this module lays them out. It runs inside a
fragment (see `results_view`), so moving a figure or picking a cell reruns only this part.
"""

from __future__ import annotations

import streamlit as st

from assessment.engine.indicators import Indicators
from assessment.engine.results import Assessment, JurisdictionResult
from assessment.present.i18n import counted, t
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
    COUNT_TONE,
    LEGEND,
    STATUS_MARK,
    STATUS_TONE,
    VERDICT_TONE,
)
from dashboard.board import Block, Run, board_view, counts_block, fold, line, run
from dashboard.details import criterion_details
from dashboard.matrix import matrix_view, picked

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


def _counts(r: JurisdictionResult, lang: str) -> Block:
    """The one count line of every output ('达标 20　需关注 1 …'), its numbers in their colour."""
    return counts_block(word("counts", lang), status_counts(r).as_dict(), COUNT_TONE)


def verdict_cards(
    a: Assessment, lang: str, indicators: Indicators | None = None, compact: bool = False
) -> None:
    """One card per jurisdiction: name, verdict, the route that decided it, counts (and, in
    full, the policy's validity, the document, how its wording is read and any caution; on a
    projector, what fails or is unknown). One element for all the cards (dashboard/board)."""
    columns = []
    for r in a.results:
        row = verdict_row(r, lang, indicators)
        blocks = [
            line("h3", run(row.name)),
            line("h2", run(row.verdict_label, VERDICT_TONE[r.verdict])),
        ]
        if row.route:
            blocks.append(line("p", run(row.route, "green")))
        blocks.append(_counts(r, lang))
        if compact:
            blocks += _focus(r, lang)
        else:
            blocks += _policy(r, lang)
            blocks += [line("warn", run(w)) for w in row.warnings]
        columns.append({"key": f"card_{r.jurisdiction}", "blocks": blocks})
    title = None if compact else t("verdicts", lang)
    board_view("cards", columns, title=title, large=compact)


def _policy(r: JurisdictionResult, lang: str) -> list[Block]:
    """The policy's validity on the assessment date, its title and how its wording is read."""
    pi = r.policy
    end = str(pi.in_force_to) if pi.in_force_to else t("open_end", lang)
    force = t("in_force", lang) if pi.in_force else t("not_in_force", lang)
    blocks = [
        line(
            "p",
            run(f"{'●' if pi.in_force else '○'} {force}", "green" if pi.in_force else "orange"),
            run(f" · {t('valid_range', lang, start=pi.in_force_from, end=end)}"),
        ),
        line("small", run(pi.title_zh if lang == "zh" else pi.title_en)),  # the document
    ]
    if pi.readings:  # how this text's ambiguous wording is read, from its policy file
        label = counted(t("reading", lang), len(pi.readings), lang)
        notes = [line("small", run(x.zh if lang == "zh" else x.en)) for x in pi.readings]
        blocks.append(fold(label, notes))
    return blocks


def _focus(r: JurisdictionResult, lang: str) -> list[Block]:
    """The card's lines on a projector: what fails or is unknown, and how many more there are."""
    shown = focus_list(r, lang)
    if not shown.items:  # nothing fails or is unknown; 'all met' only without a caution
        none = [line("p", run(pt("focus_none", lang), "green"))]
        return none if status_counts(r).amber == 0 else []
    items: list[Run] = []
    for i, f in enumerate(shown.items):
        items += [
            run(("\n" if i else "") + STATUS_MARK[f.status], STATUS_TONE[f.status]),
            run(f" {f.name}"),
        ]
    blocks = [line("p", *items)]
    if shown.more:
        blocks.append(line("small", run(shown.more_text)))
    return blocks


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
    """Per jurisdiction, the shortfalls to close (rows.shortfall_list: one order, one trim), one
    element for all the columns (dashboard/board)."""
    columns = []
    for r in a.results:
        row = verdict_row(r, lang)
        todo = shortfall_list(r, lang)
        blocks = [
            line(
                "p",
                run(row.name, bold=True),
                run(" · "),
                run(row.verdict_label, VERDICT_TONE[r.verdict]),
            )
        ]
        if not todo.items:
            blocks.append(line("p", run(word("nothing_missing", lang), "green")))
        blocks += [
            line("p", run(STATUS_MARK[s.status], STATUS_TONE[s.status]), run(f" {s.text}"))
            for s in todo.items
        ]
        if todo.more:
            blocks.append(line("small", run(todo.more_text)))
        columns.append({"key": f"todo_{r.jurisdiction}", "blocks": blocks})
    board_view("what_it_takes", columns, title=t("what_it_takes", lang))
