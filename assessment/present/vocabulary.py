"""The one vocabulary: every status and verdict word, mark and colour, unit and operator word.

Data only, no logic. The page, the Excel report, the briefing, the CLI table and the charts read
these names; none of them defines a colour or a status word of its own. A test greps the tree:
each colour below appears in this file and nowhere else.

Dimension and indicator keys live with the contract's names (`assessment.engine.names`), the
indicators' Chinese names with the input model (`assessment.engine.indicators.FIELD_ZH`); the
keys are re-exported here so that an output needs only this module.
"""

from __future__ import annotations

from assessment.engine.names import DIMENSION_EN, DIMENSIONS, FIGURE_KEYS, TITLE_KEYS

__all__ = [
    "BORDER_COLOR",
    "CAUTION_BACKGROUND",
    "COUNT_TONE",
    "COUNT_UNITS",
    "DECIMAL_UNITS",
    "DIMENSIONS",
    "DIMENSION_EN",
    "GRID_COLOR",
    "INDICATOR_UNIT",
    "INK",
    "LANGS",
    "LEGEND",
    "MUTED_INK",
    "NOT_ASKED_MARK",
    "OP_SIGN",
    "OP_WORDS",
    "STATUSES",
    "STATUS_COLOR",
    "STATUS_LABEL",
    "STATUS_MARK",
    "STATUS_TINT",
    "STATUS_TONE",
    "THRESHOLD_COLOR",
    "TONE_INK",
    "UNIT_EN",
    "UNIT_ENTERED",
    "VERDICTS",
    "VERDICT_COLOR",
    "VERDICT_LABEL",
    "VERDICT_STATUS",
    "VERDICT_TINT",
    "VERDICT_TONE",
    "WORDS",
    "ZERO_LINE_COLOR",
]

LANGS: tuple[str, ...] = ("zh", "en")

# ------------------------------------------------------------------ statuses of one criterion
STATUSES: tuple[str, ...] = ("green", "amber", "red", "grey")  # the order of every legend
STATUS_LABEL = {
    "zh": {"green": "达标", "amber": "需关注", "red": "未达标", "grey": "未知/不适用"},
    "en": {"green": "Met", "amber": "Caution", "red": "Not met", "grey": "Unknown / n.a."},
}
STATUS_MARK = {"green": "✔", "amber": "▲", "red": "✘", "grey": "?"}
NOT_ASKED_MARK = "—"  # a jurisdiction that does not ask the criterion
# strong colours: marks, chart bars, list markers
STATUS_COLOR = {"green": "#1a9850", "amber": "#f39c12", "red": "#d73027", "grey": "#9e9e9e"}
# light backgrounds behind black text: table cells on the page, in the briefing and in Excel
# (Excel takes them without the "#"); light enough to print in black and white
STATUS_TINT = {"green": "#dcefe0", "amber": "#fde6c4", "red": "#f9d4cf", "grey": "#e8e8e8"}
THRESHOLD_COLOR = "#263238"  # the threshold tick in the gap charts
INK = "#1b1b1b"  # body text of charts and pages (and of the page's tinted cells)
MUTED_INK = "#757575"  # text of a cell whose jurisdiction does not ask the criterion
GRID_COLOR = "#e0e0e0"  # chart grid lines
ZERO_LINE_COLOR = "#a6a6a6"  # a chart's zero line

# ------------------------------------------------------------------ verdicts of a jurisdiction
VERDICTS: tuple[str, ...] = ("eligible", "not_eligible", "incomplete")
VERDICT_LABEL = {
    "zh": {"eligible": "符合认定条件", "not_eligible": "不符合", "incomplete": "信息不全"},
    "en": {"eligible": "Eligible", "not_eligible": "Not eligible", "incomplete": "Incomplete"},
}
VERDICT_STATUS = {"eligible": "green", "not_eligible": "red", "incomplete": "grey"}
# card backgrounds under white text (incomplete is darker than grey so white stays legible)
VERDICT_COLOR = {
    "eligible": STATUS_COLOR["green"],
    "not_eligible": STATUS_COLOR["red"],
    "incomplete": "#6e6e6e",
}
VERDICT_TINT = {v: STATUS_TINT[s] for v, s in VERDICT_STATUS.items()}
# Streamlit's named colours for `:color[text]` in markdown
STATUS_TONE = {"green": "green", "amber": "orange", "red": "red", "grey": "gray"}
VERDICT_TONE = {"eligible": "green", "not_eligible": "red", "incomplete": "gray"}
# the tone of each number of the count line (rows.status_counts: grey split in two)
COUNT_TONE = {
    "green": STATUS_TONE["green"],
    "amber": STATUS_TONE["amber"],
    "red": STATUS_TONE["red"],
    "unknown": STATUS_TONE["grey"],
    "not_applicable": STATUS_TONE["grey"],
}
# the ink those names draw in with the page's theme (Streamlit's light theme), for the text the
# page lays out itself (dashboard/board); a caution's background as st.warning's; the theme's
# borders: its text colour (#111111, .streamlit/config.toml) at 20 %
TONE_INK = {"green": "#0C5A44", "orange": "#9B4519", "red": "#9E303B", "gray": "#686255"}
CAUTION_BACKGROUND = "#FFF6ED"
BORDER_COLOR = "rgba(17, 17, 17, 0.2)"

# ------------------------------------------------------------------ the legend, in every output
LEGEND = {
    lang: "　".join(f"{STATUS_MARK[s]} {STATUS_LABEL[lang][s]}" for s in STATUSES)
    + ("　— 该地不要求" if lang == "zh" else "　— not asked there")
    for lang in LANGS
}

# ------------------------------------------------------------------ units and operators
# a policy file writes its units in Chinese; English readers get these
UNIT_EN = {
    "亿元": "CNY bn",  # shown as billions: 30 亿元 reads "CNY 3 bn"
    "家": "enterprises",
    "个": "",
    "项": "",
    "件/万人": "per 10k employees",
    "km²": "km²",
    "平方公里": "km²",
    "%": "%",
}
# the unit a number box takes, by language: boxes take the policy files' own unit (亿元, not
# billions), so an English box says what one step of its number is
UNIT_ENTERED = {"zh": {"亿元": "亿元"}, "en": {"亿元": "CNY 100m"}}
# the unit of each indicator, as the policy files and the member files write it
INDICATOR_UNIT: dict[str, str] = {
    "area_km2": "平方公里",
    "output": "亿元",
    **dict.fromkeys((k for k in FIGURE_KEYS if k.endswith("_pct")), "%"),
    "invention_patents_per_10k_employees": "件/万人",
    "sme_invention_patents_per_10k_employees": "件/万人",
    "innovation_platforms": "个",
    "standards_participated": "项",
    **dict.fromkeys(TITLE_KEYS, "家"),
}
DECIMAL_UNITS: tuple[str, ...] = ("%", "亿元", "km²", "件/万人")  # decimals; counts are whole
COUNT_UNITS: tuple[str, ...] = ("家", "个", "项")
OP_SIGN = {">": ">", ">=": "≥", "<=": "≤"}
OP_WORDS = {
    "zh": {">": "须高于", ">=": "须不低于", "<=": "须不超过"},
    "en": {">": "must exceed", ">=": "must be at least", "<=": "must not exceed"},
}

# ------------------------------------------------------------------ short words every output shares
WORDS: dict[str, dict[str, str]] = {
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "not_answered": {"zh": "未填", "en": "not answered"},
    "not_applicable": {"zh": "不适用", "en": "n.a."},
    "exempted": {"zh": "豁免", "en": "exempted"},
    "no_data": {"zh": "无数据", "en": "no data"},
    "not_asked": {"zh": "该地不要求", "en": "not asked"},
    "dimension": {"zh": "维度", "en": "Dimension"},
    "criterion": {"zh": "标准", "en": "Criterion"},
    "verdict": {"zh": "结论", "en": "Verdict"},
    "jurisdiction": {"zh": "地区", "en": "Jurisdiction"},
    "not_in_force": {"zh": "评估日不在有效期内", "en": "not in force on the assessment date"},
    "stand_in": {
        "zh": "仅有全集群数据：{value}，参考",
        "en": "Whole-cluster figure only: {value}, for reference",
    },
    "generous": {"zh": "从宽解读", "en": "generous reading"},
    "route": {
        "zh": "{basis}，按{place} {clause} 自动认定",
        "en": "{basis}: recognised automatically under {place} {clause}",
    },
    "route_basis": {"zh": "符合自动认定条件", "en": "A route to recognition applies"},
    "counts": {
        "zh": "达标 {green}　需关注 {amber}　未达标 {red}　未知 {unknown}　不适用 {not_applicable}",
        "en": "met {green} · caution {amber} · not met {red} · unknown {unknown} · n.a. {not_applicable}",
    },
    "more": {"zh": "另有 {n} 项未列出", "en": "{n} more not listed"},
    "unknown_list": {
        "zh": "尚未回答或缺少数据（{n} 项），请确认或补充：",
        "en": "Not answered or no data yet ({n}) — confirm or provide: ",
    },
    "nothing_missing": {"zh": "无：各项均已满足。", "en": "Nothing: every criterion is met."},
}
