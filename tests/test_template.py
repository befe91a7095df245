"""The member-data template: both languages, both formats, and it reads back."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from assessment.errors import DataFileError
from assessment.members.aggregate import aggregate_file
from assessment.members.columns import COLUMNS
from assessment.members.template import template_files, template_header

YEARS = [2022, 2023, 2024]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_csv_template_and_guide(lang):
    files = template_files(lang, "csv", YEARS)
    assert set(files) == {f"member_template_{lang}.csv", f"member_template_{lang}_guide.csv"}
    template = files[f"member_template_{lang}.csv"]
    assert template.startswith(b"\xef\xbb\xbf")  # so Excel opens the Chinese text
    assert template.decode("utf-8-sig").strip().split(",") == template_header(lang, YEARS)
    guide = files[f"member_template_{lang}_guide.csv"].decode("utf-8-sig")
    for spec in COLUMNS:
        assert spec.header(lang) in guide
    assert "万元" in guide


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_xlsx_template_has_data_and_guide_sheets(lang):
    ((name, content),) = template_files(lang, "xlsx", YEARS).items()
    assert name.endswith(".xlsx")
    book = load_workbook(io.BytesIO(content))
    data, guide = book.worksheets
    assert [c.value for c in data[1]] == template_header(lang, YEARS)
    assert guide.max_row > len(COLUMNS)
    units = {row[2] for row in guide.iter_rows(min_row=2, values_only=True)}
    assert ("万元" if lang == "zh" else "10k yuan (万元)") in units


@pytest.mark.parametrize(
    ("lang", "fmt"), [("zh", "csv"), ("en", "csv"), ("zh", "xlsx"), ("en", "xlsx")]
)
def test_empty_template_reads_back_as_header_without_rows(lang, fmt):
    name, content = next(iter(template_files(lang, fmt, YEARS).items()))
    with pytest.raises(DataFileError) as info:
        aggregate_file(content, name)
    assert len(info.value.problems) == 1
    assert "没有企业数据" in info.value.problems[0].message_zh


def test_filled_csv_template_aggregates():
    content = template_files("zh", "csv", YEARS)["member_template_zh.csv"]
    row = "甲,,是,是,1,2,3,0,0,0,0,0,0,10,,否,否\r\n"
    ind = aggregate_file(content + row.encode(), "t.csv")
    assert ind.output_by_year == {"2022": 0.0001, "2023": 0.0002, "2024": 0.0003}


def test_unknown_language_or_format_is_refused():
    with pytest.raises(ValueError, match="lang"):
        template_files("fr", "csv")
    with pytest.raises(ValueError, match="format"):
        template_files("zh", "ods")
