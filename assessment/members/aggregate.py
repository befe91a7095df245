"""Member enterprises -> cluster indicators (FORMATS.md section 3), exactly and with derivations.

`aggregate_members` fills in the indicators one family at a time: output and the shares of it,
compound growth over 近三年, invention patents per 10,000 employees and industrial-internet
adoption here, from exact sums (`figures`); the titled enterprises and the incidents reported
(`enterprise_counts`). Every figure carries a `Derivation` naming the columns, the enterprises
and the totals behind it; the whole is validated once as `Indicators`.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from assessment.engine.exact import growth_pct
from assessment.engine.indicators import Indicators, parse_indicators
from assessment.engine.names import RECENT_YEARS
from assessment.engine.policy import Policy
from assessment.errors import DataFileError, InputError, Problem
from assessment.members.enterprise_counts import count_titles, list_incidents
from assessment.members.figures import (
    UNITS_PER_WAN,
    WAN_PER_YI,
    Figures,
    Frame,
    exact_ratio,
    exact_sum,
    money_units,
    wan_text,
)
from assessment.members.ingest import MemberTable, read_member_file

__all__ = ["aggregate_file", "aggregate_members"]


def aggregate_members(
    table: MemberTable,
    cluster_name: str | None = None,
    policies: tuple[Policy, ...] | None = None,
) -> Indicators:
    """The cluster indicators of section 1 computed from a validated member table (`policies`:
    whose titles count only in the leading industry; None: the files in `policies/`)."""
    res = Figures(table)
    frame = Frame(table)
    sme = frame["is_sme"]
    _output(res, frame)
    for series, key, mask, who_zh, who_en in (
        ("rd_expense", "sme_rd_growth_pct", sme, "中小企业", "SMEs'"),
        ("invention_patents", "invention_patent_growth_pct", None, "全部企业", "all enterprises'"),
        ("invention_patents", "sme_invention_patent_growth_pct", sme, "中小企业", "SMEs'"),
    ):
        if series in table.years:
            _growth(res, frame, series, key, mask=mask, who_zh=who_zh, who_en=who_en)
    _per_10k(res, frame, sme)
    _adoption(res, frame, sme)
    count_titles(res, frame, policies)
    list_incidents(res, frame)
    values = {"cluster_name": cluster_name, "derivations": res.derivations, **res.values}
    try:  # a figure out of its plausible range (say, outputs in 元 not 万元) is the file's problem
        return parse_indicators(values)
    except InputError as exc:
        raise DataFileError(
            [Problem(None, exc.field, None, exc.message_zh, exc.message_en)]
        ) from None


def aggregate_file(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    cluster_name: str | None = None,
    policies: tuple[Policy, ...] | None = None,
) -> Indicators:
    """Read, validate and aggregate a member file in one step."""
    table = read_member_file(data, filename, sheet, policies)
    return aggregate_members(table, cluster_name, policies)


def _output(res: Figures, frame: Frame) -> None:
    years = res.table.years["output"]
    n = len(frame)
    units = {y: money_units(frame[f"output_{y}"]) for y in years}
    totals = {y: exact_sum(units[y]) for y in years}
    cols = [f"output_{y}" for y in years]
    res.put(
        "output_by_year",
        {str(y): float(Fraction(totals[y], UNITS_PER_WAN * WAN_PER_YI)) for y in years},
        f"每年 {n} 家企业的产值之和，由万元换算为亿元（÷10000）。",
        f"Each year's output summed over the {n} enterprises, converted from 万元 to 亿元 "
        "(÷ 10,000).",
        columns=cols,
        enterprises=n,
        figures={f"total_{y}_wan_yuan": wan_text(totals[y]) for y in years},
    )
    latest = years[-1]
    total = totals[latest]
    shares = [("sme_output_share_pct", "is_sme", "sme", "中小企业", "SMEs")]
    if "in_leading_industry" in frame.columns:
        shares.append(
            (
                "leading_industry_output_share_pct",
                "in_leading_industry",
                "leading",
                "主导产业企业",
                "leading-industry enterprises",
            )
        )
    for key, column, short, who_zh, who_en in shares:  # each share of the latest year's output
        part_mask = frame[column]
        part = exact_sum(units[latest][part_mask])
        k = int(part_mask.sum())
        res.put(
            key,
            exact_ratio(part, total, 100),
            f"{latest}年 {k} 家{who_zh}产值 {wan_text(part)} 万元 ÷ 全部 {n} 家企业产值 "
            f"{wan_text(total)} 万元 × 100。",
            f"{latest} output of the {k} {who_en}, {wan_text(part)} 万元, ÷ output of all {n} "
            f"enterprises, {wan_text(total)} 万元, × 100.",
            columns=[f"output_{latest}", column],
            enterprises=k,
            figures={
                f"{short}_output_wan_yuan": wan_text(part),
                "total_output_wan_yuan": wan_text(total),
                "year": latest,
            },
        )
    # no output_growth_pct (FORMATS.md, edition 2): the engine derives it from output_by_year over 近三年


def _compound(
    res: Figures,
    key: str,
    years: tuple[int, ...],
    *,
    first: int,
    last: int,
    columns: list[str],
    enterprises: int,
    what_zh: str,
    what_en: str,
    money: bool,
) -> None:
    span = years[-1] - years[0]
    show = wan_text if money else str
    figures: dict[str, float | int | str] = {
        f"first_{years[0]}": show(first),
        f"last_{years[-1]}": show(last),
        "years": span,
    }
    if span < 1:
        res.put(
            key,
            None,
            f"{what_zh}只有 {years[0]} 一年的数据，无法计算年均增长。",
            f"{what_en} covers only {years[0]}; growth needs at least two years.",
            columns=columns,
            enterprises=enterprises,
            figures=figures,
        )
        return
    value = growth_pct(Fraction(first), Fraction(last), span)
    if value is None:
        res.put(
            key,
            None,
            f"{years[0]}年{what_zh}合计为 0，年均增长无从计算，本项留空。",
            f"{what_en} total {years[0]} is 0, so growth is undefined and left out.",
            columns=columns,
            enterprises=enterprises,
            figures=figures,
        )
        return
    unit = " 万元" if money else ""
    res.put(
        key,
        value,
        f"{what_zh}由 {years[0]} 年的 {show(first)}{unit} 到 {years[-1]} 年的 "
        f"{show(last)}{unit}，{span} 年复合年均增长：(末年 ÷ 首年)^(1/{span}) − 1。",
        f"{what_en} from {show(first)}{unit} in {years[0]} to {show(last)}{unit} in "
        f"{years[-1]}: compound annual growth over {span} years, "
        f"(last ÷ first)^(1/{span}) − 1.",
        columns=columns,
        enterprises=enterprises,
        figures=figures,
    )


def _growth(
    res: Figures,
    frame: Frame,
    series: str,
    key: str,
    *,
    mask: np.ndarray | None,
    who_zh: str,
    who_en: str,
) -> None:
    years = res.table.years[series][-RECENT_YEARS:]  # 近三年: the latest three years only
    money = series == "rd_expense"
    rows = slice(None) if mask is None else mask

    def total(y: int) -> int:
        col = frame[f"{series}_{y}"][rows]
        return exact_sum(money_units(col) if money else col)

    what_zh = who_zh + ("研发经费" if money else "有效发明专利")
    what_en = who_en + (" R&D spending" if money else " valid invention patents")
    cols = [f"{series}_{y}" for y in years] + ([] if mask is None else ["is_sme"])
    count = len(frame) if mask is None else int(mask.sum())
    _compound(
        res,
        key,
        years,
        first=total(years[0]),
        last=total(years[-1]),
        columns=cols,
        enterprises=count,
        what_zh=what_zh,
        what_en=what_en,
        money=money,
    )


def _per_10k(res: Figures, frame: Frame, sme: np.ndarray) -> None:
    if "invention_patents" not in res.table.years or "employees" not in frame.columns:
        return
    year = res.table.years["invention_patents"][-1]
    patents = frame[f"invention_patents_{year}"]
    staff = frame["employees"]
    for key, mask, who_zh, who_en in (
        ("invention_patents_per_10k_employees", None, "全部", "all"),
        ("sme_invention_patents_per_10k_employees", sme, "中小", "SME"),
    ):
        rows = slice(None) if mask is None else mask
        p, e = exact_sum(patents[rows]), exact_sum(staff[rows])
        count = len(frame) if mask is None else int(mask.sum())
        res.put(
            key,
            exact_ratio(p, e, 10_000),
            f"{year}年{who_zh}企业（{count} 家）有效发明专利 {p} 件 ÷ 从业人员 {e} 人 × 10000。",
            f"{year} valid invention patents of {who_en} enterprises ({count}), {p}, ÷ their "
            f"{e} employees × 10,000.",
            columns=[
                f"invention_patents_{year}",
                "employees",
                *([] if mask is None else ["is_sme"]),
            ],
            enterprises=count,
            figures={"patents": p, "employees": e, "year": year},
        )


def _adoption(res: Figures, frame: Frame, sme: np.ndarray) -> None:
    if "uses_industrial_internet_platform" not in frame.columns:
        return
    uses = frame["uses_industrial_internet_platform"]
    for key, mask, who_zh, who_en in (
        ("industrial_internet_adoption_pct", np.ones(len(frame), dtype=bool), "全部企业", "all"),
        ("sme_industrial_internet_adoption_pct", sme, "中小企业", "SMEs"),
    ):
        k, n = int((uses & mask).sum()), int(mask.sum())
        res.put(
            key,
            exact_ratio(k, n, 100),
            f"应用工业互联网平台的{who_zh} {k} 家 ÷ {who_zh} {n} 家 × 100。",
            f"{k} of {n} enterprises ({who_en}) use an industrial-internet platform, × 100.",
            columns=[
                "uses_industrial_internet_platform",
                *([] if key.startswith("industrial") else ["is_sme"]),
            ],
            enterprises=n,
            figures={"using": k, "enterprises": n},
        )
