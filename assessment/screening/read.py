"""Reading a batch file: headers matched to indicator keys, cells to values, problems by row and column."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from assessment.engine.indicators import (
    DECLARATION_KEYS,
    FIELD_ZH,
    FIGURE_KEYS,
    TITLE_KEYS,
)
from assessment.errors import DataFileError, Problem
from assessment.members.columns import parse_flag
from assessment.members.ingest import decode_text, is_excel

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
_BLANK_WORDS = frozenset({"", "-", "—", "nan", "none", "null", "n/a", "na", "未填", "不详"})


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


def _delimiter(text: str, name: str) -> str:
    """Comma, unless the header line is clearly tab- or semicolon-separated."""
    head = text.split("\n", 1)[0]
    if name.endswith(".tsv") or head.count("\t") > head.count(","):
        return "\t"
    return ";" if head.count(";") > head.count(",") else ","


def _unreadable(filename: str, exc: Exception) -> DataFileError:
    return DataFileError(
        [
            Problem(
                None,
                None,
                filename,
                f"无法读取该文件（{type(exc).__name__}），请确认它是 CSV 或 Excel 表格",
                f"cannot read this file ({type(exc).__name__}); is it a CSV or Excel sheet?",
            )
        ]
    )


def read_frame(data: bytes, filename: str, sheet: str | None) -> pd.DataFrame:
    """The file as a frame of raw cells (object dtype), header as written."""
    name = filename.lower()
    try:
        if is_excel(data):  # by content, as member files are: a CSV named .xlsx is still read
            try:
                return pd.read_excel(
                    io.BytesIO(data),
                    sheet_name=sheet or 0,
                    engine="calamine",
                    dtype=object,
                    header=0,
                )
            except ValueError as exc:
                if sheet is not None and "not found" in str(exc).lower():
                    raise DataFileError(
                        [
                            Problem(
                                None,
                                None,
                                sheet,
                                f"找不到工作表“{sheet}”",
                                f"no sheet named '{sheet}'",
                            )
                        ]
                    ) from None
                raise
        if not data.strip():
            raise DataFileError(
                [
                    Problem(
                        None,
                        None,
                        None,
                        "文件为空：第1行应为表头",
                        "the file is empty: row 1 should hold the headers",
                    )
                ]
            )
        text = decode_text(data)
        return pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            sep=_delimiter(text, name),
            skipinitialspace=True,
        )
    except DataFileError:
        raise
    except Exception as exc:  # any reader failure is one file-level problem, in words
        raise _unreadable(filename, exc) from None


def read_frames(
    data: bytes, filename: str, sheet: str | None, rows: int = 2000
) -> Iterator[pd.DataFrame]:
    """The file as `read_frame` gives it, in frames of at most `rows` rows.

    A CSV is parsed as it goes (memory for one part at a time, beyond the decoded text); an XLSX
    sheet is read whole, then handed out in parts. The first frame carries the header even when
    the file has no data row.
    """
    if is_excel(data) or not data.strip():
        frame = read_frame(data, filename, sheet)
        for start in range(0, max(len(frame), 1), rows):
            yield frame.iloc[start : start + rows]
        return
    text = decode_text(data)
    sep = _delimiter(text, filename.lower())
    utf8 = text.encode("utf-8")  # a byte buffer: a StringIO would hold four bytes a character
    del text
    try:
        reader = pd.read_csv(
            io.BytesIO(utf8),
            encoding="utf-8",
            dtype=str,
            keep_default_na=False,
            sep=sep,
            skipinitialspace=True,
            chunksize=rows,
        )
        with reader:
            first = True
            for part in reader:
                first = False
                yield part
            if first:  # a header and no data row: still one (empty) frame
                yield read_frame(data, filename, sheet)
    except DataFileError:
        raise
    except Exception as exc:  # any reader failure is one file-level problem, in words
        raise _unreadable(filename, exc) from None


def _cell_text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _number(text: str, key: str, header: str, row: int) -> tuple[Any, Problem | None]:
    t = text.replace(",", "").replace("，", "").replace(" ", "")
    if t.endswith("%") and key.endswith("_pct"):
        t = t[:-1]
    try:
        x = float(t)
    except ValueError:
        return None, Problem(
            row,
            header,
            text,
            f"“{header}”须为数字，得到“{text}”",
            f"'{header}' must be a number, got '{text}'",
        )
    if not math.isfinite(x):
        return None, Problem(
            row,
            header,
            text,
            f"“{header}”须为有限数字，得到“{text}”",
            f"'{header}' must be a finite number, got '{text}'",
        )
    if key in COUNT_KEYS:
        if not x.is_integer():
            return None, Problem(
                row,
                header,
                text,
                f"“{header}”须为整数，得到“{text}”",
                f"'{header}' must be a whole number, got '{text}'",
            )
        return int(x), None
    return x, None


def _truth(text: str, header: str, row: int) -> tuple[bool | None, Problem | None]:
    flag = parse_flag(text)  # the same yes/no words as member files
    if flag is not None:
        return flag, None
    return None, Problem(
        row,
        header,
        text,
        f"“{header}”须填 是/否（或留空），得到“{text}”",
        f"'{header}' must be yes/no (or left empty), got '{text}'",
    )


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    year: str | None


def columns_of(frame: pd.DataFrame) -> tuple[list[Column], list[Problem]]:
    cols: list[Column] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None], str] = {}
    for header in frame.columns:
        h = str(header)
        if h.startswith("Unnamed:") and frame[header].map(_cell_text).eq("").all():
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


def _convert(c: Column, text: str, row: int) -> tuple[Any, Problem | None]:
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
    return column.map(_cell_text).tolist()


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
            if t.lower() in _BLANK_WORDS:
                seen[t] = _BLANK
            else:
                v, p = _convert(c, t, 0)
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
                problems.append(_convert(c, t, row)[1])
            elif is_year:
                data.setdefault(YEAR_KEY, {})[c.year] = v
            else:
                data[c.key] = v
        if raw:
            yield row, data, problems, raw


def row_values(
    frame: pd.DataFrame, cols: list[Column], first_row: int = 2
) -> tuple[list[int], list[dict[str, Any]], list[int]]:
    """The fast path of `cell_rows`: (rows, their values, rows with a cell that did not convert).

    Every non-empty row is in `rows` with the values of its good cells; a row also listed in the
    third list needs `cell_rows` on that row for its messages. Each distinct text of a column is
    converted once, and each row is assembled by one comprehension over its columns.
    """
    n = len(frame)
    keys: list[str] = []
    columns: list[list[Any]] = []
    years: list[tuple[str, list[Any]]] = []
    filled = np.zeros(n, bool)
    bad = np.zeros(n, bool)
    for c in cols:
        texts = _column_texts(frame[c.header])
        seen: dict[str, Any] = {}
        wrong = []
        for t in set(texts):
            if t.lower() in _BLANK_WORDS:
                seen[t] = _BLANK
            else:
                v, p = _convert(c, t, 0)
                seen[t] = _BLANK if p is not None else v
                if p is not None:
                    wrong.append(t)
        blank = [t for t, v in seen.items() if v is _BLANK and t not in wrong]
        as_series = pd.Series(texts, dtype=object)
        filled |= ~as_series.isin(blank).to_numpy()
        if wrong:
            bad |= as_series.isin(wrong).to_numpy()
        values = [seen[t] for t in texts]
        if c.key == YEAR_KEY:
            years.append((c.year or "", values))
        else:
            keys.append(c.key)
            columns.append(values)
    at = np.flatnonzero(filled)
    datas: list[dict[str, Any]] = []
    blank_value = _BLANK
    for i in at.tolist():
        data = {
            k: col[i] for k, col in zip(keys, columns, strict=True) if col[i] is not blank_value
        }
        by_year = {y: col[i] for y, col in years if col[i] is not blank_value}
        if by_year:
            data[YEAR_KEY] = by_year
        datas.append(data)
    return (at + first_row).tolist(), datas, (np.flatnonzero(bad) + first_row).tolist()
