"""A file's problems by row and column, with messages a clerk can read whole."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from assessment.present import inputs as ui
from assessment.present.i18n import t

__all__ = ["problems_frame", "show_problems"]

PROBLEMS_WRAPPED = 300  # up to this many problems show as a wrapping table
CELL_CHARS = 80  # a cell's content is cut to this many characters so the message stays in view


def _cut(text: str) -> str:
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def problems_frame(problems: list[dict[str, Any]], lang: str) -> pd.DataFrame:
    """Problems of a file as a table by row and column (plain text; long cell contents cut)."""
    return pd.DataFrame(
        {
            t("col_row", lang): [p["row"] if p["row"] is not None else "" for p in problems],
            t("col_column", lang): [_cut(str(p["column"] or "")) for p in problems],
            t("col_value", lang): [_cut(str(p["value"] or "")) for p in problems],
            t("col_problem", lang): [
                p["message_en" if lang == "en" else "message_zh"] for p in problems
            ],
        }
    ).astype(str)


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
