"""A streaming .xlsx writer: the sheets' XML written directly, row after row, into the zip.

openpyxl's write-only mode costs 8-9 µs a cell; the batch table has a million. Here a cell is one
string: the vocabulary's words (the columns of categories) are shared strings whose cell XML is
built once per column and word, so a row of statuses is a join of ready strings; the user's text
is an inline string (`inlineStr`; openpyxl would strip any `x005F_` from a shared one). Memory
holds one block of rows, never the sheet.

What a cell becomes (the same as the openpyxl helpers in `exports.xlsx` write):
- `None`, NaN and "" write no cell (or an empty styled cell in a styled row);
- `bool` a boolean, `int` and finite `float` a number;
- `str` text, never a formula; text a spreadsheet would read as a formula (`= + - @` or a control
  first, `xlsx.is_formula_like`) gets the `quotePrefix` style, so it stays text when edited;
- characters XML 1.0 forbids (C0 controls but tab, newline and carriage return; lone surrogates;
  U+FFFE, U+FFFF) become U+FFFD, as `errors.shown` echoes them (the model refuses controls in
  names, so they reach a file only through a problem's echo); a carriage return is written as
  `&#13;` so that it reads back as itself (a raw one would read back as a newline).
- `_xHHHH_` in text (H a hex digit) is OOXML's escape of a character (ECMA-376 ST_Xstring):
  Excel, and calamine (tested), show `_x0041_` as "A". Its underscore is escaped
  (`_x005F_x0041_`) so that the text shows as written. (openpyxl's files did not escape it; and
  openpyxl reads inline strings without unescaping, so it alone shows such text escaped.)

Use: `book = Book(out)`; `sheet = book.sheet(title, widths=..., freeze="C2", title_row=1)`;
`sheet.row(values, HEADER)`, `sheet.frame(df)` for many rows; `sheet.close(autofilter=...,
rules=...)`; more sheets; `book.close()`. One sheet is open at a time (a zip writes one entry at a
time); the sheets' order is the order they are opened.
"""

from __future__ import annotations

import contextlib
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
from openpyxl.utils import column_index_from_string, get_column_letter

from assessment.exports.xlsx import (
    BORDER_RGB,
    HEAD_FONT_RGB,
    HEADER_FILL,
    PAGE_FOOTER,
    PAGE_MARGINS,
    PAGE_SETUP,
    is_formula_like,
)

__all__ = ["HEADER", "PLAIN", "Book", "Rule", "Sheet", "string_xml", "text_xml"]

PLAIN, HEADER = 0, 1  # cell styles of a row; text a formula would start gets the quoted twin
_QUOTED = {PLAIN: 2, HEADER: 3}
_BLOCK = 500  # rows joined into one write to the zip

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_OOXML_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")  # an underscore that starts an escape
_ROW = "\x00"  # where a cell's row number goes (no text keeps a NUL: it becomes U+FFFD first)

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"
_PAGE_SETUP = " ".join(f'{k}="{v}"' for k, v in PAGE_SETUP.items())
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def text_xml(text: str) -> str:
    """`text` as XML character data: escaped, illegal characters as U+FFFD, \\r kept as &#13;."""
    if _SPECIAL.search(text) is None:
        return text
    text = _ILLEGAL.sub("\ufffd", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def string_xml(text: str) -> str:
    """A cell's text as XML character data (`text_xml`), `_xHHHH_` escaped as OOXML wants."""
    if "_x" in text:
        text = _OOXML_ESCAPE.sub("_x005F_", text)
    return text_xml(text)


def _attr(text: str) -> str:
    """`text` as an attribute value inside double quotes."""
    return text_xml(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


@dataclass(frozen=True)
class Rule:
    """A conditional format: cells of `sqref` equal to `text` get the solid fill `rgb`."""

    sqref: str
    text: str
    rgb: str


class Book:
    """A workbook written into `out` as it goes (see the module's notes)."""

    def __init__(self, out: BinaryIO, compresslevel: int = 4) -> None:
        # deflate level 4: the 10,000-cluster table (37 MB of XML) in 0.25 s and 3.6 MB, the size
        # openpyxl's level 6 reached at 0.6 s (level 1: 0.15 s, 4.5 MB)
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel)
        self._sheets: list[tuple[str, int | None]] = []  # (title, print-title row)
        self._filters: dict[int, str] = {}  # sheet index -> autofilter range
        self._shared: dict[str, int] = {}
        self._dxfs: dict[str, int] = {}  # fill colour -> differential style id
        self._open: Sheet | None = None

    def sheet(
        self,
        title: str,
        widths: Sequence[float] = (),
        freeze: str | None = None,
        title_row: int | None = None,
    ) -> Sheet:
        """Start the next sheet: column widths, frozen panes above/left of `freeze` (e.g. "C2"),
        `title_row` repeated on every printed page; A4 landscape, one page wide (as
        `xlsx.print_setup` sets)."""
        if self._open is not None:
            raise RuntimeError("close the open sheet first")
        index = len(self._sheets)
        self._sheets.append((title, title_row))
        self._open = Sheet(self, index, widths, freeze)
        return self._open

    def shared(self, text: str) -> int:
        """The index of `text` in the shared-string table (added on first use)."""
        i = self._shared.get(text)
        if i is None:
            i = self._shared[text] = len(self._shared)
        return i

    def dxf(self, rgb: str) -> int:
        """The differential style (a solid fill) of conditional formats in colour `rgb`."""
        return self._dxfs.setdefault(rgb, len(self._dxfs))

    def __del__(self) -> None:
        """A book left unfinished (an error mid-way) ends without zipfile's complaint at exit."""
        if self._open is not None:
            with contextlib.suppress(Exception):
                self._open._out.close()
        with contextlib.suppress(Exception):
            self._zip.close()

    def close(self) -> None:
        """Write the workbook's parts and finish the zip (`out` stays open)."""
        if self._open is not None:
            self._open.close()
        z, n = self._zip, len(self._sheets)
        sheets = "".join(
            f'<sheet name="{_attr(t)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, (t, _) in enumerate(self._sheets)
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{text_xml(_quoted(self._sheets[i][0]))}!{_absolute(ref)}</definedName>"
            for i, ref in self._filters.items()
        ) + "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">'
            f"{text_xml(_quoted(t))}!${r}:${r}</definedName>"
            for i, (t, r) in enumerate(self._sheets)
            if r
        )
        z.writestr(
            "xl/workbook.xml",
            f"{_HEAD}<workbook {_NS} {_NS_R}><workbookPr/><bookViews><workbookView "
            f'activeTab="0"/></bookViews><sheets>{sheets}</sheets>'
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>',
        )
        strings = "".join(
            f'<si><t xml:space="preserve">{string_xml(s)}</t></si>' for s in self._shared
        )
        k = len(self._shared)
        z.writestr(
            "xl/sharedStrings.xml",
            f'{_HEAD}<sst {_NS} count="{k}" uniqueCount="{k}">{strings}</sst>',
        )
        z.writestr("xl/styles.xml", _styles(list(self._dxfs)))
        from openpyxl.writer.theme import theme_xml  # noqa: PLC0415 (Office's default theme)

        z.writestr("xl/theme/theme1.xml", theme_xml)
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(n)
        )
        rels += f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        rels += f'<Relationship Id="rId{n + 2}" Type="{_REL}/theme" Target="theme/theme1.xml"/>'
        rels += f'<Relationship Id="rId{n + 3}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>',
        )
        z.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        parts = [("/xl/workbook.xml", "spreadsheetml.sheet.main+xml")]
        parts += [
            (f"/xl/worksheets/sheet{i + 1}.xml", "spreadsheetml.worksheet+xml") for i in range(n)
        ]
        parts += [
            ("/xl/styles.xml", "spreadsheetml.styles+xml"),
            ("/xl/sharedStrings.xml", "spreadsheetml.sharedStrings+xml"),
            ("/xl/theme/theme1.xml", "theme+xml"),
        ]
        overrides = "".join(f'<Override PartName="{p}" ContentType="{_CT}.{t}"/>' for p, t in parts)
        z.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>",
        )
        z.close()


class Sheet:
    """One worksheet being written: rows in order, then `close` (see `Book.sheet`)."""

    def __init__(self, book: Book, index: int, widths: Sequence[float], freeze: str | None) -> None:
        self._book, self._index = book, index
        self._out = book._zip.open(f"xl/worksheets/sheet{index + 1}.xml", "w")
        self._letters: list[str] = []
        self.rows = 0  # rows written so far
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
            for i, w in enumerate(widths, start=1)
        )
        self._write(
            f'{_HEAD}<worksheet {_NS} {_NS_R}><sheetPr><outlinePr summaryBelow="1" '
            'summaryRight="1"/><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView '
            f'workbookViewId="0">{_pane(freeze)}</sheetView></sheetViews><sheetFormatPr '
            f'baseColWidth="8" defaultRowHeight="15"/>'
            + (f"<cols>{cols}</cols>" if cols else "")
            + "<sheetData>"
        )

    def _write(self, text: str) -> None:
        self._out.write(text.encode("utf-8"))

    def _letter(self, j: int) -> str:
        while len(self._letters) <= j:
            self._letters.append(get_column_letter(len(self._letters) + 1))
        return self._letters[j]

    def row(self, values: Sequence[Any], style: int = PLAIN) -> None:
        """Append one row (an empty sequence: an empty row)."""
        n = self.rows + 1
        cells = "".join(self._cell(j, v, style) for j, v in enumerate(values))
        self._write(f'<row r="{n}">{cells.replace(_ROW, str(n))}</row>')
        self.rows = n

    def frame(self, table: pd.DataFrame, rows_at_once: int = 5_000) -> None:
        """Append the rows of `table` (no header). Categorical columns are shared strings whose
        cells are built once per category; other columns cell by cell."""
        for start in range(0, len(table), rows_at_once):
            part = table.iloc[start : start + rows_at_once]
            columns = [self._column(j, part.iloc[:, j]) for j in range(part.shape[1])]
            n, block = self.rows, []
            for cells in zip(*columns, strict=True):
                n += 1
                block.append(f'<row r="{n}">{"".join(cells).replace(_ROW, str(n))}</row>')
                if len(block) == _BLOCK:
                    self._write("".join(block))
                    block.clear()
            self._write("".join(block))
            self.rows = n

    def _column(self, j: int, col: pd.Series) -> list[str]:
        if isinstance(col.dtype, pd.CategoricalDtype):
            ready = [self._cell(j, v, PLAIN, shared=True) for v in col.cat.categories]
            ready.append("")  # code -1: a missing value, no cell
            return np.asarray(ready, dtype=object)[col.cat.codes.to_numpy()].tolist()
        return [self._cell(j, v, PLAIN) for v in col.tolist()]

    def _cell(self, j: int, v: Any, style: int, shared: bool = False) -> str:
        """One cell's XML, its row number left as `_ROW`."""
        ref = f'<c r="{self._letter(j)}{_ROW}"'
        if isinstance(v, str):
            if not v:
                return f'{ref} s="{style}"/>' if style else ""
            s = _QUOTED[style] if is_formula_like(v) else style
            sa = f' s="{s}"' if s else ""
            if shared:
                return f'{ref}{sa} t="s"><v>{self._book.shared(v)}</v></c>'
            space = ' xml:space="preserve"' if v[0].isspace() or v[-1].isspace() else ""
            return f'{ref}{sa} t="inlineStr"><is><t{space}>{string_xml(v)}</t></is></c>'
        sa = f' s="{style}"' if style else ""
        if v is None or v is pd.NA or (isinstance(v, float | np.floating) and math.isnan(v)):
            return f"{ref}{sa}/>" if style else ""
        if isinstance(v, bool | np.bool_):
            return f'{ref}{sa} t="b"><v>{int(v)}</v></c>'
        if isinstance(v, int | np.integer):
            return f'{ref}{sa} t="n"><v>{int(v)}</v></c>'
        if isinstance(v, float | np.floating) and math.isfinite(v):
            return f'{ref}{sa} t="n"><v>{float(v)!r}</v></c>'
        raise TypeError(f"a cell cannot hold {v!r} ({type(v).__name__})")

    def close(self, autofilter: str | None = None, rules: Sequence[Rule] = ()) -> None:
        """Finish the sheet: an autofilter on range `autofilter`, conditional fills `rules`."""
        tail = "</sheetData>"
        if autofilter:
            tail += f'<autoFilter ref="{autofilter}"/>'
            self._book._filters[self._index] = autofilter
        for k, rule in enumerate(rules, start=1):
            if k == 1 or rule.sqref != rules[k - 2].sqref:
                tail += ("</conditionalFormatting>" if k > 1 else "") + (
                    f'<conditionalFormatting sqref="{rule.sqref}">'
                )
            tail += (
                f'<cfRule type="cellIs" priority="{k}" operator="equal" '
                f'dxfId="{self._book.dxf(rule.rgb)}"><formula>'
                f"{text_xml(_quoted(rule.text, chr(34)))}</formula></cfRule>"
            )
        if rules:
            tail += "</conditionalFormatting>"
        m = PAGE_MARGINS
        tail += (
            f'<printOptions gridLines="0"/><pageMargins left="{m["left"]}" right="{m["right"]}" '
            f'top="{m["top"]}" bottom="{m["bottom"]}" header="0.5" footer="0.5"/>'
            f"<pageSetup {_PAGE_SETUP}/>"
            f"<headerFooter><oddFooter>{text_xml('&C' + PAGE_FOOTER)}</oddFooter></headerFooter>"
            "</worksheet>"
        )
        self._write(tail)
        self._out.close()
        self._book._open = None


def _quoted(text: str, mark: str = "'") -> str:
    """A sheet name as a reference quotes it (or a formula's string literal, with `mark` '"')."""
    return mark + text.replace(mark, mark * 2) + mark


def _absolute(ref: str) -> str:
    """'A1:DJ5' -> '$A$1:$DJ$5'."""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", part) for part in ref.split(":"))


def _pane(freeze: str | None) -> str:
    """The frozen pane of a sheet view, as openpyxl's `freeze_panes` writes it."""
    if not freeze or freeze == "A1":
        return '<selection activeCell="A1" sqref="A1"/>'
    letters = freeze.rstrip("0123456789")
    col, row = column_index_from_string(letters), int(freeze[len(letters) :])
    split = (f'xSplit="{col - 1}" ' if col > 1 else "") + (
        f'ySplit="{row - 1}" ' if row > 1 else ""
    )
    if col > 1 and row > 1:
        active, others = "bottomRight", '<selection pane="topRight"/><selection pane="bottomLeft"/>'
    else:
        active, others = ("topRight" if col > 1 else "bottomLeft"), ""
    return (
        f'<pane {split}topLeftCell="{freeze}" activePane="{active}" state="frozen"/>{others}'
        f'<selection pane="{active}" activeCell="A1" sqref="A1"/>'
    )


def _styles(dxf_fills: list[str]) -> str:
    """The style sheet: plain, header, and each with `quotePrefix`; one fill per dxf colour."""
    solid = '<patternFill patternType="solid"><fgColor rgb="00{}"/></patternFill>'
    border = "".join(
        f'<{side} style="thin"><color rgb="00{BORDER_RGB}"/></{side}>'
        for side in ("left", "right", "top", "bottom")
    )
    plain = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"{}/>'
    head = (
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" applyAlignment="1" xfId="0"{}>'
        '<alignment vertical="center" wrapText="1"/></xf>'
    )
    xfs = [plain.format(""), head.format(""), plain.format(' quotePrefix="1"')]
    xfs.append(head.format(' quotePrefix="1"'))
    dxfs = "".join(f"<dxf><fill>{solid.format(rgb)}</fill></dxf>" for rgb in dxf_fills)
    return (
        f'{_HEAD}<styleSheet {_NS}><fonts count="2"><font><name val="Calibri"/><family val="2"/>'
        '<color theme="1"/><sz val="11"/><scheme val="minor"/></font><font><b val="1"/>'
        f'<color rgb="00{HEAD_FONT_RGB}"/></font></fonts><fills count="3"><fill><patternFill/>'
        '</fill><fill><patternFill patternType="gray125"/></fill>'
        f'<fill>{solid.format(HEADER_FILL)}</fill></fills><borders count="2"><border><left/>'
        f"<right/><top/><bottom/><diagonal/></border><border>{border}</border>"
        '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs><cellStyles '
        'count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        f'<dxfs count="{len(dxf_fills)}">{dxfs}</dxfs></styleSheet>'
    )
