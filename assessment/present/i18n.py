"""UI words in Chinese and English (`t`); the input labels and specs live in `labels` and are
re-exported here. Status and verdict words, marks, colours and units are the vocabulary's."""

from __future__ import annotations

from assessment.present.labels import (
    DECLARATION_LABEL,
    FIGURE_INPUTS,
    OUTPUT_YEARS,
    TITLE_LABEL,
    FigureInput,
)
from assessment.present.vocabulary import LEGEND

__all__ = [
    "DECLARATION_LABEL",
    "FIGURE_INPUTS",
    "LANGS",
    "LANG_LABEL",
    "OUTPUT_YEARS",
    "STRINGS",
    "TITLE_LABEL",
    "FigureInput",
    "counted",
    "t",
]

LANGS: tuple[str, ...] = ("zh", "en")
LANG_LABEL = {"zh": "中文", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "app_title": {"zh": "集群自评", "en": "Cluster Self-Check"},
    "app_subtitle": {  # {places}: the jurisdictions of the loaded policy files
        "zh": "中小企业特色产业集群认定条件自评 · {places}",
        "en": "SME characteristic industry clusters against the recognition criteria of {places}",
    },
    "tab_assess": {"zh": "集群评估", "en": "Assessment"},
    "tab_batch": {"zh": "批量筛查", "en": "Batch screening"},
    "tab_compare": {"zh": "情景对比", "en": "Compare scenarios"},
    # data source
    "source": {"zh": "数据来源", "en": "Data source"},
    "source_sample": {"zh": "示例集群", "en": "Sample cluster"},
    "source_manual": {"zh": "手工填写", "en": "Enter by hand"},
    "source_members": {"zh": "上传成员企业数据", "en": "Upload member data"},
    "source_scenario": {"zh": "上传情景文件（JSON）", "en": "Upload a scenario (JSON)"},
    "sample_pick": {"zh": "选择示例集群", "en": "Pick a sample cluster"},
    "upload_members": {"zh": "成员企业数据文件", "en": "Member enterprise file"},
    "sheet": {"zh": "读取哪个工作表", "en": "Sheet to read"},
    "upload_members_help": {
        "zh": "支持 CSV（UTF-8 或 GBK 编码）、Excel（.xlsx）或 Excel 另存的“Unicode 文本”（.txt），每行一家企业，单个文件不超过 {mb} MB。"
        "上方按钮为英文界面：点击“Upload”按钮选择文件，或把文件拖到框内。请先下载模板，按模板表头填写。",
        "en": "CSV (UTF-8 or GBK), Excel (.xlsx) or Excel's 'Unicode text' (.txt), one row per enterprise, at most {mb} MB. "
        "Download the template first and keep its headers.",
    },
    "upload_scenario": {"zh": "情景文件（指标 JSON）", "en": "Scenario file (indicators JSON)"},
    "upload_scenario_help": {
        "zh": "上传本页“下载当前情景”保存的 .json 文件。上方按钮为英文界面：点击“Upload”按钮选择文件。",
        "en": "Upload a .json file saved with “Download this scenario” on this page.",
    },
    "template_csv": {"zh": "下载模板（CSV）", "en": "Template (CSV)"},
    "template_xlsx": {"zh": "下载模板（Excel）", "en": "Template (Excel)"},
    "file_problems": {
        "zh": "文件“{name}”有 {n} 处问题，未进行评估。请按下表修改后重新上传：",
        "en": "The file “{name}” has {n} problem(s); nothing was evaluated. "
        "Fix them and upload again:",
    },
    "file_loaded": {
        "zh": "已读取“{name}”：下方各项已按文件填入，可继续调整做“假如”分析。",
        "en": "Read “{name}”: the inputs below now hold its figures; move any of them "
        "to ask “what if”.",
    },
    "upload_first": {
        "zh": "请上传文件，或改用示例集群 / 手工填写。",
        "en": "Upload a file, or pick a sample / enter figures by hand.",
    },
    "col_row": {"zh": "行", "en": "Row"},
    "col_column": {"zh": "列", "en": "Column"},
    "col_value": {"zh": "单元格内容", "en": "Cell"},
    "col_problem": {"zh": "问题", "en": "Problem"},
    "scenario_bad": {
        "zh": "情景文件无法读取：{msg}",
        "en": "The scenario file cannot be read: {msg}",
    },
    "input_bad": {
        "zh": "输入有误，暂未评估：{msg}",
        "en": "An input is invalid, nothing evaluated: {msg}",
    },
    # inputs
    "inputs": {"zh": "集群指标", "en": "Cluster figures"},
    "cluster_name": {"zh": "集群名称", "en": "Cluster name"},
    "assessment_date": {"zh": "评估日期", "en": "Assessment date"},
    "figures": {"zh": "数据指标", "en": "Figures"},
    "declarations": {
        "zh": "定性条件（是 / 否 / 未回答）",
        "en": "Declarations (yes / no / not answered)",
    },
    "output_years": {
        "zh": "集群产值（亿元），按年填写",
        "en": "Cluster output by year (in 100 million yuan: 30 = CNY 3 bn)",
    },
    "latest_year": {"zh": "最近年度", "en": "Latest year"},
    "year_count": {"zh": "填写年数", "en": "Years"},
    "output_of": {"zh": "{year} 年产值（亿元）", "en": "Output {year} (100 million yuan)"},
    "titles": {"zh": "获评企业数（家）", "en": "Enterprises holding titles"},
    "titles_from_file": {
        "zh": "已按文件中的获评企业名单计数（同一企业多项资质计一家）；修改下列数字后改为按各项相加。",
        "en": "Counted from the file's list of titled enterprises (one enterprise "
        "with two titles counts once); changing a number below switches "
        "to adding the counts.",
    },
    "yes": {"zh": "是", "en": "Yes"},
    "no": {"zh": "否", "en": "No"},
    "unset": {"zh": "未回答", "en": "Not answered"},
    "asked_by": {"zh": "要求：{who}", "en": "Asked by: {who}"},
    "asked_by_none": {"zh": "各地均不直接要求", "en": "not asked directly"},
    "empty_is_unknown": {
        "zh": "留空表示“无数据”，相关条件显示为灰色（未知），不会算作达标。",
        "en": "Leave a box empty for “no data”: the criteria reading it turn grey "
        "(unknown), never a pass.",
    },
    "changed_from_file": {"zh": "与{src}相比的改动", "en": "Changed from the {src}"},
    "src_file": {"zh": "上传文件", "en": "uploaded file"},
    "src_sample": {"zh": "示例数据", "en": "sample"},
    "src_scenario": {"zh": "情景文件", "en": "scenario file"},
    "col_field": {"zh": "指标", "en": "Figure"},
    "col_before": {"zh": "原值", "en": "Was"},
    "col_after": {"zh": "现值", "en": "Now"},
    "reset_to_file": {"zh": "恢复为原始数据", "en": "Back to the original figures"},
    "no_changes": {"zh": "未改动原始数据。", "en": "No change from the original figures."},
    # verdicts
    "verdicts": {"zh": "认定结论", "en": "Verdicts"},
    "in_force": {"zh": "评估日有效", "en": "In force on the assessment date"},
    "not_in_force": {"zh": "评估日不在有效期内", "en": "Not in force on the assessment date"},
    "valid_range": {"zh": "有效期 {start} 至 {end}", "en": "Valid {start} to {end}"},
    "open_end": {"zh": "长期", "en": "open-ended"},
    # matrix
    "matrix": {"zh": "逐项对照", "en": "Criterion by criterion"},
    "matrix_help": {
        "zh": "点击表格中任一单元格，查看该项的条款、原文、数值来源和说明。“—”表示该地不要求。",
        "en": "Click any cell to see the clause, the original text, where the value "
        "comes from and any note. “—” means the jurisdiction does not ask.",
    },
    "col_dimension": {"zh": "维度", "en": "Dimension"},
    "col_criterion": {"zh": "条件", "en": "Criterion"},
    "legend": LEGEND,  # the one legend of every output
    "details_pick": {"zh": "查看条件", "en": "Show criterion"},
    "not_asked": {"zh": "该地不要求此项。", "en": "Not asked in this jurisdiction."},
    "clause": {"zh": "条款", "en": "Clause"},
    "quote": {"zh": "原文", "en": "Original text (Chinese)"},
    "status": {"zh": "状态", "en": "Status"},
    "note": {"zh": "说明", "en": "Note"},
    "reading": {"zh": "解读", "en": "Reading"},
    "tiers": {"zh": "各类企业计数", "en": "Counts by group"},
    "soft": {
        "zh": "“一般不超过”：超出不直接否决",
        "en": "“as a rule”: exceeding it is not disqualifying",
    },
    # charts and gaps
    "gaps": {"zh": "差距图", "en": "Gap charts"},
    "gaps_help": {
        "zh": "条形为集群数值（颜色表示状态），黑色竖线为各地门槛。",
        "en": "Bars are the cluster's value (colour = status); the dark tick is each "
        "jurisdiction's threshold.",
    },
    "what_it_takes": {"zh": "还需做到", "en": "What it would take"},
    "nothing_missing": {"zh": "各项均已满足。", "en": "Every criterion is met."},
    # sharing and exports
    "share": {"zh": "保存与分享", "en": "Save and share"},
    "download_json": {"zh": "下载当前情景（JSON）", "en": "Download this scenario (JSON)"},
    "download_excel": {"zh": "下载 Excel 报告", "en": "Download Excel report"},
    "download_briefing": {"zh": "下载简报（HTML）", "en": "Download briefing (HTML)"},
    # batch
    "batch_intro": {
        "zh": "上传多个集群的指标表（每行一个集群），一次筛查三地结论。",
        "en": "Upload a table of clusters (one row each) to screen them all at once.",
    },
    "batch_upload": {"zh": "集群指标表", "en": "Cluster table"},
    # progress of long work (the page's bar and the terminal's, assessment.staged)
    "progress_members_read": {
        "zh": "读取并检查成员企业名单",
        "en": "Reading and checking the member list",
    },
    "progress_members_aggregate": {"zh": "汇总指标", "en": "Summing up the indicators"},
    "progress_screened": {"zh": "已筛查集群", "en": "clusters screened"},
    "batch_help": {
        "zh": "支持 CSV（UTF-8 或 GBK）或 Excel（.xlsx），不超过 {mb} MB；表头用指标名（中英文均可）。"
        "上方按钮为英文界面：点击“Upload”按钮选择文件。",
        "en": "CSV (UTF-8 or GBK) or Excel (.xlsx), at most {mb} MB; headers are the "
        "indicator names (English or Chinese).",
    },
    "batch_problems": {
        "zh": "以下 {n} 处问题所在行未参与评估，其余各行已评估：",
        "en": "{n} problem(s): those rows were not judged; the rest were:",
    },
    "batch_filter": {"zh": "只看结论", "en": "Show verdicts"},
    "batch_filter_where": {"zh": "结论所属地区", "en": "Verdict of"},
    "batch_any": {"zh": "任一地区", "en": "any jurisdiction"},
    "batch_name_filter": {"zh": "集群名称包含", "en": "Cluster name contains"},
    "batch_shown": {
        "zh": "显示 {n} / {total} 个集群；点击表头可排序。",
        "en": "Showing {n} of {total} clusters; click a header to sort.",
    },
    "batch_summary": {"zh": "各地认定情况（集群数）", "en": "Verdicts by jurisdiction (clusters)"},
    "batch_table": {"zh": "逐个集群的结论与各项状态", "en": "Each cluster's verdicts and criteria"},
    "batch_download_xlsx": {"zh": "下载筛查结果（Excel）", "en": "Download results (Excel)"},
    "batch_download_csv": {"zh": "下载筛查结果（CSV）", "en": "Download results (CSV)"},
    "batch_bad": {"zh": "文件无法筛查：{msg}", "en": "The file cannot be screened: {msg}"},
    # compare
    "compare_upload": {"zh": "情景 B（指标 JSON）", "en": "Scenario B (indicators JSON)"},
    "compare_none": {
        "zh": "两个情景的结论和各项颜色完全相同。",
        "en": "Both scenarios give the same verdicts and colours.",
    },
    "col_jurisdiction": {"zh": "地区", "en": "Jurisdiction"},
    "col_from": {"zh": "情景 A", "en": "Scenario A"},
    "col_to": {"zh": "情景 B", "en": "Scenario B"},
    "col_direction": {"zh": "变化", "en": "Change"},
    "better": {"zh": "↑ 变好", "en": "↑ better"},
    "worse": {"zh": "↓ 变差", "en": "↓ worse"},
    "other": {"zh": "→ 改变", "en": "→ changed"},
    "absent": {"zh": "该地不要求", "en": "not asked"},
}


def t(key: str, lang: str, **kwargs: object) -> str:
    """The UI string `key` in `lang`, with `{placeholders}` filled in."""
    text = STRINGS[key]["en" if lang == "en" else "zh"]
    return text.format(**kwargs) if kwargs else text


def counted(label: str, n: int, lang: str) -> str:
    """A label with how many it holds: '解读（7）', 'Reading (7)'."""
    return f"{label}（{n}）" if lang == "zh" else f"{label} ({n})"
