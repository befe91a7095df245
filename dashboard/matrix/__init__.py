"""The criteria matrix as a light HTML table (Streamlit's custom components v2, in the page, no
iframe), in place of a canvas grid: the browser draws it in a few milliseconds and needs no grid
library. Its look is `matrix.css`, its behaviour `matrix.js`; the data goes in as UTF-8 JSON
bytes.

On a phone (`style.PHONE_MAX_PX` wide or less) the same component shows the grid turned on its
side instead: one list per jurisdiction, its name and verdict on top, then each criterion it asks
with its mark, name and value against the threshold, tinted by its status. The lists are drawn
from the same data, in the browser, only while they are shown; they are read-only.

A click (or Enter/Space) on a cell picks that criterion under that jurisdiction: the details
picker below the matrix moves to the criterion and the details show that jurisdiction only; a
pick in the picker shows every jurisdiction again.
"""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from assessment.present.tables import LABEL, MatrixGrid
from assessment.present.vocabulary import STATUS_MARK
from dashboard.style import PHONE_MAX_PX, cell_style

__all__ = ["MATRIX_ROWS_SHOWN", "ROW_PX", "matrix_data", "matrix_view", "picked"]

_HERE = Path(__file__).parent
_component = st.components.v2.component(
    "cluster_matrix",
    css=(_HERE / "matrix.css")
    .read_text(encoding="utf-8")
    .replace("PHONE_MAX_PX", str(PHONE_MAX_PX)),
    js=(_HERE / "matrix.js").read_text(encoding="utf-8"),
)

MATRIX_ROWS_SHOWN = 14  # the matrix scrolls inside itself past this, its header row stays
ROW_PX = 34  # the height of a one-line row, for the box's height


def matrix_data(
    grid: MatrixGrid, widths: tuple[int, int, int], label: str, large: bool = False
) -> tuple[dict, tuple[str, ...]]:
    """What the table (and a phone's lists) are drawn from (JSON), and the criterion id of each
    row; `large` type for presentation mode (a projector)."""
    shown = {s for row in grid.statuses for s in row}
    lit = sorted(s for s in shown if s in STATUS_MARK)
    return {
        "label": label,
        "columns": grid.columns,
        "codes": grid.codes,
        "ids": grid.ids,
        "cells": grid.cells,
        "statuses": grid.statuses,
        "styles": {s: cell_style(s) for s in shown if s != LABEL},
        # a phone's lists: each jurisdiction's verdict, each cell's words without the mark
        "verdicts": grid.verdicts,
        "texts": grid.texts,
        "marks": {s: STATUS_MARK[s] for s in lit},
        "widths": widths,
        "maxHeight": ROW_PX * (MATRIX_ROWS_SHOWN + 1) + 4,
        "large": large,
        "picked": None,
    }, grid.ids


def _key(lang: str) -> str:
    return f"matrix_{lang}"


def picked(lang: str) -> tuple[str, str] | None:
    """The (criterion id, jurisdiction code) last clicked in the matrix, if any."""
    return st.session_state.get(f"matrix_picked_{lang}")


def _on_cell(lang: str, ids: tuple[str, ...], codes: tuple[str, ...]) -> None:
    """A cell was clicked: move the picker to its criterion and show that jurisdiction."""
    value = getattr(st.session_state.get(_key(lang)), "cell", None)
    if not isinstance(value, dict):
        return
    cid, code = value.get("cid"), value.get("j")
    if cid in ids and code in codes:  # the table sends only its own ids; anything else is ignored
        st.session_state[f"details_pick_{lang}"] = cid
        st.session_state[f"matrix_picked_{lang}"] = (cid, code)


def matrix_view(
    grid: MatrixGrid,
    lang: str,
    widths: tuple[int, int, int],
    label: str,
    large: bool = False,
) -> None:
    """Draw the matrix (`tables.matrix_grid`); a cell's click lands in `picked(lang)` and the
    details picker."""
    data, ids = matrix_data(grid, widths, label, large)
    chosen = picked(lang)
    if chosen is not None and chosen[0] in ids:
        data["picked"] = {"cid": chosen[0], "j": chosen[1]}
    _component(
        key=_key(lang),
        # bytes go to the browser as they are; a dict would be searched for data frames, which
        # imports pandas and pyarrow on the first page (~0.4 s of the cold start)
        data=json.dumps(data, ensure_ascii=False).encode("utf-8"),
        on_cell_change=lambda: _on_cell(lang, ids, data["codes"]),
    )
