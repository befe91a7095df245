"""Gap charts: where the cluster stands against each jurisdiction's threshold (plotly, no UI).

Pure functions from results to figures. They compute nothing legal: value, threshold, status and
gap are read from the `CriterionResult`s the engine produced; words come from `explain`.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from assessment.engine.results import Assessment, CriterionResult, JurisdictionResult
from assessment.present.explain import criterion_name, shortfall, unit_text, value_vs_threshold
from assessment.present.rows import matrix_order, status_text
from assessment.present.vocabulary import (
    COUNT_UNITS,
    GRID_COLOR,
    INK,
    NOT_ASKED_MARK,
    STATUS_COLOR,
    STATUS_LABEL,
    STATUS_MARK,
    STATUSES,
    THRESHOLD_COLOR,
    ZERO_LINE_COLOR,
)

__all__ = ["FONT_FAMILY", "criterion_figure", "gap_figure", "numeric_criteria"]

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
_NUMERIC = ("threshold", "tiers")
_ROW_PX = 215
_COUNT_UNITS = COUNT_UNITS

_WORDS = {
    "zh": {
        "threshold": "门槛",
        "value": "集群数值",
        "no_data": "无数据",
        "not_asked": "不要求",
        "title": "各项指标与门槛的差距",
        "exempted": "豁免",
        "status": "状态",
    },
    "en": {
        "threshold": "Threshold",
        "value": "Cluster value",
        "no_data": "no data",
        "not_asked": "not asked",
        "title": "Each figure against each threshold",
        "exempted": "exempted",
        "status": "Status",
    },
}


def _jname(r: JurisdictionResult, lang: str) -> str:
    return r.name_zh if lang == "zh" else r.name_en


def numeric_criteria(assessment: Assessment) -> list[tuple[str, CriterionResult]]:
    """(id, first result seen) for every numeric criterion any jurisdiction asks, in the matrix's
    one order (`rows.matrix_order`)."""
    first: dict[str, CriterionResult] = {}
    for r in assessment.results:
        for c in r.criteria:
            if c.kind in _NUMERIC:
                first.setdefault(c.id, c)
    return [(cid, first[cid]) for _, cid in matrix_order(assessment) if cid in first]


def _title(c: CriterionResult, lang: str) -> str:
    unit = unit_text(c.unit, lang)
    name = criterion_name(c, lang)
    title = f"{name}（{unit}）" if unit and lang == "zh" else (f"{name} ({unit})" if unit else name)
    return _wrap(title)


def _wrap(text: str, width: int = 36) -> str:
    """A long English title on two lines (broken at a space), so it is never cut at the edge."""
    if len(text) <= width or " " not in text[:width]:
        return text
    cut = text.rindex(" ", 0, width)
    return f"{text[:cut]}<br>{text[cut + 1 :]}"


def _hover(r: JurisdictionResult, c: CriterionResult, lang: str) -> str:
    lines = [
        f"<b>{_jname(r, lang)}</b> · {criterion_name(c, lang)}",
        value_vs_threshold(c, lang),
        f"{_WORDS[lang]['status']}: {status_text(c.status, lang)}",
    ]
    gap = shortfall(c, lang)
    if gap:
        lines.append(gap)
    note = c.note if lang == "zh" else c.note_en
    if note:
        lines.append(note)
    return "<br>".join(lines)


def _placeholder(axes: dict[str, str], name: str, hover: str | None) -> dict[str, Any]:
    """An invisible point that keeps a row whose jurisdiction has no bar (not asked, no data)."""
    return {
        "type": "scatter",
        **axes,
        "x": [0],
        "y": [name],
        "mode": "markers",
        "marker": {"opacity": 0, "size": 1},
        "hovertext": [hover or ""],
        "hoverinfo": "text" if hover else "skip",
        "showlegend": False,
    }


def _panel(
    assessment: Assessment, cid: str, lang: str, idx: int
) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """One small multiple as plain dicts: a bar per jurisdiction (value, coloured by status),
    its threshold tick, and the x and y axis settings of subplot `idx` (1-based).

    Every word of a row — the jurisdiction, the mark, the value against the threshold, "not
    asked", "no data" — is in the row's axis label, left of the plot: no threshold line can
    cross a label.
    """
    words = _WORDS[lang]
    axes = {"xaxis": "x" if idx == 1 else f"x{idx}", "yaxis": "y" if idx == 1 else f"y{idx}"}
    traces: list[dict[str, Any]] = []
    names: list[str] = []
    labels: list[str] = []
    extent: list[float] = [0.0]
    unit = ""
    for r in assessment.results:
        c = r.criterion(cid)
        name = _jname(r, lang)
        names.append(name)
        if c is None:
            labels.append(f"<b>{name}</b><br>{NOT_ASKED_MARK} {words['not_asked']}")
            traces.append(_placeholder(axes, name, None))
            continue
        unit = c.unit
        # the axis in the unit the labels use: English money in billions (亿 is 0.1 bn)
        scale = 0.1 if c.unit == "亿元" and lang != "zh" else 1.0
        thr = scale * float(c.threshold) if not isinstance(c.threshold, bool) else None
        hover = _hover(r, c, lang)
        if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
            v = scale * float(c.value)
            extent.append(v)
            # a long reading (a stand-in) wraps after its colon, to keep the margin narrow
            text = value_vs_threshold(c, lang).replace("：", "：<br>").replace(": ", ":<br>")
            labels.append(f"<b>{name}</b><br>{STATUS_MARK[c.status]} {text}")
            traces.append(
                {
                    "type": "bar",
                    **axes,
                    "x": [v],
                    "y": [name],
                    "orientation": "h",
                    "marker": {"color": STATUS_COLOR[c.status]},
                    "hovertext": [hover],
                    "hoverinfo": "text",
                    "showlegend": False,
                    "legendgroup": c.status,
                    "width": 0.6,
                }
            )
        else:
            label = words["exempted"] if c.exempted else words["no_data"]
            labels.append(f"<b>{name}</b><br>{STATUS_MARK[c.status]} {label}")
            traces.append(_placeholder(axes, name, hover))
        if thr is not None:
            extent.append(thr)
            traces.append(
                {
                    "type": "scatter",
                    **axes,
                    "x": [thr],
                    "y": [name],
                    "mode": "markers",
                    "marker": {
                        "symbol": "line-ns",
                        "size": 30,
                        "line": {"width": 4, "color": THRESHOLD_COLOR},
                    },
                    "hovertext": [hover],
                    "hoverinfo": "text",
                    "showlegend": False,
                    "legendgroup": "threshold",
                }
            )
    lo, hi = min(extent), max(extent)
    span = (hi - lo) or 1.0
    x0, x1 = lo - 0.02 * span if lo < 0 else 0, hi + 0.06 * span
    xaxis: dict[str, Any] = {"range": [x0, x1]}
    if unit in _COUNT_UNITS and hi - lo <= 12:
        xaxis["dtick"] = 1
    # every jurisdiction gets a full row, also where only a label ("not asked") stands in it
    yaxis = {
        "categoryorder": "array",
        "categoryarray": list(reversed(names)),
        "range": [-0.5, len(names) - 0.5],
        "tickmode": "array",
        "tickvals": names,
        "ticktext": labels,
    }
    return traces, xaxis, yaxis


@lru_cache(maxsize=16)
def _grid(rows: int, cols: int, titles: tuple[str, ...]) -> str:
    """The subplot grid's layout as JSON (make_subplots is slow; the grid rarely changes)."""
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=list(titles) or [""],
        horizontal_spacing=0.3,  # the row labels stand between
        vertical_spacing=min(0.5 / rows, 0.08),
    )
    return json.dumps(fig.to_plotly_json()["layout"])


def _axis_name(kind: str, idx: int) -> str:
    return f"{kind}axis" if idx == 1 else f"{kind}axis{idx}"


def gap_figure(
    assessment: Assessment, lang: str = "zh", columns: int = 2, *, validate: bool = True
) -> go.Figure:
    """Every numeric criterion as a small multiple: each jurisdiction's value against its threshold.

    Bars are the cluster's value as each jurisdiction reads it, coloured by that criterion's
    status there; the dark tick is that jurisdiction's threshold; hover text explains the gap.
    `validate=False` skips plotly's property checks (about 35 ms): the dashboard redraws on every
    slider move; the tests build the same figure validated, so a bad property is still caught.
    """
    crits = numeric_criteria(assessment)
    words = _WORDS[lang]
    n = max(len(crits), 1)
    cols = max(1, min(columns, n))
    rows = math.ceil(n / cols)
    layout: dict[str, Any] = json.loads(_grid(rows, cols, tuple(_title(c, lang) for _, c in crits)))
    traces: list[dict[str, Any]] = []
    for i, (cid, _) in enumerate(crits):
        # make_subplots numbers subplots row by row, from the top left
        panel, xaxis, yaxis = _panel(assessment, cid, lang, i + 1)
        traces += panel
        layout[_axis_name("x", i + 1)].update(xaxis)
        layout[_axis_name("y", i + 1)].update(yaxis)
    # legend: one entry per status and one for the threshold tick (dummy traces, no data)
    for status in STATUSES:
        traces.append(
            {
                "type": "bar",
                "x": [None],
                "y": [None],
                "marker": {"color": STATUS_COLOR[status]},
                "name": STATUS_LABEL[lang][status],
                "legendgroup": status,
                "showlegend": True,
                "hoverinfo": "skip",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "name": words["threshold"],
            "legendgroup": "threshold",
            "marker": {
                "symbol": "line-ns",
                "size": 18,
                "line": {"width": 4, "color": THRESHOLD_COLOR},
            },
            "hoverinfo": "skip",
            "showlegend": True,
        }
    )
    for key, axis in layout.items():
        if key.startswith("xaxis"):
            axis.update(
                {
                    "showgrid": True,
                    "gridcolor": GRID_COLOR,
                    "zeroline": True,
                    "zerolinecolor": ZERO_LINE_COLOR,
                    "tickfont": {"size": 13},
                }
            )
        elif key.startswith("yaxis"):
            axis.update({"tickfont": {"size": 13}, "automargin": True})
    for note in layout.get("annotations", []):
        note["font"] = {"size": 17, "family": FONT_FAMILY}
    layout.update(
        title={
            "text": words["title"],
            "font": {"size": 22},
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 14},
        },
        font={"family": FONT_FAMILY, "size": 15, "color": INK},
        height=_ROW_PX * rows + 110,
        barmode="overlay",
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin={"l": 10, "r": 20, "t": 100, "b": 30},
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "xanchor": "right",
            "x": 1,
            "font": {"size": 15},
        },
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}},
    )
    return go.Figure(data=traces, layout=layout, _validate=validate)


def criterion_figure(assessment: Assessment, cid: str, lang: str = "zh") -> go.Figure:
    """One numeric criterion alone: each jurisdiction's value against its threshold."""
    traces, xaxis, yaxis = _panel(assessment, cid, lang, 1)
    fig = go.Figure(data=traces, layout={"xaxis": xaxis, "yaxis": yaxis})
    first = next((c for r in assessment.results if (c := r.criterion(cid)) is not None), None)
    fig.update_layout(
        title={"text": _title(first, lang) if first else cid},
        font={"family": FONT_FAMILY, "size": 15},
        height=260,
        plot_bgcolor="white",
        margin={"l": 10, "r": 20, "t": 60, "b": 30},
        showlegend=False,
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}},
    )
    fig.update_xaxes(showgrid=True, gridcolor=GRID_COLOR)
    return fig
