"""General xlsx helpers (openpyxl): text cells that never run as formulas, header and body styles,
fills from the one vocabulary, A4 print set-up. The Excel report and the batch file use them."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessment.exports.text_cells import FORMULA_STARTS, is_formula_like
from assessment.present.vocabulary import STATUS_TINT, VERDICT_TINT

__all__ = [
    "BORDER_RGB",
    "FORMULA_STARTS",
    "HEADER_FILL",
    "HEAD_FONT_RGB",
    "PAGE_FOOTER",
    "PAGE_MARGINS",
    "PAGE_SETUP",
    "STATUS_FILL",
    "VERDICT_FILL",
    "fill",
    "header_cell",
    "is_formula_like",
    "print_setup",
    "put",
    "sheet_title",
    "style_body",
    "style_header",
    "text_cell",
    "workbook_bytes",
    "write_rows",
]

# the vocabulary's light tints, as openpyxl wants them (no "#"); the mark carries the meaning too
STATUS_FILL = {s: c.lstrip("#").upper() for s, c in STATUS_TINT.items()}
VERDICT_FILL = {v: c.lstrip("#").upper() for v, c in VERDICT_TINT.items()}
HEADER_FILL = "37474F"
HEAD_FONT_RGB = "FFFFFF"  # header text: white bold on HEADER_FILL
BORDER_RGB = "B0BEC5"  # thin cell borders
PAGE_MARGINS = {"left": 0.4, "right": 0.4, "top": 0.5, "bottom": 0.5}  # inches, A4 landscape
PAGE_FOOTER = "&P / &N"  # centred: page / pages
# A4 (paper size 9) landscape, one page wide and as many pages tall as needed
PAGE_SETUP = {"orientation": "landscape", "paperSize": 9, "fitToHeight": 0, "fitToWidth": 1}

_THIN = Side(style="thin", color=BORDER_RGB)
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD_FONT = Font(bold=True, color=HEAD_FONT_RGB)


def put(ws: Worksheet, row: int, col: int, value: Any) -> Cell:
    """Write one cell; every string is stored as text, never parsed as a formula."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if is_formula_like(value):
            cell.quotePrefix = True  # and Excel keeps it text even after the cell is edited
    else:
        cell.value = value
    return cell


def text_cell(ws: Worksheet, value: str) -> WriteOnlyCell:
    """A text cell for write-only sheets, stored as a string even when it looks like a formula."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True
    return cell


def header_cell(ws: Worksheet, value: str) -> WriteOnlyCell:
    """A header cell for write-only sheets: white bold text on dark grey."""
    cell = text_cell(ws, value)
    cell.font = HEAD_FONT
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    cell.border = BORDER
    return cell


def write_rows(ws: Worksheet, rows: Iterable[Sequence[Any]], start_row: int = 1) -> int:
    """Write rows from `start_row`; return the next free row."""
    r = start_row
    for row in rows:
        for c, v in enumerate(row, start=1):
            put(ws, r, c, v)
        r += 1
    return r


def style_header(ws: Worksheet, row: int, ncols: int) -> None:
    """Dark header row with white bold text."""
    for c in range(1, ncols + 1):
        cell = ws.cell(row=row, column=c)
        cell.font = HEAD_FONT
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BORDER


def style_body(ws: Worksheet, first: int, last: int, ncols: int) -> None:
    """Thin borders and wrapped text on a block of rows."""
    for r in range(first, last + 1):
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = BORDER
            cell.alignment = WRAP


def fill(cell: Cell, rgb: str) -> None:
    """A solid background colour."""
    cell.fill = PatternFill("solid", fgColor=rgb)


def print_setup(
    ws: Worksheet, header_row: int, widths: Sequence[float], freeze: str | None = None
) -> None:
    """A4 landscape, fit to one page wide, header row repeated, panes frozen below the header."""
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    for key, value in PAGE_SETUP.items():
        setattr(ws.page_setup, key, value)
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    for side, inches in PAGE_MARGINS.items():
        setattr(ws.page_margins, side, inches)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = freeze or f"A{header_row + 1}"
    ws.oddFooter.center.text = PAGE_FOOTER


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sheet_title(text: str) -> str:
    """A legal, unique-enough sheet title (Excel: at most 31 characters, no []:*?/\\)."""
    bad = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
    return text.translate(bad).strip()[:31] or "Sheet"
