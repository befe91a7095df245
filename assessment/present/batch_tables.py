"""The screening result as tables of words: clusters, the summary per jurisdiction, problems."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from assessment.engine.results import STATUSES
from assessment.errors import Problem
from assessment.present.i18n import t
from assessment.present.rows import status_text
from assessment.present.vocabulary import VERDICT_LABEL, VERDICTS, WORDS
from assessment.screening.read import NAME_KEY
from assessment.screening.screen import VERDICTS as VERDICT_CODES
from assessment.screening.screen import BatchResult

__all__ = [
    "batch_filter",
    "coded_columns",
    "display_table",
    "first_headers",
    "problems_table",
    "summary_table",
]


def _jnames(result: BatchResult, lang: str) -> dict[str, str]:
    return {
        p.id: (p.document.name_zh if lang == "zh" else p.document.name_en) for p in result.policies
    }


def _cnames(result: BatchResult, lang: str) -> dict[tuple[str, str], str]:
    return {
        (p.id, c.id): (c.name_zh if lang == "zh" else c.name_en)
        for p in result.policies
        for c in p.criteria
    }


def first_headers(lang: str = "zh") -> tuple[str, str, str]:
    """The headers of the table's first three columns: the file row, the name, how many recognise it."""
    zh = lang == "zh"
    return (
        "行号" if zh else "Row",
        "集群名称" if zh else "Cluster",
        "认定地区数" if zh else "Recognised by",
    )


def coded_columns(result: BatchResult, lang: str = "zh") -> list[tuple[str, np.ndarray, list[str]]]:
    """The table's columns after the first three, as (header, int8 codes, the word of each code):
    a verdict per jurisdiction, then a status per criterion. Code -1 (none) has no word."""
    jn, cn = _jnames(result, lang), _cnames(result, lang)
    zh = lang == "zh"
    vl = VERDICT_LABEL["zh" if zh else "en"]
    verdict_words = [vl[v] for v in VERDICT_CODES]  # in the order of the result's codes
    status_words = [status_text(s, lang) for s in STATUSES]
    out = [
        (f"{jn[p.id]}·{'结论' if zh else 'verdict'}", result.verdicts[:, j], verdict_words)
        for j, p in enumerate(result.policies)
    ]
    k = 0
    for p in result.policies:
        for c in p.criteria:
            out.append((f"{jn[p.id]}·{cn[(p.id, c.id)]}", result.statuses[:, k], status_words))
            k += 1
    return out


def display_table(result: BatchResult, lang: str = "zh") -> pd.DataFrame:
    """The table with headers and cells in words (for people, screens and exports); verdicts and
    statuses are categoricals of their words (the XLSX writer builds each word's cell once)."""
    t = result.table
    row, name, recognised = first_headers(lang)
    out: dict[str, Any] = {row: t["row"], name: t[NAME_KEY], recognised: t["recognised_by"]}
    for head, codes, words in coded_columns(result, lang):
        out[head] = pd.Categorical.from_codes(codes, words)
    return pd.DataFrame(out)


def batch_filter(
    result: BatchResult,
    verdicts: Sequence[str] = VERDICTS,
    where: str | None = None,
    name_contains: str = "",
) -> pd.Series:
    """Which clusters to show: a verdict among `verdicts` in jurisdiction `where` (None: in any),
    and a name containing `name_contains` (plain text, any case; never a pattern).

    A boolean Series aligned with `display_table(result)`; pages filter on this, never on the
    result's internal column names.
    """
    raw = result.table
    jids = [p.id for p in result.policies] if where is None else [where]
    keep = raw[[f"{j}.verdict" for j in jids]].isin(list(verdicts)).any(axis=1)
    needle = name_contains.strip()
    if needle:
        keep &= raw[NAME_KEY].astype(str).str.contains(needle, regex=False, case=False)
    return keep.reset_index(drop=True)


def summary_table(result: BatchResult, lang: str = "zh") -> pd.DataFrame:
    """One row per jurisdiction: how many clusters are eligible, not eligible, incomplete."""
    jn = _jnames(result, lang)
    vl = VERDICT_LABEL["zh" if lang == "zh" else "en"]
    zh = lang == "zh"
    in_force = {p.id: p.in_force(result.on) for p in result.policies}
    rows = [
        {
            ("地区" if zh else "Jurisdiction"): jn[j],
            **{vl[k]: n for k, n in counts.items()},
            (f"{result.on} 是否有效" if zh else f"In force on {result.on}"): WORDS["yes"][lang]
            if in_force[j]
            else ("否（仅供参考）" if zh else "no (for reference)"),
        }
        for j, counts in result.summary.items()
    ]
    return pd.DataFrame(rows)


def problems_table(problems: Sequence[Problem], lang: str = "zh") -> pd.DataFrame:
    """Problems of a file as a table by row and column: the one problem table of every output
    (the row as Excel shows it; None where a problem is not about one row)."""
    return pd.DataFrame(
        {
            t("col_row", lang): [p.row for p in problems],
            t("col_column", lang): [p.column or "" for p in problems],
            t("col_value", lang): [p.value or "" for p in problems],
            t("col_problem", lang): [p.message(lang) for p in problems],
        }
    )
