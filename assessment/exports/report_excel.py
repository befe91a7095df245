"""The Excel report: verdicts side by side, every criterion per jurisdiction, inputs, derivations.

Written with openpyxl for people who print and circulate it: status cells coloured, A4 landscape,
fit to width, the header row repeated on every printed page. Text that came from users (cluster or
enterprise names) is always written as a string cell, so Excel never runs "=…", "+…", "-…", "@…"
as a formula. The rows come from the presentation layer (`assessment.present.rows`); the general
xlsx helpers live in `assessment.exports.xlsx` (re-exported here for older imports).
"""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from assessment.engine.indicators import FIELD_ZH, Indicators
from assessment.engine.results import Assessment, CriterionResult, JurisdictionResult
from assessment.exports.xlsx import (
    FORMULA_STARTS,
    HEADER_FILL,
    STATUS_FILL,
    VERDICT_FILL,
    fill,
    header_cell,
    is_formula_like,
    print_setup,
    put,
    sheet_title,
    style_body,
    style_header,
    text_cell,
    workbook_bytes,
    write_rows,
)
from assessment.present.explain import criterion_name, value_vs_threshold
from assessment.present.labels import DECLARATION_LABEL, TITLE_LABEL
from assessment.present.rows import (
    dimension_label,
    jurisdiction_name,
    matrix_order_of,
    note_words,
    shortfall_list,
    status_text,
    verdict_row,
    verdict_rows,
)
from assessment.present.vocabulary import INDICATOR_UNIT, LEGEND, OP_SIGN, WORDS

__all__ = [
    "FORMULA_STARTS",
    "HEADER_FILL",
    "STATUS_FILL",
    "UNIT_ZH",
    "VERDICT_FILL",
    "excel_report",
    "fill",
    "header_cell",
    "is_formula_like",
    "print_setup",
    "put",
    "sheet_title",
    "style_body",
    "style_header",
    "text_cell",
    "words",
    "workbook_bytes",
    "write_rows",
]

UNIT_ZH = INDICATOR_UNIT  # old name: the unit of each indicator lives in the vocabulary

READING_WORD = {"zh": "解读说明", "en": "How the text is read"}
_TITLE_FONT = Font(bold=True, size=14)

_W = {
    "zh": {
        "summary": "结论汇总",
        "inputs": "输入指标",
        "derivations": "数据来源",
        "cluster": "集群",
        "date": "评估日期",
        "policy": "依据文件",
        "version": "版本",
        "in_force": "评估日是否有效",
        "counts": "各状态项数",
        "todo": "还需做到（全部）",
        "status": "状态",
        "reads": "数值与门槛",
        "value": "数值",
        "operator": "比较",
        "threshold": "门槛",
        "unit": "单位",
        "gap": "差距",
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
        "warning": "提示",
    },
    "en": {
        "summary": "Summary",
        "inputs": "Inputs",
        "derivations": "Derivations",
        "cluster": "Cluster",
        "date": "Assessment date",
        "policy": "Policy document",
        "version": "Version",
        "in_force": "In force on that date",
        "counts": "Criteria by status",
        "todo": "What it would take (all)",
        "status": "Status",
        "reads": "Value against threshold",
        "value": "Value",
        "operator": "Operator",
        "threshold": "Threshold",
        "unit": "Unit",
        "gap": "Gap",
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
        "warning": "Note",
    },
}


def words(lang: str) -> dict[str, str]:
    """The report's fixed words in `lang` ("zh" or "en"), with the shared ones of the vocabulary."""
    lg = "zh" if lang == "zh" else "en"
    return {**{k: v[lg] for k, v in WORDS.items()}, **_W[lg]}


# ------------------------------------------------------------------ the report's own sheets


def _value_cell(c: CriterionResult, lang: str) -> Any:
    if c.kind == "declaration" or c.value is None or isinstance(c.value, bool):
        return value_vs_threshold(c, lang)  # 是 / 否 / 未填 / 不适用 / 无数据 / 豁免
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
    put(ws, 4, 1, LEGEND[lang])
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
    for res, v in zip(a.results, verdict_rows(a, lang, ind), strict=True):
        p = res.policy
        todo = shortfall_list(res, lang, limit=None)  # the report lists every one
        row = [
            v.name,
            v.verdict_label + (f"\n{v.route}" if v.route else ""),
            v.counts_text.replace("　", "\n").replace(" · ", "\n"),
            (p.title_zh if lang == "zh" else p.title_en)
            + (f"（{p.doc_number}）" if p.doc_number else ""),
            p.version,
            w["yes"] if v.in_force else w["no"],
            "\n".join([f"! {n}" for n in v.warnings] + [f"• {s.text}" for s in todo.items]),
        ]
        write_rows(ws, [row], r)
        r += 1
    style_body(ws, hr + 1, r - 1, len(head))
    for i, res in enumerate(a.results):
        fill(ws.cell(row=hr + 1 + i, column=2), VERDICT_FILL[res.verdict])
        ws.cell(row=hr + 1 + i, column=2).font = Font(bold=True)
    print_setup(ws, hr, [12, 22, 16, 48, 12, 12, 80])


def _jurisdiction_sheet(wb: Workbook, res: JurisdictionResult, ind: Indicators, lang: str) -> None:
    w = words(lang)
    name = jurisdiction_name(res, lang)
    ws = wb.create_sheet(sheet_title(name))
    v = verdict_row(res, lang, ind)
    title = f"{name} — {w['verdict']}: {v.verdict_label}" + (f"（{v.route}）" if v.route else "")
    put(ws, 1, 1, title).font = _TITLE_FONT
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
        w["status"],
        w["reads"],
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
    crits = [res.criterion(cid) for _, cid in matrix_order_of(res)]
    for c in crits:
        assert c is not None
        note = note_words(c, lang)
        if c.reading:  # how the text was read where it is ambiguous
            reading = c.reading.zh if lang == "zh" else c.reading.en
            sep = "。" if lang == "zh" else ". "
            note = f"{note}{sep if note else ''}{READING_WORD[lang]}：{reading}"
        row = [
            dimension_label(c.dimension, lang),
            criterion_name(c, lang),
            status_text(c.status, lang),
            value_vs_threshold(c, lang),
            _value_cell(c, lang),
            OP_SIGN.get(c.operator, ""),  # a declaration is simply 是 / 否: no operator
            _threshold_cell(c, lang),
            c.unit if lang == "zh" or c.unit != "亿元" else "亿元 (CNY 100 m)",
            c.gap,
            c.clause,
            c.quote,
            note.strip("。. "),
        ]
        write_rows(ws, [row], r)
        r += 1
    style_body(ws, hr + 1, r - 1, len(head))
    for i, c in enumerate(crits):
        assert c is not None
        cell = ws.cell(row=hr + 1 + i, column=3)
        fill(cell, STATUS_FILL[c.status])
        cell.font = Font(bold=True)
        for col in (5, 7, 9):
            ws.cell(row=hr + 1 + i, column=col).number_format = "General"  # 60, not "60."
    if p.readings:  # the document-level readings, below the table
        put(ws, r + 1, 1, READING_WORD[lang]).font = Font(bold=True)
        for i, t in enumerate(p.readings):
            put(ws, r + 2 + i, 1, t.zh if lang == "zh" else t.en)
    print_setup(ws, hr, [12, 30, 12, 24, 10, 7, 10, 9, 8, 8, 60, 40], freeze=f"C{hr + 1}")


def _field_label(key: str, lang: str) -> str:
    if key == "output_by_year":
        return FIELD_ZH[key] if lang == "zh" else "Output by year"
    if key in DECLARATION_LABEL:
        return FIELD_ZH.get(key, key) if lang == "zh" else DECLARATION_LABEL[key][1]
    if key in TITLE_LABEL:
        return TITLE_LABEL[key][0 if lang == "zh" else 1]
    return FIELD_ZH.get(key, key) if lang == "zh" else key


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
        label = _field_label(key, lang)
        if key == "output_by_year":
            for year, x in v.items():
                rows.append([f"{label} {year}", f"output_by_year.{year}", x])
        elif key == "titled_enterprises":
            rows.append([label, key, len(v)])
        elif isinstance(v, bool):
            rows.append([label, key, w["yes"] if v else w["no"]])
        else:
            rows.append([label, key, v])
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
        _jurisdiction_sheet(wb, res, indicators, lang)
    _inputs_sheet(wb, indicators, lang)
    if indicators.derivations:
        _derivations_sheet(wb, indicators, lang)
    return workbook_bytes(wb)
