"""Read a member-enterprise file or a batch file (CSV in any encoding people save, or a workbook).

`read_table` is the one table reader of member files and batch files: size and emptiness,
then `csv_table.read_text` for text, or for a workbook `excel.read_workbook` (look before reading,
and the sheet a person would mean). `read_member_file` turns that into a `MemberTable` with
canonical columns (cell checks: `checks`), or raises `DataFileError` listing every problem found;
it never returns a partial table, and only the parsers' own exception types become messages.
"""

from __future__ import annotations

import functools
import mmap
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
import pyarrow as pa

from assessment.errors import DataFileError, Problem
from assessment.limits import (  # MAX_UPLOAD_BYTES re-exported: ingest.MAX_UPLOAD_BYTES is public
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
)
from assessment.members.checks import build_table
from assessment.members.csv_table import read_text
from assessment.members.excel import is_excel, other_sheets_hint, read_workbook
from assessment.members.table import READER_ERRORS, RawSheet
from assessment.members.table import file_error as _fail

if TYPE_CHECKING:
    import pandas as pd

    from assessment.engine.policy import Policy

T = TypeVar("T")

__all__ = [
    "MAX_UPLOAD_BYTES",
    "MemberTable",
    "read_member_file",
    "read_table",
]

_CONTENT = re.compile(rb"[^ \t\r\n\x00\xef\xbb\xbf\xff\xfe]")  # a byte other than blank or BOM


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
    except READER_ERRORS as exc:  # the parser's verdict on the bytes
        raise _fail(
            f"无法读取该文件（{type(exc).__name__}），请确认它是 CSV 或 Excel 表格。",
            f"Cannot read this file ({type(exc).__name__}); is it a CSV or Excel sheet?",
        ) from exc


def read_member_file(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    policies: tuple[Policy, ...] | None = None,
) -> MemberTable:
    """Validate uploaded member data; raise `DataFileError` with every problem, never else.

    `data` may also be a read-only `mmap` of the file (the command line maps it rather than
    copying 100 MB into memory); other bytes-like objects are copied to bytes first. `policies`:
    whose titles count only in the leading industry (None: the files in `policies/`).
    """
    whole = data if isinstance(data, (bytes, mmap.mmap)) else bytes(data)
    return _guarded(_read, whole, filename or "", sheet, policies)


def _read(
    data: bytes, filename: str, sheet: str | None, policies: tuple[Policy, ...] | None
) -> MemberTable:
    raw = _read_table(data, filename, sheet, True)
    try:
        checked = build_table(raw, policies)
    except DataFileError as exc:
        if raw.encoding == "xlsx":
            exc.problems.extend(other_sheets_hint(bytes(data), raw.sheet, exc.problems))
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
    before parsing it (`excel.read_workbook`) and picks the sheet a person would: the one named, else
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
    return read_workbook(data, sheet, members)
