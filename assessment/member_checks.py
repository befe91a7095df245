"""Check every cell of a member file at once (vectorised) and collect every problem, in both languages.

The reader (`ingest`) hands over the header and the body as read; this module matches the header
to CONTRACT.md section 4, checks each column by its kind, and returns the canonical frame only when
nothing is wrong. Python-level work happens per distinct value (factorize), never per row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import DataFileError, Problem
from .member_columns import (
    COLUMNS,
    FIRST_YEAR,
    LAST_YEAR,
    LEADING_ONLY_TITLES,
    SPEC,
    TITLE_ZH,
    ColumnSpec,
    match_header,
    parse_flag,
    parse_titles,
)

MAX_DETAILED = 100  # problems listed one by one per column and kind; the rest are summarised
MAX_AMOUNT = 1e9  # no single cell may exceed this (万元, persons or patents): a unit mistake
_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_CODE_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
_CODE_VALUE = np.full(256, 255, dtype=np.uint8)
_CODE_VALUE[np.frombuffer(_CODE_CHARS.encode(), dtype=np.uint8)] = np.arange(31)
_CODE_PATTERN = rf"[{_CODE_CHARS}]{{18}}"
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+")


@dataclass(frozen=True)
class RawSheet:
    """A sheet as read: header cells, and the body with columns 0..n-1 indexed by spreadsheet row."""

    header: list[str]
    body: pd.DataFrame
    encoding: str
    sheet: str | None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Checked:
    """The canonical frame and what was learnt about the header."""

    frame: pd.DataFrame
    source_columns: dict[str, str]
    years: dict[str, tuple[int, ...]]
    ignored_columns: tuple[str, ...]


def _letter(pos: int) -> str:
    """Excel's column letter for a 0-based position (0 -> A, 26 -> AA)."""
    name = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        name = chr(65 + rem) + name
    return name


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)[:100]


class _Report:
    """Collects problems; a mask of bad rows becomes one problem per row (the first 100 of them)."""

    def __init__(self, initial: list[Problem]) -> None:
        self.problems = list(initial)

    def add(self, row: int | None, column: str | None, value: str | None, zh: str, en: str) -> None:
        self.problems.append(Problem(row, column, value, zh, en))

    def rows(self, mask: np.ndarray, s: pd.Series, column: str,
             message: Callable[[str, int], tuple[str, str]]) -> None:
        """One problem per row where `mask` holds; `message(value, row)` gives (zh, en)."""
        where = np.flatnonzero(mask)
        if where.size == 0:
            return
        rows = s.index.to_numpy()[where]
        cells = s.to_numpy()[where[:MAX_DETAILED]]
        for row, cell in zip(rows[:MAX_DETAILED], cells, strict=False):
            zh, en = message(_show(cell), int(row))
            self.add(int(row), column, _show(cell), zh, en)
        rest = rows[MAX_DETAILED:]
        if rest.size:
            listed = "、".join(str(r) for r in rest[:20]) + ("…" if rest.size > 20 else "")
            zh, _ = message(_show(s.to_numpy()[where[MAX_DETAILED]]), int(rest[0]))
            self.add(int(rest[0]), column, None,
                     f"同类问题另有 {rest.size} 行（第 {listed} 行），例如：{zh}",
                     f"{rest.size} more rows have the same kind of problem "
                     f"(rows {listed.replace('、', ', ')}).")

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
            col = raw.body[pos] if pos in raw.body.columns else pd.Series([], dtype="str")
            if _filled(col).any():
                rep.add(1, f"{_letter(pos)}列", None,
                        f"第 {_letter(pos)} 列有数据但没有表头；请补上列名或删除该列。",
                        f"Column {_letter(pos)} has data but no header; name it or delete it.")
            continue
        m = match_header(written)
        if m.spec is None:
            if m.ignorable:
                out.ignored.append(written)
            else:
                rep.add(1, written, written,
                        f"无法识别的列名“{written}”；列名须与模板一致（如“产值_2024”），"
                        "不需要的列请删除。",
                        f"Unknown column '{written}'; headers must match the template "
                        "(e.g. 'output_2024'); delete columns you do not need.")
            continue
        spec = m.spec
        name = spec.key
        if spec.per_year:
            if m.year is None:
                rep.add(1, written, written,
                        f"列“{written}”缺少年份；每年一列，如“{spec.zh}_2024”。",
                        f"Column '{written}' has no year; one column per year, "
                        f"e.g. '{spec.en}_2024'.")
                continue
            if not FIRST_YEAR <= m.year <= LAST_YEAR:
                rep.add(1, written, written,
                        f"列“{written}”中的年份 {m.year} 不是有效年份（{FIRST_YEAR}–{LAST_YEAR}）。",
                        f"Column '{written}': {m.year} is not a valid year "
                        f"({FIRST_YEAR}-{LAST_YEAR}).")
                continue
            name = f"{spec.key}_{m.year}"
        if name in out.positions:
            first = out.written[name]
            rep.add(1, written, written, f"列“{written}”与列“{first}”重复（同一内容只能有一列）。",
                    f"Column '{written}' duplicates column '{first}' (one column per item).")
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
            rep.add(1, spec.zh, None,
                    f"缺少必填列“{spec.zh}”（英文表头 {spec.en}）；表头须在第1行。",
                    f"Required column '{spec.en}' ({spec.zh}) is missing; the header must be in "
                    "row 1.")
    if "output" not in out.years:
        rep.add(1, "产值_YYYY", None,
                "缺少产值列；每年一列，列名带年份，如“产值_2024”（单位：万元）。",
                "No output column; one column per year with the year in its name, "
                "e.g. 'output_2024' (in 万元).")
    for key, years in out.years.items():
        spec = SPEC[key]
        ys = sorted(years)
        missing = sorted(set(range(ys[0], ys[-1] + 1)) - set(ys))
        if missing:
            got = "、".join(map(str, ys))
            gap = "、".join(map(str, missing))
            rep.add(1, spec.zh, got,
                    f"“{spec.zh}”的年份须连续：现有 {got}，缺少 {gap}。",
                    f"The years of '{spec.en}' must be consecutive: got {got.replace('、', ', ')}, "
                    f"missing {gap.replace('、', ', ')}.")


# ------------------------------------------------------------------ cells


def _filled(s: pd.Series) -> np.ndarray:
    """Cells that hold something other than blanks."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes, uniques = _factorize(s)
        blank = np.array([str(u).strip() == "" for u in uniques] + [True])
        return ~blank[codes]
    if s.dtype == "str":
        return (s.notna() & s.ne("")).to_numpy()  # whitespace-only cells are caught per column
    if s.dtype == object:
        return (s.notna() & s.astype("str").str.strip().ne("")).to_numpy()
    return s.notna().to_numpy()


def _factorize(s: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes with -1 for empty, distinct values): free for categorical columns."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.cat.codes.to_numpy(), s.cat.categories
    return pd.factorize(s)


def _as_text(s: pd.Series) -> pd.Series:
    """The cells as text (numbers from Excel without a spurious .0), NaN where empty."""
    if s.dtype == "str":
        return s
    codes, uniques = _factorize(s)
    texts = np.array([_show(u) for u in uniques] + [None], dtype=object)
    return pd.Series(texts[codes], index=s.index, dtype="str")


def _check_text(s: pd.Series, column: str, rep: _Report) -> pd.Series:
    text = _as_text(s)
    empty = (text.isna() | text.eq("") | text.str.isspace()).to_numpy(dtype=bool, na_value=True)
    rep.rows(empty, s, column, lambda v, r: (
        f"“{column}”不能为空；请填写企业全称。", f"'{column}' must not be empty; enter the "
        "enterprise's full name."))
    return text


def _check_code(s: pd.Series, column: str, rep: _Report) -> pd.Series:
    code = _as_text(s)
    present = (code.notna() & code.ne("")).to_numpy(dtype=bool, na_value=False)
    shaped = code.str.fullmatch(_CODE_PATTERN).to_numpy(dtype=bool, na_value=False)
    retry = present & ~shaped
    if retry.any():  # surrounding or inner spaces, lower case, full-width characters
        fixed = (code[retry].str.normalize("NFKC").str.replace(r"\s+", "", regex=True)
                 .str.upper())
        code = code.mask(pd.Series(retry, index=code.index), fixed)
        present = (code.notna() & code.ne("")).to_numpy(dtype=bool, na_value=False)
        shaped = code.str.fullmatch(_CODE_PATTERN).to_numpy(dtype=bool, na_value=False)
    rep.rows(present & ~shaped, s, column, lambda v, r: (
        f"统一社会信用代码“{v}”格式不对：应为 18 位数字或大写字母（不含 I、O、Z、S、V）；"
        "若 Excel 显示为科学计数法，请把该列设为“文本”后重新输入。",
        f"Credit code '{v}' is malformed: expected 18 digits or capital letters (no I, O, Z, S, "
        "V); if Excel shows it in scientific notation, format the column as Text and retype it."))
    expected = np.full(len(code), "", dtype=object)
    wrong = np.zeros(len(code), dtype=bool)
    raw = _code_bytes(code if shaped.all() else code[shaped]) if shaped.any() else None
    if raw is not None:
        values = _CODE_VALUE[raw]
        total = np.zeros(len(values), dtype=np.int64)
        for k, weight in enumerate(_CODE_WEIGHTS):
            total += values[:, k].astype(np.int64) * weight
        check = (31 - total % 31) % 31
        bad = check != values[:, 17]
        idx = np.flatnonzero(shaped)[bad]
        wrong[idx] = True
        expected[idx] = np.array(list(_CODE_CHARS), dtype=object)[check[bad]]
    rep.rows(wrong, s, column, lambda v, r: (
        f"统一社会信用代码“{v}”校验位不符：按 GB 32100 末位应为“{expected[_pos(code, r)]}”，"
        "请核对是否有输错的字符。",
        f"Credit code '{v}' fails the GB 32100 check: the last character should be "
        f"'{expected[_pos(code, r)]}'; check for a mistyped character."))
    dup = _duplicated(code, present, shaped, raw)
    if dup.any():
        sub = code[dup]
        first = pd.Series(sub.index, index=sub.index).groupby(sub.to_numpy()).transform("min")
        later = np.zeros(len(code), dtype=bool)
        later[np.flatnonzero(dup)[(first.to_numpy() != sub.index.to_numpy())]] = True
        rep.rows(later, s, column, lambda v, r: (
            f"统一社会信用代码“{v}”与第 {first.loc[r]} 行重复；每家企业只能出现一次。",
            f"Credit code '{v}' repeats row {first.loc[r]}; each enterprise may appear only once."))
    return code


def _duplicated(code: pd.Series, present: np.ndarray, shaped: np.ndarray,
                raw: np.ndarray | None) -> np.ndarray:
    """Rows whose code occurs more than once (well-formed codes are hashed as integers first)."""
    dup = np.zeros(len(code), dtype=bool)
    if raw is not None:
        head = np.ascontiguousarray(raw[:, :16]).view(np.uint64)
        tail = raw[:, 16].astype(np.uint64) << np.uint64(8) | raw[:, 17]
        key = head[:, 0] * np.uint64(0x9E3779B97F4A7C15) ^ head[:, 1] ^ tail  # may collide
        again = pd.Series(key.view(np.int64)).duplicated(keep=False).to_numpy()
        idx = np.flatnonzero(shaped)[again]
        if idx.size:  # confirm on the text itself
            dup[idx[code.iloc[idx].duplicated(keep=False).to_numpy()]] = True
    loose = np.flatnonzero(present & ~shaped)
    if loose.size:
        dup[loose[code.iloc[loose].duplicated(keep=False).to_numpy()]] = True
    return dup


def _code_bytes(codes: pd.Series) -> np.ndarray:
    """The (n, 18) byte matrix of well-formed codes (18 ASCII bytes each), without a copy."""
    arr = pa.array(codes)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    buffers = arr.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64 if pa.types.is_large_string(arr.type)
                            else np.int32)[arr.offset: arr.offset + len(arr) + 1]
    raw = np.frombuffer(buffers[2], dtype=np.uint8)[offsets[0]: offsets[-1]]
    return raw.reshape(-1, 18)


def _pos(s: pd.Series, row: int) -> int:
    return int(s.index.get_loc(row))


def _check_flag(s: pd.Series, column: str, rep: _Report) -> pd.Series:
    codes, uniques = _factorize(s)
    lut = np.array([_flag_code(u) for u in uniques] + [-1], dtype=np.int8)
    values = lut[codes]
    rep.rows(values < 0, s, column, lambda v, r: (
        (f"“{column}”未填写；应填 是 或 否。", f"'{column}' is empty; enter yes or no.")
        if v.strip() == "" else
        (f"“{v}”不是可识别的是/否；应填 是/否、Y/N、true/false、1/0 或 √/×。",
         f"'{v}' is not a yes/no; enter 是/否, Y/N, true/false, 1/0 or √/×.")))
    return pd.Series(values == 1, index=s.index)


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
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if _NUMBER.fullmatch(text):
        return float(text.replace(",", ""))
    return np.nan


def _check_number(s: pd.Series, column: str, spec: ColumnSpec, rep: _Report) -> pd.Series:
    numeric = pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype)
    if numeric:
        values = s.to_numpy(dtype=np.float64, na_value=np.nan)
        unreadable = np.zeros(len(s), dtype=bool)
    else:
        codes, uniques = pd.factorize(s)
        parsed = np.array([_parse_number(u) for u in uniques] + [np.nan], dtype=np.float64)
        values = parsed[codes]
        unreadable = (codes >= 0) & np.isnan(values)
        blank = np.array([_show(u).strip() == "" for u in uniques] + [True])[codes]
        unreadable &= ~blank
    unit_zh = f"（单位：{spec.unit_zh}）" if spec.unit_zh else ""
    whole = spec.kind == "count"
    expect_zh = "不小于 0 的整数" if whole else "不小于 0 的数字（可带千位分隔符，如 1,234.56）"
    expect_en = "a whole number not below 0" if whole else (
        "a number not below 0 (thousands separators allowed, e.g. 1,234.56)")
    with np.errstate(invalid="ignore"):
        empty = np.isnan(values) & ~unreadable
        unreadable |= np.isinf(values)
        negative = values < 0
        too_big = (values > MAX_AMOUNT) & np.isfinite(values)
        fraction = np.isfinite(values) & (values != np.floor(values)) if whole else None
    rep.rows(empty, s, column, lambda v, r: (
        f"“{column}”未填写；应填{expect_zh}{unit_zh}，没有请填 0。",
        f"'{column}' is empty; enter {expect_en}, or 0 if none."))
    rep.rows(unreadable, s, column, lambda v, r: (
        f"“{v}”不是数字；“{column}”应填{expect_zh}{unit_zh}。",
        f"'{v}' is not a number; '{column}' expects {expect_en}."))
    rep.rows(negative, s, column, lambda v, r: (
        f"“{column}”不能为负数（得到 {v}）；应填{expect_zh}。",
        f"'{column}' cannot be negative (got {v}); expected {expect_en}."))
    rep.rows(too_big, s, column, lambda v, r: (
        f"“{column}”的值 {v} 大得不合常理{unit_zh}；请检查单位。",
        f"'{column}' value {v} is implausibly large ({spec.unit_en}); check the unit."))
    if fraction is not None:
        rep.rows(fraction & ~negative, s, column, lambda v, r: (
            f"“{column}”须为整数（得到 {v}）。", f"'{column}' must be a whole number (got {v})."))
        return pd.Series(np.nan_to_num(values, nan=0.0, posinf=0.0, neginf=0.0).astype(np.int64),
                         index=s.index)
    return pd.Series(values, index=s.index)


def _check_titles(s: pd.Series, column: str, rep: _Report) -> pd.Series:
    codes, uniques = _factorize(s)
    parsed = [parse_titles(_show(u)) for u in uniques]
    keys = np.array([";".join(k) for k, _ in parsed] + [""], dtype=object)[codes]
    unknown = np.array([bool(u) for _, u in parsed] + [False])[codes]
    allowed = "、".join(TITLE_ZH.values())
    words = {_show(u): "、".join(unk) for u, (_, unk) in zip(uniques, parsed, strict=True) if unk}
    rep.rows(unknown, s, column, lambda v, r: (
        f"资质中有无法识别的称号“{words.get(v, v)}”；可填：{allowed}（多个用 ; 或 、 分隔）。",
        f"Unknown title '{words.get(v, v)}'; allowed: national_champions, provincial_champions, "
        "municipal_champions, little_giants, specialized_smes, innovative_smes, "
        "high_tech_enterprises, chain_leaders (or the Chinese names), separated by ; or 、"))
    return pd.Series(keys, index=s.index, dtype="str")


# ------------------------------------------------------------------ the whole table


def build_table(raw: RawSheet) -> Checked:
    """The canonical frame of a sheet, or `DataFileError` with every problem found in it."""
    rep = _Report(raw.problems)
    head = _match_header(raw, rep)
    used = raw.body[[head.positions[n] for n in head.positions if head.positions[n] in raw.body]]
    filled = np.zeros(len(used), dtype=bool)
    for pos in used.columns:
        filled |= _filled(used[pos])
    body = used[filled]
    if not len(body):
        rep.add(None, None, None,
                "文件只有表头，没有企业数据；请从第2行起每行填写一家企业。",
                "The file has a header but no enterprises; enter one enterprise per row from "
                "row 2.")
        raise DataFileError(rep.sorted())
    columns: dict[str, pd.Series] = {}
    for name, pos in head.positions.items():
        if pos not in body.columns:
            continue
        spec = SPEC[name.rsplit("_", 1)[0]] if name not in SPEC else SPEC[name]
        s, written = body[pos], head.written[name]
        if spec.kind == "text":
            columns[name] = _check_text(s, written, rep)
        elif spec.kind == "code":
            columns[name] = _check_code(s, written, rep)
        elif spec.kind == "flag":
            columns[name] = _check_flag(s, written, rep)
        elif spec.kind == "titles":
            columns[name] = _check_titles(s, written, rep)
        else:
            columns[name] = _check_number(s, written, spec, rep)
    if "titles" in columns and "in_leading_industry" not in columns:
        leading = columns["titles"].str.contains("|".join(LEADING_ONLY_TITLES), regex=True)
        if leading.fillna(False).any():
            rep.add(1, head.written["titles"], None,
                    "资质中有单项冠军或小巨人，但缺少“是否属于主导产业”列；这两类只在主导产业企业中"
                    "计数，请补上该列。",
                    "Titles include champions or little giants but there is no "
                    "'in_leading_industry' column; they count only in the leading industry, so "
                    "add that column.")
    if rep.problems:
        raise DataFileError(rep.sorted())
    order = [name for spec in COLUMNS for name in _names(spec, head)]
    frame = pd.DataFrame({name: columns[name] for name in order if name in columns}, copy=False)
    frame.index = frame.index.rename("row")
    return Checked(frame=frame, source_columns={n: head.written[n] for n in frame.columns},
                   years={k: tuple(sorted(v)) for k, v in head.years.items()},
                   ignored_columns=tuple(head.ignored))


def _names(spec: ColumnSpec, head: _Header) -> list[str]:
    if not spec.per_year:
        return [spec.key]
    return [f"{spec.key}_{y}" for y in sorted(head.years.get(spec.key, []))]
