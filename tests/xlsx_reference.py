"""The screening workbook as openpyxl wrote it before `exports.sheet_xml` (commit 36d384e): the
oracle the direct writer is compared with, cell by cell. Kept in tests only; not a second writer
of the product."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from assessment.exports.xlsx import (
    STATUS_FILL,
    VERDICT_FILL,
    header_cell,
    is_formula_like,
    print_setup,
    sheet_title,
    text_cell,
)
from assessment.present.batch_tables import display_table, problems_table, summary_table
from assessment.present.rows import status_text
from assessment.present.vocabulary import VERDICT_LABEL
from assessment.screening.screen import BatchResult

_VOCABULARY = frozenset(
    {*(w for lang in VERDICT_LABEL.values() for w in lang.values())}
    | {status_text(s, lang) for lang in VERDICT_LABEL for s in ("green", "amber", "red", "grey")}
)


def _solid(rgb: str) -> PatternFill:
    return PatternFill("solid", fgColor=rgb)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def reference_xlsx(result: BatchResult, lang: str) -> bytes:
    """The workbook the openpyxl writer made of `result` (one part: the whole table)."""
    zh = lang == "zh"
    table = display_table(result, lang)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title("筛选结果" if zh else "Screening"))
    widths = [7, 28, 10] + [14] * (len(table.columns) - 3)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    print_setup(ws, 1, [], freeze="C2")
    ws.append([header_cell(ws, h) for h in table.columns])
    for row in table.itertuples(index=False, name=None):
        ws.append(
            [
                text_cell(ws, v)
                if isinstance(v, str) and (is_formula_like(v) or v not in _VOCABULARY)
                else v
                for v in row
            ]
        )
    nj, nrow, ncol = len(result.policies), len(table) + 1, len(table.columns)
    last = f"{get_column_letter(ncol)}{max(nrow, 2)}"
    ws.auto_filter.ref = f"A1:{last}"
    vl = VERDICT_LABEL["zh" if zh else "en"]
    vrange = f"D2:{get_column_letter(3 + nj)}{max(nrow, 2)}"
    srange = f"{get_column_letter(4 + nj)}2:{last}"
    for code, colour in VERDICT_FILL.items():
        rule = CellIsRule(operator="equal", formula=[_quoted(vl[code])], fill=_solid(colour))
        ws.conditional_formatting.add(vrange, rule)
    for code, colour in STATUS_FILL.items():
        text = _quoted(status_text(code, lang))
        ws.conditional_formatting.add(
            srange, CellIsRule(operator="equal", formula=[text], fill=_solid(colour))
        )
    ss = wb.create_sheet(sheet_title("汇总" if zh else "Summary"))
    st = summary_table(result, lang)
    for i, w in enumerate([14] + [16] * (len(st.columns) - 1), start=1):
        ss.column_dimensions[get_column_letter(i)].width = w
    print_setup(ss, 3, [])
    n = len(table)
    title = (
        f"共筛选 {n} 个集群，评估日期 {result.on}"
        if zh
        else f"{n} clusters screened on {result.on}"
    )
    ss.append([text_cell(ss, title)])
    ss.append([])
    ss.append([header_cell(ss, h) for h in st.columns])
    for r in st.itertuples(index=False, name=None):
        ss.append([text_cell(ss, v) if isinstance(v, str) else v for v in r])
    if result.problems:
        ps = wb.create_sheet(sheet_title("问题" if zh else "Problems"))
        pt = problems_table(result.problems, lang)
        for i, w in enumerate([8, 24, 20, 80], start=1):
            ps.column_dimensions[get_column_letter(i)].width = w
        print_setup(ps, 1, [])
        ps.append([header_cell(ps, h) for h in pt.columns])
        for r in pt.itertuples(index=False, name=None):
            ps.append(
                [None if pd.isna(v) else text_cell(ps, v) if isinstance(v, str) else v for v in r]
            )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
