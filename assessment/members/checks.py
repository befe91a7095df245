"""Check every cell of a member file at once (vectorised) and collect every problem, in both languages.

The reader (`ingest`) hands over the header and the body as Arrow columns; this module matches the
header to CONTRACT.md section 4, checks each column by its kind, and returns the canonical columns
only when nothing is wrong. Python-level work happens per distinct value (yes/no words, titles,
numbers written as text) or only for the cells a whole-column check has flagged, never per row of a
good column. A clean column costs a few NumPy passes over its buffers: text lengths and first bytes
from the Arrow offsets, credit codes as an (n, 18) byte matrix, numbers as one range test.
`pyarrow.compute` (and pandas) are imported only off that fast path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from assessment.errors import DataFileError, Problem
from assessment.limits import MAX_NAME_CHARS, MAX_PROBLEMS, MAX_SHOWN_CHARS
from assessment.members.columns import (
    COLUMNS,
    FIRST_YEAR,
    LAST_YEAR,
    LEADING_ONLY_TITLES,
    SPEC,
    TITLE_ZH,
    ColumnSpec,
    match_header,
    parse_flag,
    parse_number,
    parse_titles,
)

MAX_DETAILED = MAX_PROBLEMS  # problems listed one by one per column and kind; the rest counted
MAX_AMOUNT = 1e9  # no single cell may exceed this (万元, persons or patents): a unit mistake
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_CODE_WEIGHTS = np.array(
    [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.uint16
)
_CODE_VALUE = np.full(256, 255, dtype=np.uint8)
_CODE_VALUE[np.frombuffer(_CODE_CHARS.encode(), dtype=np.uint8)] = np.arange(31)
# First UTF-8 bytes of every character str.isspace() accepts: ASCII \t..\r, \x1c..\x1f and space;
# U+0085/U+00A0 (C2), U+1680 (E1), U+2000.. (E2), U+3000 (E3). Only such cells are looked at.
# Control characters no writer (Excel, HTML) accepts; a line break in a cell (Alt+Enter) is fine.
_CONTROL_BYTE = np.zeros(256, dtype=bool)
_CONTROL_BYTE[[*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]] = True
_SPACE_START = np.zeros(256, dtype=bool)
_SPACE_START[[*range(0x09, 0x0E), *range(0x1C, 0x21), 0xC2, 0xE1, 0xE2, 0xE3]] = True

Cells = pa.Array | pa.ChunkedArray


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


def _pc():  # type: ignore[no-untyped-def]
    import pyarrow.compute as pc  # noqa: PLC0415 (only off the fast path: ~60 ms to import)

    return pc


def _letter(pos: int) -> str:
    """Excel's column letter for a 0-based position (0 -> A, 26 -> AA)."""
    name = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        name = chr(65 + rem) + name
    return name


def _show(value: object) -> str:
    """A cell as echoed in a message: cut to about MAX_SHOWN_CHARS characters."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer() and abs(value) < 1e18:
        return str(int(value))
    text = str(value)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 1] + "…"


def _cell(cells: Cells | np.ndarray, i: int) -> object:
    value = cells[int(i)]
    return value.as_py() if isinstance(value, pa.Scalar) else value


class _Report:
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
            shown = _show(_cell(cells, i))
            zh, en = message(shown, int(i))
            self.add(int(row), column, shown, zh, en)
        rest = rows[MAX_DETAILED:]
        if rest.size:
            listed = "、".join(str(r) for r in rest[:20]) + ("…" if rest.size > 20 else "")
            i = int(where[MAX_DETAILED])
            zh, _ = message(_show(_cell(cells, i)), i)
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


# ------------------------------------------------------------------ header


@dataclass
class _Header:
    positions: dict[str, int] = field(default_factory=dict)  # canonical -> position
    written: dict[str, str] = field(default_factory=dict)  # canonical -> header as written
    years: dict[str, list[int]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def _match_header(raw: RawSheet, rep: _Report) -> _Header:
    out = _Header()
    for pos, text in enumerate(raw.header):
        written = text.strip()
        if not written:
            if pos < len(raw.body) and _filled(raw.body[pos]).any():
                rep.add(
                    1,
                    f"{_letter(pos)}列",
                    None,
                    f"第 {_letter(pos)} 列有数据但没有表头；请补上列名或删除该列。",
                    f"Column {_letter(pos)} has data but no header; name it or delete it.",
                )
            continue
        m = match_header(written)
        if m.spec is None:
            if m.ignorable:
                out.ignored.append(written)
            else:
                rep.add(
                    1,
                    written,
                    written,
                    f"无法识别的列名“{written}”；列名须与模板一致（如“产值_2024”），"
                    "不需要的列请删除。",
                    f"Unknown column '{written}'; headers must match the template "
                    "(e.g. 'output_2024'); delete columns you do not need.",
                )
            continue
        spec = m.spec
        name = spec.key
        if spec.per_year:
            if m.year is None:
                rep.add(
                    1,
                    written,
                    written,
                    f"列“{written}”缺少年份；每年一列，如“{spec.zh}_2024”。",
                    f"Column '{written}' has no year; one column per year, e.g. '{spec.en}_2024'.",
                )
                continue
            if not FIRST_YEAR <= m.year <= LAST_YEAR:
                rep.add(
                    1,
                    written,
                    written,
                    f"列“{written}”中的年份 {m.year} 不是有效年份（{FIRST_YEAR}–{LAST_YEAR}）。",
                    f"Column '{written}': {m.year} is not a valid year ({FIRST_YEAR}-{LAST_YEAR}).",
                )
                continue
            name = f"{spec.key}_{m.year}"
        if name in out.positions:
            first = out.written[name]
            rep.add(
                1,
                written,
                written,
                f"列“{written}”与列“{first}”重复（同一内容只能有一列）。",
                f"Column '{written}' duplicates column '{first}' (one column per item).",
            )
            continue
        out.positions[name] = pos
        out.written[name] = written
        if spec.per_year:
            out.years.setdefault(spec.key, []).append(m.year)  # type: ignore[arg-type]
    _check_header(out, rep)
    return out


def _check_header(out: _Header, rep: _Report) -> None:
    for key in ("enterprise_name", "is_sme"):
        if key not in out.positions:
            spec = SPEC[key]
            rep.add(
                1,
                spec.zh,
                None,
                f"缺少必填列“{spec.zh}”（英文表头 {spec.en}）；表头须在第1行。",
                f"Required column '{spec.en}' ({spec.zh}) is missing; the header must be in row 1.",
            )
    if "output" not in out.years:
        rep.add(
            1,
            "产值_YYYY",
            None,
            "缺少产值列；每年一列，列名带年份，如“产值_2024”（单位：万元）。",
            "No output column; one column per year with the year in its name, "
            "e.g. 'output_2024' (in 万元).",
        )
    for key, years in out.years.items():
        spec = SPEC[key]
        ys = sorted(years)
        missing = sorted(set(range(ys[0], ys[-1] + 1)) - set(ys))
        if missing:
            got = "、".join(map(str, ys))
            gap = "、".join(map(str, missing))
            rep.add(
                1,
                spec.zh,
                got,
                f"“{spec.zh}”的年份须连续：现有 {got}，缺少 {gap}。",
                f"The years of '{spec.en}' must be consecutive: got {got.replace('、', ', ')}, "
                f"missing {gap.replace('、', ', ')}.",
            )


# ------------------------------------------------------------------ cells
# ------------------------------------------------------------------ Arrow buffers


def _chunks(cells: Cells) -> list[pa.Array]:
    return list(cells.chunks) if isinstance(cells, pa.ChunkedArray) else [cells]


def _valid(arr: pa.Array) -> np.ndarray:
    """Non-null cells of one Arrow array, read from its validity bitmap."""
    n = len(arr)
    if arr.null_count == 0:
        return np.ones(n, dtype=bool)
    if arr.null_count == n:
        return np.zeros(n, dtype=bool)
    bits = np.unpackbits(np.frombuffer(arr.buffers()[0], dtype=np.uint8), bitorder="little")
    return bits[arr.offset : arr.offset + n].astype(bool)


def _offsets(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(n + 1 offsets, UTF-8 bytes) of a string array, without a copy of the text."""
    buffers = arr.buffers()
    if len(arr) == 0 or buffers[1] is None:
        return np.zeros(len(arr) + 1, dtype=np.int64), np.zeros(0, dtype=np.uint8)
    wide = pa.types.is_large_string(arr.type)
    offsets = np.frombuffer(buffers[1], dtype=np.int64 if wide else np.int32)
    offsets = offsets[arr.offset : arr.offset + len(arr) + 1]
    data = (
        np.frombuffer(buffers[2], dtype=np.uint8)
        if buffers[2] is not None
        else np.zeros(0, dtype=np.uint8)
    )
    return offsets, data


def _as_strings(cells: Cells) -> pa.ChunkedArray:
    """The column as Arrow strings chunk by chunk (dictionaries decoded), null where empty."""
    out = []
    for chunk in _chunks(cells):
        if pa.types.is_dictionary(chunk.type):
            out.append(_pc().take(chunk.dictionary.cast(pa.string()), chunk.indices))
        elif pa.types.is_null(chunk.type):
            out.append(pa.nulls(len(chunk), pa.string()))
        elif not pa.types.is_string(chunk.type):
            out.append(chunk.cast(pa.string()))
        else:
            out.append(chunk)
    return pa.chunked_array(out, pa.string())


def _factorize(cells: Cells) -> tuple[np.ndarray, list[object]]:
    """(codes with -1 for empty, distinct values) over every chunk: free for dictionary columns."""
    index: dict[object, int] = {}
    parts = []
    for part in _chunks(cells):
        if pa.types.is_null(part.type):
            parts.append(np.full(len(part), -1, dtype=np.int64))
            continue
        chunk = part if pa.types.is_dictionary(part.type) else _pc().dictionary_encode(part)
        indices = chunk.indices
        kind = "uint" if pa.types.is_unsigned_integer(indices.type) else "int"
        raw = np.frombuffer(indices.buffers()[1], dtype=f"{kind}{indices.type.bit_width}")
        codes = raw[indices.offset : indices.offset + len(indices)].astype(np.int64)
        values = chunk.dictionary.to_pylist()
        remap = np.array([index.setdefault(v, len(index)) for v in values] + [-1], dtype=np.int64)
        codes = np.where(_valid(indices), codes, len(values))
        parts.append(remap[codes])
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return codes, list(index)


def _numbers(arr: pa.Array) -> np.ndarray:
    """A numeric Arrow array as float64, NaN where empty (from its buffers: `to_numpy` would
    import pandas)."""
    n = len(arr)
    if pa.types.is_null(arr.type) or arr.null_count == n:  # (also when n == 0)
        return np.full(n, np.nan)
    dtype = np.dtype(arr.type.to_pandas_dtype())  # integer or floating: a NumPy type
    raw = np.frombuffer(arr.buffers()[1], dtype=dtype)[arr.offset : arr.offset + n]
    if arr.null_count:
        return np.where(_valid(arr), raw, np.nan)
    return raw.astype(np.float64, copy=False)


def dictionary_codes(arr: pa.DictionaryArray) -> np.ndarray:
    """The int64 codes of a dictionary array without nulls (read from the buffer)."""
    indices = arr.indices
    raw = np.frombuffer(indices.buffers()[1], dtype=indices.type.to_pandas_dtype())
    return raw[indices.offset : indices.offset + len(indices)].astype(np.int64)


def _from_numpy(values: np.ndarray, type_: pa.DataType) -> pa.Array:
    """A null-free Arrow array over a NumPy array's memory (`pa.array` would import pandas)."""
    values = np.ascontiguousarray(values, dtype=type_.to_pandas_dtype())
    return pa.Array.from_buffers(type_, len(values), [None, pa.py_buffer(values)])


def _strings(texts: list[str]) -> pa.Array:
    """A null-free Arrow string array of a few Python strings."""
    encoded = [t.encode() for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.Array.from_buffers(
        pa.string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    )


def _filled(cells: Cells) -> np.ndarray:
    """Cells that hold something other than blanks."""
    parts = []
    for chunk in _chunks(cells):
        t = chunk.type
        if pa.types.is_dictionary(t):
            codes, uniques = _factorize(chunk)
            blank = np.array([_show(u).strip() == "" for u in uniques] + [True])
            parts.append(~blank[codes])
        elif pa.types.is_string(t) or pa.types.is_large_string(t):
            offsets, _ = _offsets(chunk)
            parts.append(_valid(chunk) & (np.diff(offsets) > 0))  # whitespace: caught per column
        elif pa.types.is_floating(t):
            parts.append(~np.isnan(_numbers(chunk)))
        else:
            parts.append(_valid(chunk))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def _take(cells: Cells, keep: np.ndarray) -> Cells:
    return _pc().take(cells, pa.array(keep))


# ------------------------------------------------------------------ cells


def _check_text(cells: Cells, column: str, rep: _Report) -> pa.ChunkedArray:
    text = _as_strings(cells)
    empty = np.concatenate([_blank_text(chunk) for chunk in text.chunks] or [np.zeros(0, bool)])
    rep.rows(
        empty,
        cells,
        column,
        lambda v, i: (
            f"“{column}”不能为空；请填写企业全称。",
            f"'{column}' must not be empty; enter the enterprise's full name.",
        ),
    )
    long, control = [], []
    for chunk in text.chunks:
        too_long, odd = _odd_text(chunk)
        long.append(too_long)
        control.append(odd)
    rep.rows(
        np.concatenate(long or [np.zeros(0, bool)]),
        cells,
        column,
        lambda v, i: (
            f"“{column}”超过 {MAX_NAME_CHARS} 个字符（MAX_NAME_CHARS）；请只填写企业全称。",
            f"'{column}' is longer than {MAX_NAME_CHARS} characters (MAX_NAME_CHARS); enter "
            "only the enterprise's full name.",
        ),
    )
    rep.rows(
        np.concatenate(control or [np.zeros(0, bool)]),
        cells,
        column,
        lambda v, i: (
            f"“{column}”中有不可见的控制字符；请删除后再上传。",
            f"'{column}' holds an invisible control character; delete it and upload again.",
        ),
    )
    return text


def _odd_text(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(too long, holding a control character) per cell, from the Arrow buffers (no str per cell)."""
    offsets, data = _offsets(chunk)
    n = len(chunk)
    long = np.zeros(n, dtype=bool)
    control = np.zeros(n, dtype=bool)
    if not data.size:
        return long, control
    lengths = np.diff(offsets)
    for i in np.flatnonzero(lengths > MAX_NAME_CHARS):  # bytes >= characters: confirm these few
        long[i] = len(chunk[int(i)].as_py() or "") > MAX_NAME_CHARS
    used = data[int(offsets[0]) : int(offsets[-1])]
    odd = np.flatnonzero(_CONTROL_BYTE[used]) + int(offsets[0])
    if odd.size:
        control[np.searchsorted(offsets, odd, side="right") - 1] = True
    return long, control & _valid(chunk)


def _blank_text(chunk: pa.Array) -> np.ndarray:
    """Cells that are empty or only spaces: lengths and first bytes from the Arrow buffers."""
    offsets, data = _offsets(chunk)
    lengths = np.diff(offsets)
    empty = ~_valid(chunk) | (lengths == 0)
    if data.size:  # a cell can be all spaces only if its first byte may start a space
        first = data[np.minimum(offsets[:-1], data.size - 1)]
        for i in np.flatnonzero(~empty & _SPACE_START[first]):
            empty[i] = chunk[int(i)].as_py().isspace()
    return empty


# 18 bytes as three integers, to hash a well-formed code without copying it
_CODE_KEY = np.dtype([("a", "<u8"), ("b", "<u8"), ("c", "<u2")])


@dataclass
class _Codes:
    """What one pass over a column of credit codes found."""

    present: np.ndarray  # a code is filled in
    shaped: np.ndarray  # 18 characters of the code alphabet
    keys: np.ndarray  # a 64-bit hash of each well-formed code (in the order of `shaped`)
    wrong: np.ndarray  # positions whose check character is wrong
    expected: np.ndarray  # the check character each of those should have (0..30)


def _scan_codes(code: pa.ChunkedArray) -> _Codes:
    parts = [_scan_chunk(chunk) for chunk in code.chunks]
    base = np.cumsum([0] + [len(chunk) for chunk in code.chunks])
    join = np.concatenate
    return _Codes(
        present=join([p.present for p in parts] or [np.zeros(0, bool)]),
        shaped=join([p.shaped for p in parts] or [np.zeros(0, bool)]),
        keys=join([p.keys for p in parts] or [np.zeros(0, np.uint64)]),
        wrong=join(
            [p.wrong + b for p, b in zip(parts, base, strict=False)] or [np.zeros(0, np.int64)]
        ),
        expected=join([p.expected for p in parts] or [np.zeros(0, np.uint16)]),
    )


def _scan_chunk(text: pa.Array) -> _Codes:
    offsets, data = _offsets(text)
    lengths = np.diff(offsets)
    present = _valid(text) & (lengths > 0)
    shaped = present & (lengths == 18)
    rows = np.flatnonzero(shaped)
    if rows.size == len(text) and offsets[-1] - offsets[0] == 18 * rows.size:
        matrix = data[offsets[0] : offsets[-1]].reshape(-1, 18)  # every cell a code: no copy
    else:
        matrix = data[offsets[:-1][rows, None] + np.arange(18)]
    values = _CODE_VALUE[matrix]
    if values.size and values.max() >= 31:  # a character outside the code alphabet somewhere
        good = (values < 31).all(axis=1)
        shaped[rows[~good]] = False
        rows, matrix, values = rows[good], matrix[good], values[good]
    total = np.zeros(len(values), dtype=np.uint16)  # at most 17 * 30 * 30: small temporaries
    for k, weight in enumerate(_CODE_WEIGHTS):
        total += values[:, k] * weight
    check = (31 - total % 31) % 31
    bad = np.flatnonzero(check != values[:, 17])
    fields = np.ascontiguousarray(matrix).view(_CODE_KEY)[:, 0]
    keys = fields["a"] * np.uint64(0x9E3779B97F4A7C15) ^ fields["b"] ^ fields["c"]  # may collide
    return _Codes(present, shaped, keys, rows[bad].astype(np.int64), check[bad])


def _check_code(cells: Cells, column: str, rep: _Report) -> pa.ChunkedArray:
    code = _as_strings(cells)
    found = _scan_codes(code)
    retry = np.flatnonzero(found.present & ~found.shaped)
    if retry.size:  # surrounding or inner spaces, lower case, full-width characters
        fixed = [
            re.sub(r"\s+", "", unicodedata.normalize("NFKC", code[int(i)].as_py())).upper()
            for i in retry
        ]
        mask = np.zeros(len(code), dtype=bool)
        mask[retry] = True
        code = pa.chunked_array(
            [_pc().replace_with_mask(code.combine_chunks(), pa.array(mask), _strings(fixed))]
        )
        found = _scan_codes(code)
    rep.rows(
        found.present & ~found.shaped,
        cells,
        column,
        lambda v, i: (
            f"统一社会信用代码“{v}”格式不对：应为 18 位数字或大写字母（不含 I、O、Z、S、V）；"
            "若 Excel 显示为科学计数法，请把该列设为“文本”后重新输入。",
            f"Credit code '{v}' is malformed: expected 18 digits or capital letters (no I, O, Z, S, "
            "V); if Excel shows it in scientific notation, format the column as Text and retype it.",
        ),
    )
    if found.wrong.size:
        wrong = np.zeros(len(code), dtype=bool)
        wrong[found.wrong] = True
        expected = {
            int(i): _CODE_CHARS[c] for i, c in zip(found.wrong, found.expected, strict=True)
        }
        rep.rows(
            wrong,
            cells,
            column,
            lambda v, i: (
                f"统一社会信用代码“{v}”校验位不符：按 GB 32100 末位应为“{expected[i]}”，"
                "请核对是否有输错的字符。",
                f"Credit code '{v}' fails the GB 32100 check: the last character should be "
                f"'{expected[i]}'; check for a mistyped character.",
            ),
        )
    repeats = _repeats(code, found)
    if repeats:
        later = np.zeros(len(code), dtype=bool)
        later[list(repeats)] = True
        first = {i: int(rep.sheet_rows[j]) for i, j in repeats.items()}
        rep.rows(
            later,
            cells,
            column,
            lambda v, i: (
                f"统一社会信用代码“{v}”与第 {first[i]} 行重复；每家企业只能出现一次。",
                f"Credit code '{v}' repeats row {first[i]}; each enterprise may appear only once.",
            ),
        )
    return code


def _repeats(code: pa.ChunkedArray, found: _Codes) -> dict[int, int]:
    """{position of a repeated code: position where it first occurs}.

    Well-formed codes are compared by their 64-bit hashes, sorted; only equal hashes (and the few
    malformed codes) are compared as text.
    """
    candidates = np.flatnonzero(found.present & ~found.shaped)
    if found.keys.size:
        ordered = np.sort(found.keys)
        same = ordered[1:] == ordered[:-1]
        if same.any():
            clash = np.isin(found.keys, ordered[1:][same])
            candidates = np.concatenate([candidates, np.flatnonzero(found.shaped)[clash]])
    seen: dict[str, int] = {}
    first: dict[int, int] = {}
    for i in sorted(int(i) for i in candidates):
        text = code[i].as_py()
        if text in seen:
            first[i] = seen[text]
        else:
            seen[text] = i
    return first


def _flag_values(cells: Cells) -> np.ndarray:
    """1 for yes, 0 for no, -1 for anything else: looked up per chunk in its dictionary."""
    parts = []
    for chunk in _chunks(cells):
        if not pa.types.is_dictionary(chunk.type):
            codes, uniques = _factorize(chunk)
            lut = np.array([_flag_code(u) for u in uniques] + [-1], dtype=np.int8)
            parts.append(lut[codes])
            continue
        indices = chunk.indices
        lut = np.array([_flag_code(u) for u in chunk.dictionary.to_pylist()] + [-1], dtype=np.int8)
        raw = np.frombuffer(indices.buffers()[1], dtype=indices.type.to_pandas_dtype())
        raw = raw[indices.offset : indices.offset + len(indices)]
        if indices.null_count:
            raw = np.where(_valid(indices), raw, len(lut) - 1)
        parts.append(lut[raw])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int8)


def _check_flag(cells: Cells, column: str, rep: _Report) -> np.ndarray:
    values = _flag_values(cells)
    rep.rows(
        values < 0,
        cells,
        column,
        lambda v, i: (
            (f"“{column}”未填写；应填 是 或 否。", f"'{column}' is empty; enter yes or no.")
            if v.strip() == ""
            else (
                f"“{v}”不是可识别的是/否；应填 是/否、Y/N、true/false、1/0 或 √/×。",
                f"'{v}' is not a yes/no; enter 是/否, Y/N, true/false, 1/0 or √/×.",
            )
        ),
    )
    return values == 1


def _flag_code(value: object) -> int:
    if isinstance(value, (bool, np.bool_)):
        return int(bool(value))
    flag = parse_flag(_show(value))
    return -1 if flag is None else int(flag)


def _parse_number(value: object) -> float:
    if isinstance(value, (bool, np.bool_)):
        return np.nan
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    parsed = parse_number(str(value))
    return np.nan if parsed is None else parsed


def _read_numbers(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """(values, unreadable): numbers as float64, NaN where empty or unreadable."""
    values, unreadable = [], []
    for chunk in _chunks(cells):
        t = chunk.type
        if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_null(t):
            values.append(_numbers(chunk))
            unreadable.append(np.zeros(len(chunk), dtype=bool))
            continue
        codes, uniques = _factorize(chunk)  # numbers written as text: parsed once per value
        parsed = np.array([_parse_number(u) for u in uniques] + [np.nan], dtype=np.float64)
        blank = np.array([_show(u).strip() == "" for u in uniques] + [True])
        values.append(parsed[codes])
        unreadable.append(np.isnan(parsed[codes]) & ~blank[codes])
    if not values:
        return np.zeros(0), np.zeros(0, dtype=bool)
    return np.concatenate(values), np.concatenate(unreadable)


def _check_number(cells: Cells, column: str, spec: ColumnSpec, rep: _Report) -> np.ndarray:
    whole = spec.kind == "count"
    chunks = _chunks(cells)
    if chunks and all(pa.types.is_int64(c.type) and not c.null_count for c in chunks):
        ints = np.concatenate(
            [
                np.frombuffer(c.buffers()[1], dtype=np.int64)[c.offset : c.offset + len(c)]
                for c in chunks
            ]
        )
        if ints.min() >= 0 and ints.max() <= MAX_AMOUNT:
            return ints if whole else ints.astype(np.float64)  # as read, all in range
    elif chunks and all(pa.types.is_floating(c.type) and not c.null_count for c in chunks):
        values = np.concatenate([_numbers(c) for c in chunks])
        lo, hi = values.min(), values.max()  # NaN fails the range test
        if lo >= 0 and hi <= MAX_AMOUNT and (not whole or (values == np.floor(values)).all()):
            return values.astype(np.int64) if whole else values
    values, unreadable = _read_numbers(cells)  # something is off: find every bad cell
    unit_zh = f"（单位：{spec.unit_zh}）" if spec.unit_zh else ""
    expect_zh = "不小于 0 的整数" if whole else "不小于 0 的数字（可带千位分隔符，如 1,234.56）"
    expect_en = (
        "a whole number not below 0"
        if whole
        else ("a number not below 0 (thousands separators allowed, e.g. 1,234.56)")
    )
    with np.errstate(invalid="ignore"):
        empty = np.isnan(values) & ~unreadable
        endless = np.isinf(values)  # a number of 309 digits or more, or "inf", as Arrow read it
        negative = values < 0
        too_big = (values > MAX_AMOUNT) & np.isfinite(values)
        fraction = np.isfinite(values) & (values != np.floor(values)) if whole else None
    rep.rows(
        empty,
        cells,
        column,
        lambda v, i: (
            f"“{column}”未填写；应填{expect_zh}{unit_zh}，没有请填 0。",
            f"'{column}' is empty; enter {expect_en}, or 0 if none.",
        ),
    )
    rep.rows(
        unreadable,
        cells,
        column,
        lambda v, i: (
            f"“{v}”不是数字；“{column}”应填{expect_zh}{unit_zh}。",
            f"'{v}' is not a number; '{column}' expects {expect_en}.",
        ),
    )
    rep.rows(
        endless,
        cells,
        column,
        lambda v, i: (
            f"“{column}”中的数字过大（位数过多，超出可表示的范围，或写成了 inf）；"
            f"应填{expect_zh}{unit_zh}。",
            f"'{column}' holds a number too large to represent (too many digits, or 'inf'); "
            f"expected {expect_en}.",
        ),
    )
    rep.rows(
        negative & ~endless,
        cells,
        column,
        lambda v, i: (
            f"“{column}”不能为负数（得到 {v}）；应填{expect_zh}。",
            f"'{column}' cannot be negative (got {v}); expected {expect_en}.",
        ),
    )
    rep.rows(
        too_big,
        cells,
        column,
        lambda v, i: (
            f"“{column}”的值 {v} 大得不合常理{unit_zh}；请检查单位。",
            f"'{column}' value {v} is implausibly large ({spec.unit_en}); check the unit.",
        ),
    )
    if fraction is not None:
        rep.rows(
            fraction & ~negative,
            cells,
            column,
            lambda v, i: (
                f"“{column}”须为整数（得到 {v}）。",
                f"'{column}' must be a whole number (got {v}).",
            ),
        )
        return np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0).astype(np.int64)
    return values


def _check_titles(cells: Cells, column: str, rep: _Report) -> pa.DictionaryArray:
    codes, uniques = _factorize(cells)
    parsed = [parse_titles(_show(u)) for u in uniques]
    combos: dict[str, int] = {"": 0}
    key_of = np.array(
        [combos.setdefault(";".join(k), len(combos)) for k, _ in parsed] + [0], dtype=np.int32
    )
    unknown = np.array([bool(u) for _, u in parsed] + [False])[codes]
    allowed = "、".join(TITLE_ZH.values())
    words = {_show(u): "、".join(unk) for u, (_, unk) in zip(uniques, parsed, strict=True) if unk}
    rep.rows(
        unknown,
        cells,
        column,
        lambda v, i: (
            f"资质中有无法识别的称号“{words.get(v, v)}”；可填：{allowed}（多个用 ; 或 、 分隔）。",
            f"Unknown title '{words.get(v, v)}'; allowed: national_champions, provincial_champions, "
            "municipal_champions, little_giants, specialized_smes, innovative_smes, "
            "high_tech_enterprises, chain_leaders (or the Chinese names), separated by ; or 、",
        ),
    )
    return pa.DictionaryArray.from_arrays(
        _from_numpy(key_of[codes], pa.int32()), _strings(list(combos))
    )


# ------------------------------------------------------------------ the whole table


def build_table(raw: RawSheet) -> Checked:
    """The canonical columns of a sheet, or `DataFileError` with every problem found in it."""
    rep = _Report(raw.problems)
    head = _match_header(raw, rep)
    height = len(raw.body[0]) if raw.body else 0
    used = [pos for pos in head.positions.values() if pos < len(raw.body)]
    filled = np.zeros(height, dtype=bool)
    for pos in used:  # the name column usually settles it: stop once every row has something
        filled |= _filled(raw.body[pos])
        if filled.all():
            break
    if not filled.any():
        rep.add(
            None,
            None,
            None,
            "文件只有表头，没有企业数据；请从第2行起每行填写一家企业。",
            "The file has a header but no enterprises; enter one enterprise per row from row 2.",
        )
        raise DataFileError(rep.sorted())
    rows = np.arange(2, 2 + height, dtype=np.int64)
    keep = None if filled.all() else np.flatnonzero(filled)
    if keep is not None:
        rows = rows[keep]
    rep.sheet_rows = rows
    columns: dict[str, np.ndarray | pa.Array] = {}
    for name, pos in head.positions.items():
        if pos >= len(raw.body):
            continue
        spec = SPEC[name.rsplit("_", 1)[0]] if name not in SPEC else SPEC[name]
        s, written = raw.body[pos], head.written[name]
        if keep is not None:
            s = _take(s, keep)
        columns[name] = _check_column(s, spec, written, rep)
    if "titles" in columns and "in_leading_industry" not in columns:
        titles = columns["titles"]
        held = [set(c.split(";")) for c in titles.dictionary.to_pylist()]  # type: ignore[union-attr]
        used_combos = np.bincount(dictionary_codes(titles), minlength=len(held))  # type: ignore[arg-type]
        if any(n and h & set(LEADING_ONLY_TITLES) for n, h in zip(used_combos, held, strict=True)):
            rep.add(
                1,
                head.written["titles"],
                None,
                "资质中有单项冠军或小巨人，但缺少“是否属于主导产业”列；这两类只在主导产业企业中"
                "计数，请补上该列。",
                "Titles include champions or little giants but there is no "
                "'in_leading_industry' column; they count only in the leading industry, so "
                "add that column.",
            )
    if rep.problems:
        raise DataFileError(rep.sorted())
    order = [name for spec in COLUMNS for name in _names(spec, head)]
    ordered = {name: columns[name] for name in order if name in columns}
    return Checked(
        columns=ordered,
        rows=rows,
        source_columns={n: head.written[n] for n in ordered},
        years={k: tuple(sorted(v)) for k, v in head.years.items()},
        ignored_columns=tuple(head.ignored),
    )


def _check_column(s: Cells, spec: ColumnSpec, written: str, rep: _Report) -> np.ndarray | pa.Array:
    if spec.kind == "text":
        return _check_text(s, written, rep)
    if spec.kind == "code":
        return _check_code(s, written, rep)
    if spec.kind == "flag":
        return _check_flag(s, written, rep)
    if spec.kind == "titles":
        return _check_titles(s, written, rep)
    return _check_number(s, written, spec, rep)


def _names(spec: ColumnSpec, head: _Header) -> list[str]:
    if not spec.per_year:
        return [spec.key]
    return [f"{spec.key}_{y}" for y in sorted(head.years.get(spec.key, []))]
