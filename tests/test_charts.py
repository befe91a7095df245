"""Gap charts: every numeric criterion drawn, in the chosen language, colours from the status."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.present.charts import FONT_FAMILY, criterion_figure, gap_figure, numeric_criteria
from assessment.present.explain import STATUS_COLOR, STATUS_LABEL

DAY = dt.date(2025, 6, 1)
FIGURES = {
    "area_km2": 40,
    "output_by_year": {"2022": 28.4, "2023": 31.0, "2024": 35.2},
    "sme_output_share_pct": 61,
    "leading_industry_output_share_pct": 72,
    "sme_rd_growth_pct": 12,
    "invention_patent_growth_pct": 16,
    "invention_patents_per_10k_employees": 20,
    "industrial_internet_adoption_pct": 30,
    "innovation_platforms": 3,
    "standards_participated": 2,
    "little_giants": 2,
}


@pytest.fixture(scope="module")
def assessment():  # type: ignore[no-untyped-def]
    return evaluate(parse_indicators(FIGURES), on=DAY)


def _bars(fig: go.Figure) -> list[go.Bar]:
    return [t for t in fig.data if isinstance(t, go.Bar) and t.x and t.x[0] is not None]


def test_one_panel_per_numeric_criterion(assessment) -> None:  # type: ignore[no-untyped-def]
    fig = gap_figure(assessment, "zh")
    ids = [cid for cid, _ in numeric_criteria(assessment)]
    assert "sme_output_share" in ids and "enterprise_tiers" in ids
    assert "compliance" not in ids  # declarations are not charted
    titles = [a.text for a in fig.layout.annotations]
    assert len(titles) == len(ids)
    assert any("中小企业产值占比" in t and "%" in t for t in titles)


def test_bar_colour_is_the_criterion_status(assessment) -> None:  # type: ignore[no-untyped-def]
    fig = gap_figure(assessment, "zh")
    bars = _bars(fig)
    shanghai_scale = assessment.result("shanghai").criterion("output_scale")
    assert shanghai_scale.status == "red"
    colours = {
        b.marker.color for b in bars if "上海" in b.hovertext[0] and "产值规模" in b.hovertext[0]
    }
    assert colours == {STATUS_COLOR["red"]}


def _labels(fig: go.Figure) -> list[str]:
    """Every row label of every panel (the jurisdiction, then its value or why there is none)."""
    return [
        t
        for k, ax in fig.layout.to_plotly_json().items()
        if k.startswith("yaxis")
        for t in ax.get("ticktext", ())
    ]


def test_value_text_read_from_results(assessment) -> None:  # type: ignore[no-untyped-def]
    assert any(t.endswith("61.0% > 60%") for t in _labels(gap_figure(assessment, "zh")))


def test_no_threshold_line_can_cross_a_label(assessment) -> None:  # type: ignore[no-untyped-def]
    """Words sit in the axis margin only: no trace of the plot area carries text."""
    fig = gap_figure(assessment, "zh")
    assert all(not getattr(t, "text", None) for t in fig.data)
    assert all(t.mode != "text" for t in fig.data if isinstance(t, go.Scatter))


def test_english_labels_and_legend(assessment) -> None:  # type: ignore[no-untyped-def]
    fig = gap_figure(assessment, "en")
    legend = {t.name for t in fig.data if t.showlegend}
    assert set(STATUS_LABEL["en"].values()) <= legend
    assert "Threshold" in legend
    titles = " ".join(a.text for a in fig.layout.annotations)
    assert "SME share of output" in titles
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in titles.replace("km²", ""))


def test_cjk_font_and_not_asked_marked(assessment) -> None:  # type: ignore[no-untyped-def]
    fig = gap_figure(assessment, "zh")
    assert "Noto Sans CJK SC" in FONT_FAMILY
    assert fig.layout.font.family == FONT_FAMILY
    # innovation_platforms is asked only by Shanghai: the other two say so
    assert any("不要求" in t for t in _labels(fig))


def test_unknown_values_are_not_drawn_as_bars() -> None:
    a = evaluate(parse_indicators({}), on=DAY)
    fig = gap_figure(a, "en")
    assert _bars(fig) == []
    assert any("no data" in t for t in _labels(fig))


def test_single_criterion_figure(assessment) -> None:  # type: ignore[no-untyped-def]
    fig = criterion_figure(assessment, "sme_output_share", "en")
    assert "SME share" in fig.layout.title.text
    assert len(_bars(fig)) == 3


def test_unvalidated_figure_is_the_same_figure(assessment) -> None:  # type: ignore[no-untyped-def]
    checked = gap_figure(assessment, "zh").to_plotly_json()
    fast = gap_figure(assessment, "zh", validate=False).to_plotly_json()
    assert len(checked["data"]) == len(fast["data"])
    assert [t.get("text") for t in checked["data"]] == [t.get("text") for t in fast["data"]]
    assert checked["layout"]["height"] == fast["layout"]["height"]
