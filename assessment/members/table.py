"""A sheet as the reader hands it over, the checked table, and the collector of problems.

Beside them: what the parsers raise on bad bytes (`READER_ERRORS`), a file-level problem
(`file_error`), Excel's column letters and numbers, and a cell as echoed in a message.
"""

from __future__ import annotations

import csv
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import python_calamine

from assessment.errors import DataFileError, Problem
from assessment.limits import MAX_PROBLEMS, MAX_SHOWN_CHARS

__all__ = [
    "MAX_DETAILED",
    "READER_ERRORS",
    "Cells",
    "Checked",
    "RawSheet",
    "Report",
    "cell_value",
    "column_letter",
    "column_number",
    "file_error",
    "shown_value",
]

MAX_DETAILED = MAX_PROBLEMS  # problems listed one by one per column and kind; the rest counted

Cells = pa.Array | pa.ChunkedArray

# What the readers raise on bytes they cannot parse (Arrow, calamine, zip, codecs, csv). Nothing
# else is caught: an error of our own (KeyError, TypeError, ...) is a bug and must show as one.
READER_ERRORS = (
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


@dataclass(frozen=True)
class RawSheet:
    """A sheet as read: header cells, and one Arrow column per header cell (row j = sheet row j+2)."""

    header: list[str]
    body: list[Cells]
    encoding: str
    sheet: str | None
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # not problems: what the reader skipped
    sheet_problems: list[Problem] = field(default_factory=list)  # formulas, errors, merges seen


@dataclass(frozen=True)
class Checked:
    """The canonical columns, the sheet row of each enterprise, and what was learnt of the header.

    Flags are bool arrays, money float64 (万元), counts int64, names and codes Arrow strings, and
    titles an Arrow dictionary array whose values are the sorted title keys joined by ";".
    """

    columns: dict[str, np.ndarray | pa.Array]
    rows: np.ndarray
    source_columns: dict[str, str]
    years: dict[str, tuple[int, ...]]
    ignored_columns: tuple[str, ...]


def column_letter(pos: int) -> str:
    """Excel's column letter for a 0-based position (0 -> A, 26 -> AA)."""
    name = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        name = chr(65 + rem) + name
    return name


def column_number(letters: str) -> int:
    """Excel's column letters as a 1-based number (A -> 1, AA -> 27, XFD -> 16384)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def shown_value(value: object) -> str:
    """A cell as echoed in a message: cut to about MAX_SHOWN_CHARS characters."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer() and abs(value) < 1e18:
        return str(int(value))
    text = str(value)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def cell_value(cells: Cells | np.ndarray, i: int) -> object:
    value = cells[int(i)]
    return value.as_py() if isinstance(value, pa.Scalar) else value


class Report:
    """Collects problems; a mask of bad rows becomes one problem per row (the first 100 of them)."""

    def __init__(self, initial: list[Problem], rows: np.ndarray | None = None) -> None:
        self.problems = list(initial)
        self.sheet_rows = rows if rows is not None else np.zeros(0, dtype=np.int64)

    def add(self, row: int | None, column: str | None, value: str | None, zh: str, en: str) -> None:
        self.problems.append(Problem(row, column, value, zh, en))

    def rows(
        self,
        mask: np.ndarray,
        cells: Cells | np.ndarray,
        column: str,
        message: Callable[[str, int], tuple[str, str]],
    ) -> None:
        """One problem per row where `mask` holds; `message(value, i)` gives (zh, en) for cell i."""
        where = np.flatnonzero(mask)
        if where.size == 0:
            return
        rows = self.sheet_rows[where]
        for i, row in zip(where[:MAX_DETAILED], rows[:MAX_DETAILED], strict=False):
            shown = shown_value(cell_value(cells, i))
            zh, en = message(shown, int(i))
            self.add(int(row), column, shown, zh, en)
        rest = rows[MAX_DETAILED:]
        if rest.size:
            listed = "、".join(str(r) for r in rest[:20]) + ("…" if rest.size > 20 else "")
            i = int(where[MAX_DETAILED])
            zh, _ = message(shown_value(cell_value(cells, i)), i)
            self.add(
                int(rest[0]),
                column,
                None,
                f"同类问题另有 {rest.size} 行（第 {listed} 行），例如：{zh}",
                f"{rest.size} more rows have the same kind of problem "
                f"(rows {listed.replace('、', ', ')}).",
            )

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.row is not None, p.row or 0))


def file_error(zh: str, en: str, value: str | None = None) -> DataFileError:
    """A `DataFileError` with one file-level problem (no row, no column)."""
    return DataFileError([Problem(None, None, value, zh, en)])
