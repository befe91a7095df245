"""The one-page briefing: a self-contained HTML file to open offline, print on A4, or circulate.

Everything is inline: styles, the gap charts (plotly.js is embedded once) and no web fonts, so the
file makes no network request. All text that came from users or policy files is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from assessment.engine.indicators import Indicators
from assessment.engine.policy import DIMENSION_EN, DIMENSIONS
from assessment.engine.results import Assessment, CriterionResult, JurisdictionResult
from assessment.present.charts import gap_figure, numeric_criteria
from assessment.present.explain import (
    STATUS_COLOR,
    STATUS_LABEL,
    STATUS_MARK,
    VERDICT_LABEL,
    criterion_name,
    shortfall,
    value_vs_threshold,
)

CHART_WIDTH_PX = 700  # about the printable width of A4 portrait at 96 dpi
PANEL_PX = 150  # height of one criterion's panel in the gap charts
VERDICT_COLOR = {"eligible": "#1a9850", "not_eligible": "#d73027", "incomplete": "#757575"}
STATUS_TINT = {"green": "#e3f4e6", "amber": "#fff0d6", "red": "#fde2df", "grey": "#f0f0f0"}

_W = {
    "zh": {
        "title": "中小企业特色产业集群自评简报",
        "cluster": "集群",
        "date": "评估日期",
        "unnamed": "（未命名集群）",
        "verdicts": "三地结论",
        "matrix": "逐项对照",
        "criterion": "标准",
        "charts": "各项数值与门槛的差距",
        "todo": "还需做到",
        "nothing": "无：各项均已满足。",
        "policies": "依据文件",
        "version": "版本",
        "in_force": "评估日有效",
        "not_in_force": "评估日不在有效期内",
        "not_asked": "—",
        "legend": "✔ 达标　▲ 需关注　✘ 未达标　? 未知/不适用　— 该地不要求",
        "counts": "达标 {green}　需关注 {amber}　未达标 {red}　未知 {grey}",
        "disclaimer": "本简报为依据公开政策文件的自评结果，仅供参考，不代替认定机关的审核。"
        "数值为集群自报或由成员企业数据汇总，阈值与原文见各地政策文件。",
        "unknown": "尚未回答或缺少数据（{n} 项），请确认或补充：",
        "source": "数据来源：成员企业名单汇总（{n} 项指标附推算说明）",
    },
    "en": {
        "title": "SME characteristic industry cluster — self-check briefing",
        "cluster": "Cluster",
        "date": "Assessment date",
        "unnamed": "(unnamed cluster)",
        "verdicts": "Verdicts",
        "matrix": "Criterion by criterion",
        "criterion": "Criterion",
        "charts": "Each figure against each threshold",
        "todo": "What it would take",
        "nothing": "Nothing: every criterion is met.",
        "policies": "Policy documents",
        "version": "version",
        "in_force": "in force on that date",
        "not_in_force": "NOT in force on that date",
        "not_asked": "—",
        "legend": "✔ met   ▲ caution   ✘ not met   ? unknown / n.a.   — not asked there",
        "counts": "met {green} · caution {amber} · not met {red} · unknown {grey}",
        "disclaimer": "A self-assessment against the published policy texts, for information only;"
        " it does not replace the authority's review. Figures are the cluster's own "
        "or aggregated from member data; thresholds and quotes are in each policy.",
        "unknown": "Not answered or no data yet ({n}) — confirm or provide: ",
        "source": "Figures aggregated from member enterprise data ({n} with a derivation note)",
    },
}

_CSS = """
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; margin: 0 auto; max-width: 186mm;
       padding: 8mm 0; font-size: 10.5pt; line-height: 1.45; background: #fff; }
header { border-bottom: 2px solid #37474f; padding-bottom: 4px; margin-bottom: 10px; }
h1 { font-size: 17pt; margin: 0 0 4px 0; }
h2 { font-size: 12.5pt; margin: 16px 0 6px 0; border-left: 4px solid #37474f; padding-left: 6px;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 10px 0 4px 0; break-after: avoid; page-break-after: avoid; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 24px; font-size: 10.5pt; }
.meta b { font-weight: 600; }
.cluster-name { font-size: 13pt; font-weight: 700; }
.verdicts { display: flex; gap: 8px; break-inside: avoid; page-break-inside: avoid; }
.verdict { flex: 1 1 0; border-radius: 6px; padding: 8px 10px; color: #fff; }
.verdict .j { font-size: 11pt; font-weight: 600; }
.verdict .v { font-size: 15pt; font-weight: 700; margin: 2px 0; }
.verdict .c { font-size: 8.5pt; opacity: .95; }
.verdict .w { font-size: 8.5pt; font-weight: 700; background: rgba(0,0,0,.25); padding: 0 4px; }
table.matrix { width: 100%; border-collapse: collapse; font-size: 8.6pt; table-layout: fixed; }
table.matrix col.name { width: 31%; }
table.matrix tr.group th { background: #eceff1; color: #37474f; text-align: left;
                           font-weight: 600; }
table.matrix th, table.matrix td { border: 1px solid #cfd8dc; padding: 2px 4px;
                                   vertical-align: top; }
table.matrix thead th { background: #37474f; color: #fff; text-align: left; }
table.matrix thead { display: table-header-group; }
table.matrix tr { break-inside: avoid; page-break-inside: avoid; }
table.matrix td { overflow-wrap: anywhere; }
.mark { font-weight: 700; display: inline-block; width: 1.1em; }
.legend { font-size: 8.5pt; color: #455a64; margin: 4px 0; }
.chart { break-inside: avoid-page; margin: 0 auto; width: 100%; }
.todo { columns: 1; }
.todo ul { margin: 2px 0 6px 0; padding-left: 18px; }
.todo li { break-inside: avoid; page-break-inside: avoid; }
.todo li.red::marker { color: #d73027; }
.todo li.amber::marker { color: #f39c12; }
.todo li.grey { color: #455a64; font-size: 9pt; }
.policies { font-size: 8.6pt; color: #37474f; }
.policies li { margin-bottom: 2px; }
footer { margin-top: 12px; border-top: 1px solid #b0bec5; padding-top: 4px; font-size: 8.4pt;
         color: #546e7a; }
@media print {
  body { padding: 0; max-width: none; }
  section.charts { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: object) -> str:
    """HTML-escaped text (every string from users or policy files goes through this)."""
    return html.escape(str(text), quote=True)


def _jname(r: JurisdictionResult, lang: str) -> str:
    return r.name_zh if lang == "zh" else r.name_en


def _order(a: Assessment, lang: str) -> list[tuple[str, str, str]]:
    """(dimension, criterion id, name) of every criterion any jurisdiction asks, by dimension."""
    seen: dict[str, tuple[str, str, str]] = {}
    for r in a.results:
        for c in r.criteria:
            seen.setdefault(c.id, (c.dimension, c.id, criterion_name(c, lang)))
    rank = {d: i for i, d in enumerate(DIMENSIONS)}
    return sorted(seen.values(), key=lambda o: rank.get(o[0], len(rank)))


def _verdict_cards(a: Assessment, lang: str) -> str:
    w = _W[lang]
    cards = []
    for r in a.results:
        warn = "" if r.policy.in_force else f'<div class="w">{_e(w["not_in_force"])}</div>'
        counts = w["counts"].format(**{s: r.counts.get(s, 0) for s in STATUS_LABEL["zh"]})
        cards.append(
            f'<div class="verdict" data-jurisdiction="{_e(r.jurisdiction)}" '
            f'data-verdict="{_e(r.verdict)}" style="background:{VERDICT_COLOR[r.verdict]}">'
            f'<div class="j">{_e(_jname(r, lang))}</div>'
            f'<div class="v">{_e(VERDICT_LABEL[lang][r.verdict])}</div>'
            f'<div class="c">{_e(counts)}</div>{warn}</div>'
        )
    return f'<div class="verdicts">{"".join(cards)}</div>'


def _cell(c: CriterionResult | None, lang: str) -> str:
    if c is None:
        return f'<td class="s na">{_W[lang]["not_asked"]}</td>'
    return (
        f'<td class="s" data-status="{c.status}" style="background:{STATUS_TINT[c.status]}">'
        f'<span class="mark" style="color:{STATUS_COLOR[c.status]}">'
        f"{STATUS_MARK[c.status]}</span>{_e(value_vs_threshold(c, lang))}</td>"
    )


def _matrix(a: Assessment, lang: str) -> str:
    w = _W[lang]
    head = "".join(f"<th>{_e(_jname(r, lang))}</th>" for r in a.results)
    ncols = len(a.results) + 1
    rows = []
    current = None
    for dim, cid, name in _order(a, lang):
        if dim != current:
            current = dim
            dim_text = dim if lang == "zh" else DIMENSION_EN.get(dim, dim)
            rows.append(f'<tr class="group"><th colspan="{ncols}">{_e(dim_text)}</th></tr>')
        cells = "".join(_cell(r.criterion(cid), lang) for r in a.results)
        rows.append(f'<tr data-criterion="{_e(cid)}"><td>{_e(name)}</td>{cells}</tr>')
    return (
        f'<table class="matrix"><colgroup><col class="name">'
        f"{'<col>' * len(a.results)}</colgroup><thead><tr><th>{_e(w['criterion'])}</th>"
        f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<div class="legend">{_e(w["legend"])}</div>'
    )


def _todo(a: Assessment, lang: str) -> str:
    """Per jurisdiction: each red or amber shortfall in words, then the unanswered ones by name."""
    w = _W[lang]
    sep = "、" if lang == "zh" else "; "
    parts = []
    for r in a.results:
        items = [
            f'<li class="{c.status}">{_e(t)}</li>'
            for status in ("red", "amber")
            for c in r.criteria
            if c.status == status and (t := shortfall(c, lang))
        ]
        unknown = [
            criterion_name(c, lang) for c in r.criteria if c.status == "grey" and shortfall(c, lang)
        ]
        if unknown:
            items.append(
                f'<li class="grey">{_e(w["unknown"].format(n=len(unknown)))}'
                f"{_e(sep.join(unknown))}</li>"
            )
        body = f"<ul>{''.join(items)}</ul>" if items else f"<p>{_e(w['nothing'])}</p>"
        parts.append(f"<h3>{_e(_jname(r, lang))} — {_e(VERDICT_LABEL[lang][r.verdict])}</h3>{body}")
    return f'<div class="todo">{"".join(parts)}</div>'


def _policies(a: Assessment, lang: str) -> str:
    w = _W[lang]
    items = []
    for r in a.results:
        p = r.policy
        title = p.title_zh if lang == "zh" else p.title_en
        issuer = p.issuer_zh if lang == "zh" else p.issuer_en
        number = f"（{p.doc_number}）" if p.doc_number else ""
        until = f" – {p.in_force_to}" if p.in_force_to else " –"
        force = w["in_force"] if p.in_force else w["not_in_force"]
        # how ambiguous wording was read: written in the policy file, shown to the reader
        readings = "".join(f"<li>{_e(t.zh if lang == 'zh' else t.en)}</li>" for t in p.readings)
        readings = f'<ul class="readings">{readings}</ul>' if readings else ""
        items.append(
            f"<li><b>{_e(_jname(r, lang))}</b>: {_e(title)}{_e(number)}, "
            f"{_e(issuer)}; {_e(w['version'])} {_e(p.version)} "
            f"({_e(p.in_force_from)}{_e(until)}; {_e(force)}){readings}</li>"
        )
    return f'<ul class="policies">{"".join(items)}</ul>'


def _charts(a: Assessment, lang: str) -> str:
    """The gap charts as inline plotly (the library embedded once, no network), sized for A4."""
    panels = max(len(numeric_criteria(a)), 1)
    fig = gap_figure(a, lang, columns=1)
    # one column at the printable width of A4, smaller type; the section heading names the chart
    fig.update_layout(
        width=CHART_WIDTH_PX,
        height=PANEL_PX * panels + 110,
        autosize=False,
        title=None,
        margin={"t": 70, "l": 10, "r": 20, "b": 30},  # legend clear of the first title
        font={"size": 12},
        legend={"font": {"size": 12}},
    )
    fig.update_annotations(font={"size": 13})
    fig.update_traces(insidetextfont={"size": 12}, selector={"type": "bar"})
    fig.update_traces(marker={"size": 22}, selector={"mode": "markers"})
    fig.update_yaxes(tickfont={"size": 12})
    fig.update_xaxes(tickfont={"size": 11})
    return fig.to_html(
        include_plotlyjs=True,
        full_html=False,
        div_id="gap-chart",
        config={"displayModeBar": False, "responsive": False},
    )


def briefing_html(assessment: Assessment, indicators: Indicators, lang: str = "zh") -> str:
    """The briefing as one self-contained HTML page (A4 print-ready) in Chinese or English."""
    lang = "zh" if lang == "zh" else "en"
    w = _W[lang]
    a = assessment
    name = indicators.cluster_name or a.cluster_name or w["unnamed"]
    source = ""
    if indicators.derivations:
        source = f"<div>{_e(w['source'].format(n=len(indicators.derivations)))}</div>"
    sections: Sequence[str] = (
        f'<header><h1>{_e(w["title"])}</h1><div class="meta">'
        f'<div><b>{_e(w["cluster"])}:</b> <span class="cluster-name">{_e(name)}</span></div>'
        f"<div><b>{_e(w['date'])}:</b> {_e(a.assessment_date.isoformat())}</div></div>"
        f"{source}</header>",
        f'<section class="summary"><h2>{_e(w["verdicts"])}</h2>{_verdict_cards(a, lang)}'
        f"<h3>{_e(w['policies'])}</h3>{_policies(a, lang)}</section>",
        f'<section class="todo-section"><h2>{_e(w["todo"])}</h2>{_todo(a, lang)}</section>',
        f'<section class="matrix-section"><h2>{_e(w["matrix"])}</h2>{_matrix(a, lang)}</section>',
        f'<section class="charts"><h2>{_e(w["charts"])}</h2>'
        f'<div class="chart">{_charts(a, lang)}</div></section>',
        f"<footer>{_e(w['disclaimer'])}</footer>",
    )
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        # belt and braces: even a URL inside the inlined plotly.js bundle can fetch nothing
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
        f'img-src data:; font-src data:">'
        f"<title>{_e(w['title'])} — {_e(name)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(sections)}</body></html>\n"
    )
