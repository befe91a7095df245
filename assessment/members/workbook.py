"""Look at a workbook before reading it: the zip directory, the sheets, each sheet's real extent.

An .xlsx file is a zip of XML parts. The spreadsheet reader (calamine) allocates a grid as large as
the cells' positions say and inflates whatever the zip holds, so a 5 KB file whose only cell sits at
XFD1048576 asks for 512 GiB and a zip bomb for gigabytes; either aborts the process. `inspect`
reads the zip directory (entry count, declared sizes, compression ratio), then inflates every part
once, in 1 MiB steps and against a byte budget, handing each sheet's steps to `sheet_scan` (its
extent, and the cells a person would not see as blanks: formulas without a cached value, error
cells, merged cells), and reads the sheets' names, visibility and the active one from the
workbook's own parts. Only then may calamine parse it.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from assessment.errors import DataFileError, Problem, shown
from assessment.limits import MAX_ZIP_ENTRIES, MAX_ZIP_RATIO, MAX_ZIP_UNCOMPRESSED
from assessment.members.sheet_scan import SheetScan, check_extent, scan_sheet, sheet_problems
from assessment.members.table import file_error as _fail

__all__ = ["Book", "SheetInfo", "inspect"]

_STEP = 1 << 20
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL = re.compile(rb"<Relationship\b([^>]*)/?>")
_ACTIVE = re.compile(rb'activeTab="(\d+)"')


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
    scans: dict[str, SheetScan] = {}
    for e in entries:
        if not e.filename or e.filename.endswith("/"):  # a folder, or a name a mutation emptied
            continue
        if e.filename in sheets_xml:
            scans[e.filename] = scan_sheet(_chunks(archive, e, budget))
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
        check_extent(name, scan)
        infos.append(
            SheetInfo(
                name, part, visible, scan.rows, scan.columns, tuple(sheet_problems(scan, name))
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
        f"该 Excel 文件中的“{shown(name)}”压缩比为 {ratio:.0f} 倍，超过上限 {MAX_ZIP_RATIO} 倍"
        "（MAX_ZIP_RATIO）；这不像一份正常的表格（可能是“压缩炸弹”），不予读取。",
        f"Part '{shown(name)}' of the workbook is compressed {ratio:.0f}:1, above the limit of "
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
