"""A file's problems by row and column, with messages a clerk can read whole."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assessment.errors import Problem
from assessment.present import inputs as ui
from assessment.present.batch_tables import problems_table

__all__ = ["problems_frame", "show_problems"]

PROBLEMS_WRAPPED = 300  # up to this many problems show as a wrapping table
CELL_CHARS = 80  # a cell's content is cut to this many characters so the message stays in view


def _cut(text: str) -> str:
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def problems_frame(problems: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """batch_tables.problems_table (the one problem table of every output) as plain text for a
    screen: no row number where a problem is about the whole file, long cell contents cut."""
    frame = problems_table([Problem(**p) for p in problems], lang)
    row, column, value = frame.columns[:3]
    frame[row] = frame[row].map(lambda r: "" if r is None or pd.isna(r) else int(r))
    frame[column] = frame[column].map(lambda v: _cut(str(v)))
    frame[value] = frame[value].map(lambda v: _cut(str(v)))
    return frame.astype(str)


def show_problems(problems: list[dict[str, Any]], lang: str) -> None:
    """Problems as a wrapping table (a scrolling grid past PROBLEMS_WRAPPED rows)."""
    frame = problems_frame(problems, lang)
    if len(frame) <= PROBLEMS_WRAPPED:
        st.table(frame.map(ui.md_escape))  # st.table reads Markdown: every cell escaped first
    else:
        st.dataframe(
            frame,
            hide_index=True,
            column_config={frame.columns[-1]: st.column_config.TextColumn(width="large")},
        )
