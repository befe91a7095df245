"""Reading a text table (CSV, TSV, Excel's "Unicode 文本"): encoding, separator, header, cells.

Encodings, in the order tried: a BOM (UTF-8, UTF-16 as Excel's "Unicode 文本" writes it), strict
UTF-8, GB18030 (a superset of GBK, what Excel on a Chinese Windows writes as "CSV (逗号分隔)"), and
only as a last resort a charset detector, which misjudges short GBK samples. Cells are parsed by
Arrow (UTF-8 only: other encodings are transcoded first); rows Arrow cannot place are listed by
line (the first MAX_PROBLEMS, the rest counted) without a Python object per cell.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import mmap
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv

from assessment.errors import DataFileError, Problem
from assessment.limits import (  # MAX_UPLOAD_BYTES re-exported: ingest.MAX_UPLOAD_BYTES is public
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_PROBLEMS,
)
from assessment.members.columns import match_header
from assessment.members.csv_rows import InvalidRows, padded, row_problems
from assessment.members.table import RawSheet
from assessment.members.table import file_error as _fail

__all__ = ["read_text"]

_SAMPLE = 64 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONVERSION = re.compile(r"In CSV column #(\d+): CSV conversion error")


def _parse_pool() -> pa.MemoryPool:
    """The allocator of the parsed columns: jemalloc handing freed pages back at once, else the
    system's.

    Arrow parses on worker threads; with the system allocator, memory freed there (the parser's
    blocks, each raw column once checked) stays in those threads' arenas, resident and out of
    reach of the checks' NumPy arrays: a 190 MiB file read on the page held ~200 MB more than its
    columns. Arrow's default (mimalloc) took twice as long on a first, cold read here.
    """
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # a pyarrow built without jemalloc
        return pa.system_memory_pool()
    return pool


_POOL = _parse_pool()
_BLOCK = 8 << 20  # bytes of CSV per Arrow block (the unit of parallel parsing)
# A number column whose text does not convert is read again as the next looser type.
_LOOSER = {pa.int64(): pa.float64(), pa.float64(): pa.string()}


def _decodes(sample: bytes, encoding: str, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)().decode(sample, final=final)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect_encoding(data: bytes) -> tuple[str, str]:
    """(encoding, decoded sample): BOM, strict UTF-8, GB18030, then a detector as a last resort."""
    sample = data[:_SAMPLE]
    final = len(data) <= _SAMPLE
    if sample.startswith(codecs.BOM_UTF8):
        text = _decodes(sample[3:], "utf-8", final)
        if text is None and _decodes(sample[3:], "gb18030", final) is not None:
            raise _fail(
                "文件开头标明是 UTF-8（带 BOM），但内容是 GBK/GB18030 编码；"
                "请用 Excel 另存为“CSV UTF-8”，或删去开头的 BOM。",
                "The file starts with a UTF-8 byte-order mark but its text is GBK/GB18030; "
                "save it from Excel as 'CSV UTF-8', or remove the mark.",
            )
        return "utf-8-sig", text if text is not None else ""
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decodes(sample, "utf-16", final)
        return "utf-16", text if text is not None else ""
    if sample.count(b"\x00") <= 2:  # (more: UTF-16 without a BOM, or not text; one is a typo)
        for encoding in ("utf-8", "gb18030"):
            text = _decodes(sample, encoding, final)
            if text is not None:
                return encoding, text
        from charset_normalizer import from_bytes  # noqa: PLC0415 (only for odd files)

        best = from_bytes(sample).best()
        if best is not None and best.encoding:
            text = _decodes(sample, best.encoding, final)
            if text is not None:
                return best.encoding, text
    if sample.count(b"\x00") <= 2 and not _binary(sample.decode("utf-8", "replace")):
        raise _fail(
            "文件中的文字既不是 UTF-8 也不是 GBK/GB18030 编码（可能两种编码混在一起）；"
            "请用 Excel 另存为“CSV UTF-8”。",
            "The text is neither UTF-8 nor GBK/GB18030 (perhaps the two are mixed); save it "
            "from Excel as 'CSV UTF-8'.",
        )
    raise _not_a_table()


def _not_a_table() -> DataFileError:
    return _fail(
        "这不是表格文件（既不是 CSV 文本，也不是 Excel 工作簿）。请上传 .csv 或 .xlsx 文件。",
        "This is not a spreadsheet (neither CSV text nor an Excel workbook). "
        "Upload a .csv or .xlsx file.",
    )


def read_text(data: bytes, filename: str) -> RawSheet:
    encoding, sample = _detect_encoding(data)
    if _binary(sample):
        raise _not_a_table()
    if len(data) > _SAMPLE and not any(c in sample for c in "\r\n"):
        raise _fail(
            f"第1行（表头）超过 {_SAMPLE // 1024} KB 仍未换行；这不像一份表格。"
            "请确认文件是按行保存的 CSV。",
            f"Row 1 (the header) runs past {_SAMPLE // 1024} KB without a line break; this is "
            "not a table. Check that the file is a CSV saved line by line.",
        )
    first = sample.splitlines()[0] if sample.strip() else ""
    counts = {sep: first.count(sep) for sep in (",", "\t", ";")}
    sep = max(counts, key=lambda s: (counts[s], s == ","))
    header = next(csv.reader([first], delimiter=sep), [])
    if not any(h.strip() for h in header):
        raise _fail(
            "第1行（表头）是空的。表头须在第1行。",
            "Row 1 (the header) is empty; the header must be in row 1.",
        )
    if len(header) > MAX_COLUMNS:
        raise _fail(
            f"表头有 {len(header)} 列，超过上限 {MAX_COLUMNS} 列（MAX_COLUMNS）。",
            f"The header has {len(header)} columns, above the limit of {MAX_COLUMNS} (MAX_COLUMNS).",
        )
    problems: list[Problem] = []
    try:
        body = _table_body(data, encoding, sep, header, problems)
    except _WrongEncoding:
        if encoding != "utf-8":
            raise _fail(
                f"文件中有不能按 {encoding} 编码解读的字符；请用 Excel 另存为“CSV UTF-8”。",
                f"Part of the file cannot be decoded as {encoding}; save it from Excel "
                "as 'CSV UTF-8'.",
            ) from None
        encoding = "gb18030"  # UTF-8 for 64 KB, then not: GBK text after an ASCII start
        try:
            body = _table_body(data, encoding, sep, header, problems)
        except _WrongEncoding:
            raise _fail(
                "文件中的文字既不是 UTF-8 也不是 GBK/GB18030 编码；请用 Excel 另存为“CSV UTF-8”。",
                "The text is neither UTF-8 nor GBK/GB18030; save it from Excel as 'CSV UTF-8'.",
            ) from None
    if isinstance(data, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
        # Every cell is in Arrow's buffers now: let the kernel take back the file's pages (a
        # file mapping reads them again from the file if anything looks at them later).
        data.madvise(mmap.MADV_DONTNEED)
    return RawSheet(header=header, body=body, encoding=encoding, sheet=None, problems=problems)


def _table_body(
    data: bytes, encoding: str, sep: str, header: list[str], problems: list[Problem]
) -> list[pa.ChunkedArray] | list[pa.Array]:
    """The body through Arrow (UTF-8 only), else row by row where Arrow cannot place a cell."""
    native = encoding in ("utf-8", "utf-8-sig")
    text = data if native else _to_utf8(data, encoding)
    enc = encoding if native else "utf-8"
    try:
        try:
            return _arrow_body(text, enc, sep, header)
        except InvalidRows as bad:
            filled = padded(text, enc, sep, bad)
            if filled is None:
                raise DataFileError(row_problems(text, enc, bad, len(header))) from None
            return _arrow_body(filled, enc, sep, header)  # rows with cells left off the end
    except (InvalidRows, _Fallback):  # what padding cannot explain: read row by row
        return _python_body(data, encoding, sep, len(header), problems)


def _to_utf8(data: bytes, encoding: str) -> bytes:
    """GBK or UTF-16 text as UTF-8 bytes, 8 MB at a time.

    Arrow could transcode itself, but it runs Python's codec on a thread of its own, and that
    thread made the process abort at exit ("terminate called without an active exception")
    about once in fifteen runs of a GBK file: the reader hands Arrow UTF-8 only.
    """
    decoder = codecs.getincrementaldecoder(encoding)()
    out = []
    view = memoryview(data)
    try:
        for at in range(0, len(data), _BLOCK):
            out.append(decoder.decode(view[at : at + _BLOCK], final=False).encode("utf-8"))
        out.append(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError:
        raise _WrongEncoding from None
    return b"".join(out)


def _binary(sample: str) -> bool:
    """Text with more than a few control characters is not a table (one in a name is a typo)."""
    found = len(_CONTROL.findall(sample))
    return found > max(8, len(sample) // 100)


class _Fallback(Exception):
    """The fast reader cannot place every cell: read row by row to say exactly where."""


class _WrongEncoding(Exception):
    """The text is not in the encoding its first 64 KB suggested."""


def _arrow_types(header: list[str]) -> dict[str, pa.DataType]:
    """Arrow types by column: counts int64, money float64, names and codes text, flags encoded.

    Declaring the number columns spares Arrow's type inference; a column whose cells do not fit
    is read again with a looser type (`_LOOSER`) and checked as before: a fraction in a count as a
    float, text in a number column value by value.
    """
    types: dict[str, pa.DataType] = {}
    for i, text in enumerate(header):
        spec = match_header(text).spec
        if spec is None or spec.kind in ("text", "code"):
            types[f"c{i}"] = pa.string()
        elif spec.kind in ("flag", "titles"):
            types[f"c{i}"] = pa.dictionary(pa.int32(), pa.string())
        else:
            types[f"c{i}"] = pa.int64() if spec.kind == "count" else pa.float64()
    return types


@contextlib.contextmanager
def _undecodable_rows_quiet(handler: Callable[..., Any]) -> Iterator[None]:
    """pyarrow decodes a bad row's text before it calls `handler`: a file cut in the middle of a
    character raises there, inside pyarrow, and Python prints that ('Exception ignored in ...')
    with a traceback on stderr. The file is reported as not decodable anyway (by the row-wise
    reader, naming the byte); this keeps that one exception, from `handler` only, unprinted."""
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if unraisable.object is handler and isinstance(unraisable.exc_value, UnicodeDecodeError):
            return
        previous(unraisable)

    sys.unraisablehook = hook
    try:
        yield
    finally:
        sys.unraisablehook = previous


def _arrow_body(data: bytes, encoding: str, sep: str, header: list[str]) -> list[pa.ChunkedArray]:
    """All data rows, one Arrow column per header cell; numbers parsed natively."""
    width = len(header)
    names = [f"c{i}" for i in range(width)]
    invalid: list[tuple[int, int, str, int]] = []
    counted = [0]

    def on_invalid(row: pacsv.InvalidRow) -> str:
        if len(invalid) < MAX_PROBLEMS:  # the first rows listed, the rest counted
            invalid.append(
                (row.expected_columns, row.actual_columns, row.text[:200], row.text.count("\n"))
            )
        counted[0] += 1
        return "skip"

    start = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0
    arrow_encoding = "utf8"  # (`_to_utf8` transcoded any other text)
    read = pacsv.ReadOptions(
        column_names=names, skip_rows=1, encoding=arrow_encoding, block_size=_BLOCK
    )
    # A line break can sit inside a value only between quotes; without any quote character
    # Arrow may split the file into blocks at any line break, which reads a third faster.
    quoted = data.find(b'"') >= 0  # a false alarm (a byte of a UTF-16 character) only costs time
    parse = pacsv.ParseOptions(
        delimiter=sep,
        newlines_in_values=quoted,
        ignore_empty_lines=False,
        invalid_row_handler=on_invalid,
    )
    types = _arrow_types(header)
    source = pa.py_buffer(data).slice(start) if start else pa.py_buffer(data)
    for _ in range(2 * width + 1):  # at most twice more per number column (int, float, text)
        convert = pacsv.ConvertOptions(
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            column_types=types,
        )
        try:
            with _undecodable_rows_quiet(on_invalid):
                table = pacsv.read_csv(
                    pa.BufferReader(source),
                    read_options=read,
                    parse_options=parse,
                    convert_options=convert,
                    memory_pool=_POOL,
                )
            break
        except UnicodeDecodeError:
            raise _WrongEncoding from None
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            text = str(exc)
            bad = _CONVERSION.search(text)
            looser = _LOOSER.get(types.get(f"c{bad.group(1)}")) if bad else None  # type: ignore[arg-type]
            if bad and looser is not None:  # e.g. 2.5 in a count, text in a number column
                types[f"c{bad.group(1)}"] = looser
                invalid.clear()
                counted[0] = 0
                continue
            if "UTF8" in text or "UTF-8" in text:
                raise _WrongEncoding from None
            raise _Fallback from None
    else:
        raise _Fallback
    if counted[0]:
        raise InvalidRows(invalid, counted[0])
    return table.columns


def _python_body(
    data: bytes, encoding: str, sep: str, width: int, problems: list[Problem]
) -> list[pa.Array]:
    """The slow but exact reader for files the fast one cannot place: every cell as text."""
    try:
        text = bytes(data).decode(encoding)
    except UnicodeDecodeError as exc:
        raise _fail(
            f"文件第 {exc.start} 字节处的内容不能按 {encoding} 编码解读；"
            "请用 Excel 另存为“CSV UTF-8”。",
            f"Byte {exc.start} cannot be decoded as {encoding}; save the file from Excel "
            "as 'CSV UTF-8'.",
        ) from None
    csv.field_size_limit(MAX_CELL_CHARS)  # a longer cell is a message, not a 100 MB string
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=sep)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _fail(
            f"第 {reader.line_num} 行附近无法按 CSV 读取（{exc}）；"
            f"常见原因是未配对的引号，或一个单元格超过 {MAX_CELL_CHARS} 个字符。",
            f"Line {reader.line_num} cannot be read as CSV ({exc}); an unmatched quote or a "
            f"cell longer than {MAX_CELL_CHARS} characters is the usual cause.",
        ) from None
    cells: list[list[str]] = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > width and any(c.strip() for c in row[width:]):
            problems.append(
                Problem(
                    number,
                    None,
                    sep.join(row[width:])[:80],
                    f"这一行有 {len(row)} 个单元格，但表头只有 {width} 列；多出的内容可能少了引号或放错了列。",
                    f"This row has {len(row)} cells but the header has {width} columns; the extra "
                    "cells may lack quotes or be in the wrong column.",
                )
            )
        cells.append((row + [""] * width)[:width])
    return [pa.array([c[i] or None for c in cells], pa.string()) for i in range(width)]
