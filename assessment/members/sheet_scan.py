"""Scan a sheet's XML for its real extent and for the cells a person would not see as blanks.

`workbook` inflates each sheet part in 1 MiB steps; `scan_sheet` reads those steps once, keeping
a few hundred bytes of overlap so that a tag cut in two is still seen: the last row, the furthest
column, the extent the sheet declares, formulas without a cached value, error cells (#N/A,
#DIV/0!) and merged cells. `check_extent` refuses a sheet larger than Excel allows or than the
limits; `sheet_problems` lists the odd cells by name (the first MAX_PROBLEMS of each kind).

Nothing here builds a Python object per cell: byte counts and regular expressions whose matches are
rare in real sheets (columns past Z, formulas, errors, merges).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assessment.errors import Problem, shown
from assessment.limits import MAX_CELLS, MAX_COLUMNS, MAX_PROBLEMS
from assessment.members.table import column_number, file_error

__all__ = ["SheetScan", "check_extent", "scan_sheet", "sheet_problems"]

EXCEL_ROWS = 1_048_576  # what Excel itself allows: a sheet claiming more is damaged
_OVERLAP = 512  # bytes kept from the previous step, so a tag cut in two is still seen
_ROW_REF = re.compile(rb'<row r="(\d+)"')
_WIDE_COL = re.compile(rb'<c r="([A-Z]{2,3})\d')  # columns AA and beyond (rare past the template)
_DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')
_NO_VALUE = re.compile(rb"</f></c>|<f\b[^>]*/></c>")
_ERROR = re.compile(
    rb'<c r="([A-Z]{1,3}\d{1,7})"[^>]*\bt="e"[^>]*>(?:<f\b[^>]*(?:/>|>[^<]*</f>))?<v>([^<]{0,40})</v>'
)
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3}\d{1,7})(?::([A-Z]{1,3}\d{1,7}))?"')
_CELL_BEFORE = re.compile(rb'<c r="([A-Z]{1,3}\d{1,7})"')
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_MAX_LISTED = MAX_PROBLEMS  # cells of one kind listed by name per sheet; the rest are counted


class SheetScan:
    """What one pass over a sheet's XML found."""

    def __init__(self) -> None:
        self.max_row = 0
        self.row_tags = 0
        self.wide = b""  # the furthest column of two or three letters seen
        self.any_ref = False
        self.unreferenced = 0  # cells without an r="A1" attribute (placed one after another)
        self.declared = ""
        self.no_value: list[str] = []
        self.no_value_count = 0
        self.errors: list[tuple[str, str]] = []
        self.error_count = 0
        self.merged: list[str] = []
        self.merged_count = 0

    @property
    def rows(self) -> int:
        return max(self.max_row, self.row_tags)

    @property
    def columns(self) -> int:
        cols = column_number(self.wide.decode()) if self.wide else (26 if self.any_ref else 0)
        return max(cols, self.unreferenced and min(self.unreferenced, 1 << 14))


def scan_sheet(chunks: Iterable[bytes]) -> SheetScan:
    """One pass over a sheet's XML as it is inflated, step by step (`chunks`)."""
    scan = SheetScan()
    tail = b""
    for chunk in chunks:
        text = tail + chunk
        if not scan.declared and (m := _DIMENSION.search(text)):
            scan.declared = m.group(1).decode("ascii", "replace")[:40]
        refs = chunk.count(b'<c r="')
        scan.any_ref = scan.any_ref or refs > 0
        scan.unreferenced += chunk.count(b"<c>") + chunk.count(b"<c ") - refs
        scan.row_tags += chunk.count(b"<row")
        rows = _ROW_REF.findall(text)
        if rows:
            scan.max_row = max(scan.max_row, *map(int, rows))
        wide = _WIDE_COL.findall(text)
        if wide:
            scan.wide = max([scan.wide, *set(wide)], key=lambda b: (len(b), b))
        _scan_cells(scan, text, len(tail))
        tail = text[-_OVERLAP:]
    return scan


def _scan_cells(scan: SheetScan, text: bytes, seen: int) -> None:
    """Formulas without a cached value, error cells and merges in one step (`seen`: overlap)."""
    for m in _NO_VALUE.finditer(text):
        if m.end() <= seen:
            continue  # seen in the previous step
        cell = _CELL_BEFORE.findall(text, max(0, m.start() - 4096), m.start())
        scan.no_value_count += 1
        if cell and len(scan.no_value) < _MAX_LISTED:
            scan.no_value.append(cell[-1].decode())
    for m in _ERROR.finditer(text):
        if m.end() <= seen:
            continue
        scan.error_count += 1
        if len(scan.errors) < _MAX_LISTED:
            scan.errors.append((m.group(1).decode(), m.group(2).decode("utf-8", "replace")))
    for m in _MERGE.finditer(text):
        if m.end() <= seen:
            continue
        scan.merged_count += 1
        if len(scan.merged) < _MAX_LISTED:
            end = m.group(2).decode() if m.group(2) else ""
            scan.merged.append(m.group(1).decode() + (f":{end}" if end else ""))


def check_extent(name: str, scan: SheetScan) -> None:
    """Refuse a sheet whose extent is beyond Excel's rows or our limits (before calamine sees it)."""
    rows, cols = scan.rows, scan.columns
    declared = f"（表头声明的范围为 {scan.declared}）" if scan.declared else ""
    declared_en = f" (the sheet declares {scan.declared})" if scan.declared else ""
    if rows > EXCEL_ROWS:
        raise file_error(
            f"工作表“{shown(name)}”有第 {rows} 行，超过 Excel 的 {EXCEL_ROWS} 行；文件已损坏。",
            f"Sheet '{shown(name)}' has a row {rows}, beyond Excel's {EXCEL_ROWS}; the file is damaged.",
        )
    if cols > MAX_COLUMNS:
        raise file_error(
            f"工作表“{shown(name)}”的内容延伸到第 {cols} 列，超过上限 {MAX_COLUMNS} 列（MAX_COLUMNS）"
            f"{declared}；请删除远处的单元格（或只保留需要的列）后再上传。",
            f"Sheet '{shown(name)}' reaches column {cols}, above the limit of {MAX_COLUMNS} "
            f"(MAX_COLUMNS){declared_en}; delete the far-away cells (keep only the columns "
            "needed) and upload again.",
        )
    if rows * cols > MAX_CELLS:
        raise file_error(
            f"工作表“{shown(name)}”的范围为 {rows} 行 × {cols} 列，超过上限 {MAX_CELLS} 个单元格"
            f"（MAX_CELLS）{declared}；请删除远处的单元格后再上传。",
            f"Sheet '{shown(name)}' spans {rows} rows x {cols} columns, above the limit of "
            f"{MAX_CELLS} cells (MAX_CELLS){declared_en}; delete the far-away cells and upload again.",
        )


def _located(ref: str) -> tuple[int | None, str | None]:
    m = _REF.fullmatch(ref.split(":", maxsplit=1)[0])
    return (int(m.group(2)), m.group(1) + "列") if m else (None, None)


def sheet_problems(scan: SheetScan, name: str) -> list[Problem]:
    """One problem per cell listed (the first MAX_PROBLEMS of each kind), then a count of the rest."""
    sheet = shown(name)
    kinds = (
        (
            scan.no_value,
            scan.no_value_count,
            "公式没有缓存结果：请在 Excel 中打开、保存后再上传。",
            "a formula without a cached result: open the file in Excel, save it and upload again.",
        ),
        (
            [f"{r}={v}" for r, v in scan.errors],
            scan.error_count,
            "错误值单元格（如 #N/A、#DIV/0!）：请改正公式或填入数值。",
            "an error cell (such as #N/A or #DIV/0!): fix the formula or enter the value.",
        ),
        (
            scan.merged,
            scan.merged_count,
            "合并单元格：合并区域只有左上角有值，请取消合并并在每个单元格填写。",
            "merged cells: only the top-left cell of a merge holds a value; unmerge and fill "
            "in each cell.",
        ),
    )
    out: list[Problem] = []
    for refs, count, zh, en in kinds:
        for ref in refs:
            cell, _, value = ref.partition("=")
            row, col = _located(cell)
            out.append(
                Problem(row, col, value or cell, f"单元格 {cell}：{zh}", f"cell {cell}: {en}")
            )
        if count > len(refs):
            out.append(
                Problem(
                    None,
                    None,
                    None,
                    f"工作表“{sheet}”中同类问题另有 {count - len(refs)} 处：{zh}",
                    f"{count - len(refs)} more such cells in sheet '{sheet}': {en}",
                )
            )
    return out
