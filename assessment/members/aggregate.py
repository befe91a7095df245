"""Member enterprises -> cluster indicators (FORMATS.md section 3), exactly and with derivations.

Sums are vectorised over integer units (money in 分, i.e. 10**-6 万元; counts as they are), so they
are exact; the few ratios are then taken as fractions of those totals and only the result becomes
a float. A share of exactly 60 % is therefore 60.0, and growth of exactly 10 % a year is 10.0.
Every figure carries a `Derivation` naming the columns, the enterprises and the totals behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pyarrow as pa

from assessment.engine.exact import growth_pct
from assessment.engine.indicators import (
    RECENT_YEARS,
    TITLE_KEYS,
    Derivation,
    Indicators,
    TitledEnterprise,
    parse_indicators,
)
from assessment.engine.policy import leading_industry_only_titles
from assessment.errors import DataFileError, InputError, Problem
from assessment.members.arrow_cells import dictionary_codes
from assessment.members.columns import TITLE_ZH
from assessment.members.ingest import MemberTable, read_member_file

UNITS_PER_WAN = 10**6  # money is summed in 分: 1 万元 = 10**6 分
WAN_PER_YI = 10**4  # 1 亿元 = 10**4 万元
MAX_LISTED_ROWS = 50


class _Frame:
    """The validated columns by canonical name (NumPy arrays, Arrow for text), and their count."""

    def __init__(self, table: MemberTable) -> None:
        self.columns: Mapping[str, np.ndarray | pa.Array | pa.ChunkedArray] = table.columns
        self.rows = table.row_numbers

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]  # type: ignore[return-value]


def _units(values: np.ndarray) -> np.ndarray:
    """Money in 万元 as integer 分 (rounded to the 分; validation bounds every cell)."""
    scaled = values * UNITS_PER_WAN
    return np.rint(scaled, out=scaled).astype(np.int64)


def exact_sum(values: np.ndarray) -> int:
    """The exact sum of non-negative int64 values, immune to overflow.

    NumPy sums int64 with wrap-around, so the values are summed in blocks small enough that no
    block can overflow (block * max < 2**63), and the few block totals are added as Python ints.
    With realistic figures the whole column is one block: one pass for the max, one for the sum.
    """
    if values.size == 0:
        return 0
    v = values.astype(np.int64, copy=False)
    block = (2**63 - 1) // max(int(v.max()), 1)
    if block >= v.size:
        return int(v.sum())
    whole = v.size // block * block
    parts = v[:whole].reshape(-1, block).sum(axis=1)
    return sum(int(p) for p in parts) + int(v[whole:].sum())


def _wan(units: int) -> str:
    """A money total in 万元 as exact decimal text with thousands separators."""
    return f"{Decimal(units).scaleb(-6).normalize():,f}"


def _ratio(part: int, whole: int, scale: int) -> float | None:
    """part / whole * scale, computed exactly and rounded once; None when whole is 0."""
    return None if whole == 0 else float(Fraction(part, whole) * scale)


class _Result:
    """Figures and their derivations, filled in one indicator at a time."""

    def __init__(self, table: MemberTable) -> None:
        self.table = table
        self.values: dict[str, object] = {}
        self.derivations: dict[str, Derivation] = {}

    def put(
        self,
        key: str,
        value: object,
        zh: str,
        en: str,
        *,
        columns: list[str],
        enterprises: int | None,
        figures: dict[str, float | int | str],
    ) -> None:
        if value is not None:
            self.values[key] = value
        self.derivations[key] = Derivation(
            description_zh=zh,
            description_en=en,
            columns=[self.table.header(c) for c in columns],
            enterprises=enterprises,
            figures=figures,
        )


def aggregate_members(table: MemberTable, cluster_name: str | None = None) -> Indicators:
    """The cluster indicators of section 1 computed from a validated member table."""
    res = _Result(table)
    frame = _Frame(table)
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
    _titles(res, frame)
    _incidents(res, frame)
    values = {"cluster_name": cluster_name, "derivations": res.derivations, **res.values}
    try:  # a figure out of its plausible range (say, outputs in 元 not 万元) is the file's problem
        return parse_indicators(values)
    except InputError as exc:
        raise DataFileError(
            [Problem(None, exc.field, None, exc.message_zh, exc.message_en)]
        ) from None


def aggregate_file(
    data: bytes, filename: str, sheet: str | None = None, cluster_name: str | None = None
) -> Indicators:
    """Read, validate and aggregate a member file in one step."""
    return aggregate_members(read_member_file(data, filename, sheet), cluster_name)


def _output(res: _Result, frame: _Frame) -> None:
    years = res.table.years["output"]
    n = len(frame)
    units = {y: _units(frame[f"output_{y}"]) for y in years}
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
        figures={f"total_{y}_wan_yuan": _wan(totals[y]) for y in years},
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
            _ratio(part, total, 100),
            f"{latest}年 {k} 家{who_zh}产值 {_wan(part)} 万元 ÷ 全部 {n} 家企业产值 "
            f"{_wan(total)} 万元 × 100。",
            f"{latest} output of the {k} {who_en}, {_wan(part)} 万元, ÷ output of all {n} "
            f"enterprises, {_wan(total)} 万元, × 100.",
            columns=[f"output_{latest}", column],
            enterprises=k,
            figures={
                f"{short}_output_wan_yuan": _wan(part),
                "total_output_wan_yuan": _wan(total),
                "year": latest,
            },
        )
    # no output_growth_pct (FORMATS.md, edition 2): the engine derives it from output_by_year over 近三年


def _compound(
    res: _Result,
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
    show = _wan if money else str
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
    res: _Result,
    frame: _Frame,
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
        return exact_sum(_units(col) if money else col)

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


def _per_10k(res: _Result, frame: _Frame, sme: np.ndarray) -> None:
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
            _ratio(p, e, 10_000),
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


def _adoption(res: _Result, frame: _Frame, sme: np.ndarray) -> None:
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
            _ratio(k, n, 100),
            f"应用工业互联网平台的{who_zh} {k} 家 ÷ {who_zh} {n} 家 × 100。",
            f"{k} of {n} enterprises ({who_en}) use an industrial-internet platform, × 100.",
            columns=[
                "uses_industrial_internet_platform",
                *([] if key.startswith("industrial") else ["is_sme"]),
            ],
            enterprises=n,
            figures={"using": k, "enterprises": n},
        )


def _titles(res: _Result, frame: _Frame) -> None:
    if "titles" not in frame.columns:
        return
    titles: pa.DictionaryArray = frame.columns["titles"]  # type: ignore[assignment]
    codes = dictionary_codes(titles)  # one code per distinct combination of titles
    combos = titles.dictionary.to_pylist()
    lead = (
        frame["in_leading_industry"]
        if "in_leading_industry" in frame.columns
        else np.zeros(len(frame), dtype=bool)
    )
    held = [tuple(str(c).split(";")) if c else () for c in combos]
    # enterprises per (combination, leading or not): everything below is per combination
    pair = codes * 2 + lead
    pairs = np.bincount(pair, minlength=2 * len(held)).reshape(-1, 2)
    columns = ["titles"] + (
        ["in_leading_industry"] if "in_leading_industry" in frame.columns else []
    )
    leading_only = leading_industry_only_titles()  # from the policy files
    for key in TITLE_KEYS:
        has = np.array([key in h for h in held], dtype=bool)
        only_lead = key in leading_only
        count = int(pairs[has, 1].sum() if only_lead else pairs[has].sum())
        note_zh = "（只计主导产业企业）" if only_lead else ""
        note_en = " (leading-industry enterprises only)" if only_lead else ""
        res.put(
            key,
            count,
            f"资质含“{TITLE_ZH[key]}”的企业数{note_zh}：{count} 家。",
            f"Enterprises holding {key}{note_en}: {count}.",
            columns=columns,
            enterprises=count,
            figures={"enterprises": count},
        )
    # one entry per (titles, leading) combination with its count (FORMATS.md 1.2: grouped), in
    # the order the file first lists it: a million rows become a few entries, not a million
    titled = np.array([bool(h) for h in held], dtype=bool)[codes]
    seen, first = np.unique(pair[titled], return_index=True)
    entries: list[TitledEnterprise] = []
    for value in seen[np.argsort(first)]:
        code, is_lead = divmod(int(value), 2)
        entries.append(
            TitledEnterprise(
                titles=list(held[code]),
                leading_industry=bool(is_lead),
                count=int(pairs[code, is_lead]),
            )
        )
    total = sum(e.count for e in entries)
    res.put(
        "titled_enterprises",
        entries,
        f"获评任一资质的企业 {total} 家，按资质组合分为 {len(entries)} 组，每家计一次"
        "（一家多个资质不重复计）。",
        f"{total} enterprises hold at least one title, in {len(entries)} groups of the same "
        "titles; each counted once.",
        columns=columns,
        enterprises=total,
        figures={"enterprises": total, "groups": len(entries)},
    )


def _incidents(res: _Result, frame: _Frame) -> None:
    if "major_incident" not in frame.columns:
        return
    where = np.flatnonzero(frame["major_incident"])
    flagged = frame.rows[where]
    k = len(flagged)
    listed = ", ".join(str(r) for r in flagged[:MAX_LISTED_ROWS]) + (
        " …" if k > MAX_LISTED_ROWS else ""
    )
    names = "、".join(str(frame.columns["enterprise_name"][int(i)].as_py()) for i in where[:10])
    if k:
        zh = f"{k} 家企业填报近三年发生重大事故或违法失信（第 {listed} 行：{names}{'等' if k > 10 else ''}）。"
        en = f"{k} enterprises report a major incident or misconduct (rows {listed})."
    else:
        zh = f"全部 {len(frame)} 家企业均填报近三年未发生重大事故或违法失信。"
        en = f"None of the {len(frame)} enterprises reports a major incident or misconduct."
    res.put(
        "no_major_incidents",
        k == 0,
        zh,
        en,
        columns=["major_incident", "enterprise_name"],
        enterprises=k,
        figures={"rows": listed, "enterprises_reporting": k},
    )
