"""The direct XLSX writer (`exports.sheet_xml`) and the screening workbook written with it.

The workbook is compared with what openpyxl wrote before (tests/xlsx_reference.py): every cell's
value, type, font, fill, border, alignment, number format and quote prefix, the filters, frozen
panes, widths, colour rules, page set-up and sheets. Any text reads back as written (through
openpyxl and through calamine, which reads as Excel does), and the big sheet reaches the file
while it is being written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from assessment.engine.policy import load_policies
from assessment.exports.batch_xlsx import BatchTableWriter, batch_table_bytes
from assessment.exports.sheet_xml import HEADER, Book, Rule
from assessment.exports.xlsx import is_formula_like
from assessment.present.batch_tables import display_table
from assessment.screening.screen import BatchResult, screen_file, screen_parts
from tests.test_batch_stream import _clusters, _csv
from tests.xlsx_reference import reference_xlsx

ON = dt.date(2025, 6, 1)
NAMES = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "中\t间有制表符",
    "<script>alert(1)</script> & more",
    "广州市番禺区珠宝首饰产业集群",
    "中 间 空 格",
    "甲" * 200,  # the longest name a cluster may have
    "a\nb",
    "_x0041_",  # Excel's escape of "A": written escaped (the reference did not: a fix, below)
]
REFUSED = [
    "乙" * 201,
    "控制\x07字符",
    "x\x1by",
    "\x7fdel",
]  # too long, control characters: problems
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _batch(names: list[str], bad_rows: bool = True) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["cluster_name", "area_km2", "no_major_incidents", "innovation_platforms"])
    for i, n in enumerate(names):
        w.writerow([n, 3 + i, "是" if i % 2 else "否", "" if i % 3 else i])
    if bad_rows:
        for n in REFUSED:
            w.writerow([n, "3", "是", "1"])
        w.writerow(["负面积", "-5", "是", "1"])
    return buf.getvalue().encode("utf-8")


def _dump(data: bytes) -> dict[str, Any]:
    """Everything openpyxl reads of a workbook that a user could see or print."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out: dict[str, Any] = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        out[ws.title] = {
            "filter": ws.auto_filter.ref,
            "freeze": ws.freeze_panes,
            "titles": (ws.print_title_rows, ws.print_title_cols),
            "widths": {k: (v.width, v.customWidth) for k, v in ws.column_dimensions.items()},
            "rules": [
                (str(cf.sqref), [(r.type, r.operator, r.formula, r.priority, repr(r.dxf.fill))])
                for cf in ws.conditional_formatting
                for r in cf.rules
            ],
            "page": (
                ws.page_setup.paperSize,
                ws.page_setup.orientation,
                ws.page_setup.fitToWidth,
                ws.page_setup.fitToHeight,
                ws.sheet_properties.pageSetUpPr.fitToPage,
                ws.print_options.gridLines,
                ws.page_margins.left,
                ws.page_margins.right,
                ws.page_margins.top,
                ws.page_margins.bottom,
                ws.oddFooter.center.text,
            ),
            "cells": [
                (
                    c.coordinate,
                    c.value,
                    c.data_type,
                    repr(c.font),
                    repr(c.fill),
                    repr(c.border),
                    repr(c.alignment),
                    c.number_format,
                    c.quotePrefix,
                    repr(c.protection),
                )
                for row in ws.iter_rows()
                for c in row
            ],
        }
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_screening_workbook_is_the_one_openpyxl_wrote(lang) -> None:
    result = screen_file(_batch(NAMES), "hostile.csv", on=ON)
    assert list(result.table["cluster_name"]) == NAMES
    assert len(result.problems) == len(REFUSED) + 1
    data = batch_table_bytes(result, "xlsx", lang)
    got, want = _dump(data), _dump(reference_xlsx(result, lang))
    table = got[got["sheets"][0]]
    for i, cell in enumerate(table["cells"]):  # the one change: "_x0041_" escaped for Excel
        if cell[1] == "_x005F_x0041_":
            table["cells"][i] = (cell[0], "_x0041_", *cell[2:])
    assert (
        got["sheets"]
        == want["sheets"]
        == (["筛选结果", "汇总", "问题"] if lang == "zh" else ["Screening", "Summary", "Problems"])
    )
    for title in got["sheets"]:
        for key, value in want[title].items():
            assert got[title][key] == value, (title, key)
    assert table["rules"] and table["filter"] and table["freeze"] == "C2"
    names = [c for c in table["cells"] if re.fullmatch(r"B\d+", c[0]) and c[0] != "B1"]
    assert [c[1] for c in names] == NAMES
    assert [c[8] for c in names] == [is_formula_like(n) for n in NAMES]  # quotePrefix
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert [r[1] for r in calamine.to_python()[1:]] == NAMES  # as Excel reads them


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_with_no_judged_cluster_is_the_one_openpyxl_wrote(lang) -> None:
    result = screen_file(_batch([]), "bad.csv", on=ON)
    assert len(result.table) == 0
    assert _dump(batch_table_bytes(result, "xlsx", lang)) == _dump(reference_xlsx(result, lang))


def test_the_workbook_written_in_parts_equals_the_reference_and_streams() -> None:
    """Parts of 20 rows go into the zip as they come: most of the file is out before `close`."""
    data = _csv(_clusters(160, seed=3))
    pols = tuple(load_policies())
    cols, problems, _, parts = screen_parts(data, "c.csv", policies=pols, part_rows=20)
    buf = io.BytesIO()
    writer = BatchTableWriter(buf, "xlsx", "zh")
    sizes = []
    for part in parts:
        writer.write(BatchResult.of_part(part, ON, pols, cols))
        sizes.append(buf.tell())
    whole = screen_file(data, "c.csv", on=ON)
    writer.close(BatchResult.of_totals(whole.summary, whole.problems, ON, pols))
    assert problems == [] and len(sizes) == 8
    assert sizes[1] < sizes[4] < sizes[-1]  # the file grows while rows are written
    assert sizes[-1] > 0.5 * len(buf.getvalue())
    assert _dump(buf.getvalue()) == _dump(reference_xlsx(whole, "zh"))


def test_every_part_is_well_formed_xml_and_declared() -> None:
    data = batch_table_bytes(screen_file(_batch(NAMES), "h.csv", on=ON), "xlsx", "zh")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        for name in names:
            ET.fromstring(z.read(name))  # raises on any malformed part
        types = ET.fromstring(z.read("[Content_Types].xml"))
        declared = {o.get("PartName") for o in types}
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    assert {"/" + n for n in names if not n.endswith(".rels")} - declared == {
        "/[Content_Types].xml"
    }
    assert {"xl/" + r.get("Target") for r in rels} <= set(names)
    assert names.count("xl/worksheets/sheet1.xml") == 1


def _one_row(values: list[Any], shared: bool = False) -> bytes:
    buf = io.BytesIO()
    book = Book(buf)
    sheet = book.sheet("T")
    if shared:  # categories: the shared-string path of `frame`
        cats = [pd.Index([v], dtype=object) for v in values]  # object: Arrow holds no surrogate
        sheet.frame(
            pd.DataFrame({i: pd.Categorical.from_codes([0], c) for i, c in enumerate(cats)})
        )
    else:
        sheet.row(values)
    book.close()
    return buf.getvalue()


def _read(data: bytes, n: int) -> tuple[list[Any], list[Any], list[bool]]:
    """The first row's n values by openpyxl and by calamine, and openpyxl's quote prefixes."""
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws is not None
    cells = [ws.cell(row=1, column=j + 1) for j in range(n)]
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    rows = sheet.to_python()  # from the first cell that holds something
    lead = [""] * (sheet.start[1] if sheet.start else 0)
    by_calamine = lead + (rows[0] if rows else []) + [""] * n
    return [c.value for c in cells], by_calamine[:n], [c.quotePrefix for c in cells]


_TRICKY = "=+-@_x0F5A \t\r\n\x00\x07\x1f\x7f<&>\"'\ud800\ufffe\uffff甲é\U0001f600"
TEXT = st.text(st.one_of(st.sampled_from(_TRICKY), st.characters(exclude_categories=())))


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(TEXT, min_size=1, max_size=12), st.booleans())
def test_any_text_reads_back_as_written(texts: list[str], shared: bool) -> None:
    """As written, except what XML cannot hold (U+FFFD, as `errors.shown` echoes it); never a
    formula; "" is an empty cell. Calamine unescapes `_xHHHH_` as Excel does, openpyxl does not."""
    by_openpyxl, by_calamine, quoted = _read(_one_row(texts, shared), len(texts))
    for text, a, b, q in zip(texts, by_openpyxl, by_calamine, quoted, strict=True):
        want = XML_ILLEGAL.sub("\ufffd", text)
        assert b == want
        escaped = re.sub("_(?=x[0-9A-Fa-f]{4}_)", "_x005F_", want)
        if shared:  # openpyxl's shared strings: every "x005F_" dropped
            assert a == (escaped.replace("x005F_", "") or None)
        else:
            assert a == (escaped or None)
        assert q == is_formula_like(text)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-(2**53), 2**53),
            st.floats(allow_nan=False, allow_infinity=False),
            st.booleans(),
            st.none(),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_numbers_and_booleans_read_back_as_numbers(values: list[Any]) -> None:
    by_openpyxl, by_calamine, _ = _read(_one_row(values), len(values))
    for v, a, b in zip(values, by_openpyxl, by_calamine, strict=True):
        assert (a == v and type(a) is type(v)) or (v is None and a is None)
        assert b == ("" if v is None else v)


def test_missing_values_are_empty_cells_and_infinity_is_refused() -> None:
    by_openpyxl, _, _ = _read(_one_row([None, math.nan, pd.NA, "", 1]), 5)
    assert by_openpyxl == [None, None, None, None, 1]
    with pytest.raises(TypeError):
        _one_row([math.inf])
    with pytest.raises(TypeError):
        _one_row([dt.date(2025, 1, 1)])  # no dates: the tables hold none


def test_sheet_names_rules_and_print_titles_survive_quotes() -> None:
    buf = io.BytesIO()
    book = Book(buf)
    sheet = book.sheet("O'Neil & 集群", widths=[12.5, 30], freeze="B3", title_row=2)
    sheet.row(["标题"])
    sheet.row(["列A", '列"B"'], HEADER)
    sheet.row(["✔ 达标", 'say "hi"'])
    rules = [Rule("A3:B3", "✔ 达标", "DCEFE0"), Rule("A3:B3", 'say "hi"', "F9D4CF")]
    sheet.close(autofilter="A2:B3", rules=rules)
    book.sheet("二").close()
    book.close()
    wb = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))
    assert wb.sheetnames == ["O'Neil & 集群", "二"]
    ws = wb.worksheets[0]
    assert ws.print_title_rows == "$2:$2" and ws.freeze_panes == "B3"
    assert ws.auto_filter.ref == "A2:B3"
    assert ws.column_dimensions["A"].width == 12.5 and ws.column_dimensions["B"].width == 30
    assert [r.formula for cf in ws.conditional_formatting for r in cf.rules] == [
        ['"✔ 达标"'],
        ['"say ""hi"""'],
    ]
    fills = [r.dxf.fill.fgColor.rgb for cf in ws.conditional_formatting for r in cf.rules]
    assert fills == ["00DCEFE0", "00F9D4CF"]
    assert ws["B2"].value == '列"B"' and ws["B2"].font.b and ws["A1"].font.b is False
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(buf.getvalue()))
    assert calamine.sheet_names == ["O'Neil & 集群", "二"]


def test_one_sheet_at_a_time() -> None:
    book = Book(io.BytesIO())
    book.sheet("a")
    with pytest.raises(RuntimeError):
        book.sheet("b")


def test_the_words_reach_the_writer_as_categories() -> None:
    """The fast path: statuses and verdicts are categories (a cell's XML built once per word);
    were they plain text, every cell would be written one by one, and as an inline string."""
    table = display_table(screen_file(_batch(NAMES[:3], bad_rows=False), "c.csv", on=ON), "zh")
    assert all(isinstance(table[c].dtype, pd.CategoricalDtype) for c in table.columns[3:])
    data = batch_table_bytes(screen_file(_batch(NAMES[:3], bad_rows=False), "c.csv", on=ON))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count('t="inlineStr"') == table.shape[1] + 3  # headers and the three names
