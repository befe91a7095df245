"""Issue 10: every Excel and HTML export, written for names a hostile or careless user gives.

Formula prefixes (= + - @) stay text (no formula cell), markup stays text (no live <script>), and
control characters never reach a writer: the model refuses them with the field named, and a
problem echoing one shows U+FFFD instead. Every workbook opens cleanly with openpyxl.
"""

from __future__ import annotations

import csv
import html
import io
import json
from pathlib import Path

import openpyxl
import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.engine.policy import load_policies
from assessment.errors import InputError
from assessment.exports.batch_xlsx import batch_table_bytes, batch_template_bytes
from assessment.exports.briefing import briefing_html
from assessment.exports.report_excel import excel_report
from assessment.members.template import template_files
from assessment.screening.screen import screen_file

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "all_met.json").read_text("utf-8"))
HOSTILE = [
    '=HYPERLINK("http://evil","x")',
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "=cmd|' /C calc'!A0",
]
CONTROL = ["甲\x07集群", "a\x00b", "x\x1by", "del\x7f"]


def _cells(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))  # opens cleanly, or the test fails here
    for ws in book.worksheets:
        for row in ws.iter_rows():
            yield from row


def _no_formula(data: bytes, name: str) -> None:
    seen = False
    for cell in _cells(data):
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        seen = seen or cell.value == name
    assert seen, f"{name!r} is not in the workbook as text"


def _indicators(name: str):
    derivations = {
        "area_km2": {
            "description_zh": name,
            "description_en": name,
            "columns": [name],
            "figures": {name[:50]: 1},
        }
    }
    return parse_indicators({**FIXTURE, "cluster_name": name, "derivations": derivations})


@pytest.mark.parametrize("name", HOSTILE)
def test_report_workbook_keeps_formula_like_names_as_text(name):
    ind = _indicators(name)
    data = excel_report(evaluate(ind, load_policies()), ind, "zh")
    _no_formula(data, name)


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_briefing_shows_markup_as_text(name, lang):
    ind = _indicators(name)
    page = briefing_html(evaluate(ind, load_policies()), ind, lang)
    if "<" in name:
        assert name not in page  # markup never appears unescaped
        assert html.escape(name, quote=False) in page.replace("&#x27;", "'").replace(
            "&quot;", '"'
        )  # but is shown, as text


@pytest.mark.parametrize("name", CONTROL)
def test_control_characters_never_reach_a_writer(name):
    with pytest.raises(InputError) as caught:
        _indicators(name)
    assert "cluster_name" in caught.value.field or "derivations" in caught.value.field
    assert "控制字符" in caught.value.message("zh")


def _batch_file(names: list[str]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["cluster_name", "area_km2", "no_major_incidents"])
    for n in names:
        w.writerow([n, "3", "是"])
    return buf.getvalue().encode()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_batch_exports_keep_names_as_text_and_control_characters_out(lang):
    result = screen_file(_batch_file(HOSTILE + CONTROL), "b.csv")
    judged = set(result.table["cluster_name"])
    assert judged == set(HOSTILE)  # the control-character rows are refused, by row
    refused = {p.row for p in result.problems if "控制字符" in p.message_zh}
    assert refused == set(range(len(HOSTILE) + 2, len(HOSTILE) + 2 + len(CONTROL)))
    data = batch_table_bytes(result, "xlsx", lang)
    for name in HOSTILE:
        _no_formula(data, name)
    for cell in _cells(data):  # the problems sheet echoes values: no control character in it
        if isinstance(cell.value, str):
            assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in cell.value)
    text = batch_table_bytes(result, "csv", lang).decode("utf-8-sig")
    for row in csv.reader(io.StringIO(text)):
        for value in row:
            assert not value.startswith(("=", "+", "-", "@")) or value == "-", value


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_templates_open_cleanly_without_formulas(lang):
    for name, content in template_files(lang, "xlsx").items():
        assert name.endswith(".xlsx")
        assert all(c.data_type != "f" for c in _cells(content))
    assert all(c.data_type != "f" for c in _cells(batch_template_bytes(lang, "xlsx")))
