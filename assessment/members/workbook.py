"""Look at a workbook before reading it: the zip directory, the sheets, each sheet's real extent.

An .xlsx file is a zip of XML parts. The spreadsheet reader (calamine) allocates a grid as large as
the cells' positions say and inflates whatever the zip holds, so a 5 KB file whose only cell sits at
XFD1048576 asks for 512 GiB and a zip bomb for gigabytes; either aborts the process. `inspect`
reads the zip directory (entry count, declared sizes, compression ratio), then inflates every part
once, in 1 MiB steps and against a byte budget, scanning the sheet XML for its extent (the last row,
the furthest column) and for cells a person would not see as blanks: formulas without a cached
value, error cells (#N/A, #DIV/0!) and merged cells. Only then may calamine parse it.

Nothing here builds a Python object per cell: the scans are byte counts and regular expressions
whose matches are rare in real sheets (columns past Z, formulas, errors, merges).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from assessment.errors import DataFileError, Problem
from assessment.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_PROBLEMS,
    MAX_ZIP_ENTRIES,
    MAX_ZIP_RATIO,
    MAX_ZIP_UNCOMPRESSED,
)

__all__ = ["Book", "SheetInfo", "column_number", "inspect"]

EXCEL_ROWS = 1_048_576  # what Excel itself allows: a sheet claiming more is damaged
_STEP = 1 << 20
_OVERLAP = 512  # bytes kept from the previous step, so a tag cut in two is still seen
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL = re.compile(rb"<Relationship\b([^>]*)/?>")
_ACTIVE = re.compile(rb'activeTab="(\d+)"')
_ROW_REF = re.compile(rb'<row r="(\d+)"')
_WIDE_COL = re.compile(rb'<c r="([A-Z]{2,3})\d')  # columns AA and beyond (rare past the template)
_DIMENSION = re.compile(rb'<dimension ref="([^"]*)"')
_NO_VALUE = re.compile(rb"</f></c>|<f\b[^>]*/></c>")
_ERROR = re.compile(
    rb'<c r="([A-Z]{1,3}\d{1,7})"[^>]*\bt="e"[^>]*>(?:<f\b[^>]*(?:/>|>[^<]*</f>))?<v>([^<]{0,40})</v>'
)
_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3}\d{1,7})(?::([A-Z]{1,3}\d{1,7}))?"')
_CELL_BEFORE = re.compile(rb'<c r="([A-Z]{1,3}\d{1,7})"')
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_MAX_LISTED = MAX_PROBLEMS  # cells of one kind listed by name per sheet; the rest are counted


@dataclass(frozen=True)
class SheetInfo:
    """One sheet: its name, whether a person sees it, its real extent and the cells not blank."""

    name: str
    part: str
    visible: bool
    rows: int = 0
    columns: int = 0
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Book:
    """A workbook that passed inspection: its sheets in order and the one Excel opens on."""

    sheets: tuple[SheetInfo, ...]
    active: int = 0
    notices: list[Problem] = field(default_factory=list)

    def names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str) -> SheetInfo | None:
        return next((s for s in self.sheets if s.name == name), None)

    def visible(self) -> list[SheetInfo]:
        """Visible sheets, the active one first, then in the workbook's order."""
        shown = [s for s in self.sheets if s.visible]
        if 0 <= self.active < len(self.sheets) and self.sheets[self.active].visible:
            first = self.sheets[self.active]
            shown = [first, *(s for s in shown if s is not first)]
        return shown


def column_number(letters: str) -> int:
    """Excel's column letters as a 1-based number (A -> 1, AA -> 27, XFD -> 16384)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _fail(zh: str, en: str, value: str | None = None) -> DataFileError:
    return DataFileError([Problem(None, None, value, zh, en)])


def _damaged() -> DataFileError:
    return _fail(
        "这不是可读取的 Excel 表格（文件可能已损坏，或是 Word 等其他文件）。",
        "This is not a readable Excel workbook (damaged, or another kind of file).",
    )


_CACHE: dict[bytes, Book] = {}


def inspect(data: bytes) -> Book:
    """The workbook's sheets, or `DataFileError` naming the limit it exceeds; never parses cells.

    The page asks for the sheet names, the member sheet and the table of one upload in turn; the
    last inspection is kept (by a digest of the bytes) so that each is done once.
    """
    key = hashlib.blake2b(data, digest_size=16).digest()
    book = _CACHE.get(key)  # (the page's sessions run in threads: read once, never index twice)
    if book is None:
        book = _inspect(data)
        _CACHE.clear()
        _CACHE[key] = book
    return book


_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError)


def _inspect(data: bytes) -> Book:
    if data[:4] != b"PK\x03\x04":  # an old .xls (OLE): at most 65,536 x 256 cells, read as is
        return Book(sheets=())
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (*_ZIP_ERRORS, NotImplementedError):
        raise _damaged() from None
    _check_directory(entries)
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise _fail(
            "只能读取 .xlsx（或 .xls）格式的 Excel 工作簿；请在 Excel 中另存为“Excel 工作簿 (.xlsx)”。",
            "Only .xlsx (or .xls) workbooks can be read; save it from Excel as 'Excel Workbook (.xlsx)'.",
        )
    budget = [MAX_ZIP_UNCOMPRESSED]
    parts: dict[str, bytes] = {}
    sheets_xml = {n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")}
    scans: dict[str, _Scan] = {}
    for e in entries:
        if e.is_dir():
            continue
        if e.filename in sheets_xml:
            scans[e.filename] = _scan_sheet(archive, e, budget)
        elif e.filename in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            parts[e.filename] = _inflate(archive, e, budget, keep=True)
        else:
            _inflate(archive, e, budget, keep=False)
    sheets = _sheets(
        parts.get("xl/workbook.xml", b""), parts.get("xl/_rels/workbook.xml.rels", b"")
    )
    active = _ACTIVE.search(parts.get("xl/workbook.xml", b""))
    infos = []
    for name, part, visible in sheets:
        scan = scans.get(part)
        if scan is None:
            infos.append(SheetInfo(name, part, visible))
            continue
        _check_extent(name, scan)
        infos.append(
            SheetInfo(
                name, part, visible, scan.rows, scan.columns, tuple(_scan_problems(scan, name))
            )
        )
    return Book(sheets=tuple(infos), active=int(active.group(1)) if active else 0)


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Entry count, declared inflated size and each part's compression ratio, from the directory."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _fail(
            f"该 Excel 文件内含 {len(entries)} 个部件，超过上限 {MAX_ZIP_ENTRIES} 个（MAX_ZIP_ENTRIES）；"
            "这不像一份正常的表格。",
            f"The workbook holds {len(entries)} parts, above the limit of {MAX_ZIP_ENTRIES} "
            "(MAX_ZIP_ENTRIES); this is not an ordinary spreadsheet.",
        )
    declared = sum(e.file_size for e in entries)
    if declared > MAX_ZIP_UNCOMPRESSED:
        raise _too_big(declared)
    for e in entries:
        if e.file_size > _STEP and e.file_size > MAX_ZIP_RATIO * max(e.compress_size, 1):
            raise _bomb(e.filename, e.file_size, e.compress_size)


def _too_big(size: int) -> DataFileError:
    limit = MAX_ZIP_UNCOMPRESSED // (1024 * 1024)
    return _fail(
        f"该 Excel 文件解压后超过 {limit} MB（MAX_ZIP_UNCOMPRESSED），不予读取；"
        "请删去无关的工作表或列，或另存为 CSV。",
        f"The workbook inflates to more than {limit} MB (MAX_ZIP_UNCOMPRESSED) and is not read; "
        "delete unneeded sheets or columns, or save it as CSV.",
        f"{size / 1024 / 1024:.0f} MB",
    )


def _bomb(name: str, size: int, packed: int) -> DataFileError:
    ratio = size / max(packed, 1)
    return _fail(
        f"该 Excel 文件中的“{_short(name)}”压缩比为 {ratio:.0f} 倍，超过上限 {MAX_ZIP_RATIO} 倍"
        "（MAX_ZIP_RATIO）；这不像一份正常的表格（可能是“压缩炸弹”），不予读取。",
        f"Part '{_short(name)}' of the workbook is compressed {ratio:.0f}:1, above the limit of "
        f"{MAX_ZIP_RATIO}:1 (MAX_ZIP_RATIO); this is not an ordinary spreadsheet (a zip bomb?) "
        "and is not read.",
    )


def _chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: list[int]):  # type: ignore[no-untyped-def]
    packed = max(entry.compress_size, 1)
    seen = 0
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_STEP):
                seen += len(chunk)
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise _too_big(MAX_ZIP_UNCOMPRESSED - budget[0])
                if seen > _STEP and seen > MAX_ZIP_RATIO * packed:
                    raise _bomb(entry.filename, seen, packed)
                yield chunk
    except DataFileError:
        raise
    except (*_ZIP_ERRORS, NotImplementedError, RuntimeError):  # RuntimeError: encrypted
        raise _damaged() from None


def _inflate(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: list[int], keep: bool
) -> bytes:
    kept = [c for c in _chunks(archive, entry, budget) if keep]
    return b"".join(kept)


def _sheets(workbook: bytes, rels: bytes) -> list[tuple[str, str, bool]]:
    """(name, part, visible) of every sheet in the workbook's order."""
    targets: dict[bytes, str] = {}
    for m in _REL.finditer(rels):
        attrs = dict(_ATTR.findall(m.group(1)))
        target = html.unescape(attrs.get(b"Target", b"").decode("utf-8", "replace"))
        target = target.lstrip("/")
        targets[attrs.get(b"Id", b"")] = target if target.startswith("xl/") else "xl/" + target
    out = []
    for m in _SHEET.finditer(workbook):
        attrs = {k.split(b":")[-1]: v for k, v in _ATTR.findall(m.group(1))}
        name = html.unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        state = attrs.get(b"state", b"visible")
        out.append((name, targets.get(attrs.get(b"id", b""), ""), state == b"visible"))
    return out


class _Scan:
    """What one pass over a sheet's XML found."""

    def __init__(self) -> None:
        self.max_row = 0
        self.row_tags = 0
        self.wide = b""  # the furthest column of two or three letters seen
        self.any_ref = False
        self.unreferenced = 0  # cells without an r="A1" attribute (placed one after another)
        self.declared = ""
        self.no_value: list[str] = []
        self.no_value_count = 0
        self.errors: list[tuple[str, str]] = []
        self.error_count = 0
        self.merged: list[str] = []
        self.merged_count = 0

    @property
    def rows(self) -> int:
        return max(self.max_row, self.row_tags)

    @property
    def columns(self) -> int:
        cols = column_number(self.wide.decode()) if self.wide else (26 if self.any_ref else 0)
        return max(cols, self.unreferenced and min(self.unreferenced, 1 << 14))


def _scan_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: list[int]) -> _Scan:
    scan = _Scan()
    tail = b""
    for chunk in _chunks(archive, entry, budget):
        text = tail + chunk
        if not scan.declared and (m := _DIMENSION.search(text)):
            scan.declared = m.group(1).decode("ascii", "replace")[:40]
        refs = chunk.count(b'<c r="')
        scan.any_ref = scan.any_ref or refs > 0
        scan.unreferenced += chunk.count(b"<c>") + chunk.count(b"<c ") - refs
        scan.row_tags += chunk.count(b"<row")
        rows = _ROW_REF.findall(text)
        if rows:
            scan.max_row = max(scan.max_row, *map(int, rows))
        wide = _WIDE_COL.findall(text)
        if wide:
            scan.wide = max([scan.wide, *set(wide)], key=lambda b: (len(b), b))
        _scan_cells(scan, text, len(tail))
        tail = text[-_OVERLAP:]
    return scan


def _scan_cells(scan: _Scan, text: bytes, seen: int) -> None:
    """Formulas without a cached value, error cells and merges in one step (`seen`: overlap)."""
    for m in _NO_VALUE.finditer(text):
        if m.end() <= seen:
            continue  # seen in the previous step
        cell = _CELL_BEFORE.findall(text, max(0, m.start() - 4096), m.start())
        scan.no_value_count += 1
        if cell and len(scan.no_value) < _MAX_LISTED:
            scan.no_value.append(cell[-1].decode())
    for m in _ERROR.finditer(text):
        if m.end() <= seen:
            continue
        scan.error_count += 1
        if len(scan.errors) < _MAX_LISTED:
            scan.errors.append((m.group(1).decode(), m.group(2).decode("utf-8", "replace")))
    for m in _MERGE.finditer(text):
        if m.end() <= seen:
            continue
        scan.merged_count += 1
        if len(scan.merged) < _MAX_LISTED:
            end = m.group(2).decode() if m.group(2) else ""
            scan.merged.append(m.group(1).decode() + (f":{end}" if end else ""))


def _check_extent(name: str, scan: _Scan) -> None:
    rows, cols = scan.rows, scan.columns
    declared = f"（表头声明的范围为 {scan.declared}）" if scan.declared else ""
    declared_en = f" (the sheet declares {scan.declared})" if scan.declared else ""
    if rows > EXCEL_ROWS:
        raise _fail(
            f"工作表“{_short(name)}”有第 {rows} 行，超过 Excel 的 {EXCEL_ROWS} 行；文件已损坏。",
            f"Sheet '{_short(name)}' has a row {rows}, beyond Excel's {EXCEL_ROWS}; the file is damaged.",
        )
    if cols > MAX_COLUMNS:
        raise _fail(
            f"工作表“{_short(name)}”的内容延伸到第 {cols} 列，超过上限 {MAX_COLUMNS} 列（MAX_COLUMNS）"
            f"{declared}；请删除远处的单元格（或只保留需要的列）后再上传。",
            f"Sheet '{_short(name)}' reaches column {cols}, above the limit of {MAX_COLUMNS} "
            f"(MAX_COLUMNS){declared_en}; delete the far-away cells (keep only the columns "
            "needed) and upload again.",
        )
    if rows * cols > MAX_CELLS:
        raise _fail(
            f"工作表“{_short(name)}”的范围为 {rows} 行 × {cols} 列，超过上限 {MAX_CELLS} 个单元格"
            f"（MAX_CELLS）{declared}；请删除远处的单元格后再上传。",
            f"Sheet '{_short(name)}' spans {rows} rows x {cols} columns, above the limit of "
            f"{MAX_CELLS} cells (MAX_CELLS){declared_en}; delete the far-away cells and upload again.",
        )


def _located(ref: str) -> tuple[int | None, str | None]:
    m = _REF.fullmatch(ref.split(":", maxsplit=1)[0])
    return (int(m.group(2)), m.group(1) + "列") if m else (None, None)


def _scan_problems(scan: _Scan, name: str) -> list[Problem]:
    """One problem per cell listed (the first MAX_PROBLEMS of each kind), then a count of the rest."""
    sheet = _short(name)
    kinds = (
        (
            scan.no_value,
            scan.no_value_count,
            "公式没有缓存结果：请在 Excel 中打开、保存后再上传。",
            "a formula without a cached result: open the file in Excel, save it and upload again.",
        ),
        (
            [f"{r}={v}" for r, v in scan.errors],
            scan.error_count,
            "错误值单元格（如 #N/A、#DIV/0!）：请改正公式或填入数值。",
            "an error cell (such as #N/A or #DIV/0!): fix the formula or enter the value.",
        ),
        (
            scan.merged,
            scan.merged_count,
            "合并单元格：合并区域只有左上角有值，请取消合并并在每个单元格填写。",
            "merged cells: only the top-left cell of a merge holds a value; unmerge and fill "
            "in each cell.",
        ),
    )
    out: list[Problem] = []
    for refs, count, zh, en in kinds:
        for ref in refs:
            cell, _, value = ref.partition("=")
            row, col = _located(cell)
            out.append(
                Problem(row, col, value or cell, f"单元格 {cell}：{zh}", f"cell {cell}: {en}")
            )
        if count > len(refs):
            out.append(
                Problem(
                    None,
                    None,
                    None,
                    f"工作表“{sheet}”中同类问题另有 {count - len(refs)} 处：{zh}",
                    f"{count - len(refs)} more such cells in sheet '{sheet}': {en}",
                )
            )
    return out


def _short(text: str) -> str:
    return text if len(text) <= 50 else text[:49] + "…"
