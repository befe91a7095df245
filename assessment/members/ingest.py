"""Read a member-enterprise file or a batch file (CSV in any encoding people save, or a workbook).

`read_table` is the one table reader of member files and batch files: size and emptiness,
then `csv_table.read_text` for text, or for a workbook `workbook.inspect` (look before reading)
and the sheet a person would mean. `read_member_file` turns that into a `MemberTable` with
canonical columns (cell checks: `checks`), or raises `DataFileError` listing every problem found;
it never returns a partial table, and only the parsers' own exception types become messages.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import mmap
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pyarrow as pa
import python_calamine

from assessment.errors import DataFileError, Problem
from assessment.limits import (  # MAX_UPLOAD_BYTES re-exported: ingest.MAX_UPLOAD_BYTES is public
    MAX_ROWS,
    MAX_SHOWN_CHARS,
    MAX_UPLOAD_BYTES,
)
from assessment.members import workbook
from assessment.members.checks import build_table
from assessment.members.columns import COLUMNS, match_header
from assessment.members.csv_table import read_text
from assessment.members.table import RawSheet, column_number

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

__all__ = [
    "MAX_UPLOAD_BYTES",
    "MemberTable",
    "is_excel",
    "member_sheet",
    "read_member_file",
    "read_table",
    "sheet_names",
]

_CONTENT = re.compile(rb"[^ \t\r\n\x00\xef\xbb\xbf\xff\xfe]")  # a byte other than blank or BOM
_EXCEL_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


@dataclass(frozen=True, eq=False)
class MemberTable:
    """A validated member file: one row per enterprise, known by its row in the spreadsheet.

    `columns` holds the canonical English columns of CONTRACT.md section 4 (per-year columns as
    `output_2024`, ...) as the aggregation reads them: yes/no columns as bool arrays, money in 万元
    as float64, counts as int64, names and credit codes as Arrow strings, `titles` as an Arrow
    dictionary array of the sorted title keys joined by ";" ("" for none). `row_numbers` gives the
    spreadsheet row of each enterprise. `frame` is the same table as a pandas DataFrame indexed by
    row, built (and pandas imported) only when asked for.
    """

    columns: Mapping[str, np.ndarray | pa.Array | pa.ChunkedArray]
    row_numbers: np.ndarray
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", "utf-16", ..., or "xlsx"
    source_columns: Mapping[str, str]  # canonical column -> the header as written in the file
    years: Mapping[str, tuple[int, ...]]  # "output" / "rd_expense" / "invention_patents" -> years
    ignored_columns: tuple[str, ...] = ()
    sheet: str | None = None
    notices: tuple[
        Problem, ...
    ] = ()  # what the reader did that the user should know (skipped sheets)

    @property
    def rows(self) -> int:
        """How many enterprises the file lists."""
        return len(self.row_numbers)

    def has(self, column: str) -> bool:
        """Whether the file has this canonical column."""
        return column in self.columns

    def header(self, column: str) -> str:
        """The header the user wrote for a canonical column."""
        return self.source_columns.get(column, column)

    @functools.cached_property
    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame: text columns as str, flags bool, money float, counts int."""
        import pandas as pd  # noqa: PLC0415 (the aggregation itself never needs pandas)

        text = pd.StringDtype(na_value=np.nan)
        data: dict[str, object] = {}
        for name, values in self.columns.items():
            if isinstance(values, pa.DictionaryArray):
                combos = np.array(values.dictionary.to_pylist(), dtype=object)
                data[name] = pd.array(combos[np.asarray(values.indices)], dtype=text)
            elif isinstance(values, (pa.Array, pa.ChunkedArray)):
                data[name] = pd.array(values.to_pylist(), dtype=text)
            else:
                data[name] = values
        return pd.DataFrame(data, index=pd.Index(self.row_numbers, name="row"))


# What the readers raise on bytes they cannot parse (Arrow, calamine, zip, codecs, csv). Nothing
# else is caught: an error of our own (KeyError, TypeError, ...) is a bug and must show as one.
_READER_ERRORS = (
    pa.ArrowException,
    python_calamine.CalamineError,
    csv.Error,
    UnicodeError,
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    OverflowError,
)


def _fail(zh: str, en: str, value: str | None = None) -> DataFileError:
    return DataFileError([Problem(None, None, value, zh, en)])


def _guarded(read: Callable[..., T], *args: object) -> T:
    """Run a reader: its own errors and the parsers' verdicts on the bytes become messages."""
    try:
        return read(*args)
    except DataFileError:
        raise
    except (MemoryError, RecursionError):
        raise _fail(
            "文件过大或过于复杂，无法读取。", "The file is too large or complex to read."
        ) from None
    except _READER_ERRORS as exc:  # the parser's verdict on the bytes
        raise _fail(
            f"无法读取该文件（{type(exc).__name__}），请确认它是 CSV 或 Excel 表格。",
            f"Cannot read this file ({type(exc).__name__}); is it a CSV or Excel sheet?",
        ) from exc


def read_member_file(data: bytes, filename: str, sheet: str | None = None) -> MemberTable:
    """Validate uploaded member data; raise `DataFileError` with every problem, never else.

    `data` may also be a read-only `mmap` of the file (the command line maps it rather than
    copying 100 MB into memory); other bytes-like objects are copied to bytes first.
    """
    whole = data if isinstance(data, (bytes, mmap.mmap)) else bytes(data)
    return _guarded(_read, whole, filename or "", sheet)


def _read(data: bytes, filename: str, sheet: str | None) -> MemberTable:
    raw = _read_table(data, filename, sheet, True)
    try:
        checked = build_table(raw)
    except DataFileError as exc:
        if raw.encoding == "xlsx":
            exc.problems.extend(_other_sheets_hint(bytes(data), raw.sheet, exc.problems))
        exc.problems[:0] = raw.sheet_problems
        raise
    if raw.sheet_problems:
        raise DataFileError(list(raw.sheet_problems))
    return MemberTable(
        columns=checked.columns,
        row_numbers=checked.rows,
        encoding=raw.encoding,
        sheet=raw.sheet,
        source_columns=checked.source_columns,
        years=checked.years,
        ignored_columns=checked.ignored_columns,
        notices=tuple(raw.notices),
    )


def read_table(
    data: bytes | mmap.mmap, filename: str, sheet: str | None, *, members: bool
) -> RawSheet:
    """The one table reader (see `_read_table`), raising only `DataFileError` for bad bytes."""
    return _guarded(_read_table, data, filename or "", sheet, members)


def _read_table(
    data: bytes | mmap.mmap, filename: str, sheet: str | None, members: bool
) -> RawSheet:
    """The one table reader of member files and batch files: bytes -> header and Arrow columns.

    Checks the size, finds the encoding and separator of a text file, or looks at a workbook
    before parsing it (`workbook.inspect`) and picks the sheet a person would: the one named, else
    (`members`) the first visible sheet whose header names the member columns, else the visible
    sheet Excel opens on. A hidden sheet is read only when named; skipping one is a notice.
    """
    limit_mb = MAX_UPLOAD_BYTES // 1_000_000
    if len(data) > MAX_UPLOAD_BYTES:
        raise _fail(
            f"文件大小 {len(data) / 1e6:.1f} MB，超过上限 {limit_mb} MB（MAX_UPLOAD_BYTES）；"
            "请拆分或删去无关的列后再上传。",
            f"The file is {len(data) / 1e6:.1f} MB, above the {limit_mb} MB limit "
            "(MAX_UPLOAD_BYTES); split it or drop unneeded columns.",
        )
    if not _CONTENT.search(data):  # (no copy of the data, unlike strip())
        raise _fail(
            "文件是空的。请按模板填写表头和企业数据。",
            "The file is empty. Fill in the header and the enterprises as in the template.",
        )
    if not is_excel(data):
        raw = read_text(data, filename)
        rows = len(raw.body[0]) if raw.body else 0
        if rows > MAX_ROWS:
            raise _fail(
                f"文件有 {rows} 行数据，超过上限 {MAX_ROWS} 行（MAX_ROWS）；请拆分后再上传。",
                f"The file has {rows} data rows, above the limit of {MAX_ROWS} (MAX_ROWS); "
                "split it.",
            )
        return raw
    whole = bytes(data)
    book = workbook.inspect(whole)
    notices: list[Problem] = []
    if book.sheets and sheet is None:  # .xlsx (an old .xls has no directory to look at)
        sheet, notices = _visible_sheet(whole, book, members)
    raw = _read_excel(whole, sheet)
    info = book.sheet(raw.sheet) if raw.sheet is not None else None
    return RawSheet(
        header=raw.header,
        body=raw.body,
        encoding=raw.encoding,
        sheet=raw.sheet,
        problems=raw.problems,
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


# ------------------------------------------------------------------ Excel


def _read_excel(data: bytes, sheet: str | None) -> RawSheet:
    import pandas as pd  # noqa: PLC0415 (only workbooks need it)

    try:
        book = pd.ExcelFile(io.BytesIO(data), engine="calamine")
    except (*_READER_ERRORS, ValueError):  # (pandas: ValueError for an unknown format)
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


def _other_sheets_hint(data: bytes, chosen: str | None, problems: list[Problem]) -> list[Problem]:
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
    except (*_READER_ERRORS, ValueError):  # an unreadable workbook is reported when read
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
    except (*_READER_ERRORS, ValueError):  # an unreadable workbook is reported when read
        return None
    required = {spec.key for spec in COLUMNS if spec.required}
    for info in visible:
        try:
            head = pd.read_excel(excel, sheet_name=info.name, header=None, nrows=1)
        except (*_READER_ERRORS, ValueError):  # an odd sheet: skipped, reported if read
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
