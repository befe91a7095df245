"""The Excel report: verdicts side by side, every criterion per jurisdiction, inputs, derivations.

Written with openpyxl for people who print and circulate it: status cells coloured, A4 landscape,
fit to width, the header row repeated on every printed page. Text that came from users (cluster or
enterprise names) is always written as a string cell, so Excel never runs "=…", "+…", "-…", "@…"
as a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessment.engine.indicators import FIELD_ZH, FIGURE_KEYS, TITLE_KEYS, Indicators
from assessment.engine.policy import DIMENSION_EN
from assessment.engine.results import Assessment, CriterionResult, JurisdictionResult
from assessment.present.explain import (
    STATUS_LABEL,
    STATUS_MARK,
    VERDICT_LABEL,
    criterion_name,
    shortfalls,
)

# light fills that stay legible in black-and-white print; the mark (✔ ▲ ✘ ?) carries the meaning too
STATUS_FILL = {"green": "C8E6C9", "amber": "FFE0B2", "red": "FFCDD2", "grey": "E0E0E0"}
VERDICT_FILL = {"eligible": "C8E6C9", "not_eligible": "FFCDD2", "incomplete": "E0E0E0"}
HEADER_FILL = "37474F"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

UNIT_ZH: dict[str, str] = {
    "area_km2": "平方公里",
    "output": "亿元",
    **dict.fromkeys((k for k in FIGURE_KEYS if k.endswith("_pct")), "%"),
    "invention_patents_per_10k_employees": "件/万人",
    "sme_invention_patents_per_10k_employees": "件/万人",
    "innovation_platforms": "个",
    "standards_participated": "项",
    **dict.fromkeys(TITLE_KEYS, "家"),
}

READING_WORD = {"zh": "解读说明", "en": "How the text is read"}

_THIN = Side(style="thin", color="B0BEC5")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_HEAD_FONT = Font(bold=True, color="FFFFFF")
_TITLE_FONT = Font(bold=True, size=14)

_W = {
    "zh": {
        "summary": "结论汇总",
        "inputs": "输入指标",
        "derivations": "数据来源",
        "cluster": "集群",
        "date": "评估日期",
        "jurisdiction": "地区",
        "verdict": "结论",
        "policy": "依据文件",
        "version": "版本",
        "in_force": "评估日是否有效",
        "yes": "是",
        "no": "否",
        "counts": "达标/需关注/未达标/未知",
        "todo": "还需做到",
        "dimension": "维度",
        "criterion": "标准",
        "id": "标准编号",
        "status": "状态",
        "value": "数值",
        "operator": "比较",
        "threshold": "门槛",
        "unit": "单位",
        "gap": "差距",
        "soft": "一般性要求",
        "clause": "条款",
        "quote": "原文",
        "note": "说明",
        "field": "指标",
        "key": "字段",
        "description": "计算方法",
        "columns": "所用列",
        "enterprises": "企业数",
        "figures": "中间数据",
        "title": "中小企业特色产业集群自评报告",
        "unnamed": "（未命名集群）",
        "not_answered": "未填",
        "not_asked": "该地不要求",
        "legend": "✔ 达标  ▲ 需关注  ✘ 未达标  ? 未知/不适用",
        "warning": "提示",
    },
    "en": {
        "summary": "Summary",
        "inputs": "Inputs",
        "derivations": "Derivations",
        "cluster": "Cluster",
        "date": "Assessment date",
        "jurisdiction": "Jurisdiction",
        "verdict": "Verdict",
        "policy": "Policy document",
        "version": "Version",
        "in_force": "In force on that date",
        "yes": "yes",
        "no": "no",
        "counts": "met / caution / not met / unknown",
        "todo": "What it would take",
        "dimension": "Dimension",
        "criterion": "Criterion",
        "id": "Criterion id",
        "status": "Status",
        "value": "Value",
        "operator": "Operator",
        "threshold": "Threshold",
        "unit": "Unit",
        "gap": "Gap",
        "soft": "Rule of thumb",
        "clause": "Clause",
        "quote": "Quote (original text)",
        "note": "Note",
        "field": "Indicator",
        "key": "Key",
        "description": "How it was computed",
        "columns": "Columns used",
        "enterprises": "Enterprises",
        "figures": "Intermediate figures",
        "title": "SME characteristic industry cluster self-check report",
        "unnamed": "(unnamed cluster)",
        "not_answered": "not answered",
        "not_asked": "not asked",
        "legend": "✔ met  ▲ caution  ✘ not met  ? unknown / n.a.",
        "warning": "Note",
    },
}


def words(lang: str) -> dict[str, str]:
    """The report's fixed words in `lang` ("zh" or "en")."""
    return _W["zh" if lang == "zh" else "en"]


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula (starts with = + - @ or a control)."""
    return text.startswith(FORMULA_STARTS)


def put(ws: Worksheet, row: int, col: int, value: Any) -> Cell:
    """Write one cell; every string is stored as text, never parsed as a formula."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if is_formula_like(value):
            cell.quotePrefix = True  # and Excel keeps it text even after the cell is edited
    else:
        cell.value = value
    return cell


def text_cell(ws: Worksheet, value: str) -> WriteOnlyCell:
    """A text cell for write-only sheets, stored as a string even when it looks like a formula."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True
    return cell


def header_cell(ws: Worksheet, value: str) -> WriteOnlyCell:
    """A header cell for write-only sheets: white bold text on dark grey."""
    cell = text_cell(ws, value)
    cell.font = _HEAD_FONT
    cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    cell.border = _BORDER
    return cell


def write_rows(ws: Worksheet, rows: Iterable[Sequence[Any]], start_row: int = 1) -> int:
    """Write rows from `start_row`; return the next free row."""
    r = start_row
    for row in rows:
        for c, v in enumerate(row, start=1):
            put(ws, r, c, v)
        r += 1
    return r


def style_header(ws: Worksheet, row: int, ncols: int) -> None:
    """Dark header row with white bold text."""
    for c in range(1, ncols + 1):
        cell = ws.cell(row=row, column=c)
        cell.font = _HEAD_FONT
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = _BORDER


def style_body(ws: Worksheet, first: int, last: int, ncols: int) -> None:
    """Thin borders and wrapped text on a block of rows."""
    for r in range(first, last + 1):
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.border = _BORDER
            cell.alignment = _WRAP


def fill(cell: Cell, rgb: str) -> None:
    """A solid background colour."""
    cell.fill = PatternFill("solid", fgColor=rgb)


def print_setup(
    ws: Worksheet, header_row: int, widths: Sequence[float], freeze: str | None = None
) -> None:
    """A4 landscape, fit to one page wide, header row repeated, panes frozen below the header."""
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = freeze or f"A{header_row + 1}"
    ws.oddFooter.center.text = "&P / &N"


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sheet_title(text: str) -> str:
    """A legal, unique-enough sheet title (Excel: at most 31 characters, no []:*?/\\)."""
    bad = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
    return text.translate(bad).strip()[:31] or "Sheet"


# ------------------------------------------------------------------ the report's own sheets


def _jname(r: JurisdictionResult, lang: str) -> str:
    return r.name_zh if lang == "zh" else r.name_en


def _status_text(status: str, lang: str) -> str:
    return f"{STATUS_MARK[status]} {STATUS_LABEL[lang][status]}"


def _value_cell(c: CriterionResult, lang: str) -> Any:
    w = words(lang)
    if c.kind == "declaration":
        if not c.applicable:
            return "不适用" if lang == "zh" else "n.a."
        return {True: w["yes"], False: w["no"], None: w["not_answered"]}[c.meets]
    if c.value is None or isinstance(c.value, bool):
        return "豁免" if c.exempted and lang == "zh" else "exempted" if c.exempted else None
    return float(c.value)


def _threshold_cell(c: CriterionResult, lang: str) -> Any:
    if c.kind == "declaration" or isinstance(c.threshold, bool):
        return words(lang)["yes"]
    return float(c.threshold)


def _summary_sheet(wb: Workbook, a: Assessment, ind: Indicators, lang: str) -> None:
    w = words(lang)
    ws = wb.active
    assert ws is not None
    ws.title = sheet_title(w["summary"])
    put(ws, 1, 1, w["title"]).font = _TITLE_FONT
    put(ws, 2, 1, w["cluster"])
    put(ws, 2, 2, ind.cluster_name or a.cluster_name or w["unnamed"])
    put(ws, 3, 1, w["date"])
    put(ws, 3, 2, a.assessment_date.isoformat())
    put(ws, 4, 1, w["legend"])
    head = [
        w["jurisdiction"],
        w["verdict"],
        w["counts"],
        w["policy"],
        w["version"],
        w["in_force"],
        w["todo"],
    ]
    hr = 6
    write_rows(ws, [head], hr)
    style_header(ws, hr, len(head))
    r = hr + 1
    for res in a.results:
        p = res.policy
        counts = " / ".join(str(res.counts.get(s, 0)) for s in ("green", "amber", "red", "grey"))
        todo = shortfalls(res, lang)
        notes = [wn.zh if lang == "zh" else wn.en for wn in res.warnings]
        row = [
            _jname(res, lang),
            VERDICT_LABEL[lang][res.verdict],
            counts,
            (p.title_zh if lang == "zh" else p.title_en)
            + (f"（{p.doc_number}）" if p.doc_number else ""),
            p.version,
            w["yes"] if p.in_force else w["no"],
            "\n".join([f"! {n}" for n in notes] + [f"• {s}" for s in todo[:12]])
            + ("\n…" if len(todo) > 12 else ""),
        ]
        write_rows(ws, [row], r)
        r += 1
    style_body(ws, hr + 1, r - 1, len(head))
    for i, res in enumerate(a.results):
        fill(ws.cell(row=hr + 1 + i, column=2), VERDICT_FILL[res.verdict])
        ws.cell(row=hr + 1 + i, column=2).font = Font(bold=True)
    print_setup(ws, hr, [12, 16, 18, 48, 12, 12, 80])


def _jurisdiction_sheet(wb: Workbook, res: JurisdictionResult, lang: str) -> None:
    w = words(lang)
    ws = wb.create_sheet(sheet_title(_jname(res, lang)))
    put(
        ws, 1, 1, f"{_jname(res, lang)} — {w['verdict']}: {VERDICT_LABEL[lang][res.verdict]}"
    ).font = _TITLE_FONT
    fill(ws.cell(row=1, column=1), VERDICT_FILL[res.verdict])
    p = res.policy
    put(
        ws,
        2,
        1,
        f"{w['policy']}: {p.title_zh if lang == 'zh' else p.title_en}"
        f"{'（' + p.doc_number + '）' if p.doc_number else ''}  {w['version']}: {p.version}",
    )
    head = [
        w["dimension"],
        w["criterion"],
        w["id"],
        w["status"],
        w["value"],
        w["operator"],
        w["threshold"],
        w["unit"],
        w["gap"],
        w["clause"],
        w["quote"],
        w["note"],
    ]
    hr = 4
    write_rows(ws, [head], hr)
    style_header(ws, hr, len(head))
    r = hr + 1
    for c in res.criteria:
        note = c.note if lang == "zh" else c.note_en
        if c.soft:
            note = f"{w['soft']}。{note}" if lang == "zh" else f"{w['soft']}. {note}"
        if c.reading:  # how the text was read where it is ambiguous
            reading = c.reading.zh if lang == "zh" else c.reading.en
            note = (
                f"{note}。{READING_WORD[lang]}：{reading}"
                if note
                else f"{READING_WORD[lang]}：{reading}"
            )
        row = [
            c.dimension if lang == "zh" else DIMENSION_EN.get(c.dimension, c.dimension),
            criterion_name(c, lang),
            c.id,
            _status_text(c.status, lang),
            _value_cell(c, lang),
            c.operator,
            _threshold_cell(c, lang),
            c.unit,
            c.gap,
            c.clause,
            c.quote,
            note.strip("。. "),
        ]
        write_rows(ws, [row], r)
        r += 1
    style_body(ws, hr + 1, r - 1, len(head))
    for i, c in enumerate(res.criteria):
        cell = ws.cell(row=hr + 1 + i, column=4)
        fill(cell, STATUS_FILL[c.status])
        cell.font = Font(bold=True)
        for col in (5, 7, 9):
            ws.cell(row=hr + 1 + i, column=col).number_format = "General"  # 60, not "60."
    if p.readings:  # the document-level readings, below the table
        put(ws, r + 1, 1, READING_WORD[lang]).font = Font(bold=True)
        for i, t in enumerate(p.readings):
            put(ws, r + 2 + i, 1, t.zh if lang == "zh" else t.en)
    print_setup(ws, hr, [12, 26, 18, 12, 10, 7, 10, 9, 8, 8, 60, 40], freeze=f"C{hr + 1}")


def _input_value(v: Any, lang: str) -> Any:
    if isinstance(v, bool):
        return words(lang)["yes"] if v else words(lang)["no"]
    return v


def _inputs_sheet(wb: Workbook, ind: Indicators, lang: str) -> None:
    w = words(lang)
    ws = wb.create_sheet(sheet_title(w["inputs"]))
    head = [w["field"], w["key"], w["value"]]
    write_rows(ws, [head], 1)
    style_header(ws, 1, 3)
    rows: list[list[Any]] = []
    for key, v in ind.to_json_dict().items():
        if key in ("derivations",):
            continue
        label = (
            FIELD_ZH.get(key, "各年产值" if key == "output_by_year" else key)
            if lang == "zh"
            else key
        )
        if key == "output_by_year":
            for year, x in v.items():
                rows.append([f"{label} {year}", f"output_by_year.{year}", x])
        elif key == "titled_enterprises":
            rows.append([label, key, len(v)])
        else:
            rows.append([label, key, _input_value(v, lang)])
    end = write_rows(ws, rows, 2)
    style_body(ws, 2, end - 1, 3)
    print_setup(ws, 1, [36, 40, 24])


def _derivations_sheet(wb: Workbook, ind: Indicators, lang: str) -> None:
    w = words(lang)
    ws = wb.create_sheet(sheet_title(w["derivations"]))
    head = [w["key"], w["description"], w["columns"], w["enterprises"], w["figures"]]
    write_rows(ws, [head], 1)
    style_header(ws, 1, len(head))
    rows = []
    for key, d in (ind.derivations or {}).items():
        figures = "; ".join(f"{k} = {v}" for k, v in d.figures.items())
        rows.append(
            [
                key,
                d.description_zh if lang == "zh" else d.description_en,
                ", ".join(d.columns),
                d.enterprises,
                figures,
            ]
        )
    end = write_rows(ws, rows, 2)
    style_body(ws, 2, max(end - 1, 2), len(head))
    print_setup(ws, 1, [34, 60, 40, 10, 50])


def excel_report(assessment: Assessment, indicators: Indicators, lang: str = "zh") -> bytes:
    """The assessment as an .xlsx workbook: summary, one sheet per jurisdiction, inputs, sources."""
    lang = "zh" if lang == "zh" else "en"
    wb = Workbook()
    _summary_sheet(wb, assessment, indicators, lang)
    for res in assessment.results:
        _jurisdiction_sheet(wb, res, lang)
    _inputs_sheet(wb, indicators, lang)
    if indicators.derivations:
        _derivations_sheet(wb, indicators, lang)
    return workbook_bytes(wb)
