"""Reading a batch file: headers matched to indicator keys, cells to values, problems by row and column."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyarrow as pa

from assessment.engine.indicators import FIELD_ZH
from assessment.engine.names import DECLARATION_KEYS, FIGURE_KEYS, TITLE_KEYS
from assessment.errors import DataFileError, Problem
from assessment.limits import MAX_BATCH_ROWS, MAX_SHOWN_CHARS
from assessment.members.columns import parse_flag, parse_number
from assessment.members.ingest import read_table

__all__ = [
    "BLANK_WORDS",
    "NAME_KEY",
    "YEAR_KEY",
    "BatchSheet",
    "Column",
    "cell_rows",
    "cell_text",
    "columns_of",
    "convert",
    "read_batch",
    "year_header",
]

# ------------------------------------------------------------------ columns

NAME_KEY = "cluster_name"
YEAR_KEY = "output_by_year"
COUNT_KEYS = frozenset({"innovation_platforms", "standards_participated", *TITLE_KEYS})
NUMBER_KEYS = frozenset(k for k in FIGURE_KEYS if k != YEAR_KEY) | COUNT_KEYS
BOOL_KEYS = frozenset(DECLARATION_KEYS)

# other spellings people write, mapped to the key
_ALIASES: dict[str, str] = {
    "名称": NAME_KEY,
    "集群": NAME_KEY,
    "name": NAME_KEY,
    "cluster": NAME_KEY,
    "参与标准制修订": "standards_participated",
    "参与主导产业标准制修订": "standards_participated",
    "创新平台": "innovation_platforms",
    "国家级制造业单项冠军企业": "national_champions",
    "省级制造业单项冠军企业": "provincial_champions",
    "市级制造业单项冠军企业": "municipal_champions",
    "小巨人": "little_giants",
    "专精特新“小巨人”企业": "little_giants",
    "专精特新": "specialized_smes",
    "国家级高新技术企业": "high_tech_enterprises",
    "高新技术企业数": "high_tech_enterprises",
    "无重大事故": "no_major_incidents",
}
_YEAR_RES = (
    re.compile(r"^(?:output|产值|集群产值)[_\-\s]*(\d{4})(?:年)?$"),
    re.compile(r"^(\d{4})\s*年?\s*(?:集群)?产值$"),
)
_BRACKETS = re.compile(r"\s*[（(\[【][^）)\]】]*[）)\]】]\s*$")
BLANK_WORDS = frozenset({"", "-", "—", "nan", "none", "null", "n/a", "na", "未填", "不详"})


def _key_of(header: str) -> tuple[str, str | None] | None:
    """(key, year) for a column header; None when the header names no known indicator."""
    h = _BRACKETS.sub("", str(header).replace("\u3000", " ").strip()).strip()
    low = h.lower()
    for rx in _YEAR_RES:
        m = rx.match(low)
        if m:
            return YEAR_KEY, m.group(1)
    if low in NUMBER_KEYS or low in BOOL_KEYS or low == NAME_KEY:
        return low, None
    for key, zh in FIELD_ZH.items():
        if h == zh:
            return key, None
    if h in _ALIASES or low in _ALIASES:
        return _ALIASES.get(h) or _ALIASES[low], None
    return None


# ------------------------------------------------------------------ reading the file


@dataclass(frozen=True)
class BatchSheet:
    """A batch file as read by the member files' reader: cells as text, and what it found.

    The cells stay in Arrow columns; `part(start, stop)` gives rows as a frame of text, so that a
    big file is turned into Python strings one part at a time (`frame`: the whole file at once).
    """

    names: list[str]  # one per header cell (repeats as 'x.1', blanks 'Unnamed: n')
    body: list[Any]  # the Arrow column under each name
    problems: list[Problem]  # rows the reader could not place, cells that are not values
    notices: list[Problem]  # hidden sheets skipped
    unlisted: int = 0  # cells of those kinds past the ones listed by row

    @property
    def rows(self) -> int:
        """How many rows below the header."""
        return len(self.body[0]) if self.body else 0

    def part(self, start: int, stop: int) -> pd.DataFrame:
        """Rows start..stop-1 (0 = the first row below the header) as one str column per name."""
        return pd.DataFrame(
            {
                name: _texts(column.slice(start, max(stop - start, 0)))
                for name, column in zip(self.names, self.body, strict=True)
            },
            columns=self.names,
            dtype=object,
        )

    def cells(self, start: int, stop: int) -> dict[str, pa.Array | pa.ChunkedArray]:
        """Rows start..stop-1 as the Arrow columns read, by name (no Python object per cell)."""
        return {
            name: column.slice(start, max(stop - start, 0))
            for name, column in zip(self.names, self.body, strict=True)
        }

    def column_empty(self, name: str) -> bool:
        """Whether every cell under `name` is empty."""
        column = self.body[self.names.index(name)]
        return all(cell_text(v) == "" for v in column.to_pylist())


def read_batch(data: bytes, filename: str, sheet: str | None) -> BatchSheet:
    """The file through `ingest.read_table` (the one reader, limits and sheet choice), as text."""
    raw = read_table(data, filename, sheet, members=False)
    rows = len(raw.body[0]) if raw.body else 0
    if rows > MAX_BATCH_ROWS:
        raise DataFileError(
            [
                Problem(
                    None,
                    None,
                    None,
                    f"文件有 {rows} 行，超过批量筛查的上限 {MAX_BATCH_ROWS} 行"
                    "（MAX_BATCH_ROWS）；请拆分成几个文件。",
                    f"The file has {rows} rows, above the batch limit of "
                    f"{MAX_BATCH_ROWS} (MAX_BATCH_ROWS); split it into several files.",
                )
            ]
        )
    names: list[str] = []
    seen: dict[str, int] = {}
    for pos, header in enumerate(raw.header):
        h = header.strip() or f"Unnamed: {pos}"
        if h in seen:
            seen[h] += 1
            h = f"{h}.{seen[h]}"
        else:
            seen[h] = 0
        names.append(h)
    listed = [p for p in raw.sheet_problems if p.row is not None]
    unlisted = len(raw.sheet_problems) - len(listed)
    return BatchSheet(names, list(raw.body), [*raw.problems, *listed], list(raw.notices), unlisted)


def _texts(column: pa.Array | pa.ChunkedArray) -> list[str]:
    """Every cell of an Arrow column as the text a person sees ('' for empty)."""
    return [cell_text(v) for v in column.to_pylist()]


def cell_text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**63:
        return str(int(v))
    return str(v).strip()


def _cut(text: str) -> str:
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def _number(text: str, key: str, header: str, row: int) -> tuple[Any, Problem | None]:
    x = parse_number(text, percent=key.endswith("_pct"))  # the member files' rule
    shown = _cut(text)
    if x is None:
        return None, Problem(
            row,
            header,
            shown,
            f"“{header}”须为数字，得到“{shown}”",
            f"'{header}' must be a number, got '{shown}'",
        )
    if not math.isfinite(x):
        return None, Problem(
            row,
            header,
            shown,
            f"“{header}”须为有限数字，得到“{shown}”",
            f"'{header}' must be a finite number, got '{shown}'",
        )
    if key in COUNT_KEYS:
        if not x.is_integer():
            return None, Problem(
                row,
                header,
                shown,
                f"“{header}”须为整数，得到“{shown}”",
                f"'{header}' must be a whole number, got '{shown}'",
            )
        return int(x), None
    return x, None


def _truth(text: str, header: str, row: int) -> tuple[bool | None, Problem | None]:
    flag = parse_flag(text)  # the same yes/no words as member files
    if flag is not None:
        return flag, None
    shown = _cut(text)
    return None, Problem(
        row,
        header,
        shown,
        f"“{header}”须填 是/否（或留空），得到“{shown}”",
        f"'{header}' must be yes/no (or left empty), got '{shown}'",
    )


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    year: str | None


def columns_of(
    frame: pd.DataFrame, is_empty: Callable[[str], bool] | None = None
) -> tuple[list[Column], list[Problem]]:
    """The known columns and a problem for each other one; `is_empty(header)` (default: read the
    frame) says whether a column without a header holds nothing, to be passed over."""
    cols: list[Column] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None], str] = {}
    for header in frame.columns:
        h = str(header)
        if h.startswith("Unnamed:") and (
            is_empty(h) if is_empty else frame[header].map(cell_text).eq("").all()
        ):
            continue  # an empty column with no header
        found = _key_of(h)
        if found is None:
            problems.append(
                Problem(
                    None,
                    h,
                    None,
                    f"未知的列“{h}”（是否拼写错误？），已忽略；该列数据不会用于判断",
                    f"unknown column '{h}' (a typo?) was ignored: its data are not used",
                )
            )
            continue
        if found in seen:
            problems.append(
                Problem(
                    None,
                    h,
                    None,
                    f"列“{h}”与“{seen[found]}”是同一指标，已忽略后者",
                    f"column '{h}' repeats '{seen[found]}' and was ignored",
                )
            )
            continue
        seen[found] = h
        cols.append(Column(h, found[0], found[1]))
    return cols, problems


def year_header(cols: Sequence[Column], year: str | None) -> str:
    years = [c for c in cols if c.key == YEAR_KEY]
    for c in years:
        if c.year == year:
            return c.header
    return ", ".join(c.header for c in years) or YEAR_KEY


def convert(c: Column, text: str, row: int) -> tuple[Any, Problem | None]:
    """One non-empty cell as the value its column needs."""
    if c.key == NAME_KEY:
        return text, None
    if c.key in BOOL_KEYS:
        return _truth(text, c.header, row)
    return _number(text, c.key, c.header, row)


_BLANK: Any = object()  # a cell with nothing in it (or a word meaning nothing)


def _column_texts(column: pd.Series) -> list[str]:
    """Each cell as trimmed text ('' for a missing cell)."""
    if isinstance(column.dtype, pd.StringDtype):  # a CSV: text already, no missing cell
        return column.str.strip().tolist()
    return column.map(cell_text).tolist()


def cell_rows(
    frame: pd.DataFrame, cols: list[Column], first_row: int = 2
) -> Iterable[tuple[int, dict[str, Any], list[Problem], dict[str, str]]]:
    """(spreadsheet row, indicators dict, cell problems, cells as written) per non-empty row.

    `first_row`: the spreadsheet row of the frame's first row (2 under the header; more for a
    later slice of a file read in parts). Each distinct text of a column is converted once.
    """
    prepared = []
    for c in cols:
        texts = _column_texts(frame[c.header])
        seen: dict[str, Any] = {}
        for t in set(texts):
            if t.lower() in BLANK_WORDS:
                seen[t] = _BLANK
            else:
                v, p = convert(c, t, 0)
                seen[t] = (v, p is not None)
        prepared.append((c, c.key == YEAR_KEY, texts, seen))
    for i in range(len(frame)):
        row = i + first_row
        data: dict[str, Any] = {}
        problems: list[Problem] = []
        raw: dict[str, str] = {}
        for c, is_year, texts, seen in prepared:
            t = texts[i]
            got = seen[t]
            if got is _BLANK:
                continue
            raw[c.header] = t
            v, bad = got
            if bad:  # the message again, now naming the row
                problems.append(convert(c, t, row)[1])
            elif is_year:
                data.setdefault(YEAR_KEY, {})[c.year] = v
            else:
                data[c.key] = v
        if raw:
            yield row, data, problems, raw
