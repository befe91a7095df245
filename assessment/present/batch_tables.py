"""The screening result as tables of words: clusters, the summary per jurisdiction, problems."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from assessment.errors import Problem
from assessment.present.explain import STATUS_LABEL, STATUS_MARK, VERDICT_LABEL
from assessment.screening.read import NAME_KEY
from assessment.screening.screen import BatchResult


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


def display_table(result: BatchResult, lang: str = "zh") -> pd.DataFrame:
    """The table with headers and cells in words (for people, screens and exports)."""
    jn, cn = _jnames(result, lang), _cnames(result, lang)
    zh = lang == "zh"
    t = result.table
    out: dict[str, Any] = {
        "行号" if zh else "Row": t["row"],
        "集群名称" if zh else "Cluster": t[NAME_KEY],
        "认定地区数" if zh else "Recognised by": t["recognised_by"],
    }
    vl, sl = VERDICT_LABEL["zh" if zh else "en"], STATUS_LABEL["zh" if zh else "en"]
    for jid in jn:
        out[f"{jn[jid]}·{'结论' if zh else 'verdict'}"] = t[f"{jid}.verdict"].map(vl)
    for col in t.columns:
        if col.count(".") == 1 and not col.endswith(".verdict"):
            jid, cid = col.split(".")
            out[f"{jn[jid]}·{cn[(jid, cid)]}"] = t[col].map(lambda s: f"{STATUS_MARK[s]} {sl[s]}")
    return pd.DataFrame(out)


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
            (f"{result.on} 是否有效" if zh else f"In force on {result.on}"): ("是" if zh else "yes")
            if in_force[j]
            else ("否（仅供参考）" if zh else "no (for reference)"),
        }
        for j, counts in result.summary.items()
    ]
    return pd.DataFrame(rows)


def problems_table(problems: Sequence[Problem], lang: str = "zh") -> pd.DataFrame:
    """Problems as a table: row, column, value, message."""
    zh = lang == "zh"
    return pd.DataFrame(
        {
            ("行" if zh else "Row"): [p.row for p in problems],
            ("列" if zh else "Column"): [p.column or "" for p in problems],
            ("值" if zh else "Value"): [p.value or "" for p in problems],
            ("问题" if zh else "Problem"): [p.message(lang) for p in problems],
        }
    )
