"""Check the money and count columns of a member file: every cell a number in range, or a problem.

A clean column (Arrow read it as int64 or float64, no blanks, every value from 0 to `MAX_AMOUNT`)
costs one range test over its buffer and is returned as read. Otherwise each distinct text is
parsed once (thousands separators, full-width digits: `columns.parse_number`) and every bad cell
is reported by kind: empty, not a number, too large to represent, negative, implausibly large, or
(for counts) not whole.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from assessment.members.arrow_cells import chunks_of, factorize_cells, numbers_of, valid_mask
from assessment.members.columns import ColumnSpec, parse_number
from assessment.members.table import Cells, Report, shown_value

__all__ = ["MAX_AMOUNT", "check_number"]

MAX_AMOUNT = 1e9  # no single cell may exceed this (万元, persons or patents): a unit mistake


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
    for chunk in chunks_of(cells):
        t = chunk.type
        if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_null(t):
            numbers = numbers_of(chunk)
            values.append(numbers)
            # "NaN" written in a cell reads as a float NaN: a value that is not a number, not a blank
            written_nan = np.zeros(len(chunk), dtype=bool)
            if pa.types.is_floating(t):
                written_nan = valid_mask(chunk) & np.isnan(numbers)
            unreadable.append(written_nan)
            continue
        codes, uniques = factorize_cells(chunk)  # numbers written as text: parsed once per value
        parsed = np.array([_parse_number(u) for u in uniques] + [np.nan], dtype=np.float64)
        blank = np.array([shown_value(u).strip() == "" for u in uniques] + [True])
        values.append(parsed[codes])
        unreadable.append(np.isnan(parsed[codes]) & ~blank[codes])
    if not values:
        return np.zeros(0), np.zeros(0, dtype=bool)
    return np.concatenate(values), np.concatenate(unreadable)


def check_number(cells: Cells, column: str, spec: ColumnSpec, rep: Report) -> np.ndarray:
    whole = spec.kind == "count"
    chunks = chunks_of(cells)
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
        values = np.concatenate([numbers_of(c) for c in chunks])
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
            f"“{v or 'NaN'}”不是数字；“{column}”应填{expect_zh}{unit_zh}。",
            f"'{v or 'NaN'}' is not a number; '{column}' expects {expect_en}.",
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
