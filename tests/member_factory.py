"""Build small member files in every format people upload, for the ingest and aggregate tests."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook

from assessment.members.columns import COLUMNS

CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ZH = {spec.en: spec.zh for spec in COLUMNS}


def credit_code(body17: str) -> str:
    """A code with its GB 32100 check character appended."""
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(body17, WEIGHTS, strict=True))
    return body17 + CODE_CHARS[(31 - total % 31) % 31]


def members(n: int = 6) -> pd.DataFrame:
    """A small valid cluster with English headers; every optional column present."""
    rows = []
    for i in range(n):
        rows.append(
            {
                "enterprise_name": f"示例企业{i}有限公司",
                "credit_code": credit_code(f"91440101MA{i:07d}"),
                "is_sme": "是" if i % 3 else "否",
                "in_leading_industry": "Y" if i % 2 == 0 else "N",
                "output_2022": 1000 + 100 * i,
                "output_2023": 1100 + 110 * i,
                "output_2024": 1210.5 + 121 * i,
                "rd_expense_2022": 10 + i,
                "rd_expense_2024": 12 + i,
                "rd_expense_2023": 11 + i,
                "invention_patents_2022": i,
                "invention_patents_2023": i + 1,
                "invention_patents_2024": i + 2,
                "employees": 50 + 10 * i,
                "titles": [
                    "",
                    "小巨人",
                    "专精特新、高新技术企业",
                    "high_tech_enterprises",
                    "国家级单项冠军",
                    "",
                ][i % 6],
                "uses_industrial_internet_platform": ["true", "false", "1", "0", "√", "×"][i % 6],
                "major_incident": "否",
            }
        )
    return pd.DataFrame(rows)


def chinese(frame: pd.DataFrame) -> pd.DataFrame:
    """The same table with the Chinese headers of CONTRACT.md section 4."""

    def zh(col: str) -> str:
        base, _, year = col.rpartition("_")
        if year.isdigit():
            return f"{ZH[base]}_{year}"
        return ZH[col]

    return frame.rename(columns=zh)


def csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8", sep: str = ",") -> bytes:
    """The table as CSV text in the given encoding."""
    return frame.to_csv(index=False, sep=sep).encode(encoding)


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "Sheet1", first: str | None = None) -> bytes:
    """The table as an XLSX workbook (optionally after another first sheet)."""
    book = Workbook()
    ws = book.active
    if first is not None:
        ws.title = first
        ws.append(["这不是数据表"])
        ws = book.create_sheet(sheet)
    else:
        ws.title = sheet
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
