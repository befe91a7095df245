"""Words only the page says (sliders, links, presentation mode, keep-as-A/B), in both languages.

The shared vocabulary is `assessment.present.i18n`; `pt` looks here first and falls back to it,
so the page has one function for every string.
"""

from __future__ import annotations

from assessment.present.i18n import t

__all__ = ["PAGE_STRINGS", "pt"]

PAGE_STRINGS: dict[str, dict[str, str]] = {
    "route_group": {
        "zh": "已获认定（自动认定）",
        "en": "Already recognised (automatic recognition)",
    },
    "route_opens": {
        "zh": "已获认定即可按 {who} 自动认定（其余条件照常列出）",
        "en": "Opens automatic recognition under {who} (the criteria are still shown)",
    },
    "source_link": {"zh": "链接中的情景", "en": "Scenario from the link"},
    "src_link": {"zh": "链接中的数据", "en": "figures from the link"},
    "link_from_file": {
        "zh": "这些数值来自文件“{name}”（经链接传来，不含成员企业明细）。",
        "en": "These figures come from the file “{name}” (passed on by a link, without its "
        "member rows).",
    },
    "link_says": {
        "zh": "地址栏的链接保存了当前全部输入：各项数值、声明、获评企业分组、评估日期、集群名称与语言"
        "（不含成员企业明细）。复制链接即可让他人打开完全相同的视图。",
        "en": "The address bar's link holds every input as it stands: figures, declarations, "
        "titled groups, assessment date, cluster name and language (no member rows). Copy it "
        "to open exactly this view elsewhere.",
    },
    "inputs_on_assessment": {
        "zh": "各项数值与声明在“集群评估”标签页中填写。",
        "en": "Figures and declarations are entered on the Assessment tab.",
    },
    "clear_all": {"zh": "全部清空", "en": "Clear all"},
    "clear_all_help": {
        "zh": "所有数值设为未知，所有声明设为未作答",
        "en": "Every figure unknown, every declaration unanswered",
    },
    "unknown_now": {"zh": "当前为未知（空）", "en": "Unknown (empty) now"},
    "presentation": {"zh": "演示模式", "en": "Presentation mode"},
    "presentation_help": {
        "zh": "隐藏输入栏、放大字体，首屏显示三地结论与未达标、未知的条件",
        "en": "Hides the inputs, enlarges the type, and shows the three verdicts with the "
        "criteria that fail or are unknown first",
    },
    "focus_none": {"zh": "全部达标", "en": "Every criterion met"},
    "focus_more": {"zh": "另有 {n} 项", "en": "{n} more"},
    "keep_as_a": {"zh": "将当前输入存为 A", "en": "Keep current inputs as A"},
    "keep_as_b": {"zh": "将当前输入存为 B", "en": "Keep current inputs as B"},
    "file_as_a": {"zh": "将所载文件/示例存为 A", "en": "Keep the loaded file or sample as A"},
    "kept": {"zh": "{slot}：{name}（{when}）", "en": "{slot}: {name} ({when})"},
    "kept_none": {"zh": "{slot}：尚未保存", "en": "{slot}: not kept yet"},
    "compare_kept_intro": {
        "zh": "无需文件：先把一种情景存为 A，修改数值后存为 B，下面即列出哪些条件在哪个地区变色。",
        "en": "No file needed: keep one scenario as A, change figures, keep it as B; below are "
        "the criteria that change colour, and where.",
    },
    "compare_or_file": {
        "zh": "或上传情景文件作为 B（指标 JSON）",
        "en": "Or upload a scenario file as B (indicators JSON)",
    },
    "compare_need_two": {
        "zh": "请先保存 A 和 B（或上传 B 的文件）。",
        "en": "Keep both A and B first (or upload a file for B).",
    },
    "compare_count_ab": {
        "zh": "共 {n} 处变色（由 A 到 B）：",
        "en": "{n} change(s) of colour (from A to B):",
    },
    "unnamed": {"zh": "未命名情景", "en": "unnamed scenario"},
    "batch_example": {"zh": "试用示例批量文件", "en": "Try the example batch file"},
    "batch_example_help": {
        "zh": "示例文件含若干虚构集群，可直接筛查，也可下载作为填写参考。",
        "en": "The example file holds a few fictional clusters: screen it here, or download it "
        "as a model to fill in.",
    },
    "batch_example_download": {"zh": "下载示例批量文件", "en": "Download the example batch file"},
    "batch_example_on": {
        "zh": "正在显示示例批量文件“{name}”的筛查结果。",
        "en": "Showing the screening of the example batch file “{name}”.",
    },
    "template_rows_note": {
        "zh": "模板中的示例行（集群名称以“示例”开头）仅作填写说明，筛查时会被略过；请删除或替换为真实集群。",
        "en": "The template's example rows (cluster names starting with “示例” / “Example”) only "
        "show how to fill it in and are set aside when screening; delete or replace them.",
    },
}


def pt(key: str, lang: str, **kwargs: object) -> str:
    """A page string in `lang` (this module first, then the shared vocabulary)."""
    entry = PAGE_STRINGS.get(key)
    if entry is None:
        return t(key, lang, **kwargs)
    text = entry["en" if lang == "en" else "zh"]
    return text.format(**kwargs) if kwargs else text
