"""An empty member-data template, with a guide to every column, its unit and allowed values."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessment.members.columns import COLUMNS

__all__ = ["default_years", "template_files", "template_header"]

_TEXT = {
    "zh": {
        "data_sheet": "企业数据",
        "guide_sheet": "填写说明",
        "guide_head": ["列名", "含义", "单位", "可填写的值", "是否必填"],
        "required": "必填",
        "optional": "选填（缺少此列时，相关指标留空，不算达标）",
        "per_year": "每年一列，列名带年份，如 {examples}",
        "notes": [
            "表头必须在第1行，从第2行起每行填写一家企业；不要合并单元格，不要加合计行。",
            "列的顺序不限；表头可用中文或英文（见上表）；不需要的选填列可以删除。",
            "金额单位为万元，可带千位分隔符（如 1,234.56）；件数和人数填整数；没有请填 0。",
            "统一社会信用代码请设为文本格式，以免 Excel 把它变成科学计数法。",
            "上传文件可为 CSV（UTF-8 或 GBK 编码均可）或 Excel（.xlsx，读取含成员企业表头的工作表，或指定的工作表）。",
            "“资质”一格填写该企业持有的全部资质，用 ; 或 、 或 , 分隔：一家企业有两项资质只算一家。"
            "汇总时按“资质组合 + 是否属于主导产业”分组计数（如“专精特新、高新技术企业”的主导产业企业 7 家），"
            "不逐家列出；单项冠军和“小巨人”只在主导产业企业中计数。",
        ],
        "notes_head": "注意事项",
    },
    "en": {
        "data_sheet": "Members",
        "guide_sheet": "Guide",
        "guide_head": ["Column", "Meaning", "Unit", "Allowed values", "Required"],
        "required": "required",
        "optional": "optional (without it, the indicators it feeds are left unknown, never passed)",
        "per_year": "one column per year, the year in its name, e.g. {examples}",
        "notes": [
            "The header must be in row 1, one enterprise per row from row 2; no merged cells, "
            "no total rows.",
            "Columns may be in any order; headers in English or Chinese (see above); optional "
            "columns you do not need may be deleted.",
            "Money is in 万元 (10,000 yuan), thousands separators allowed (1,234.56); counts and "
            "persons are whole numbers; enter 0 if none.",
            "Format the credit-code column as Text so that Excel does not turn codes into "
            "scientific notation.",
            "Upload CSV (UTF-8 or GBK) or Excel (.xlsx: the sheet with the member headers, or the one you name).",
            "In the titles cell, list every title the enterprise holds, separated by ; or 、 or , "
            "— an enterprise with two titles counts once. Aggregation groups enterprises by "
            "their combination of titles and whether they are in the leading industry (e.g. 7 "
            "leading-industry enterprises holding 专精特新 and 高新技术企业) instead of listing each; "
            "champions and little giants count only in the leading industry.",
        ],
        "notes_head": "Notes",
    },
}


def default_years(today: dt.date | None = None) -> list[int]:
    """The last three complete years (近三年), oldest first."""
    year = (today or dt.date.today()).year
    return [year - 3, year - 2, year - 1]


def template_header(lang: str, years: Sequence[int]) -> list[str]:
    """The header row of the template, in CONTRACT.md section 4 order."""
    out: list[str] = []
    for spec in COLUMNS:
        if spec.per_year:
            out += [spec.header(lang, y) for y in years]
        else:
            out.append(spec.header(lang))
    return out


def _guide_rows(lang: str, years: Sequence[int]) -> list[list[str]]:
    text = _TEXT[lang]
    rows = [list(text["guide_head"])]
    for spec in COLUMNS:
        name = spec.header(lang)
        meaning = spec.meaning_zh if lang == "zh" else spec.meaning_en
        if spec.per_year:
            examples = "、".join(spec.header(lang, y) for y in years)
            name = f"{spec.header(lang)}_YYYY"
            meaning += "；" if lang == "zh" else "; "
            meaning += text["per_year"].format(examples=examples)
        rows.append(
            [
                name,
                meaning,
                spec.unit_zh if lang == "zh" else spec.unit_en,
                spec.allowed_zh if lang == "zh" else spec.allowed_en,
                text["required"] if spec.required else text["optional"],
            ]
        )
    return rows


def template_files(lang: str, fmt: str, years: Sequence[int] | None = None) -> dict[str, bytes]:
    """File name -> content: an XLSX with data and guide sheets, or a CSV plus a guide CSV."""
    if lang not in _TEXT:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    ys = list(years) if years else default_years()
    if fmt == "csv":
        return {
            f"member_template_{lang}.csv": _csv_bytes([template_header(lang, ys)]),
            f"member_template_{lang}_guide.csv": _csv_bytes(
                [
                    *_guide_rows(lang, ys),
                    [],
                    [_TEXT[lang]["notes_head"]],
                    *([n] for n in _TEXT[lang]["notes"]),
                ]
            ),
        }
    if fmt == "xlsx":
        return {f"member_template_{lang}.xlsx": _xlsx_bytes(lang, ys)}
    raise ValueError(f"format must be 'csv' or 'xlsx', got {fmt!r}")


def _csv_bytes(rows: list[list[str]]) -> bytes:
    """CSV as UTF-8 with a BOM, so that Excel on Windows opens the Chinese text correctly."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def _xlsx_bytes(lang: str, years: list[int]) -> bytes:
    text = _TEXT[lang]
    book = Workbook()
    data = book.active
    data.title = text["data_sheet"]
    header = template_header(lang, years)
    data.append(header)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    yes_no = DataValidation(
        type="list", formula1='"是,否"' if lang == "zh" else '"Y,N"', allow_blank=True
    )
    data.add_data_validation(yes_no)
    position = 0
    for spec in COLUMNS:
        for _ in years if spec.per_year else [None]:
            position += 1
            letter = get_column_letter(position)
            cell = data.cell(row=1, column=position)
            cell.font, cell.fill = bold, fill
            data.column_dimensions[letter].width = max(12, len(cell.value) * 2 + 2)
            if spec.kind in ("text", "code", "titles"):
                data.column_dimensions[letter].number_format = "@"
            if spec.kind == "flag":
                yes_no.add(f"{letter}2:{letter}10000")
    data.freeze_panes = "B2"
    guide = book.create_sheet(text["guide_sheet"])
    for row in _guide_rows(lang, years):
        guide.append(row)
    for cell in guide[1]:
        cell.font, cell.fill = bold, fill
    guide.append([])
    guide.append([text["notes_head"]])
    guide.cell(row=guide.max_row, column=1).font = bold
    for note in text["notes"]:
        guide.append([note])
    for letter, width in zip("ABCDE", (26, 60, 14, 60, 24), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
