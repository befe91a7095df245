"""The one-page briefing: a self-contained HTML file to open offline, print on A4, or circulate.

Everything is inline: styles, the gap charts (plotly.js is embedded once) and no web fonts, so the
file makes no network request. All text that came from users or policy files is HTML-escaped.
"""

from __future__ import annotations

import html

from assessment.engine.indicators import Indicators
from assessment.engine.results import Assessment
from assessment.present.brief_chart import compact_gap_figure
from assessment.present.charts import gap_figure, numeric_criteria
from assessment.present.rows import (
    SHORTFALL_LIMIT,
    MatrixCell,
    MatrixRow,
    jurisdiction_name,
    matrix_rows,
    shortfall_list,
    unknown_names,
    verdict_rows,
    word,
)
from assessment.present.vocabulary import (
    LEGEND,
    NOT_ASKED_MARK,
    STATUS_COLOR,
    STATUS_TINT,
    VERDICT_COLOR,
    VERDICT_LABEL,
)

__all__ = ["BRIEF_ROWS", "CHART_WIDTH_PX", "briefing_html"]

CHART_WIDTH_PX = 700  # about the printable width of A4 portrait at 96 dpi
PANEL_PX = 150  # height of one criterion's panel in the gap charts
# page 1 lists at most this many criteria not met or unknown, then says how many more
BRIEF_ROWS = 8

_W = {
    "zh": {
        "title": "中小企业特色产业集群自评简报",
        "cluster": "集群",
        "date": "评估日期",
        "unnamed": "（未命名集群）",
        "verdicts": "三地结论",
        "open": "未达标或尚未知的条件",
        "open_none": "无：各地要求的条件均已达标或需关注。",
        "open_more": "另有 {n} 项未列出，见附录“逐项对照”。",
        "top": "还需做到（每地前 {n} 项）",
        "compact": "各项数值与门槛之比（数值 ÷ 门槛，竖线为门槛 100%）",
        "appendix": "附录",
        "matrix": "逐项对照",
        "criterion": "标准",
        "charts": "各项数值与门槛的差距",
        "todo": "还需做到（全部）",
        "policies": "依据文件",
        "version": "版本",
        "in_force": "评估日有效",
        "not_in_force": "评估日不在有效期内",
        "disclaimer": "本简报为依据公开政策文件的自评结果，仅供参考，不代替认定机关的审核。"
        "数值为集群自报或由成员企业数据汇总，阈值与原文见各地政策文件。",
        "unknown": "尚未回答或缺少数据（{n} 项），请确认或补充：",
        "source": "数据来源：成员企业名单汇总（{n} 项指标附推算说明）",
        "see_appendix": "自评结果仅供参考，不代替认定机关的审核。逐项对照、全部差距图和依据文件见第 2 页起的附录。",
    },
    "en": {
        "title": "SME characteristic industry cluster — self-check briefing",
        "cluster": "Cluster",
        "date": "Assessment date",
        "unnamed": "(unnamed cluster)",
        "verdicts": "Verdicts",
        "open": "Criteria not met or not yet known",
        "open_none": "None: every criterion asked is met or needs only caution.",
        "open_more": "{n} more not listed: see the appendix, criterion by criterion.",
        "top": "What it would take (first {n} per jurisdiction)",
        "compact": "Each figure as a share of its threshold (the line: 100 %, the threshold)",
        "appendix": "Appendix",
        "matrix": "Criterion by criterion",
        "criterion": "Criterion",
        "charts": "Each figure against each threshold",
        "todo": "What it would take (all)",
        "policies": "Policy documents",
        "version": "version",
        "in_force": "in force on that date",
        "not_in_force": "NOT in force on that date",
        "disclaimer": "A self-assessment against the published policy texts, for information only;"
        " it does not replace the authority's review. Figures are the cluster's own "
        "or aggregated from member data; thresholds and quotes are in each policy.",
        "unknown": "Not answered or no data yet ({n}) — confirm or provide: ",
        "source": "Figures aggregated from member enterprise data ({n} with a derivation note)",
        "see_appendix": "For information only; not the authority's review. The full table, "
        "every gap chart and the policy documents follow in the appendix, from page 2.",
    },
}

_CSS = """
@page { size: A4; margin: 10mm 12mm 10mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; margin: 0 auto; max-width: 186mm;
       padding: 8mm 0; font-size: 10pt; line-height: 1.35; background: #fff; }
header { border-bottom: 2px solid #37474f; padding-bottom: 3px; margin-bottom: 6px; }
h1 { font-size: 15pt; margin: 0 0 2px 0; }
h2 { font-size: 11pt; margin: 8px 0 3px 0; border-left: 4px solid #37474f; padding-left: 6px;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10pt; margin: 6px 0 2px 0; break-after: avoid; page-break-after: avoid; }
.meta { display: flex; flex-wrap: wrap; gap: 2px 24px; font-size: 10pt; }
.meta b { font-weight: 600; }
.cluster-name { font-size: 12pt; font-weight: 700; }
.verdicts { display: flex; gap: 6px; break-inside: avoid; page-break-inside: avoid; }
.verdict { flex: 1 1 0; border-radius: 6px; padding: 6px 8px; color: #fff; }
.verdict .j { font-size: 10.5pt; font-weight: 600; }
.verdict .v { font-size: 13pt; font-weight: 700; margin: 0; }
.verdict .r { font-size: 8.5pt; font-weight: 600; }
.verdict .c { font-size: 8pt; opacity: .95; }
.verdict .w { font-size: 8pt; font-weight: 700; background: rgba(0,0,0,.25); padding: 0 4px; }
table.matrix { width: 100%; border-collapse: collapse; font-size: 8.4pt; table-layout: fixed; }
table.matrix col.name { width: 31%; }
table.matrix tr.group th { background: #eceff1; color: #37474f; text-align: left;
                           font-weight: 600; }
table.matrix th, table.matrix td { border: 1px solid #cfd8dc; padding: 1px 4px;
                                   vertical-align: top; }
table.matrix thead th { background: #37474f; color: #fff; text-align: left; }
table.matrix thead { display: table-header-group; }
table.matrix tr { break-inside: avoid; page-break-inside: avoid; }
table.matrix td { overflow-wrap: anywhere; }
.mark { font-weight: 700; display: inline-block; width: 1.1em; }
.legend, .more { font-size: 8pt; color: #455a64; margin: 2px 0; }
.chart { break-inside: avoid-page; margin: 0 auto; width: 100%; }
.top { display: flex; gap: 8px; }
.top > div { flex: 1 1 0; min-width: 0; }
.top ol { margin: 0; padding-left: 16px; font-size: 8pt; line-height: 1.2; }
.todo ul { margin: 2px 0 6px 0; padding-left: 18px; }
li { break-inside: avoid; page-break-inside: avoid; }
.policies { font-size: 8.6pt; color: #37474f; }
.policies li { margin-bottom: 2px; }
.note { font-size: 8pt; color: #546e7a; margin-top: 6px; border-top: 1px solid #b0bec5;
        padding-top: 3px; }
section.appendix { break-before: page; page-break-before: always; }
section.appendix h2.appendix-title { font-size: 13pt; }
@media print {
  body { padding: 0; max-width: none; }
  section.charts { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
"""
_LIST_CSS = "".join(
    f".{s}::marker, li.{s}::marker {{ color: {c}; }}\n" for s, c in STATUS_COLOR.items()
)


def _e(text: object) -> str:
    """HTML-escaped text (every string from users or policy files goes through this)."""
    return html.escape(str(text), quote=True)


def _verdict_cards(a: Assessment, ind: Indicators, lang: str) -> str:
    w = _W[lang]
    cards = []
    for v in verdict_rows(a, lang, ind):
        warn = "" if v.in_force else f'<div class="w">{_e(w["not_in_force"])}</div>'
        route = f'<div class="r">{_e(v.route)}</div>' if v.route else ""
        cards.append(
            f'<div class="verdict" data-jurisdiction="{_e(v.jurisdiction)}" '
            f'data-verdict="{_e(v.verdict)}" style="background:{VERDICT_COLOR[v.verdict]}">'
            f'<div class="j">{_e(v.name)}</div>'
            f'<div class="v">{_e(v.verdict_label)}</div>{route}'
            f'<div class="c">{_e(v.counts_text)}</div>{warn}</div>'
        )
    return f'<div class="verdicts">{"".join(cards)}</div>'


def _cell(c: MatrixCell | None) -> str:
    if c is None:
        return f'<td class="s na">{NOT_ASKED_MARK}</td>'
    return (
        f'<td class="s" data-status="{c.status}" style="background:{STATUS_TINT[c.status]}">'
        f'<span class="mark" style="color:{STATUS_COLOR[c.status]}">'
        f"{c.mark}</span>{_e(c.text)}</td>"
    )


def _table(a: Assessment, rows: list[MatrixRow], lang: str, groups: bool = True) -> str:
    w = _W[lang]
    head = "".join(f"<th>{_e(jurisdiction_name(r, lang))}</th>" for r in a.results)
    ncols = len(a.results) + 1
    body = []
    current = None
    for row in rows:
        if groups and row.dimension != current:
            current = row.dimension
            body.append(
                f'<tr class="group"><th colspan="{ncols}">{_e(row.dimension_label)}</th></tr>'
            )
        cells = "".join(_cell(c) for c in row.cells)
        body.append(
            f'<tr data-criterion="{_e(row.criterion_id)}"><td>{_e(row.name)}</td>{cells}</tr>'
        )
    return (
        f'<table class="matrix"><colgroup><col class="name">'
        f"{'<col>' * len(a.results)}</colgroup><thead><tr><th>{_e(w['criterion'])}</th>"
        f"{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _open_criteria(a: Assessment, rows: list[MatrixRow], lang: str) -> str:
    """Page 1: the criteria that fail or are unknown somewhere — failing ones first — trimmed."""
    w = _W[lang]
    # ids of the applicable criteria without an answer or data, per jurisdiction
    unknown = {
        r.jurisdiction: {c.id for c in r.criteria if c.status == "grey" and c.applicable}
        for r in a.results
    }

    def is_open(row: MatrixRow) -> bool:
        return any(
            c is not None
            and (c.status == "red" or c.stand_in or row.criterion_id in unknown[c.jurisdiction])
            for c in row.cells
        )

    failing = [x for x in rows if any(c is not None and c.status == "red" for c in x.cells)]
    rest = [x for x in rows if is_open(x) and x not in failing]
    chosen = failing + rest
    if not chosen:
        return f"<p>{_e(w['open_none'])}</p>"
    shown = chosen[:BRIEF_ROWS]
    more = len(chosen) - len(shown)
    tail = f'<div class="more">{_e(w["open_more"].format(n=more))}</div>' if more else ""
    return f"{_table(a, shown, lang, groups=False)}{tail}"


def _top_shortfalls(a: Assessment, lang: str) -> str:
    """Page 1: per jurisdiction side by side, the first shortfalls; a trimmed list says how many more."""
    _W[lang]
    cols = []
    for r in a.results:
        sf = shortfall_list(r, lang)
        items = "".join(f'<li class="{s.status}">{_e(s.text)}</li>' for s in sf.items)
        body = f"<ol>{items}</ol>" if items else f"<p>{_e(word('nothing_missing', lang))}</p>"
        more = f'<div class="more">{_e(sf.more_text)}</div>' if sf.more else ""
        cols.append(f"<div><h3>{_e(jurisdiction_name(r, lang))}</h3>{body}{more}</div>")
    return f'<div class="top">{"".join(cols)}</div>'


def _todo_all(a: Assessment, lang: str) -> str:
    """Appendix: per jurisdiction every red or amber shortfall, then the unknown ones by name."""
    w = _W[lang]
    sep = "、" if lang == "zh" else "; "
    parts = []
    for r in a.results:
        sf = shortfall_list(r, lang, limit=None)
        items = [
            f'<li class="{s.status}">{_e(s.text)}</li>' for s in sf.items if s.status != "grey"
        ]
        unknown = unknown_names(r, lang)
        if unknown:
            items.append(
                f'<li class="grey">{_e(w["unknown"].format(n=len(unknown)))}'
                f"{_e(sep.join(unknown))}</li>"
            )
        body = (
            f"<ul>{''.join(items)}</ul>" if items else f"<p>{_e(word('nothing_missing', lang))}</p>"
        )
        label = VERDICT_LABEL[lang][r.verdict]
        parts.append(f"<h3>{_e(jurisdiction_name(r, lang))} — {_e(label)}</h3>{body}")
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
            f"<li><b>{_e(jurisdiction_name(r, lang))}</b>: {_e(title)}{_e(number)}, "
            f"{_e(issuer)}; {_e(w['version'])} {_e(p.version)} "
            f"({_e(p.in_force_from)}{_e(until)}; {_e(force)}){readings}</li>"
        )
    return f'<ul class="policies">{"".join(items)}</ul>'


def _plot(fig: object, div_id: str, first: bool) -> str:
    return fig.to_html(  # type: ignore[attr-defined]
        include_plotlyjs=first,
        full_html=False,
        div_id=div_id,
        config={"displayModeBar": False, "responsive": False, "staticPlot": False},
    )


def _charts(a: Assessment, lang: str) -> str:
    """The gap charts as inline plotly, sized for A4 (plotly.js is already on the page)."""
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
    fig.update_yaxes(tickfont={"size": 11})
    fig.update_xaxes(tickfont={"size": 11})
    return _plot(fig, "gap-chart", first=False)


def briefing_html(assessment: Assessment, indicators: Indicators, lang: str = "zh") -> str:
    """The briefing as one self-contained HTML page in Chinese or English.

    Printed on A4, page 1 is the whole brief — cluster, date, the verdicts (with any route), the
    criteria that fail or are unknown, the first shortfalls, one compact gap chart — and the full
    matrix, every shortfall, the policy documents and the gap charts follow as an appendix
    from page 2. Every list and count comes from the presentation layer (`present.rows`).
    """
    lang = "zh" if lang == "zh" else "en"
    w = _W[lang]
    a = assessment
    name = indicators.cluster_name or a.cluster_name or w["unnamed"]
    rows = matrix_rows(a, lang)
    source = ""
    if indicators.derivations:
        source = f"<div>{_e(w['source'].format(n=len(indicators.derivations)))}</div>"
    compact = compact_gap_figure(a, lang, width=CHART_WIDTH_PX)
    page1 = (
        f'<section class="brief" data-page="1"><header><h1>{_e(w["title"])}</h1>'
        f'<div class="meta"><div><b>{_e(w["cluster"])}:</b> '
        f'<span class="cluster-name">{_e(name)}</span></div>'
        f"<div><b>{_e(w['date'])}:</b> {_e(a.assessment_date.isoformat())}</div></div>"
        f"{source}</header>"
        f"<h2>{_e(w['verdicts'])}</h2>{_verdict_cards(a, indicators, lang)}"
        f"<h2>{_e(w['open'])}</h2>{_open_criteria(a, rows, lang)}"
        f'<div class="legend">{_e(LEGEND[lang])}</div>'
        f"<h2>{_e(w['top'].format(n=SHORTFALL_LIMIT))}</h2>{_top_shortfalls(a, lang)}"
        f'<h2>{_e(w["compact"])}</h2><div class="chart">{_plot(compact, "brief-chart", True)}</div>'
        f'<div class="note">{_e(w["see_appendix"])}</div></section>'
    )
    appendix = (
        f'<section class="appendix" data-page="appendix">'
        f'<h2 class="appendix-title">{_e(w["appendix"])} · {_e(w["matrix"])}</h2>'
        f'{_table(a, rows, lang)}<div class="legend">{_e(LEGEND[lang])}</div>'
        f"<h2>{_e(w['todo'])}</h2>{_todo_all(a, lang)}"
        f"<h2>{_e(w['policies'])}</h2>{_policies(a, lang)}</section>"
        f'<section class="charts"><h2>{_e(w["charts"])}</h2>'
        f'<div class="chart">{_charts(a, lang)}</div></section>'
        f'<footer class="note">{_e(w["disclaimer"])}</footer>'
    )
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        # belt and braces: even a URL inside the inlined plotly.js bundle can fetch nothing
        f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
        f'img-src data:; font-src data:">'
        f"<title>{_e(w['title'])} — {_e(name)}</title><style>{_CSS}{_LIST_CSS}</style></head>"
        f"<body>{page1}{appendix}</body></html>\n"
    )
