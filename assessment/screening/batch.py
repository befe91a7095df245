"""Batch screening: many clusters in one file, one row each, judged against every policy.

A row is one cluster with the indicator keys of CONTRACT.md section 1 as columns (English keys or
the Chinese headers below). Each row is independent: a bad row is reported by row and column and
skipped, and every other row is still judged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from assessment.engine.evaluate import evaluate, in_force_warnings, screen
from assessment.engine.indicators import (
    DECLARATION_KEYS,
    FIELD_ZH,
    FIGURE_KEYS,
    TITLE_KEYS,
    Indicators,
    indicator_errors,
    parse_indicators,
)
from assessment.engine.policy import Policy, load_policies
from assessment.engine.results import Assessment, Text
from assessment.errors import DataFileError, InputError, Problem
from assessment.exports.report_excel import (
    STATUS_FILL,
    UNIT_ZH,
    VERDICT_FILL,
    header_cell,
    is_formula_like,
    print_setup,
    sheet_title,
    style_header,
    text_cell,
    workbook_bytes,
    write_rows,
)
from assessment.members.columns import parse_flag
from assessment.members.ingest import decode_text, is_excel
from assessment.present.explain import STATUS_LABEL, STATUS_MARK, VERDICT_LABEL

# ------------------------------------------------------------------ columns

NAME_KEY = "cluster_name"
YEAR_KEY = "output_by_year"
COUNT_KEYS = frozenset({"innovation_platforms", "standards_participated", *TITLE_KEYS})
NUMBER_KEYS = frozenset(k for k in FIGURE_KEYS if k != YEAR_KEY) | COUNT_KEYS
BOOL_KEYS = frozenset(DECLARATION_KEYS)

# other spellings people write, mapped to the key
_ALIASES: dict[str, str] = {
    "名称": NAME_KEY,
    "集群": NAME_KEY,
    "name": NAME_KEY,
    "cluster": NAME_KEY,
    "参与标准制修订": "standards_participated",
    "参与主导产业标准制修订": "standards_participated",
    "创新平台": "innovation_platforms",
    "国家级制造业单项冠军企业": "national_champions",
    "省级制造业单项冠军企业": "provincial_champions",
    "市级制造业单项冠军企业": "municipal_champions",
    "小巨人": "little_giants",
    "专精特新“小巨人”企业": "little_giants",
    "专精特新": "specialized_smes",
    "国家级高新技术企业": "high_tech_enterprises",
    "高新技术企业数": "high_tech_enterprises",
    "无重大事故": "no_major_incidents",
}
_YEAR_RES = (
    re.compile(r"^(?:output|产值|集群产值)[_\-\s]*(\d{4})(?:年)?$"),
    re.compile(r"^(\d{4})\s*年?\s*(?:集群)?产值$"),
)
_BRACKETS = re.compile(r"\s*[（(\[【][^）)\]】]*[）)\]】]\s*$")
_BLANK_WORDS = frozenset({"", "-", "—", "nan", "none", "null", "n/a", "na", "未填", "不详"})


def _key_of(header: str) -> tuple[str, str | None] | None:
    """(key, year) for a column header; None when the header names no known indicator."""
    h = _BRACKETS.sub("", str(header).replace("\u3000", " ").strip()).strip()
    low = h.lower()
    for rx in _YEAR_RES:
        m = rx.match(low)
        if m:
            return YEAR_KEY, m.group(1)
    if low in NUMBER_KEYS or low in BOOL_KEYS or low == NAME_KEY:
        return low, None
    for key, zh in FIELD_ZH.items():
        if h == zh:
            return key, None
    if h in _ALIASES or low in _ALIASES:
        return _ALIASES.get(h) or _ALIASES[low], None
    return None


# ------------------------------------------------------------------ reading the file


def _delimiter(text: str, name: str) -> str:
    """Comma, unless the header line is clearly tab- or semicolon-separated."""
    head = text.split("\n", 1)[0]
    if name.endswith(".tsv") or head.count("\t") > head.count(","):
        return "\t"
    return ";" if head.count(";") > head.count(",") else ","


def _read_frame(data: bytes, filename: str, sheet: str | None) -> pd.DataFrame:
    """The file as a frame of raw cells (object dtype), header as written."""
    name = filename.lower()
    try:
        if is_excel(data):  # by content, as member files are: a CSV named .xlsx is still read
            try:
                return pd.read_excel(
                    io.BytesIO(data),
                    sheet_name=sheet or 0,
                    engine="calamine",
                    dtype=object,
                    header=0,
                )
            except ValueError as exc:
                if sheet is not None and "not found" in str(exc).lower():
                    raise DataFileError(
                        [
                            Problem(
                                None,
                                None,
                                sheet,
                                f"找不到工作表“{sheet}”",
                                f"no sheet named '{sheet}'",
                            )
                        ]
                    ) from None
                raise
        if not data.strip():
            raise DataFileError(
                [
                    Problem(
                        None,
                        None,
                        None,
                        "文件为空：第1行应为表头",
                        "the file is empty: row 1 should hold the headers",
                    )
                ]
            )
        text = decode_text(data)
        return pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            sep=_delimiter(text, name),
            skipinitialspace=True,
        )
    except DataFileError:
        raise
    except Exception as exc:  # any reader failure is one file-level problem, in words
        raise DataFileError(
            [
                Problem(
                    None,
                    None,
                    filename,
                    f"无法读取该文件（{type(exc).__name__}），请确认它是 CSV 或 Excel 表格",
                    f"cannot read this file ({type(exc).__name__}); is it a CSV or Excel sheet?",
                )
            ]
        ) from None


def _cell_text(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _number(text: str, key: str, header: str, row: int) -> tuple[Any, Problem | None]:
    t = text.replace(",", "").replace("，", "").replace(" ", "")
    if t.endswith("%") and key.endswith("_pct"):
        t = t[:-1]
    try:
        x = float(t)
    except ValueError:
        return None, Problem(
            row,
            header,
            text,
            f"“{header}”须为数字，得到“{text}”",
            f"'{header}' must be a number, got '{text}'",
        )
    if not math.isfinite(x):
        return None, Problem(
            row,
            header,
            text,
            f"“{header}”须为有限数字，得到“{text}”",
            f"'{header}' must be a finite number, got '{text}'",
        )
    if key in COUNT_KEYS:
        if not x.is_integer():
            return None, Problem(
                row,
                header,
                text,
                f"“{header}”须为整数，得到“{text}”",
                f"'{header}' must be a whole number, got '{text}'",
            )
        return int(x), None
    return x, None


def _truth(text: str, header: str, row: int) -> tuple[bool | None, Problem | None]:
    flag = parse_flag(text)  # the same yes/no words as member files
    if flag is not None:
        return flag, None
    return None, Problem(
        row,
        header,
        text,
        f"“{header}”须填 是/否（或留空），得到“{text}”",
        f"'{header}' must be yes/no (or left empty), got '{text}'",
    )


@dataclass(frozen=True)
class _Column:
    header: str
    key: str
    year: str | None


def _columns(frame: pd.DataFrame) -> tuple[list[_Column], list[Problem]]:
    cols: list[_Column] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None], str] = {}
    for header in frame.columns:
        h = str(header)
        if h.startswith("Unnamed:") and frame[header].map(_cell_text).eq("").all():
            continue  # an empty column with no header
        found = _key_of(h)
        if found is None:
            problems.append(
                Problem(
                    None,
                    h,
                    None,
                    f"未知的列“{h}”（是否拼写错误？），已忽略；该列数据不会用于判断",
                    f"unknown column '{h}' (a typo?) was ignored: its data are not used",
                )
            )
            continue
        if found in seen:
            problems.append(
                Problem(
                    None,
                    h,
                    None,
                    f"列“{h}”与“{seen[found]}”是同一指标，已忽略后者",
                    f"column '{h}' repeats '{seen[found]}' and was ignored",
                )
            )
            continue
        seen[found] = h
        cols.append(_Column(h, found[0], found[1]))
    return cols, problems


def _year_header(cols: Sequence[_Column], year: str | None) -> str:
    years = [c for c in cols if c.key == YEAR_KEY]
    for c in years:
        if c.year == year:
            return c.header
    return ", ".join(c.header for c in years) or YEAR_KEY


def _convert(c: _Column, text: str, row: int) -> tuple[Any, Problem | None]:
    """One non-empty cell as the value its column needs."""
    if c.key == NAME_KEY:
        return text, None
    if c.key in BOOL_KEYS:
        return _truth(text, c.header, row)
    return _number(text, c.key, c.header, row)


def _rows(
    frame: pd.DataFrame, cols: list[_Column]
) -> Iterable[tuple[int, dict[str, Any], list[Problem], dict[str, str]]]:
    """(spreadsheet row, indicators dict, cell problems, cells as written) per non-empty row."""
    texts = [(c, frame[c.header].map(_cell_text).tolist()) for c in cols]
    for i in range(len(frame)):
        row = i + 2  # header is row 1
        data: dict[str, Any] = {}
        problems: list[Problem] = []
        raw: dict[str, str] = {}
        for c, column in texts:
            t = column[i]
            if t.lower() in _BLANK_WORDS:
                continue
            raw[c.header] = t
            v, p = _convert(c, t, row)
            if p is not None:
                problems.append(p)
            elif c.key == YEAR_KEY:
                data.setdefault(YEAR_KEY, {})[c.year] = v
            else:
                data[c.key] = v
        if raw:
            yield row, data, problems, raw


# ------------------------------------------------------------------ screening


@dataclass(frozen=True)
class BatchResult:
    """The outcome of screening a file of clusters.

    `table`: one row per judged cluster: `row` (its row in the file), `cluster_name`,
    `recognised_by` (how many jurisdictions find it eligible), then per jurisdiction
    `<jurisdiction>.verdict` and `<jurisdiction>.<criterion id>` (green/amber/red/grey).
    `problems`: every bad cell or row (a bad row is skipped) and file-level notes.
    `summary`: {jurisdiction: {"eligible": n, "not_eligible": n, "incomplete": n}}.
    """

    table: pd.DataFrame
    problems: list[Problem]
    summary: dict[str, dict[str, int]]
    on: dt.date
    policies: tuple[Policy, ...]
    indicators: dict[int, Indicators] = field(default_factory=dict)  # by row of the file

    def assessment(self, row: int) -> Assessment:
        """The full assessment of the cluster in file row `row` (for a drill-down)."""
        return evaluate(self.indicators[row], self.policies, self.on)

    @property
    def assessments(self) -> dict[int, Assessment]:
        """Full assessments of every judged row (slow for thousands of rows: prefer `assessment`)."""
        return {r: self.assessment(r) for r in self.indicators}

    @property
    def warnings(self) -> list[Text]:
        """A warning for each policy not in force on the screening date."""
        return [w for p in self.policies for w in in_force_warnings(p, self.on)]

    @property
    def skipped_rows(self) -> list[int]:
        """Rows that could not be judged."""
        return sorted({p.row for p in self.problems if p.row is not None})


def _field_column(err: InputError, cols: Sequence[_Column]) -> str:
    top, _, rest = err.field.partition(".")
    if top == YEAR_KEY:
        return _year_header(cols, rest or None)
    for c in cols:
        if c.key == top:
            return c.header
    return err.field


def _screen(
    rows: Iterable[tuple[int, dict[str, Any], list[Problem], dict[str, str]]],
    cols: list[_Column],
    problems: list[Problem],
    on: dt.date | None,
    policies: Sequence[Policy] | None,
) -> BatchResult:
    day = on or dt.date.today()
    pols = tuple(policies) if policies is not None else load_policies()
    problems = list(problems)
    judged_rows: list[int] = []
    names: list[str] = []
    per: dict[str, tuple[list[str], dict[str, list[str]]]] = {
        p.id: ([], {c.id: [] for c in p.criteria}) for p in pols
    }
    inds: dict[int, Indicators] = {}
    for row, data, cell_problems, raw in rows:
        name = str(data.get(NAME_KEY) or "")
        if name.startswith(_EXAMPLE_PREFIXES):  # the template's fictional rows, left in the file
            problems.append(
                Problem(
                    row,
                    None,
                    name,
                    "模板自带的示例行（虚构数据），未计入筛查；请删除该行",
                    "an example row from the template (fictional): not screened; delete it",
                )
            )
            continue
        # every problem of the row: cells that did not parse, then every value the model refuses
        row_problems = list(cell_problems)
        for exc in indicator_errors(data):
            col = _field_column(exc, cols)
            value = data.get(exc.field.split(".")[0])
            shown = raw.get(col) or (
                None if value is None else json.dumps(value, ensure_ascii=False)
            )
            row_problems.append(Problem(row, col, shown, exc.message_zh, exc.message_en))
        if row_problems:
            problems.extend(row_problems)
            continue
        ind = parse_indicators(data)
        inds[row] = ind
        judged_rows.append(row)
        names.append(ind.cluster_name or "")
        for jid, (verdict, statuses) in screen(ind, pols).items():
            verdicts, crit = per[jid]
            verdicts.append(verdict)
            for cid, st in statuses.items():
                crit[cid].append(st)
    columns: dict[str, Any] = {"row": judged_rows, NAME_KEY: names}
    recognised = [0] * len(judged_rows)
    summary: dict[str, dict[str, int]] = {}
    for jid, (verdicts, _) in per.items():
        columns[f"{jid}.verdict"] = verdicts
        for i, v in enumerate(verdicts):
            recognised[i] += v == "eligible"
        summary[jid] = {k: verdicts.count(k) for k in ("eligible", "not_eligible", "incomplete")}
    columns["recognised_by"] = recognised
    for jid, (_, crit) in per.items():
        for cid, sts in crit.items():
            columns[f"{jid}.{cid}"] = sts
    table = pd.DataFrame(columns)
    order = ["row", NAME_KEY, "recognised_by"] + [
        c for c in table.columns if c not in ("row", NAME_KEY, "recognised_by")
    ]
    table = table[order].astype({"row": "int64", "recognised_by": "int64"})
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return BatchResult(
        table=table, problems=problems, summary=summary, on=day, policies=pols, indicators=inds
    )


def screen_file(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    on: dt.date | None = None,
    policies: Sequence[Policy] | None = None,
) -> BatchResult:
    """Screen a CSV/XLSX of clusters (one per row); raises `DataFileError` only when unreadable."""
    frame = _read_frame(data, filename, sheet)
    if frame.columns.empty:
        raise DataFileError(
            [
                Problem(
                    None,
                    None,
                    None,
                    "文件为空：第1行应为表头",
                    "the file is empty: row 1 should hold the headers",
                )
            ]
        )
    cols, problems = _columns(frame)
    if not cols:
        raise DataFileError(
            problems or [Problem(None, None, None, "没有可识别的列", "no column is recognised")]
        )
    return _screen(_rows(frame, cols), cols, problems, on, policies)


# ------------------------------------------------------------------ presenting and exporting


def _jnames(result: BatchResult, lang: str) -> dict[str, str]:
    return {
        p.id: (p.document.name_zh if lang == "zh" else p.document.name_en) for p in result.policies
    }


def _cnames(result: BatchResult, lang: str) -> dict[tuple[str, str], str]:
    return {
        (p.id, c.id): (c.name_zh if lang == "zh" else c.name_en)
        for p in result.policies
        for c in p.criteria
    }


def display_table(result: BatchResult, lang: str = "zh") -> pd.DataFrame:
    """The table with headers and cells in words (for people, screens and exports)."""
    jn, cn = _jnames(result, lang), _cnames(result, lang)
    zh = lang == "zh"
    t = result.table
    out: dict[str, Any] = {
        "行号" if zh else "Row": t["row"],
        "集群名称" if zh else "Cluster": t[NAME_KEY],
        "认定地区数" if zh else "Recognised by": t["recognised_by"],
    }
    vl, sl = VERDICT_LABEL["zh" if zh else "en"], STATUS_LABEL["zh" if zh else "en"]
    for jid in jn:
        out[f"{jn[jid]}·{'结论' if zh else 'verdict'}"] = t[f"{jid}.verdict"].map(vl)
    for col in t.columns:
        if col.count(".") == 1 and not col.endswith(".verdict"):
            jid, cid = col.split(".")
            out[f"{jn[jid]}·{cn[(jid, cid)]}"] = t[col].map(lambda s: f"{STATUS_MARK[s]} {sl[s]}")
    return pd.DataFrame(out)


def summary_table(result: BatchResult, lang: str = "zh") -> pd.DataFrame:
    """One row per jurisdiction: how many clusters are eligible, not eligible, incomplete."""
    jn = _jnames(result, lang)
    vl = VERDICT_LABEL["zh" if lang == "zh" else "en"]
    zh = lang == "zh"
    in_force = {p.id: p.in_force(result.on) for p in result.policies}
    rows = [
        {
            ("地区" if zh else "Jurisdiction"): jn[j],
            **{vl[k]: n for k, n in counts.items()},
            (f"{result.on} 是否有效" if zh else f"In force on {result.on}"): ("是" if zh else "yes")
            if in_force[j]
            else ("否（仅供参考）" if zh else "no (for reference)"),
        }
        for j, counts in result.summary.items()
    ]
    return pd.DataFrame(rows)


def problems_table(problems: Sequence[Problem], lang: str = "zh") -> pd.DataFrame:
    """Problems as a table: row, column, value, message."""
    zh = lang == "zh"
    return pd.DataFrame(
        {
            ("行" if zh else "Row"): [p.row for p in problems],
            ("列" if zh else "Column"): [p.column or "" for p in problems],
            ("值" if zh else "Value"): [p.value or "" for p in problems],
            ("问题" if zh else "Problem"): [p.message(lang) for p in problems],
        }
    )


def _csv_safe(v: Any) -> Any:
    """A user's text cell for CSV: a leading apostrophe keeps Excel from running it as a formula."""
    if isinstance(v, str) and is_formula_like(v):
        return "'" + v
    return v


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _solid(rgb: str) -> PatternFill:
    return PatternFill("solid", fgColor=rgb)


def batch_table_bytes(result: BatchResult, fmt: str = "xlsx", lang: str = "zh") -> bytes:
    """The screening table as CSV (UTF-8 with BOM) or XLSX (with summary and problems sheets)."""
    table = display_table(result, lang)
    name_col = table.columns[1]
    if fmt == "csv":
        safe = table.assign(**{name_col: table[name_col].map(_csv_safe)})
        text = safe.to_csv(index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        return ("\ufeff" + text).encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}: use 'csv' or 'xlsx'")
    raw = result.table
    zh = lang == "zh"
    # write-only: thousands of rows x ~100 columns; colours come from conditional formatting
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title("筛选结果" if zh else "Screening"))
    ncol = len(table.columns)
    nrow = len(table) + 1
    widths = [7, 28, 10] + [14] * (ncol - 3)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    print_setup(ws, 1, [], freeze="C2")
    last = f"{get_column_letter(ncol)}{max(nrow, 2)}"
    ws.auto_filter.ref = f"A1:{last}"
    vl, sl = VERDICT_LABEL["zh" if zh else "en"], STATUS_LABEL["zh" if zh else "en"]
    nj = len(result.policies)
    vrange = f"D2:{get_column_letter(3 + nj)}{max(nrow, 2)}"
    srange = f"{get_column_letter(4 + nj)}2:{last}"
    for code, colour in VERDICT_FILL.items():
        ws.conditional_formatting.add(
            vrange, CellIsRule(operator="equal", formula=[_quoted(vl[code])], fill=_solid(colour))
        )
    for code, colour in STATUS_FILL.items():
        ws.conditional_formatting.add(
            srange,
            CellIsRule(
                operator="equal",
                formula=[_quoted(f"{STATUS_MARK[code]} {sl[code]}")],
                fill=_solid(colour),
            ),
        )
    ws.append([header_cell(ws, h) for h in table.columns])
    for row in table.itertuples(index=False, name=None):
        ws.append([text_cell(ws, v) if isinstance(v, str) else v for v in row])

    ss = wb.create_sheet(sheet_title("汇总" if zh else "Summary"))
    st = summary_table(result, lang)
    for i, w in enumerate([14] + [16] * (len(st.columns) - 1), start=1):
        ss.column_dimensions[get_column_letter(i)].width = w
    print_setup(ss, 3, [])
    ss.append(
        [
            text_cell(
                ss,
                f"共筛选 {len(raw)} 个集群，评估日期 {result.on}"
                if zh
                else f"{len(raw)} clusters screened on {result.on}",
            )
        ]
    )
    ss.append([])
    ss.append([header_cell(ss, h) for h in st.columns])
    for r in st.itertuples(index=False, name=None):
        ss.append([text_cell(ss, v) if isinstance(v, str) else v for v in r])

    if result.problems:
        ps = wb.create_sheet(sheet_title("问题" if zh else "Problems"))
        pt = problems_table(result.problems, lang)
        for i, w in enumerate([8, 24, 20, 80], start=1):
            ps.column_dimensions[get_column_letter(i)].width = w
        print_setup(ps, 1, [])
        ps.append([header_cell(ps, h) for h in pt.columns])
        for r in pt.itertuples(index=False, name=None):
            ps.append(
                [None if pd.isna(v) else text_cell(ps, v) if isinstance(v, str) else v for v in r]
            )
    return workbook_bytes(wb)


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
        unit = UNIT_ZH.get(k)
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


_EXAMPLE_PREFIXES = ("示例：", "Example: ")  # the template's example rows start so


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
