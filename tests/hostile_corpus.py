"""A corpus of hostile inputs, generated (nothing large is kept on disk): member files, batch files
and scenario JSON as a careless clerk or a hostile user would upload them.

`cases()` yields `Case`s; `Case.write(dir)` writes the input and returns the command line to run.
Workbooks are built byte by byte (`workbook()`), so that a case can hold what no writer would
produce: a cell at XFD1048576, a zip bomb, a hidden first sheet, a formula without a value.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.member_factory import chinese, credit_code, csv_bytes, members, xlsx_bytes

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Case:
    """One input: a name, what reads it, the bytes (or a maker), and words stderr must hold."""

    name: str
    command: str  # aggregate | evaluate-batch | evaluate | report-xlsx | report-html | compare
    filename: str
    data: bytes | Callable[[], bytes]
    expect: str | None = None  # a fragment stderr must contain (the message names the cause)
    exit_code: int | None = None  # 0 or 2 when the case knows which

    def write(self, where: Path) -> list[str]:
        """Write the input under `where`; the CLI arguments to run it."""
        path = where / self.filename
        if self.filename not in ("DIR", "DEVZERO"):
            data = self.data() if callable(self.data) else self.data
            path.write_bytes(data)
        if self.filename == "DIR":
            path = where
        if self.filename == "DEVZERO":
            path = Path("/dev/zero")
        out = where / "out"
        if self.command == "aggregate":
            return ["aggregate", str(path)]
        if self.command == "evaluate-batch":
            return ["evaluate-batch", str(path), "--out", str(out) + ".xlsx"]
        if self.command == "evaluate":
            return ["evaluate", str(path), "--format", "table"]
        if self.command == "report-xlsx":
            return ["report", str(path), "--out", str(out) + ".xlsx"]
        if self.command == "report-html":
            return ["report", str(path), "--out", str(out) + ".html"]
        if self.command == "compare":
            return ["compare", str(path), str(path)]
        raise ValueError(self.command)


# ------------------------------------------------------------------ workbooks, byte by byte


def workbook(
    sheets: list[tuple[str, str, str]],
    active: int = 0,
    shared: list[str] | None = None,
    extra: dict[str, bytes] | None = None,
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """An .xlsx of (name, sheetData XML, state) sheets; `shared` strings; raw `extra` parts."""
    types = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
        'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        'Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + types
        + "</Types>",
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_NS}" '
        f'xmlns:r="{_R}"><bookViews><workbookView activeTab="{active}"/></bookViews><sheets>'
        + "".join(
            f'<sheet name="{name}" sheetId="{i}"'
            + (f' state="{state}"' if state != "visible" else "")
            + f' r:id="rId{i}"/>'
            for i, (name, _, state) in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
        f'xmlns="{_PKG}">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + (
            f'<Relationship Id="rId99" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
            if shared is not None
            else ""
        )
        + "</Relationships>",
    }
    for i, (_, xml, _) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}">{xml}</worksheet>'
        )
    if shared is not None:
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_NS}" count="{len(shared)}">'
            + "".join(f"<si><t>{s}</t></si>" for s in shared)
            + "</sst>"
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, text in parts.items():
            z.writestr(name, text)
        for name, raw in (extra or {}).items():
            z.writestr(name, raw)
    return buf.getvalue()


def cells(rows: list[list[object]], start: int = 1) -> str:
    """sheetData for rows of values (numbers as numbers, text inline), from row `start`."""
    out = []
    for r, row in enumerate(rows, start=start):
        xs = []
        for c, v in enumerate(row):
            ref = f"{_letters(c)}{r}"
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                xs.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif v is not None:
                xs.append(f'<c r="{ref}" t="inlineStr"><is><t>{_xml(str(v))}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(xs)}</row>')
    return "<sheetData>" + "".join(out) + "</sheetData>"


def _letters(pos: int) -> str:
    name, pos = "", pos + 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        name = chr(65 + rem) + name
    return name


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bomb_sheet(megabytes: int) -> bytes:
    """A workbook whose one sheet inflates to `megabytes` MB of blank rows (ratio ~1000:1)."""
    filler = "<row/>" * (megabytes * 1024 * 1024 // 6)
    return workbook([("S", f"<sheetData>{filler}</sheetData>", "visible")])


def lying_sizes() -> bytes:
    """A zip whose directory says each part is small while the sheet inflates to 20 MB."""
    data = bytearray(bomb_sheet(20))
    # patch the sheet's declared size in the central directory (and local header) to 1 KB
    name = b"xl/worksheets/sheet1.xml"
    for sig, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = data.find(sig)
        while at >= 0:
            name_len = int.from_bytes(
                data[at + (28 if sig == b"PK\x01\x02" else 26) :][:2], "little"
            )
            start = at + (46 if sig == b"PK\x01\x02" else 30)
            if bytes(data[start : start + name_len]) == name:
                data[at + size_at : at + size_at + 4] = (1024).to_bytes(4, "little")
            at = data.find(sig, at + 4)
    return bytes(data)


def many_entries(n: int) -> bytes:
    extra = {f"xl/media/x{i}.bin": b"" for i in range(n)}
    return workbook([("S", cells([["a"], [1]]), "visible")], extra=extra)


# ------------------------------------------------------------------ member files


def _member_rows(n: int = 6) -> list[list[object]]:
    frame = chinese(members(n))
    return [list(frame.columns), *(list(r) for r in frame.itertuples(index=False))]


def _member_csv(n: int = 6, **edits: object) -> str:
    return csv_bytes(chinese(members(n))).decode()


def _lines_edit(edit: Callable[[list[str]], None], n: int = 12) -> bytes:
    lines = _member_csv(n).split("\n")
    edit(lines)
    return "\n".join(lines).encode()


def _set(row: int, col: int, value: str) -> Callable[[list[str]], None]:
    def edit(lines: list[str]) -> None:
        cells_ = next(csv.reader([lines[row]]))
        cells_[col] = value
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(cells_)
        lines[row] = buf.getvalue()

    return edit


def _xlsx_rows(rows: list[list[object]], **kw: object) -> bytes:
    return workbook([("成员企业", cells(rows), "visible")], **kw)  # type: ignore[arg-type]


def member_cases() -> Iterator[Case]:  # noqa: PLR0915 (a list of cases, one per line)
    good = csv_bytes(chinese(members(12)))
    rows = _member_rows(6)
    yield Case("m-valid-utf8", "aggregate", "m.csv", good, exit_code=0)
    yield Case(
        "m-valid-gbk", "aggregate", "m.csv", csv_bytes(chinese(members(6)), "gbk"), exit_code=0
    )
    yield Case(
        "m-valid-utf16", "aggregate", "m.csv", csv_bytes(chinese(members(6)), "utf-16"), exit_code=0
    )
    yield Case(
        "m-valid-tsv", "aggregate", "m.tsv", csv_bytes(chinese(members(6)), sep="\t"), exit_code=0
    )
    yield Case(
        "m-valid-semicolon",
        "aggregate",
        "m.csv",
        csv_bytes(chinese(members(6)), sep=";"),
        exit_code=0,
    )
    yield Case(
        "m-valid-xlsx", "aggregate", "m.xlsx", lambda: xlsx_bytes(chinese(members(6))), exit_code=0
    )
    yield Case("m-valid-bytes-xlsx", "aggregate", "m.xlsx", _xlsx_rows(rows), exit_code=0)
    yield Case("m-csv-named-xlsx", "aggregate", "m.xlsx", good)
    yield Case("m-crlf", "aggregate", "m.csv", good.replace(b"\n", b"\r\n"), exit_code=0)
    yield Case("m-cr-only", "aggregate", "m.csv", good.replace(b"\n", b"\r"))
    yield Case("m-empty", "aggregate", "m.csv", b"", "空", 2)
    yield Case("m-spaces", "aggregate", "m.csv", b"   \n\n \t\n", "空", 2)
    yield Case("m-bom-only", "aggregate", "m.csv", codecs.BOM_UTF8, "空", 2)
    yield Case("m-header-only", "aggregate", "m.csv", good.split(b"\n")[0] + b"\n")
    yield Case("m-header-blank", "aggregate", "m.csv", b",,,\n1,2,3,4\n", "表头", 2)
    yield Case("m-random-bytes", "aggregate", "m.csv", bytes(range(256)) * 40, exit_code=2)
    yield Case("m-nul-bytes", "aggregate", "m.csv", b"\x00" * 5000, exit_code=2)
    yield Case(
        "m-bom-gbk",
        "aggregate",
        "m.csv",
        codecs.BOM_UTF8 + csv_bytes(chinese(members(6)), "gbk"),
        "GBK",
        2,
    )
    yield Case(
        "m-utf8-then-gbk",
        "aggregate",
        "m.csv",
        good * 1 + "广州某某企业".encode("gbk") + b"\n",
        "UTF-8",
        2,
    )
    yield Case(
        "m-gbk-tail-after-64k",
        "aggregate",
        "m.csv",
        csv_bytes(chinese(members(900))) + "某".encode("gbk") * 3 + b"\n",
        exit_code=2,
    )
    yield Case("m-latin1", "aggregate", "m.csv", "nom,café\nx,1\n".encode("latin-1"), exit_code=2)
    yield Case("m-utf32", "aggregate", "m.csv", _member_csv().encode("utf-32"), exit_code=2)
    yield Case("m-10mb-line", "aggregate", "m.csv", lambda: b"a" * (10 * 1024 * 1024), "64 KB", 2)
    yield Case(
        "m-10mb-cell",
        "aggregate",
        "m.csv",
        lambda: _lines_edit(_set(3, 0, "企" * (10 * 1024 * 1024 // 3))),
        "MAX_NAME_CHARS",
        2,
    )
    yield Case(
        "m-10mb-cell-number",
        "aggregate",
        "m.csv",
        lambda: _lines_edit(_set(3, 4, "9" * (10 * 1024 * 1024))),
        exit_code=2,
    )
    yield Case(
        "m-309-digits", "aggregate", "m.csv", _lines_edit(_set(2, 4, "9" * 309)), "数字过大", 2
    )
    yield Case(
        "m-5000-digits", "aggregate", "m.csv", _lines_edit(_set(2, 4, "9" * 5000)), "数字过大", 2
    )
    yield Case(
        "m-309-digits-as-text",
        "aggregate",
        "m.csv",
        _lines_edit(_set(2, 4, "9" * 309 + "x")),
        "…",
        2,
    )
    yield Case("m-1e308", "aggregate", "m.csv", _lines_edit(_set(2, 4, "1e308")), exit_code=2)
    yield Case(
        "m-many-1e8",
        "aggregate",
        "m.csv",
        _lines_edit(
            lambda ls: [
                ls.__setitem__(i, _relpace_output(ls[i], "900000000"))
                for i in range(1, len(ls) - 1)
            ]
        ),
        exit_code=2,
    )
    yield Case("m-nan", "aggregate", "m.csv", _lines_edit(_set(2, 4, "NaN")), "“NaN”不是数字", 2)
    yield Case("m-inf", "aggregate", "m.csv", _lines_edit(_set(2, 4, "inf")), exit_code=2)
    yield Case("m-na-text", "aggregate", "m.csv", _lines_edit(_set(2, 4, "#N/A")), "#N/A", 2)
    yield Case("m-negative", "aggregate", "m.csv", _lines_edit(_set(2, 4, "-5")), exit_code=2)
    yield Case(
        "m-fullwidth-number", "aggregate", "m.csv", _lines_edit(_set(2, 4, "１２３")), exit_code=0
    )
    yield Case(
        "m-control-name", "aggregate", "m.csv", _lines_edit(_set(2, 0, "某\x07企业")), "控制字符", 2
    )
    yield Case(
        "m-nul-in-name", "aggregate", "m.csv", _lines_edit(_set(2, 0, "某\x00企业")), exit_code=2
    )
    yield Case(
        "m-formula-name",
        "aggregate",
        "m.csv",
        _lines_edit(_set(2, 0, "=cmd|' /C calc'!A0")),
        exit_code=0,
    )
    yield Case(
        "m-script-name",
        "aggregate",
        "m.csv",
        _lines_edit(_set(2, 0, "<script>alert(1)</script>")),
        exit_code=0,
    )
    yield Case(
        "m-long-name",
        "aggregate",
        "m.csv",
        _lines_edit(_set(2, 0, "长" * 5000)),
        "MAX_NAME_CHARS",
        2,
    )
    yield Case(
        "m-extra-cell",
        "aggregate",
        "m.csv",
        _lines_edit(lambda ls: ls.__setitem__(3, ls[3] + ",extra")),
        "表头有",
        2,
    )
    yield Case(
        "m-short-row",
        "aggregate",
        "m.csv",
        _lines_edit(lambda ls: ls.__setitem__(3, ls[3].rsplit(",", 1)[0])),
    )
    yield Case(
        "m-blank-line-middle", "aggregate", "m.csv", _lines_edit(lambda ls: ls.insert(4, ""))
    )
    yield Case(
        "m-stray-quote-eof",
        "aggregate",
        "m.csv",
        _lines_edit(lambda ls: ls.__setitem__(3, '"' + ls[3])),
        "引号",
        2,
    )
    yield Case(
        "m-stray-quote-mid",
        "aggregate",
        "m.csv",
        _lines_edit(lambda ls: ls.__setitem__(3, ls[3].replace("有限", 'x"有限', 1))),
    )
    yield Case(
        "m-quote-after",
        "aggregate",
        "m.csv",
        _lines_edit(lambda ls: ls.__setitem__(3, '"a"b' + ls[3][ls[3].index(",") :])),
    )
    yield Case(
        "m-dup-header",
        "aggregate",
        "m.csv",
        _lines_edit(lambda ls: ls.__setitem__(0, ls[0].replace("从业人员", "企业名称"))),
        exit_code=2,
    )
    yield Case(
        "m-unknown-header",
        "aggregate",
        "m.csv",
        _lines_edit(lambda ls: ls.__setitem__(0, ls[0] + ",神秘列")),
        exit_code=2,
    )
    yield Case(
        "m-2000-columns",
        "aggregate",
        "m.csv",
        (",".join(f"c{i}" for i in range(2000)) + "\n").encode() * 3,
        "MAX_COLUMNS",
        2,
    )
    yield Case(
        "m-control-header",
        "aggregate",
        "m.csv",
        _lines_edit(lambda ls: ls.__setitem__(0, ls[0].replace("从业人员", "从业\x01人员"))),
        exit_code=2,
    )
    yield Case(
        "m-bad-codes",
        "aggregate",
        "m.csv",
        _lines_edit(
            lambda ls: [ls.__setitem__(i, ls[i].replace("9144", "X144", 1)) for i in range(1, 10)]
        ),
        exit_code=2,
    )
    yield Case(
        "m-1000-bad-rows",
        "aggregate",
        "m.csv",
        csv_bytes(chinese(members(1500))).replace(b"\xe6\x98\xaf,", b"maybe,"),
        exit_code=2,
    )
    yield Case(
        "m-code-dup",
        "aggregate",
        "m.csv",
        _lines_edit(_set(3, 1, credit_code("91440101MA0000000"))),
        exit_code=2,
    )
    yield Case("m-dir", "aggregate", "DIR", b"", "目录", 2)
    yield Case("m-devzero", "aggregate", "DEVZERO", b"", "MAX_UPLOAD_BYTES", 2)
    yield Case(
        "m-pdf",
        "aggregate",
        "m.csv",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 20,
        exit_code=2,
    )
    yield Case("m-png", "aggregate", "m.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(2000), exit_code=2)
    # workbooks
    yield Case(
        "m-x-huge-extent",
        "aggregate",
        "m.xlsx",
        workbook(
            [
                (
                    "S",
                    '<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
                    "visible",
                )
            ]
        ),
        "MAX_COLUMNS",
        2,
    )
    yield Case(
        "m-x-two-corners",
        "aggregate",
        "m.xlsx",
        workbook(
            [
                (
                    "S",
                    '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="ZZ1048576"><v>1</v></c></row></sheetData>',
                    "visible",
                )
            ]
        ),
        "MAX_CELLS",
        2,
    )
    yield Case(
        "m-x-declared-huge",
        "aggregate",
        "m.xlsx",
        workbook([("S", '<dimension ref="A1:XFD1048576"/>' + cells(rows), "visible")]),
        exit_code=0,
    )
    yield Case(
        "m-x-row-beyond-excel",
        "aggregate",
        "m.xlsx",
        workbook(
            [
                (
                    "S",
                    '<sheetData><row r="2000000"><c r="A2000000"><v>1</v></c></row></sheetData>',
                    "visible",
                )
            ]
        ),
        exit_code=2,
    )
    yield Case(
        "m-x-aaa-column",
        "aggregate",
        "m.xlsx",
        workbook(
            [
                (
                    "S",
                    '<sheetData><row r="1"><c r="AMK1"><v>1</v></c></row><row r="60000"><c r="A60000"><v>1</v></c></row></sheetData>',
                    "visible",
                )
            ]
        ),
        "MAX_COLUMNS",
        2,
    )
    yield Case(
        "m-x-no-refs",
        "aggregate",
        "m.xlsx",
        workbook(
            [
                (
                    "S",
                    "<sheetData>"
                    + "<row>"
                    + "<c><v>1</v></c>" * 30
                    + "</row>" * 1
                    + "</sheetData>",
                    "visible",
                )
            ]
        ),
        exit_code=2,
    )
    yield Case("m-x-bomb", "aggregate", "m.xlsx", lambda: bomb_sheet(40), "MAX_ZIP_RATIO", 2)
    yield Case("m-x-lying-sizes", "aggregate", "m.xlsx", lying_sizes, exit_code=2)
    yield Case(
        "m-x-bomb-shared-strings",
        "aggregate",
        "m.xlsx",
        lambda: workbook([("S", cells([["a"]]), "visible")], shared=["x" * (40 * 1024 * 1024)]),
        "MAX_ZIP_RATIO",
        2,
    )
    yield Case(
        "m-x-10001-entries",
        "aggregate",
        "m.xlsx",
        lambda: many_entries(10_001),
        "MAX_ZIP_ENTRIES",
        2,
    )
    yield Case(
        "m-x-hidden-first",
        "aggregate",
        "m.xlsx",
        workbook([("隐藏", cells([["x"], [1]]), "hidden"), ("成员", cells(rows), "visible")]),
        "隐藏",
        0,
    )
    yield Case(
        "m-x-all-hidden",
        "aggregate",
        "m.xlsx",
        workbook([("隐藏", cells(rows), "hidden")]),
        "可见",
        2,
    )
    yield Case(
        "m-x-very-hidden-active",
        "aggregate",
        "m.xlsx",
        workbook([("a", cells(rows), "veryHidden"), ("b", cells(rows), "visible")], active=0),
        exit_code=0,
    )
    yield Case(
        "m-x-formula-no-value",
        "aggregate",
        "m.xlsx",
        workbook([("S", cells(rows).replace("<v>1000</v>", "<f>SUM(A1:A2)</f>"), "visible")]),
        "公式没有缓存结果",
        2,
    )
    yield Case(
        "m-x-error-cell",
        "aggregate",
        "m.xlsx",
        workbook(
            [
                (
                    "S",
                    cells(rows).replace(
                        '<c r="E2"><v>1000</v></c>', '<c r="E2" t="e"><v>#N/A</v></c>'
                    ),
                    "visible",
                )
            ]
        ),
        "#N/A",
        2,
    )
    yield Case(
        "m-x-div0",
        "aggregate",
        "m.xlsx",
        workbook(
            [
                (
                    "S",
                    cells(rows).replace(
                        '<c r="E3"><v>1100</v></c>', '<c r="E3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
                    ),
                    "visible",
                )
            ]
        ),
        "#DIV/0!",
        2,
    )
    yield Case(
        "m-x-merged",
        "aggregate",
        "m.xlsx",
        workbook(
            [
                (
                    "S",
                    cells(rows) + '<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>',
                    "visible",
                )
            ]
        ),
        "合并单元格",
        2,
    )
    yield Case("m-x-no-workbook-part", "aggregate", "m.xlsx", _zip({"a.txt": b"hello"}), ".xlsx", 2)
    yield Case(
        "m-x-docx",
        "aggregate",
        "m.xlsx",
        _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
        ".xlsx",
        2,
    )
    yield Case("m-x-truncated", "aggregate", "m.xlsx", _xlsx_rows(rows)[:700], exit_code=2)
    yield Case(
        "m-x-bad-xml",
        "aggregate",
        "m.xlsx",
        workbook([("S", "<sheetData><row r='1'><c r='A1'><v>1</v></row>", "visible")]),
        exit_code=2,
    )
    yield Case(
        "m-x-missing-sheet-part",
        "aggregate",
        "m.xlsx",
        _without(workbook([("S", cells(rows), "visible")]), "xl/worksheets/sheet1.xml"),
        exit_code=2,
    )
    yield Case("m-x-no-sheets", "aggregate", "m.xlsx", workbook([]), exit_code=2)
    yield Case("m-x-entity-expansion", "aggregate", "m.xlsx", _entity_bomb(), exit_code=2)
    yield Case(
        "m-x-stored-not-deflated",
        "aggregate",
        "m.xlsx",
        workbook([("S", cells(rows), "visible")], method=zipfile.ZIP_STORED),
        exit_code=0,
    )
    yield Case(
        "m-x-ole-garbage",
        "aggregate",
        "m.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000),
        exit_code=2,
    )
    yield Case("m-x-sheet-named-missing", "aggregate", "m.xlsx", _xlsx_rows(rows), exit_code=0)
    yield Case(
        "m-x-control-in-cell",
        "aggregate",
        "m.xlsx",
        _xlsx_rows([rows[0], ["某\x01企业", *rows[1][1:]], *rows[2:]]),
        exit_code=2,
    )
    yield Case(
        "m-x-long-sheet-name",
        "aggregate",
        "m.xlsx",
        workbook([("长" * 300, "<sheetData/>", "visible")]),
        exit_code=2,
    )


def _relpace_output(line: str, value: str) -> str:
    cells_ = next(csv.reader([line]))
    cells_[4] = value
    return ",".join(cells_)


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, raw in parts.items():
            z.writestr(name, raw)
    return buf.getvalue()


def _without(book: bytes, part: str) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(book))
    return _zip({n: src.read(n) for n in src.namelist() if n != part})


def _entity_bomb() -> bytes:
    entities = '<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(8)
    )
    xml = (
        entities
        + ']><worksheet xmlns="'
        + _NS
        + '"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row></sheetData></worksheet>'
    )
    book = zipfile.ZipFile(io.BytesIO(workbook([("S", "<sheetData/>", "visible")])))
    parts = {n: book.read(n) for n in book.namelist()}
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    return _zip(parts)


# ------------------------------------------------------------------ batch files

_BATCH_HEAD = [
    "cluster_name",
    "area_km2",
    "产值_2022",
    "产值_2023",
    "产值_2024",
    "sme_output_share_pct",
    "national_champions",
    "no_major_incidents",
]
_BATCH_ROW = ["甲集群", "12.5", "100", "120", "150", "80", "1", "是"]


def _batch(rows: list[list[str]], head: list[str] = _BATCH_HEAD, sep: str = ",") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep)
    w.writerow(head)
    w.writerows(rows)
    return buf.getvalue().encode()


def _row(**changes: str) -> list[str]:
    row = dict(zip(_BATCH_HEAD, _BATCH_ROW, strict=True))
    row.update(changes)
    return list(row.values())


def batch_cases() -> Iterator[Case]:
    good = _batch([_BATCH_ROW, _row(cluster_name="乙集群", area_km2="3")])
    yield Case("b-valid", "evaluate-batch", "b.csv", good, exit_code=0)
    yield Case("b-valid-gbk", "evaluate-batch", "b.csv", good.decode().encode("gbk"), exit_code=0)
    yield Case(
        "b-valid-tsv", "evaluate-batch", "b.tsv", _batch([_BATCH_ROW], sep="\t"), exit_code=0
    )
    yield Case(
        "b-valid-xlsx",
        "evaluate-batch",
        "b.xlsx",
        workbook([("S", cells([_BATCH_HEAD, _BATCH_ROW]), "visible")]),
        exit_code=0,
    )
    yield Case("b-empty", "evaluate-batch", "b.csv", b"", exit_code=2)
    yield Case("b-header-only", "evaluate-batch", "b.csv", _batch([]))
    yield Case(
        "b-unknown-columns",
        "evaluate-batch",
        "b.csv",
        _batch([["x", "y"]], head=["a", "b"]),
        exit_code=2,
    )
    yield Case(
        "b-1e308-output",
        "evaluate-batch",
        "b.csv",
        _batch([_row(**{"产值_2024": "1e308", "产值_2023": "1e308", "产值_2022": "1e308"})]),
        exit_code=0,
    )
    yield Case(
        "b-309-digits", "evaluate-batch", "b.csv", _batch([_row(area_km2="9" * 309)]), "…", 0
    )
    yield Case(
        "b-5000-digits",
        "evaluate-batch",
        "b.csv",
        _batch([_row(national_champions="9" * 5000)]),
        "…",
        0,
    )
    yield Case(
        "b-count-2p53",
        "evaluate-batch",
        "b.csv",
        _batch([_row(national_champions=str(2**53 + 1))]),
        exit_code=0,
    )
    yield Case("b-nan", "evaluate-batch", "b.csv", _batch([_row(area_km2="NaN")]), exit_code=0)
    yield Case("b-inf", "evaluate-batch", "b.csv", _batch([_row(area_km2="inf")]), exit_code=0)
    yield Case("b-na", "evaluate-batch", "b.csv", _batch([_row(area_km2="#N/A")]), exit_code=0)
    yield Case("b-negative", "evaluate-batch", "b.csv", _batch([_row(area_km2="-1")]), exit_code=0)
    yield Case(
        "b-pct-over",
        "evaluate-batch",
        "b.csv",
        _batch([_row(sme_output_share_pct="150%")]),
        exit_code=0,
    )
    yield Case(
        "b-control-name",
        "evaluate-batch",
        "b.csv",
        _batch([_row(cluster_name="甲\x07集群")]),
        "控制字符",
        0,
    )
    yield Case(
        "b-formula-name",
        "evaluate-batch",
        "b.csv",
        _batch([_row(cluster_name='=HYPERLINK("http://x")')]),
        exit_code=0,
    )
    yield Case(
        "b-plus-name", "evaluate-batch", "b.csv", _batch([_row(cluster_name="+1+1")]), exit_code=0
    )
    yield Case(
        "b-at-name", "evaluate-batch", "b.csv", _batch([_row(cluster_name="@SUM(1)")]), exit_code=0
    )
    yield Case(
        "b-script-name",
        "evaluate-batch",
        "b.csv",
        _batch([_row(cluster_name="<script>alert(1)</script>")]),
        exit_code=0,
    )
    yield Case(
        "b-long-name",
        "evaluate-batch",
        "b.csv",
        _batch([_row(cluster_name="长" * 5000)]),
        exit_code=0,
    )
    yield Case(
        "b-10mb-cell",
        "evaluate-batch",
        "b.csv",
        lambda: _batch([_row(cluster_name="长" * (3 * 1024 * 1024))]),
        exit_code=0,
    )
    yield Case(
        "b-extra-cell",
        "evaluate-batch",
        "b.csv",
        good.replace(b"\xe6\x98\xaf\r\n", b"\xe6\x98\xaf,x\r\n", 1),
        "9 个单元格",
        2,
    )
    yield Case(
        "b-stray-quote", "evaluate-batch", "b.csv", good.replace("乙".encode(), b'"', 1), "引号", 2
    )
    yield Case(
        "b-dup-columns",
        "evaluate-batch",
        "b.csv",
        _batch([[*_BATCH_ROW, "5"]], head=[*_BATCH_HEAD, "area_km2"]),
        exit_code=0,
    )
    yield Case(
        "b-bad-flag",
        "evaluate-batch",
        "b.csv",
        _batch([_row(no_major_incidents="maybe")]),
        exit_code=0,
    )
    yield Case(
        "b-bad-year-header",
        "evaluate-batch",
        "b.csv",
        _batch([_BATCH_ROW], head=[*_BATCH_HEAD[:2], "产值_1800", *_BATCH_HEAD[3:]]),
        exit_code=0,
    )
    yield Case(
        "b-nonconsecutive-years",
        "evaluate-batch",
        "b.csv",
        _batch([_BATCH_ROW], head=[*_BATCH_HEAD[:2], "产值_2019", *_BATCH_HEAD[3:]]),
        exit_code=0,
    )
    yield Case(
        "b-too-many-rows",
        "evaluate-batch",
        "b.csv",
        lambda: _batch([["x"]] * 100_001, head=["cluster_name"]),
        "MAX_BATCH_ROWS",
        2,
    )
    yield Case("b-random-bytes", "evaluate-batch", "b.csv", bytes(range(256)) * 40, exit_code=2)
    yield Case(
        "b-bom-gbk",
        "evaluate-batch",
        "b.csv",
        codecs.BOM_UTF8 + good.decode().encode("gbk"),
        "GBK",
        2,
    )
    yield Case("b-dir", "evaluate-batch", "DIR", b"", "目录", 2)
    yield Case("b-devzero", "evaluate-batch", "DEVZERO", b"", "200 MB", 2)
    yield Case(
        "b-x-huge-extent",
        "evaluate-batch",
        "b.xlsx",
        workbook(
            [
                (
                    "S",
                    '<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>',
                    "visible",
                )
            ]
        ),
        "MAX_COLUMNS",
        2,
    )
    yield Case("b-x-bomb", "evaluate-batch", "b.xlsx", lambda: bomb_sheet(40), "MAX_ZIP_RATIO", 2)
    yield Case(
        "b-x-hidden-first",
        "evaluate-batch",
        "b.xlsx",
        workbook(
            [
                ("h", cells([["cluster_name"], ["隐藏集群"]]), "hidden"),
                ("v", cells([_BATCH_HEAD, _BATCH_ROW]), "visible"),
            ]
        ),
        "隐藏",
        0,
    )
    yield Case(
        "b-x-formula-no-value",
        "evaluate-batch",
        "b.xlsx",
        workbook(
            [
                (
                    "S",
                    cells([_BATCH_HEAD, _BATCH_ROW]).replace(
                        '<c r="B2" t="inlineStr"><is><t>12.5</t></is></c>',
                        '<c r="B2"><f>1+1</f></c>',
                    ),
                    "visible",
                )
            ]
        ),
        "公式没有缓存结果",
        0,
    )
    yield Case(
        "b-x-error-cell",
        "evaluate-batch",
        "b.xlsx",
        workbook(
            [
                (
                    "S",
                    cells([_BATCH_HEAD, _BATCH_ROW]).replace(
                        '<c r="B2" t="inlineStr"><is><t>12.5</t></is></c>',
                        '<c r="B2" t="e"><v>#N/A</v></c>',
                    ),
                    "visible",
                )
            ]
        ),
        "#N/A",
        0,
    )
    yield Case(
        "b-x-merged",
        "evaluate-batch",
        "b.xlsx",
        workbook(
            [
                (
                    "S",
                    cells([_BATCH_HEAD, _BATCH_ROW, _BATCH_ROW])
                    + '<mergeCells count="1"><mergeCell ref="A2:A3"/></mergeCells>',
                    "visible",
                )
            ]
        ),
        "合并单元格",
        0,
    )
    yield Case(
        "b-x-many-formulas",
        "evaluate-batch",
        "b.xlsx",
        workbook(
            [
                (
                    "S",
                    cells(
                        [["cluster_name", "area_km2"], *[[f"c{i}", 1] for i in range(300)]]
                    ).replace("<v>1</v>", "<f>1</f>"),
                    "visible",
                )
            ]
        ),
        "公式没有缓存结果",
        2,
    )
    yield Case(
        "b-x-control-name",
        "evaluate-batch",
        "b.xlsx",
        workbook([("S", cells([_BATCH_HEAD, _row(cluster_name="a\x01b")]), "visible")]),
        exit_code=0,
    )


# ------------------------------------------------------------------ scenario JSON


def _json(**fields: object) -> bytes:
    return json.dumps({"cluster_name": "测试集群", **fields}, ensure_ascii=False).encode()


def json_cases() -> Iterator[Case]:
    full = json.loads(Path(__file__).with_name("fixtures").joinpath("all_met.json").read_text())
    for command in ("evaluate", "report-xlsx", "report-html", "compare"):
        c = command
        yield Case(
            f"j-{c}-valid", c, "s.json", json.dumps(full, ensure_ascii=False).encode(), exit_code=0
        )
        yield Case(f"j-{c}-empty-object", c, "s.json", b"{}", exit_code=0)
        yield Case(f"j-{c}-dup-key", c, "s.json", b'{"area_km2": 1, "area_km2": 2}', "area_km2", 2)
        yield Case(
            f"j-{c}-5000-digits",
            c,
            "s.json",
            b'{"innovation_platforms": ' + b"9" * 5000 + b"}",
            "4300",
            2,
        )
        yield Case(f"j-{c}-2p53", c, "s.json", _json(national_champions=2**53 + 1), exit_code=2)
        yield Case(
            f"j-{c}-1e308",
            c,
            "s.json",
            _json(output_by_year={"2022": 1e308, "2023": 1e308, "2024": 1e308}),
            "output_by_year",
            2,
        )
        yield Case(f"j-{c}-control-name", c, "s.json", _json(cluster_name="a\x07b"), "控制字符", 2)
        yield Case(
            f"j-{c}-formula-name",
            c,
            "s.json",
            {**full, "cluster_name": "=1+1"}
            and json.dumps({**full, "cluster_name": "=1+1"}, ensure_ascii=False).encode(),
            exit_code=0,
        )
        yield Case(
            f"j-{c}-script-name",
            c,
            "s.json",
            json.dumps(
                {**full, "cluster_name": "<script>alert(1)</script>@-+"}, ensure_ascii=False
            ).encode(),
            exit_code=0,
        )
        yield Case(f"j-{c}-nan", c, "s.json", b'{"area_km2": NaN}', "NaN", 2)
    yield Case("j-long-name", "evaluate", "s.json", _json(cluster_name="长" * 10_000), exit_code=2)
    yield Case("j-deep", "evaluate", "s.json", b"[" * 100_000 + b"]" * 100_000, exit_code=2)
    yield Case("j-infinity", "evaluate", "s.json", b'{"area_km2": Infinity}', exit_code=2)
    yield Case("j-neg-infinity", "evaluate", "s.json", b'{"area_km2": -Infinity}', exit_code=2)
    yield Case("j-array", "evaluate", "s.json", b"[1,2]", exit_code=2)
    yield Case("j-null", "evaluate", "s.json", b"null", exit_code=2)
    yield Case("j-empty", "evaluate", "s.json", b"", exit_code=2)
    yield Case("j-gbk", "evaluate", "s.json", '{"cluster_name": "广州"}'.encode("gbk"), exit_code=2)
    yield Case("j-bom", "evaluate", "s.json", codecs.BOM_UTF8 + b"{}")
    yield Case("j-unknown-field", "evaluate", "s.json", b'{"areaa_km2": 1}', exit_code=2)
    yield Case("j-bad-year", "evaluate", "s.json", _json(output_by_year={"20x4": 1}), exit_code=2)
    yield Case(
        "j-gap-years",
        "evaluate",
        "s.json",
        _json(output_by_year={"2020": 1, "2024": 1}),
        exit_code=2,
    )
    yield Case(
        "j-many-years",
        "evaluate",
        "s.json",
        _json(output_by_year={str(y): 1 for y in range(1949, 2101)}),
        exit_code=0,
    )
    yield Case("j-big-area", "evaluate", "s.json", _json(area_km2=1e300), "area_km2", 2)
    yield Case("j-growth-huge", "evaluate", "s.json", _json(output_growth_pct=1e300), exit_code=2)
    yield Case("j-string-number", "evaluate", "s.json", _json(area_km2="12"), exit_code=2)
    yield Case(
        "j-bool-as-string", "evaluate", "s.json", _json(no_major_incidents="yes"), exit_code=2
    )
    yield Case(
        "j-derivation-control",
        "evaluate",
        "s.json",
        _json(derivations={"area_km2": {"description_zh": "a\x01", "description_en": "b"}}),
        exit_code=2,
    )
    yield Case(
        "j-derivation-huge-figure",
        "evaluate",
        "s.json",
        _json(
            derivations={
                "area_km2": {"description_zh": "a", "description_en": "b", "figures": {"x": 1e308}}
            }
        ),
        exit_code=2,
    )
    yield Case(
        "j-titled-huge-count",
        "evaluate",
        "s.json",
        _json(titled_enterprises=[{"titles": ["little_giants"], "count": 2**60}]),
        exit_code=2,
    )
    yield Case(
        "j-titled-bad-title",
        "evaluate",
        "s.json",
        _json(titled_enterprises=[{"titles": ["emperor"]}]),
        exit_code=2,
    )
    yield Case(
        "j-11mb",
        "evaluate",
        "s.json",
        lambda: b'{"cluster_name": "' + b"a" * (11 * 1024 * 1024) + b'"}',
        "MAX_JSON_BYTES",
        2,
    )
    yield Case("j-dir", "evaluate", "DIR", b"", "目录", 2)
    yield Case("j-devzero", "evaluate", "DEVZERO", b"", "10 MB", 2)
    yield Case(
        "j-dup-nested",
        "report-xlsx",
        "s.json",
        b'{"output_by_year": {"2024": 1, "2024": 2}}',
        "2024",
        2,
    )


def cases() -> list[Case]:
    """Every case, each name once."""
    out = [*member_cases(), *batch_cases(), *json_cases()]
    names = [c.name for c in out]
    assert len(names) == len(set(names)), "case names repeat"
    return out
