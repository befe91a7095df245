"""Matching a member file's header row to the columns of CONTRACT.md section 4."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.members.arrow_cells import filled_cells
from assessment.members.columns import (
    FIRST_YEAR,
    LAST_YEAR,
    SPEC,
    ColumnSpec,
    match_header,
)
from assessment.members.table import RawSheet, Report, column_letter

__all__ = ["Header", "check_header", "column_names", "match_columns"]

# ------------------------------------------------------------------ header


@dataclass
class Header:
    positions: dict[str, int] = field(default_factory=dict)  # canonical -> position
    written: dict[str, str] = field(default_factory=dict)  # canonical -> header as written
    years: dict[str, list[int]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def match_columns(raw: RawSheet, rep: Report) -> Header:
    out = Header()
    for pos, text in enumerate(raw.header):
        written = text.strip()
        if not written:
            if pos < len(raw.body) and filled_cells(raw.body[pos]).any():
                rep.add(
                    1,
                    f"{column_letter(pos)}列",
                    None,
                    f"第 {column_letter(pos)} 列有数据但没有表头；请补上列名或删除该列。",
                    f"Column {column_letter(pos)} has data but no header; name it or delete it.",
                )
            continue
        m = match_header(written)
        if m.spec is None:
            if m.ignorable:
                out.ignored.append(written)
            else:
                rep.add(
                    1,
                    written,
                    written,
                    f"无法识别的列名“{written}”；列名须与模板一致（如“产值_2024”），"
                    "不需要的列请删除。",
                    f"Unknown column '{written}'; headers must match the template "
                    "(e.g. 'output_2024'); delete columns you do not need.",
                )
            continue
        spec = m.spec
        name = spec.key
        if spec.per_year:
            if m.year is None:
                rep.add(
                    1,
                    written,
                    written,
                    f"列“{written}”缺少年份；每年一列，如“{spec.zh}_2024”。",
                    f"Column '{written}' has no year; one column per year, e.g. '{spec.en}_2024'.",
                )
                continue
            if not FIRST_YEAR <= m.year <= LAST_YEAR:
                rep.add(
                    1,
                    written,
                    written,
                    f"列“{written}”中的年份 {m.year} 不是有效年份（{FIRST_YEAR}–{LAST_YEAR}）。",
                    f"Column '{written}': {m.year} is not a valid year ({FIRST_YEAR}-{LAST_YEAR}).",
                )
                continue
            name = f"{spec.key}_{m.year}"
        if name in out.positions:
            first = out.written[name]
            rep.add(
                1,
                written,
                written,
                f"列“{written}”与列“{first}”重复（同一内容只能有一列）。",
                f"Column '{written}' duplicates column '{first}' (one column per item).",
            )
            continue
        out.positions[name] = pos
        out.written[name] = written
        if spec.per_year:
            out.years.setdefault(spec.key, []).append(m.year)  # type: ignore[arg-type]
    check_header(out, rep)
    return out


def check_header(out: Header, rep: Report) -> None:
    for key in ("enterprise_name", "is_sme"):
        if key not in out.positions:
            spec = SPEC[key]
            rep.add(
                1,
                spec.zh,
                None,
                f"缺少必填列“{spec.zh}”（英文表头 {spec.en}）；表头须在第1行。",
                f"Required column '{spec.en}' ({spec.zh}) is missing; the header must be in row 1.",
            )
    if "output" not in out.years:
        rep.add(
            1,
            "产值_YYYY",
            None,
            "缺少产值列；每年一列，列名带年份，如“产值_2024”（单位：万元）。",
            "No output column; one column per year with the year in its name, "
            "e.g. 'output_2024' (in 万元).",
        )
    for key, years in out.years.items():
        spec = SPEC[key]
        ys = sorted(years)
        missing = sorted(set(range(ys[0], ys[-1] + 1)) - set(ys))
        if missing:
            got = "、".join(map(str, ys))
            gap = "、".join(map(str, missing))
            rep.add(
                1,
                spec.zh,
                got,
                f"“{spec.zh}”的年份须连续：现有 {got}，缺少 {gap}。",
                f"The years of '{spec.en}' must be consecutive: got {got.replace('、', ', ')}, "
                f"missing {gap.replace('、', ', ')}.",
            )


def column_names(spec: ColumnSpec, head: Header) -> list[str]:
    if not spec.per_year:
        return [spec.key]
    return [f"{spec.key}_{y}" for y in sorted(head.years.get(spec.key, []))]
