"""The GB 32100 unified social credit code: 18 characters, the last a check character.

Codes are checked as an (n, 18) byte matrix; repeats are found by sorting the codes as keys.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from assessment.members.arrow_cells import (
    as_strings,
    compute,
    string_array,
    string_offsets,
    valid_mask,
)
from assessment.members.table import Cells, Report

_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_CODE_WEIGHTS = np.array(
    [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28], dtype=np.uint16
)

__all__ = ["check_code", "scan_codes"]
_CODE_VALUE = np.full(256, 255, dtype=np.uint8)
_CODE_VALUE[np.frombuffer(_CODE_CHARS.encode(), dtype=np.uint8)] = np.arange(31)
# First UTF-8 bytes of every character str.isspace() accepts: ASCII \t..\r, \x1c..\x1f and space;
# U+0085/U+00A0 (C2), U+1680 (E1), U+2000.. (E2), U+3000 (E3). Only such cells are looked at.


_CODE_KEY = np.dtype([("a", "<u8"), ("b", "<u8"), ("c", "<u2")])


@dataclass
class _Codes:
    """What one pass over a column of credit codes found."""

    present: np.ndarray  # a code is filled in
    shaped: np.ndarray  # 18 characters of the code alphabet
    keys: np.ndarray  # a 64-bit hash of each well-formed code (in the order of `shaped`)
    wrong: np.ndarray  # positions whose check character is wrong
    expected: np.ndarray  # the check character each of those should have (0..30)


def scan_codes(code: pa.ChunkedArray) -> _Codes:
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
    offsets, data = string_offsets(text)
    lengths = np.diff(offsets)
    present = valid_mask(text) & (lengths > 0)
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


def check_code(cells: Cells, column: str, rep: Report) -> pa.ChunkedArray:
    code = as_strings(cells)
    found = scan_codes(code)
    retry = np.flatnonzero(found.present & ~found.shaped)
    if retry.size:  # surrounding or inner spaces, lower case, full-width characters
        fixed = [
            re.sub(r"\s+", "", unicodedata.normalize("NFKC", code[int(i)].as_py())).upper()
            for i in retry
        ]
        mask = np.zeros(len(code), dtype=bool)
        mask[retry] = True
        code = pa.chunked_array(
            [
                compute().replace_with_mask(
                    code.combine_chunks(), pa.array(mask), string_array(fixed)
                )
            ]
        )
        found = scan_codes(code)
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
