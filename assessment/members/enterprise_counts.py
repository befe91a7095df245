"""Enterprises counted by what they hold or report: titles (per title and grouped) and incidents.

`count_titles` counts each title's holders once per distinct combination of titles (a million
rows are a few dictionary codes), counting champions and little giants only in the leading
industry where the policy files say so, and lists the titled enterprises grouped by (titles,
leading industry). `list_incidents` names the rows that report a major incident or misconduct.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from assessment.engine.indicators import TitledEnterprise
from assessment.engine.names import TITLE_KEYS
from assessment.engine.policy import Policy, leading_industry_only_titles
from assessment.members.arrow_cells import dictionary_codes
from assessment.members.columns import TITLE_ZH
from assessment.members.figures import Figures, Frame

__all__ = ["count_titles", "list_incidents"]

MAX_LISTED_ROWS = 50


def count_titles(res: Figures, frame: Frame, policies: tuple[Policy, ...] | None = None) -> None:
    """The enterprises holding each title (`policies`: whose titles count only in the leading
    industry; None: the files in `policies/`)."""
    if "titles" not in frame.columns:
        return
    titles: pa.DictionaryArray = frame.columns["titles"]  # type: ignore[assignment]
    codes = dictionary_codes(titles)  # one code per distinct combination of titles
    combos = titles.dictionary.to_pylist()
    lead = (
        frame["in_leading_industry"]
        if "in_leading_industry" in frame.columns
        else np.zeros(len(frame), dtype=bool)
    )
    held = [tuple(str(c).split(";")) if c else () for c in combos]
    # enterprises per (combination, leading or not): everything below is per combination
    pair = codes * 2 + lead
    pairs = np.bincount(pair, minlength=2 * len(held)).reshape(-1, 2)
    columns = ["titles"] + (
        ["in_leading_industry"] if "in_leading_industry" in frame.columns else []
    )
    leading_only = leading_industry_only_titles(policies)  # from the policy files
    for key in TITLE_KEYS:
        has = np.array([key in h for h in held], dtype=bool)
        only_lead = key in leading_only
        count = int(pairs[has, 1].sum() if only_lead else pairs[has].sum())
        note_zh = "（只计主导产业企业）" if only_lead else ""
        note_en = " (leading-industry enterprises only)" if only_lead else ""
        res.put(
            key,
            count,
            f"资质含“{TITLE_ZH[key]}”的企业数{note_zh}：{count} 家。",
            f"Enterprises holding {key}{note_en}: {count}.",
            columns=columns,
            enterprises=count,
            figures={"enterprises": count},
        )
    # one entry per (titles, leading) combination with its count (FORMATS.md 1.2: grouped), in
    # the order the file first lists it: a million rows become a few entries, not a million
    titled = np.array([bool(h) for h in held], dtype=bool)[codes]
    seen, first = np.unique(pair[titled], return_index=True)
    entries: list[TitledEnterprise] = []
    for value in seen[np.argsort(first)]:
        code, is_lead = divmod(int(value), 2)
        entries.append(
            TitledEnterprise(
                titles=list(held[code]),
                leading_industry=bool(is_lead),
                count=int(pairs[code, is_lead]),
            )
        )
    total = sum(e.count for e in entries)
    res.put(
        "titled_enterprises",
        entries,
        f"获评任一资质的企业 {total} 家，按资质组合分为 {len(entries)} 组，每家计一次"
        "（一家多个资质不重复计）。",
        f"{total} enterprises hold at least one title, in {len(entries)} groups of the same "
        "titles; each counted once.",
        columns=columns,
        enterprises=total,
        figures={"enterprises": total, "groups": len(entries)},
    )


def list_incidents(res: Figures, frame: Frame) -> None:
    if "major_incident" not in frame.columns:
        return
    where = np.flatnonzero(frame["major_incident"])
    flagged = frame.rows[where]
    k = len(flagged)
    listed = ", ".join(str(r) for r in flagged[:MAX_LISTED_ROWS]) + (
        " …" if k > MAX_LISTED_ROWS else ""
    )
    names = "、".join(str(frame.columns["enterprise_name"][int(i)].as_py()) for i in where[:10])
    if k:
        zh = f"{k} 家企业填报近三年发生重大事故或违法失信（第 {listed} 行：{names}{'等' if k > 10 else ''}）。"
        en = f"{k} enterprises report a major incident or misconduct (rows {listed})."
    else:
        zh = f"全部 {len(frame)} 家企业均填报近三年未发生重大事故或违法失信。"
        en = f"None of the {len(frame)} enterprises reports a major incident or misconduct."
    res.put(
        "no_major_incidents",
        k == 0,
        zh,
        en,
        columns=["major_incident", "enterprise_name"],
        enterprises=k,
        figures={"rows": listed, "enterprises_reporting": k},
    )
