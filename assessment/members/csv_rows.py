"""Rows of a text table that Arrow could not place: padded where Excel left off empty trailing
cells, else each located by its line for the message (the first MAX_PROBLEMS, the rest counted).
"""

from __future__ import annotations

import re

import numpy as np

from assessment.errors import Problem

__all__ = ["InvalidRows", "codec", "padded", "row_problems"]


class InvalidRows(Exception):
    """Rows with more or fewer cells than the header, as Arrow found them (the first listed)."""

    def __init__(self, rows: list[tuple[int, int, str, int]], count: int) -> None:
        super().__init__(count)
        self.rows = rows  # (expected cells, actual cells, text cut to 200 characters, line breaks)
        self.count = count


_BLANK_LINE = re.compile(rb"\n(?=\r?\n|$)")


def padded(data: bytes, encoding: str, sep: str, bad: InvalidRows) -> bytes | None:
    """The bytes with separators added to rows that stop early (Excel leaves off empty trailing
    cells), or None when some bad row has too many cells or an unmatched quote."""
    if bad.count > len(bad.rows) or encoding.startswith("utf-16"):
        return None
    if any(actual > expected or lines or '"' in text for expected, actual, text, lines in bad.rows):
        return None  # (a quote in a short row: an unmatched one, reading on to the end)
    pieces, start = [], 0
    for expected, actual, text, _ in bad.rows:
        if not text:  # an empty line: padded after its line break
            blank = _BLANK_LINE.search(data, start)
            if blank is None:
                return None
            end = blank.end()
        else:
            needle = text.encode(codec(encoding), errors="strict") if len(text) < 200 else b""
            pos = data.find(needle, start) if needle else -1
            if pos < 0:
                return None
            end = pos + len(needle)
        pieces += [data[start:end], sep.encode() * (expected - actual)]
        start = end
    return b"".join([*pieces, data[start:]])


def row_problems(data: bytes, encoding: str, bad: InvalidRows, width: int) -> list[Problem]:
    """One problem per listed row, located by its line in the file; the rest counted.

    Arrow reads in parallel and does not know a bad row's number: each row's text is found in
    the bytes and its line counted with NumPy, so a bad row in a big file costs a few scans.
    """
    ascii_like = encoding not in ("utf-16", "utf-16-le", "utf-16-be")
    buffer = np.frombuffer(data, dtype=np.uint8)
    out: list[Problem] = []
    start, line_at = 0, (0, 1)  # (byte offset, its line number)
    for expected, actual, text, lines in bad.rows:
        row = None
        if ascii_like:
            needle = text[:200].encode(codec(encoding), errors="ignore")
            pos = data.find(needle, start) if needle else -1
            if pos < 0 and needle:
                pos, line_at = data.find(needle), (0, 1)
            if pos >= 0:
                base, line = line_at if pos >= line_at[0] else (0, 1)
                row = line + int(np.count_nonzero(buffer[base:pos] == 10))
                start, line_at = pos + len(needle), (pos, row)
        if '"' in text and (lines or actual < expected):
            after_zh = f"此后 {lines} 行" if lines else "这一行其余的内容"
            after_en = f"the {lines} lines after it were" if lines else "the rest of the row was"
            out.append(
                Problem(
                    row,
                    None,
                    text,
                    f'这一行有一个未配对的引号（"）：{after_zh}被读进了同一个单元格。'
                    "请删除多余的引号，或在单元格两端都加上引号。",
                    f'This row has an unmatched quote ("): {after_en} read as one cell. '
                    "Delete the stray quote, or quote the cell at both ends.",
                )
            )
            continue
        out.append(
            Problem(
                row,
                None,
                text,
                f"这一行有 {actual} 个单元格，但表头有 {expected} 列；"
                "多出或缺少的内容可能少了引号或放错了列。",
                f"This row has {actual} cells but the header has {expected} columns; the cells "
                "may lack quotes or be in the wrong column.",
            )
        )
    if bad.count > len(bad.rows):
        out.append(
            Problem(
                None,
                None,
                None,
                f"另有 {bad.count - len(bad.rows)} 行的单元格个数与表头（{width} 列）不符。",
                f"{bad.count - len(bad.rows)} more rows do not have the header's {width} cells.",
            )
        )
    return out


def codec(encoding: str) -> str:
    """The codec to find a row's text in the bytes with ('utf-8-sig' would add a BOM)."""
    return "utf-8" if encoding == "utf-8-sig" else encoding
