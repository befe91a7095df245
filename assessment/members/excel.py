"""Read an Excel workbook's sheet for the table reader, and choose the sheet a person would mean.

`read_workbook` looks at the workbook first (`workbook.inspect`: limits, hidden sheets, formulas
without values, error and merged cells), picks the sheet, and reads it with calamine through
pandas (imported only when a workbook is read): number cells stay numbers in the money and count
columns, every other cell becomes its text. `sheet_names` and `member_sheet` give the page its
sheet choice; `other_sheets_hint` names the other sheets when the one read lacks the member
columns.
"""

from __future__ import annotations

import dataclasses
import io
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from assessment.errors import DataFileError, Problem
from assessment.limits import MAX_SHOWN_CHARS
from assessment.members import workbook
from assessment.members.columns import COLUMNS, match_header
from assessment.members.table import READER_ERRORS, RawSheet, column_number
from assessment.members.table import file_error as _fail

if TYPE_CHECKING:
    import mmap

    import pandas as pd

__all__ = ["is_excel", "member_sheet", "other_sheets_hint", "read_workbook", "sheet_names"]

_EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def read_workbook(data: bytes | mmap.mmap, sheet: str | None, members: bool) -> RawSheet:
    """A workbook's sheet as the reader hands it over, looked at (`workbook.inspect`) before parsing.

    The sheet read is the one named, else (`members`) the first visible sheet whose header names
    the member columns, else the visible sheet Excel opens on. A hidden sheet is read only when
    named; skipping one is a notice. Formulas without values, error and merged cells become the
    sheet's problems, named by the column's header where it has one.
    """
    whole = bytes(data)
    book = workbook.inspect(whole)
    notices: list[Problem] = []
    if book.sheets and sheet is None:  # .xlsx (an old .xls has no directory to look at)
        sheet, notices = _visible_sheet(whole, book, members)
    raw = _read_excel(whole, sheet)
    info = book.sheet(raw.sheet) if raw.sheet is not None else None
    return dataclasses.replace(
        raw,
        notices=notices,
        sheet_problems=[_with_header(p, raw.header) for p in info.problems] if info else [],
    )


def _visible_sheet(data: bytes, book: workbook.Book, members: bool) -> tuple[str, list[Problem]]:
    """The sheet a person would mean, and a notice for every hidden sheet not read."""
    visible = book.visible()
    if not visible:
        raise _fail(
            "工作簿中没有可见的工作表；请在 Excel 中取消隐藏要上传的工作表。",
            "The workbook has no visible sheet; unhide the sheet to upload in Excel.",
        )
    chosen = (_member_sheet_of(data, book) if members else None) or visible[0].name
    hidden = [_cut(s.name) for s in book.sheets if not s.visible]
    if not hidden:
        return chosen, []
    notice = Problem(
        None,
        None,
        None,
        f"已跳过隐藏的工作表：{'、'.join(hidden)}（如需读取，请指明工作表名称）。",
        f"Hidden sheet(s) skipped: {', '.join(hidden)} (name the sheet to read it).",
    )
    return chosen, [notice]


def _with_header(problem: Problem, header: list[str]) -> Problem:
    """A sheet problem located by column letter, renamed by the column's header where it has one."""
    letters = (problem.column or "").removesuffix("列")
    pos = column_number(letters) - 1 if letters.isalpha() else -1
    if 0 <= pos < len(header) and header[pos].strip() and problem.row != 1:
        return dataclasses.replace(problem, column=_cut(header[pos].strip()))
    return problem


def _cut(text: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """A value echoed in a message, cut to about 50 characters."""
    s = str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _read_excel(data: bytes, sheet: str | None) -> RawSheet:
    import pandas as pd  # noqa: PLC0415 (only workbooks need it)

    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="calamine")
    except (*READER_ERRORS, ValueError):  # (pandas: ValueError for an unknown format)
        raise _fail(
            "这不是可读取的 Excel 表格（文件可能已损坏，或是 Word 等其他文件）。",
            "This is not a readable Excel workbook (damaged, or another kind of file).",
        ) from None
    names = [str(n) for n in book.sheet_names]
    if not names:
        raise _fail("Excel 文件中没有工作表。", "The workbook has no sheet.")
    if sheet is not None and sheet not in names:
        listed = "、".join(_cut(n) for n in names)
        raise _fail(
            f"找不到名为“{_cut(sheet)}”的工作表；文件中的工作表有：{listed}。",
            f"No sheet named '{_cut(sheet)}'; the workbook has: {', '.join(_cut(n) for n in names)}.",
            _cut(sheet),
        )
    chosen = sheet if sheet is not None else names[0]
    frame = pd.read_excel(book, sheet_name=chosen, header=None)
    if frame.empty:
        raise _fail(f"工作表“{_cut(chosen)}”是空的。", f"Sheet '{_cut(chosen)}' is empty.")
    header = [_cell_text(v) for v in frame.iloc[0].tolist()]
    body = frame.iloc[1:]  # the calamine frame starts at row 1 (A1): body row j is sheet row j + 2
    columns = [_excel_column(body.iloc[:, pos], header[pos]) for pos in range(len(header))]
    return RawSheet(header=header, body=columns, encoding="xlsx", sheet=chosen)


def other_sheets_hint(data: bytes, chosen: str | None, problems: list[Problem]) -> list[Problem]:
    """Where the first sheet lacks the required columns, name the workbook's other sheets."""
    if not any("必填列" in p.message_zh for p in problems):
        return []

    others = [n for n in sheet_names(data) if n != chosen]
    if not others:
        return []
    return [
        Problem(
            None,
            None,
            None,
            f"读取的是工作表“{chosen}”；工作簿中还有：{'、'.join(others)}。"
            "如成员企业名单在其他工作表，请选择该工作表（命令行用 --sheet）。",
            f"Sheet '{chosen}' was read; the workbook also has: "
            f"{', '.join(others)}. If the member list is on another sheet, choose it "
            "(--sheet on the command line).",
        )
    ]


def _excel_column(s: pd.Series, header: str) -> pa.Array:
    """Numbers stay numbers in number columns; every other cell becomes its text, encoded."""
    import pandas as pd  # noqa: PLC0415

    spec = match_header(header).spec
    numeric = pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)
    if numeric and spec is not None and spec.kind in ("money", "count"):
        return pa.array(s.to_numpy(dtype=np.float64, na_value=np.nan), from_pandas=True)
    codes, uniques = pd.factorize(s)
    texts = [_cell_text(u) for u in uniques]
    return pa.DictionaryArray.from_arrays(
        pa.array(codes, mask=codes < 0, type=pa.int32()), pa.array(texts, pa.string())
    )


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_excel(data: bytes) -> bool:
    """Whether the bytes are an Excel workbook (by content, whatever the file is called)."""
    return data[:8].startswith(_EXCEL_MAGIC)


def sheet_names(data: bytes) -> list[str]:
    """The sheets of an Excel workbook, in order; [] for a text file or an unreadable workbook.

    Read from the workbook's directory after `workbook.inspect`, so a hostile file is refused
    here too (as []) rather than parsed.
    """
    if not is_excel(data):
        return []
    try:
        book = workbook.inspect(bytes(data))
    except DataFileError:  # an unreadable workbook is reported when it is read
        return []
    if book.sheets:
        return book.names()
    import pandas as pd  # noqa: PLC0415 (only an old .xls gets here)

    try:
        return [str(n) for n in pd.ExcelFile(io.BytesIO(data), engine="calamine").sheet_names]
    except (*READER_ERRORS, ValueError):  # an unreadable workbook is reported when read
        return []


def member_sheet(data: bytes) -> str | None:
    """The visible sheet to read: the first whose header names every required member column.

    A cluster office's workbook often opens with a notes sheet; the member list is found
    wherever its header is, among the sheets a person sees (the active one first). A hidden sheet
    is never chosen. None: the bytes are not a workbook, or it is refused on inspection.
    """
    if not is_excel(data):
        return None
    whole = bytes(data)
    try:
        book = workbook.inspect(whole)
    except DataFileError:  # reported when it is read
        return None
    if not book.sheets:
        return None
    visible = book.visible()
    return _member_sheet_of(whole, book) or (visible[0].name if visible else None)


def _member_sheet_of(data: bytes, book: workbook.Book) -> str | None:
    """The first visible sheet (active first) whose header names every required column."""
    visible = book.visible()
    if len(visible) < 2:
        return visible[0].name if visible else None
    import pandas as pd  # noqa: PLC0415 (only workbooks need it)

    try:
        excel = pd.ExcelFile(io.BytesIO(data), engine="calamine")  # opened once for every sheet
    except (*READER_ERRORS, ValueError):  # an unreadable workbook is reported when read
        return None
    required = {spec.key for spec in COLUMNS if spec.required}
    for info in visible:
        try:
            head = pd.read_excel(excel, sheet_name=info.name, header=None, nrows=1)
        except (*READER_ERRORS, ValueError):  # an odd sheet: skipped, reported if read
            continue
        if head.empty:
            continue
        found = {
            m.spec.key
            for m in (match_header(_cell_text(v)) for v in head.iloc[0])
            if m.spec is not None
        }
        if required <= found:
            return info.name
    return None
