"""Reading member files: every format, every problem by row and column, and nothing else raised."""

from __future__ import annotations

import codecs
import io
import string
import sys

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment.errors import DataFileError, Problem
from assessment.members import csv_table, excel, ingest
from assessment.members.aggregate import aggregate_file
from assessment.members.ingest import read_member_file
from tests.member_factory import chinese, credit_code, csv_bytes, members, xlsx_bytes


def problems_of(data: bytes, name: str = "m.csv", sheet: str | None = None) -> list[Problem]:
    with pytest.raises(DataFileError) as info:
        read_member_file(data, name, sheet)
    assert info.value.problems
    return info.value.problems


def find(problems: list[Problem], row: int | None, column: str | None) -> Problem:
    hits = [p for p in problems if p.row == row and p.column == column]
    assert hits, f"no problem at row {row}, column {column}: {problems}"
    return hits[0]


# ------------------------------------------------------------------ formats


def test_same_enterprises_in_every_format_give_identical_indicators():
    frame = members(12)
    files = {
        "utf-8, English headers": (csv_bytes(frame), "m.csv"),
        "GBK, Chinese headers": (csv_bytes(chinese(frame), "gbk"), "m.csv"),
        "UTF-8 with BOM": (csv_bytes(chinese(frame), "utf-8-sig"), "m.csv"),
        "Unicode text (UTF-16, tabs)": (csv_bytes(chinese(frame), "utf-16", "\t"), "m.txt"),
        "XLSX": (xlsx_bytes(chinese(frame)), "m.xlsx"),
    }
    results = {
        k: aggregate_file(d, n).model_dump(exclude={"derivations"}) for k, (d, n) in files.items()
    }
    first = results.pop("utf-8, English headers")
    assert first["sme_output_share_pct"] is not None
    for label, result in results.items():
        assert result == first, label


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
    ],
)
def test_encoding_detected_without_asking(encoding, expected):
    sep = "\t" if encoding == "utf-16" else ","
    table = read_member_file(csv_bytes(chinese(members()), encoding, sep), "m.csv")
    assert table.encoding == expected
    assert table.frame["enterprise_name"].iloc[0] == "示例企业0有限公司"


def test_short_gbk_file_is_not_mistaken_for_another_charset():
    data = "企业名称,是否中小企业,产值_2024\n广州某某,是,1\n".encode("gbk")
    table = read_member_file(data, "m.csv")
    assert table.frame["enterprise_name"].tolist() == ["广州某某"]


def test_xlsx_named_sheet_and_missing_sheet():
    data = xlsx_bytes(chinese(members()), sheet="企业", first="封面")
    assert read_member_file(data, "m.xlsx", sheet="企业").rows == 6
    problem = problems_of(data, "m.xlsx", sheet="不存在")[0]
    assert "封面" in problem.message_zh and "企业" in problem.message_zh


def test_headers_tolerated_in_any_order_with_spaces_full_width_and_year_forms():
    data = (
        "  ２０２４年产值 ,是否中小企业　,ＥＮＴＥＲＰＲＩＳＥ_NAME,output (2023),序号\n"
        '1,是,甲,"1,234.50",1\n2,否,乙,3,2\n'
    ).encode()
    table = read_member_file(data, "m.csv")
    assert list(table.frame.columns) == ["enterprise_name", "is_sme", "output_2023", "output_2024"]
    assert table.frame["output_2023"].tolist() == [1234.5, 3.0]
    assert table.source_columns["output_2024"] == "２０２４年产值"
    assert table.ignored_columns == ("序号",)


@pytest.mark.parametrize(
    ("yes", "no"),
    [
        ("是", "否"),
        ("Y", "N"),
        ("true", "false"),
        ("1", "0"),
        ("√", "×"),
        ("yes", "NO"),
        ("Ｙ", "ｎ"),
    ],
)
def test_yes_no_forms(yes, no):
    data = f"企业名称,是否中小企业,产值_2024\nA,{yes},1\nB,{no},1\n".encode()
    assert read_member_file(data, "m.csv").frame["is_sme"].tolist() == [True, False]


def test_credit_codes_stay_text():
    digits = credit_code("91440101000000012")
    data = f"企业名称,统一社会信用代码,是否中小企业,产值_2024\nA,{digits},是,1\n".encode()
    table = read_member_file(data, "m.csv")
    assert table.frame["credit_code"].iloc[0] == digits


def test_blank_and_padding_rows_are_skipped_but_rows_keep_their_numbers():
    data = "企业名称,是否中小企业,产值_2024\nA,是,1\n,,\n\nB,否,-1\n".encode()
    problem = problems_of(data)[0]
    assert (problem.row, problem.column) == (5, "产值_2024")


# ------------------------------------------------------------------ every problem, located


def test_every_problem_is_reported_by_row_and_column():
    a = credit_code("91440101MA0000001")
    bad_check = a[:-1] + ("0" if a[-1] != "0" else "1")
    data = (
        "企业名称,统一社会信用代码,是否中小企业,是否属于主导产业,产值_2023,产值_2024,资质\n"
        f"甲,{a},是,是,1,2,小巨人\n"  # row 2: fine
        f" ,,是,是,1,2,\n"  # row 3: empty name
        f"丙,{a},是,是,一百,2,\n"  # row 4: duplicate code, text in a number
        f"丁,{bad_check},是,是,-5,2,\n"  # row 5: check character, negative
        f"戊,123,也许,是,1,2,金牌企业\n"  # row 6: malformed code, yes/no, unknown title
    ).encode()
    ps = problems_of(data)
    assert "不能为空" in find(ps, 3, "企业名称").message_zh
    assert "第 2 行重复" in find(ps, 4, "统一社会信用代码").message_zh
    number = find(ps, 4, "产值_2023")
    assert number.value == "一百" and "不是数字" in number.message_zh
    assert "not a number" in number.message_en
    assert "校验位" in find(ps, 5, "统一社会信用代码").message_zh
    assert "负数" in find(ps, 5, "产值_2023").message_zh
    assert find(ps, 6, "统一社会信用代码").value == "123"
    assert find(ps, 6, "是否中小企业").value == "也许"
    assert "金牌企业" in find(ps, 6, "资质").message_zh
    assert len(ps) == 8


def test_missing_required_columns_and_non_consecutive_years():
    ps = problems_of("名称X,产值_2021,产值_2023\nA,1,2\n".encode())
    assert find(ps, 1, "企业名称")
    assert find(ps, 1, "是否中小企业")
    assert "缺少 2022" in find(ps, 1, "产值").message_zh
    assert "名称X" in find(ps, 1, "名称X").message_zh  # an unknown header is named


def test_no_output_column():
    ps = problems_of("企业名称,是否中小企业\nA,是\n".encode())
    assert find(ps, 1, "产值_YYYY")


def test_duplicate_column_and_year_without_a_year():
    ps = problems_of("企业名称,是否中小企业,产值_2024,output_2024,研发经费\nA,是,1,1,1\n".encode())
    assert find(ps, 1, "output_2024")
    assert find(ps, 1, "研发经费")


def test_champions_need_the_leading_industry_column():
    ps = problems_of("企业名称,是否中小企业,产值_2024,资质\nA,是,1,小巨人\n".encode())
    assert "是否属于主导产业" in find(ps, 1, "资质").message_zh


def test_empty_file_header_only_and_not_a_spreadsheet():
    assert "空" in problems_of(b"")[0].message_zh
    assert "没有企业数据" in problems_of("企业名称,是否中小企业,产值_2024\n".encode())[0].message_zh
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "不是表格" in problems_of(png, "x.png")[0].message_zh
    zipped = b"PK\x03\x04" + b"\x00" * 100
    assert problems_of(zipped, "x.xlsx")[0].row is None


def test_too_big_names_the_limit(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_UPLOAD_BYTES", 1024 * 1024)
    problem = problems_of(b"a" * (1024 * 1024 + 1))[0]
    assert "1 MB" in problem.message_zh and "1 MB" in problem.message_en
    assert ingest.MAX_UPLOAD_BYTES == 1024 * 1024


def test_ragged_row_is_located():
    ps = problems_of("企业名称,是否中小企业,产值_2024\nA,是,1\nB,是,1,多余\n".encode())
    assert find(ps, 3, None)


def test_many_bad_rows_are_summarised_not_dropped():
    body = "".join(f"E{i},是,x\n" for i in range(250))
    ps = problems_of(("企业名称,是否中小企业,产值_2024\n" + body).encode())
    assert len(ps) == 101
    assert "另有 150 行" in ps[-1].message_zh


# ------------------------------------------------------------------ the fast reader's paths


def _many_rows(n: int, quote: bool = False) -> list[str]:
    name = '"示例,企业{i}"' if quote else "示例企业{i}"
    return [
        f"{name.format(i=i)},{credit_code(f'91440101MA{i:07d}')},是,1.5,{i % 7},2" for i in range(n)
    ]


_HEAD = "企业名称,统一社会信用代码,是否中小企业,产值_2024,有效发明专利_2024,从业人员\n"


@pytest.mark.parametrize("quote", [False, True])
def test_problems_deep_in_a_many_block_file_keep_their_rows(monkeypatch, quote):
    monkeypatch.setattr(csv_table, "_BLOCK", 4096)  # dozens of Arrow blocks
    rows = _many_rows(600, quote)
    rows[450] = rows[450].replace(",1.5,", ",一百,")  # text in a money column, late
    rows[500] = rows[500].rsplit(",", 1)[0] + ",2.5"  # a fraction in a count, late
    rows[520] = rows[520].replace(",是,", ",也许,")
    rows[550] = rows[2]  # the same enterprise again
    rows.insert(300, "")  # a blank line: later rows keep their numbers
    ps = problems_of((_HEAD + "\n".join(rows) + "\n").encode())
    assert find(ps, 453, "产值_2024").value == "一百"
    assert "整数" in find(ps, 503, "从业人员").message_zh
    assert find(ps, 523, "是否中小企业").value == "也许"
    assert "第 4 行重复" in find(ps, 553, "统一社会信用代码").message_zh
    assert len(ps) == 4


def test_quoted_line_break_in_a_name_is_one_cell(monkeypatch):
    monkeypatch.setattr(csv_table, "_BLOCK", 4096)
    rows = _many_rows(300)
    rows[100] = '"广州\n某某",' + rows[100].split(",", 1)[1]
    table = read_member_file((_HEAD + "\n".join(rows) + "\n").encode(), "m.csv")
    assert table.rows == 300
    assert table.frame.loc[102, "enterprise_name"] == "广州\n某某"
    assert table.frame["invention_patents_2024"].dtype == "int64"
    assert table.frame["employees"].sum() == 600


def test_whole_numbers_written_as_decimals_and_codes_with_spaces_are_accepted():
    code = credit_code("91440101000000012")
    data = (
        f"企业名称,统一社会信用代码,是否中小企业,产值_2024,从业人员\n"
        f"A, {code.lower()} ,是,1,3.0\nB,,否,2,4\n"
    ).encode()
    table = read_member_file(data, "m.csv")
    assert table.frame["credit_code"].tolist()[0] == code
    assert table.frame["employees"].tolist() == [3, 4]


# ------------------------------------------------------------------ garbage never escapes

_FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _only_data_file_error(data: bytes, name: str) -> None:
    failure: DataFileError | None = None
    try:
        read_member_file(data, name)
    except DataFileError as exc:
        failure = exc
    if failure is None:
        return
    assert not failure.internal, failure.__cause__  # a bug of ours, not a verdict on the bytes
    problems = failure.problems or [Problem(None, None, None, "", "")]
    assert all(p.message_zh and p.message_en for p in problems)


@_FAST
@given(st.binary(max_size=2000))
def test_random_bytes_raise_only_data_file_error(data):
    _only_data_file_error(data, "x.csv")
    _only_data_file_error(b"PK\x03\x04" + data, "x.xlsx")


@_FAST
@given(st.text(alphabet=string.printable + '是否产值企业名称_2024，、；"', max_size=400))
def test_random_csv_text_raises_only_data_file_error(text):
    _only_data_file_error(text.encode(), "x.csv")
    _only_data_file_error(("企业名称,是否中小企业,产值_2024\n" + text).encode("gb18030"), "x.csv")


cells = st.one_of(
    st.text(max_size=12),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True).map(str),
    st.sampled_from(["是", "否", "", " ", "1,234"]),
)


@_FAST
@given(st.lists(st.lists(cells, min_size=5, max_size=5), min_size=1, max_size=8))
def test_random_cells_raise_only_data_file_error(rows):
    header = "企业名称,是否中小企业,产值_2023,产值_2024,资质\n"
    body = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in r) for r in rows)
    data = (header + body).encode("utf-8", "surrogatepass")
    failure: DataFileError | None = None
    try:
        table = read_member_file(data, "x.csv")
    except DataFileError as exc:
        failure = exc
    if failure is not None:
        assert not failure.internal, failure.__cause__  # a bug of ours, not the bytes' fault
        return
    aggregate_file(data, "x.csv")  # whatever passes validation must aggregate
    assert table.rows >= 1


def test_a_workbook_whose_first_sheet_is_notes_names_the_other_sheets() -> None:
    """The clerk is told where else to look, not only that the columns are missing."""
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本文件说明"])
    wb.create_sheet("成员企业").append(["企业名称", "是否中小企业", "产值_2024"])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(DataFileError) as exc:  # the member sheet has a header but no rows
        read_member_file(buf.getvalue(), "members.xlsx", sheet="说明")
    assert any("成员企业" in p.message_zh and "--sheet" in p.message_en for p in exc.value.problems)


def test_the_member_sheet_is_found_past_a_notes_sheet() -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["本文件说明"])
    members = wb.create_sheet("成员企业")
    members.append(["企业名称", "是否中小企业", "产值_2024"])
    members.append(["甲公司", "是", 100])
    buf = io.BytesIO()
    wb.save(buf)
    table = read_member_file(buf.getvalue(), "members.xlsx")
    assert table.sheet == "成员企业"


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_row_with_a_cell_too_many_is_named_by_its_row_with_or_without_a_bom(bom):
    lines = csv_bytes(chinese(members(8))).decode().split("\n")
    lines[3] += ",多余"
    with pytest.raises(DataFileError) as caught:
        read_member_file(bom + "\n".join(lines).encode(), "m.csv")
    assert [p.row for p in caught.value.problems] == [4]
    assert "表头有" in caught.value.problems[0].message_zh


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_rows_that_stop_early_are_read_with_empty_cells(bom):
    lines = csv_bytes(chinese(members(8))).decode().split("\n")
    lines[3] = lines[3].rsplit(",", 1)[0]  # the last cell left off, as Excel does when empty
    with pytest.raises(DataFileError) as caught:
        read_member_file(bom + "\n".join(lines).encode(), "m.csv")
    # read as a row whose last cell is empty (that flag is required), not as a broken row
    assert [(p.row, p.column) for p in caught.value.problems] == [(4, "近三年重大事故或违法失信")]
    assert "is empty" in caught.value.problems[0].message_en


def test_a_hidden_sheet_is_skipped_with_a_notice_and_read_only_when_named():
    from tests.hostile_corpus import cells, workbook  # noqa: PLC0415

    rows = [list(chinese(members(3)).columns)] + [
        list(r) for r in chinese(members(3)).itertuples(index=False)
    ]
    decoy = [rows[0], ["隐藏企业有限公司", *rows[1][1:]]]
    book = workbook([("隐藏", cells(decoy), "hidden"), ("成员", cells(rows), "visible")])
    assert excel.member_sheet(book) == "成员"  # the page's preselection
    assert excel.sheet_names(book) == ["隐藏", "成员"]
    table = read_member_file(book, "m.xlsx")
    assert table.sheet == "成员" and table.rows == 3
    assert any("隐藏" in n.message_zh for n in table.notices)
    named = read_member_file(book, "m.xlsx", sheet="隐藏")
    assert named.sheet == "隐藏" and named.rows == 1


def test_formula_error_and_merged_cells_are_problems_not_blanks():
    from tests.hostile_corpus import cells, workbook  # noqa: PLC0415

    rows = [list(chinese(members(3)).columns)] + [
        list(r) for r in chinese(members(3)).itertuples(index=False)
    ]
    xml = cells(rows).replace('<c r="E2"><v>1000</v></c>', '<c r="E2"><f>SUM(E3:E4)</f></c>')
    xml = xml.replace('<c r="F3"><v>1210</v></c>', '<c r="F3" t="e"><v>#N/A</v></c>')
    xml += '<mergeCells count="1"><mergeCell ref="A4:B4"/></mergeCells>'
    with pytest.raises(DataFileError) as caught:
        read_member_file(workbook([("S", xml, "visible")]), "m.xlsx")
    problems = caught.value.problems
    assert any(p.row == 2 and "公式没有缓存结果" in p.message_zh for p in problems)
    assert any(p.row == 3 and p.value == "#N/A" and "错误值" in p.message_zh for p in problems)
    assert any(p.row == 4 and "合并单元格" in p.message_zh for p in problems)


def test_a_file_cut_inside_a_character_prints_no_traceback(monkeypatch):
    """pyarrow decodes a short last row before the reader's handler sees it; cut inside a
    character, that raised inside pyarrow and Python printed it with a traceback on stderr."""
    seen: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", seen.append)
    data = ("cluster_name,area_km2,sme_output_share_pct\n" + "甲集群,1,2\n" * 20_000).encode()
    data += "乙集群,1".encode()
    data = data[: data.rindex("群".encode()) + 1]  # the last row ends in half a character
    with pytest.raises(DataFileError) as err:
        ingest.read_table(data, "c.csv", None, members=False)
    assert f"Byte {len(data) - 1} " in err.value.message("en")  # the cut byte is named
    assert seen == []
