"""The screening result and the batch template as files: XLSX (coloured, filterable) or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, BinaryIO

from assessment.engine.indicators import FIELD_ZH
from assessment.engine.names import DECLARATION_KEYS, FIGURE_KEYS, TITLE_KEYS
from assessment.exports.batch_csv import csv_header, csv_rows
from assessment.present.batch_tables import display_table, problems_table, summary_table
from assessment.present.rows import status_text
from assessment.present.vocabulary import INDICATOR_UNIT, VERDICT_LABEL
from assessment.screening.read import NAME_KEY, YEAR_KEY
from assessment.screening.screen import BatchResult

__all__ = ["BatchTableWriter", "batch_table_bytes", "batch_template_bytes", "template_headers"]

if TYPE_CHECKING:
    from assessment.exports.sheet_xml import Book, Rule, Sheet

# openpyxl (through `sheet_xml` and `exports.xlsx`) loads only where a workbook is written: a CSV
# output does not pay its 0.1-0.2 s of imports.


class BatchTableWriter:
    """The screening table written part by part to a binary file, as CSV or XLSX.

    `write(part)` for each part of the result in file order, then `close(totals)` with the whole
    file's summary and problems (a `BatchResult` whose rows may be empty). Memory holds one part:
    CSV rows go out as they come, XLSX rows straight into the zip (`sheet_xml`).
    """

    def __init__(self, out: BinaryIO, fmt: str, lang: str) -> None:
        if fmt not in ("csv", "xlsx"):
            raise ValueError(f"unknown format {fmt!r}: use 'csv' or 'xlsx'")
        self.out, self.fmt, self.lang = out, fmt, lang
        self.rows = 0
        self._book: Book | None = None
        self._ws: Sheet | None = None
        self._ncol = 0
        self._started = False  # (CSV) the header is written
        if fmt == "csv":
            out.write("\ufeff".encode())

    def write(self, part: BatchResult) -> None:
        """Append the clusters of one part."""
        if self.fmt == "csv":
            head = csv_header(part, self.lang) if not self._started else ""
            self._started = True
            self.rows += len(part.rows)
            self.out.write((head + csv_rows(part, self.lang)).encode("utf-8"))
            return
        table = display_table(part, self.lang)
        self._ncol = len(table.columns)
        self.rows += len(table)
        from assessment.exports.sheet_xml import HEADER, Book  # noqa: PLC0415 (openpyxl)
        from assessment.exports.xlsx import sheet_title  # noqa: PLC0415 (openpyxl)

        if self._ws is None:
            self._book = Book(self.out)
            self._ws = self._book.sheet(
                sheet_title("筛选结果" if self.lang == "zh" else "Screening"),
                widths=[7, 28, 10] + [14] * (len(table.columns) - 3),
                freeze="C2",
                title_row=1,
            )
            self._ws.row(list(table.columns), HEADER)
        self._ws.frame(table)  # the words are categories: each cell's XML is built once

    def close(self, totals: BatchResult) -> None:
        """Finish the file: (XLSX) filters, colours, the summary and problems sheets."""
        if self.fmt == "csv":
            return
        if self._ws is None:
            self.write(totals)
        assert self._book is not None and self._ws is not None
        self._ws.close(*self._filter_and_colours(len(totals.policies)))
        self._summary_sheet(totals)
        if totals.problems:
            self._problems_sheet(totals)
        self._book.close()

    def _filter_and_colours(self, nj: int) -> tuple[str, list[Rule]]:
        """The table's autofilter range, and its fills by verdict and by status (the vocabulary's)."""
        from openpyxl.utils import get_column_letter  # noqa: PLC0415

        from assessment.exports.sheet_xml import Rule  # noqa: PLC0415
        from assessment.exports.xlsx import STATUS_FILL, VERDICT_FILL  # noqa: PLC0415

        nrow = max(self.rows + 1, 2)
        last = f"{get_column_letter(self._ncol)}{nrow}"
        vl = VERDICT_LABEL["zh" if self.lang == "zh" else "en"]
        vrange = f"D2:{get_column_letter(3 + nj)}{nrow}"
        srange = f"{get_column_letter(4 + nj)}2:{last}"
        rules = [Rule(vrange, vl[code], colour) for code, colour in VERDICT_FILL.items()]
        rules += [
            Rule(srange, status_text(code, self.lang), colour)
            for code, colour in STATUS_FILL.items()
        ]
        return f"A1:{last}", rules

    def _summary_sheet(self, totals: BatchResult) -> None:
        assert self._book is not None
        from assessment.exports.sheet_xml import HEADER  # noqa: PLC0415 (openpyxl)
        from assessment.exports.xlsx import sheet_title  # noqa: PLC0415 (openpyxl)

        zh = self.lang == "zh"
        st = summary_table(totals, self.lang)
        ss = self._book.sheet(
            sheet_title("汇总" if zh else "Summary"),
            widths=[14] + [16] * (len(st.columns) - 1),
            freeze="A4",
            title_row=3,
        )
        ss.row(
            [
                f"共筛选 {self.rows} 个集群，评估日期 {totals.on}"
                if zh
                else f"{self.rows} clusters screened on {totals.on}"
            ]
        )
        ss.row([])
        ss.row(list(st.columns), HEADER)
        for r in st.itertuples(index=False, name=None):
            ss.row(r)
        ss.close()

    def _problems_sheet(self, totals: BatchResult) -> None:
        assert self._book is not None
        from assessment.exports.sheet_xml import HEADER  # noqa: PLC0415 (openpyxl)
        from assessment.exports.xlsx import sheet_title  # noqa: PLC0415 (openpyxl)

        pt = problems_table(totals.problems, self.lang)
        ps = self._book.sheet(
            sheet_title("问题" if self.lang == "zh" else "Problems"),
            widths=[8, 24, 20, 80],
            freeze="A2",
            title_row=1,
        )
        ps.row(list(pt.columns), HEADER)
        for r in pt.itertuples(index=False, name=None):
            ps.row(r)  # a missing row number (NaN) is an empty cell
        ps.close()


def batch_table_bytes(result: BatchResult, fmt: str = "xlsx", lang: str = "zh") -> bytes:
    """The screening table as CSV (UTF-8 with BOM) or XLSX (with summary and problems sheets)."""
    buf = io.BytesIO()
    writer = BatchTableWriter(buf, fmt, lang)
    writer.write(result)
    writer.close(result)
    return buf.getvalue()


# ------------------------------------------------------------------ the template


def template_headers(lang: str = "zh", years: Sequence[int] = ()) -> list[tuple[str, str]]:
    """(key, header) of every column of the batch file, in the template's order."""
    zh = lang == "zh"
    out: list[tuple[str, str]] = [(NAME_KEY, FIELD_ZH[NAME_KEY] if zh else NAME_KEY)]
    for k in FIGURE_KEYS:
        if k == YEAR_KEY:
            out += [
                (f"{YEAR_KEY}.{y}", f"产值_{y}（亿元）" if zh else f"output_{y}") for y in years
            ]
            continue
        unit = INDICATOR_UNIT.get(k)
        out.append((k, f"{FIELD_ZH[k]}（{unit}）" if zh and unit else FIELD_ZH[k] if zh else k))
    for k in TITLE_KEYS:
        out.append((k, f"{FIELD_ZH[k]}（家）" if zh else k))
    for k in DECLARATION_KEYS:
        out.append((k, FIELD_ZH[k] if zh else k))
    return out


_EXAMPLES: tuple[dict[str, Any], ...] = (
    # fictional clusters, only to show how cells are filled in
    {
        "cluster_name": "示例：某区智能装备集群",
        "area_km2": 42,
        "output.0": 28.4,
        "output.1": 31.0,
        "output.2": 35.2,
        "sme_output_share_pct": 72,
        "leading_industry_output_share_pct": 68,
        "sme_rd_growth_pct": 12,
        "invention_patent_growth_pct": 16,
        "invention_patents_per_10k_employees": 21,
        "industrial_internet_adoption_pct": 35,
        "innovation_platforms": 4,
        "standards_participated": 3,
        "specialized_smes": 14,
        "high_tech_enterprises": 30,
        "no_major_incidents": True,
        "industry_policy_aligned": True,
        "pillar_industry": True,
        "energy_intensive_industry": False,
    },
    {
        "cluster_name": "示例：某县特色食品集群",
        "area_km2": 18,
        "output.0": 12.5,
        "output.1": 13.1,
        "output.2": 14.0,
        "sme_output_share_pct": 85,
        "leading_industry_output_share_pct": 61,
        "no_major_incidents": True,
        "innovation_cooperation": False,
    },
)


def batch_template_bytes(lang: str = "zh", fmt: str = "xlsx", on: dt.date | None = None) -> bytes:
    """A batch file to fill in: every column, two fictional example rows, and notes (xlsx)."""
    day = on or dt.date.today()
    years = [day.year - 3, day.year - 2, day.year - 1]
    heads = template_headers(lang, years)
    zh = lang == "zh"
    yes, no = ("是", "否") if zh else ("yes", "no")
    rows: list[list[Any]] = []
    for ex in _EXAMPLES:
        row: list[Any] = []
        for key, _ in heads:
            if key.startswith(f"{YEAR_KEY}."):
                v = ex.get(f"output.{years.index(int(key.split('.')[1]))}")
            else:
                v = ex.get(key)
            if key == NAME_KEY and not zh and isinstance(v, str):
                v = v.replace(
                    "示例：某区智能装备集群", "Example: a district's smart equipment cluster"
                ).replace("示例：某县特色食品集群", "Example: a county's food cluster")
            row.append(yes if v is True else no if v is False else v)
        rows.append(row)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow([h for _, h in heads])
        w.writerows(["" if v is None else v for v in r] for r in rows)
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}: use 'csv' or 'xlsx'")
    from openpyxl import Workbook  # noqa: PLC0415

    from assessment.exports.xlsx import (  # noqa: PLC0415
        print_setup,
        sheet_title,
        style_header,
        workbook_bytes,
        write_rows,
    )

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title("集群" if zh else "Clusters")
    write_rows(ws, [[h for _, h in heads]], 1)
    style_header(ws, 1, len(heads))
    write_rows(ws, rows, 2)
    print_setup(ws, 1, [28] + [14] * (len(heads) - 1), freeze="B2")
    notes = wb.create_sheet(sheet_title("填写说明" if zh else "How to fill in"))
    lines = (
        [
            "每行一个集群；第1行为表头，可用中文表头或英文字段名（CONTRACT.md 第1节）。",
            "数字列只填数字（可带 % 或千位逗号）；企业数、平台数、标准项数须为整数。",
            "产值每年一列，列名如“产值_2024”（亿元），年份须连续。",
            f"是/否列填 {yes} / {no}（也可填 Y/N、1/0、√/×）；留空表示未回答，相关标准记为未知。",
            "一行有误只跳过该行，并按行号和列名报告；其余各行照常判断。",
            "示例行为虚构数据，使用前请删除。",
        ]
        if zh
        else [
            "One cluster per row; row 1 holds the headers (English keys of CONTRACT.md §1, or Chinese).",
            "Number columns take numbers only (a % sign or thousands commas are fine); counts are whole.",
            "Output takes one column per year, e.g. 'output_2024' (100 million yuan), consecutive years.",
            f"Yes/no columns take {yes} / {no} (or Y/N, 1/0, √/×); empty means not answered (unknown).",
            "A bad row is skipped and reported by row and column; every other row is still judged.",
            "The example rows are fictional: delete them before use.",
        ]
    )
    write_rows(notes, [[x] for x in lines], 1)
    notes.column_dimensions["A"].width = 100
    return workbook_bytes(wb)
