"""The one compact gap chart of the printed brief's first page: every figure as a share of its
threshold, one mark per jurisdiction, the threshold a single line at 100 %.

Like `charts`, it computes nothing legal: values, thresholds and statuses are the engine's. The
words of a row (the criterion) sit in the axis margin, so the threshold line crosses no label.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from assessment.engine.results import Assessment
from assessment.present.charts import FONT_FAMILY, numeric_criteria
from assessment.present.explain import criterion_name, value_vs_threshold
from assessment.present.rows import jurisdiction_name, status_text
from assessment.present.vocabulary import GRID_COLOR, INK, STATUS_COLOR, THRESHOLD_COLOR

__all__ = ["compact_gap_figure", "ratio_rows"]

SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "star")  # one per jurisdiction
LOW, HIGH = -50.0, 250.0  # the axis in % of the threshold; marks beyond it sit at its edge
ROW_PX = 13
_AXIS = {
    "zh": "数值 ÷ 门槛（%），竖线为门槛",
    "en": "Value as % of the threshold (line: threshold)",
}


def ratio_rows(a: Assessment) -> list[tuple[str, list[tuple[int, float, str] | None]]]:
    """(criterion id, per jurisdiction (index, value as % of threshold, status) or None) for every
    numeric criterion with a value and a non-zero threshold, in the matrix order."""
    rows = []
    for cid, _ in numeric_criteria(a):
        cells: list[tuple[int, float, str] | None] = []
        for j, r in enumerate(a.results):
            c = r.criterion(cid)
            ok = (
                c is not None
                and isinstance(c.value, (int, float))
                and not isinstance(c.value, bool)
            )
            if not ok or isinstance(c.threshold, bool) or float(c.threshold) == 0:  # type: ignore[union-attr]
                cells.append(None)
                continue
            assert c is not None
            cells.append((j, 100.0 * float(c.value) / float(c.threshold), c.status))  # type: ignore[arg-type]
        if any(cells):
            rows.append((cid, cells))
    return rows


def compact_gap_figure(a: Assessment, lang: str = "zh", width: int = 700) -> go.Figure:
    """One panel: a row per numeric criterion, a mark per jurisdiction coloured by status."""
    rows = ratio_rows(a)
    n = len(a.results)
    names = dict(numeric_criteria(a))
    traces: list[dict[str, Any]] = []
    for j, r in enumerate(a.results):
        xs, ys, colours, hovers = [], [], [], []
        for i, (cid, cells) in enumerate(rows):
            cell = cells[j]
            if cell is None:
                continue
            _, pct, status = cell
            c = r.criterion(cid)
            assert c is not None
            xs.append(min(max(pct, LOW), HIGH))
            ys.append(i + (j - (n - 1) / 2) * 0.2)
            colours.append(STATUS_COLOR[status])
            hovers.append(
                f"{jurisdiction_name(r, lang)} · {criterion_name(c, lang)}<br>"
                f"{value_vs_threshold(c, lang)} · {status_text(status, lang)}"
            )
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": xs,
                "y": ys,
                "name": jurisdiction_name(r, lang),
                "marker": {
                    "symbol": SYMBOLS[j % len(SYMBOLS)],
                    "size": 8,
                    "color": colours,
                    "line": {"width": 0.5, "color": INK},
                },
                "hovertext": hovers,
                "hoverinfo": "text",
                "showlegend": False,
            }
        )
        traces.append(  # the legend names the jurisdiction by its mark, in a neutral colour
            {
                "type": "scatter",
                "mode": "markers",
                "x": [None],
                "y": [None],
                "name": jurisdiction_name(r, lang),
                "marker": {
                    "symbol": SYMBOLS[j % len(SYMBOLS)],
                    "size": 8,
                    "color": THRESHOLD_COLOR,
                },
                "hoverinfo": "skip",
            }
        )
    labels = [criterion_name(names[cid], lang) for cid, _ in rows]
    layout: dict[str, Any] = {
        "width": width,
        "height": 50 + ROW_PX * max(len(rows), 1),
        "autosize": False,
        "font": {"family": FONT_FAMILY, "size": 10, "color": INK},
        "margin": {"l": 10, "r": 10, "t": 24, "b": 22},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": {
            "range": [LOW - 5, HIGH + 5],
            "gridcolor": GRID_COLOR,
            "zeroline": False,
            "ticksuffix": "%",
        },
        "yaxis": {
            "tickmode": "array",
            "tickvals": list(range(len(rows))),
            "ticktext": labels,
            "range": [len(rows) - 0.5, -0.5],
            "automargin": True,
            "showgrid": False,
        },
        "shapes": [
            {
                "type": "line",
                "x0": 100,
                "x1": 100,
                "yref": "paper",
                "y0": 0,
                "y1": 1,
                "line": {"color": THRESHOLD_COLOR, "width": 2},
            }
        ],
        "legend": {
            "orientation": "h",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "x": 1,
            "xanchor": "right",
            "font": {"size": 10},
            "itemsizing": "constant",
        },
    }
    return go.Figure(data=traces, layout=layout)
