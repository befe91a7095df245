"""The briefing page: self-contained (no external resource), escaped, every verdict shown."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.exports.briefing import briefing_html
from assessment.present.explain import VERDICT_LABEL
from tests.test_batch import CLUSTERS

ON = dt.date(2025, 6, 1)
EVIL = "<script>alert(1)</script>"

# anything that would make a browser fetch from elsewhere
EXTERNAL = [
    r"<script[^>]*\bsrc\s*=",
    r"<link[^>]*\bhref\s*=",
    r"<(?:img|iframe|source|video|audio|embed|object)[^>]*\b(?:src|data)\s*=\s*[\"']?(?:https?:)?//",
    r"@import",
    r"url\(\s*[\"']?\s*(?:https?:)?//",
    r"@font-face",
]


@pytest.fixture(scope="module", params=["zh", "en"])
def page(request: pytest.FixtureRequest) -> tuple[str, str]:
    ind = parse_indicators({**CLUSTERS[0], "cluster_name": EVIL + " 甲"})
    return request.param, briefing_html(evaluate(ind, on=ON), ind, request.param)


def test_no_external_resource(page: tuple[str, str]) -> None:
    _, html = page
    for pattern in EXTERNAL:
        assert not re.search(pattern, html, flags=re.IGNORECASE), pattern
    # outside the plotly.js bundle (URL strings in its code are never fetched) there is no URL
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.DOTALL)
    bundle = max(scripts, key=len)
    assert len(bundle) > 1_000_000  # plotly.js, inline
    ours = html.replace(bundle, "")
    assert "http://" not in ours
    assert "https://" not in ours


def test_user_text_is_escaped(page: tuple[str, str]) -> None:
    _, html = page
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 甲" in html


def test_contents(page: tuple[str, str]) -> None:
    lang, html = page
    for verdict in ("not_eligible",):
        assert VERDICT_LABEL[lang][verdict] in html
    assert html.count('class="verdict"') == 3
    assert "2025-06-01" in html
    assert "2024-12-30" in html  # Guangzhou's policy version
    assert 'id="gap-chart"' in html
    assert 'id="brief-chart"' in html  # page 1's one compact chart
    assert html.count("Plotly.newPlot") == 2  # that one and the appendix's gap charts
    assert html.count("plotly.js v") == 1  # the library embedded once
    assert "@page { size: A4" in html
    assert "print-color-adjust: exact" in html
    assert ('lang="zh-CN"' if lang == "zh" else 'lang="en"') in html
    assert ("还需做到" if lang == "zh" else "What it would take") in html
    assert (
        "中小企业研发经费年均增长还差 2 个百分点"
        if lang == "zh"
        else "SME R&amp;D spending, average annual growth: 2 percentage points short"
    ) in html


def test_every_verdict_label_appears() -> None:
    for c in CLUSTERS:
        ind = parse_indicators(c)
        a = evaluate(ind, on=ON)
        html = briefing_html(a, ind, "zh")
        for r in a.results:
            assert f'data-jurisdiction="{r.jurisdiction}" data-verdict="{r.verdict}"' in html
            assert VERDICT_LABEL["zh"][r.verdict] in html


def test_readings_of_ambiguous_wording_are_shown() -> None:
    ind = parse_indicators({"area_km2": 50.0})
    html = briefing_html(evaluate(ind), ind, "zh")
    assert 'class="readings"' in html and "无“一般”二字" in html
