"""The printed briefing (Chromium `page.pdf`, A4): page 1 is the whole brief, the appendix page 2.

Page 1 must hold the cluster, the date, every verdict, the criteria that fail or are unknown, the
first shortfalls and the compact chart; the appendix (the full matrix) must start on page 2. The
text of each printed page is read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assessment.engine.evaluate import evaluate  # noqa: E402 (sys.path above)
from assessment.engine.indicators import Indicators, parse_indicators  # noqa: E402
from assessment.engine.results import Assessment  # noqa: E402
from assessment.exports.briefing import briefing_html  # noqa: E402
from assessment.present.rows import shortfall_list, verdict_rows  # noqa: E402
from tests.browser_support import artifact, launch, requires_chromium  # noqa: E402
from tests.test_batch import CLUSTERS  # noqa: E402

pytestmark = [pytest.mark.browser, requires_chromium]
sync_api = pytest.importorskip("playwright.sync_api")
pypdf = pytest.importorskip("pypdf")

ON = dt.date(2025, 6, 1)
APPENDIX = {"zh": "附录 · 逐项对照", "en": "Appendix · Criterion by criterion"}
OPEN = {"zh": "未达标或尚未知的条件", "en": "Criteria not met or not yet known"}
TOP = {"zh": "还需做到", "en": "What it would take"}
COMPACT = {
    "zh": "各项数值与门槛之比（数值 ÷ 门槛，竖线为门槛 100%）",
    "en": "Each figure as a share of its threshold (the line: 100 %, the threshold)",
}


# CJK Radicals Supplement characters that PDF text extraction returns for common characters
_RADICALS = str.maketrans(
    "⻔⻅⻚⻓⻋⻄⻬⻢⻛⻝⻜⻘⻥⻦⻨⻩⻮⻰⻳⻆⻉", "门见页长车西齐马风食飞青鱼鸟麦黄齿龙龟角贝"
)


def _squash(text: str) -> str:
    """Page text without whitespace, NFKC-normalised: PDF extraction breaks lines where it likes
    and may return a CJK character as its Kangxi radical (⼴ for 广)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_RADICALS))


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """One Chromium for every print of this module."""
    with sync_api.sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()


def _print(browser, html: str, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Print `html` on A4 in Chromium; the text of each page, whitespace removed."""
    page_file = artifact(f"{name}.html")
    page_file.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 900, "height": 1200})
    try:
        page.goto(page_file.as_uri())
        page.wait_for_selector("#brief-chart .main-svg", timeout=20_000)
        page.wait_for_selector("#gap-chart .main-svg", timeout=20_000)
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    artifact(f"{name}.pdf").write_bytes(pdf)
    return [_squash(pg.extract_text() or "") for pg in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _check(browser, a: Assessment, ind: Indicators, lang: str, name: str) -> None:  # type: ignore[no-untyped-def]
    pages = _print(browser, briefing_html(a, ind, lang), name)
    first, second = pages[0], pages[1]
    assert _squash(ind.cluster_name or "") in first
    assert "2025-06-01" in first
    for v in verdict_rows(a, lang, ind):
        assert _squash(v.name) in first and _squash(v.verdict_label) in first
        assert _squash(v.counts_text) in first  # the counts of the cards, on page 1
    for heading in (OPEN, TOP, COMPACT):
        assert _squash(heading[lang]) in first
    for r in a.results:  # the first shortfall of every jurisdiction is on page 1
        items = shortfall_list(r, lang).items
        if items:
            assert _squash(items[0].text) in first, (r.jurisdiction, items[0].text)
    assert _squash(APPENDIX[lang]) not in first
    assert second.startswith(_squash(APPENDIX[lang]))  # the appendix opens page 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_failing_cluster_prints_one_page_then_the_appendix(browser, lang: str) -> None:  # type: ignore[no-untyped-def]
    ind = parse_indicators(CLUSTERS[0])
    _check(browser, evaluate(ind, on=ON), ind, lang, f"brief_failing_{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_cluster_with_almost_nothing_known_still_fits_page_one(browser, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The longest page 1: every criterion unknown in every jurisdiction; lists are trimmed."""
    ind = parse_indicators({"cluster_name": "空白集群 / a blank cluster", "area_km2": 120})
    a = evaluate(ind, on=ON)
    assert all(len(shortfall_list(r, lang, limit=None).items) > 20 for r in a.results)
    _check(browser, a, ind, lang, f"brief_blank_{lang}")


def test_four_jurisdictions_still_fit_page_one(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A fourth (fictional) policy file: four cards and four columns on page 1, nothing pushed off."""
    import shutil  # noqa: PLC0415

    from assessment.engine.policy import load_policies  # noqa: PLC0415

    for f in (ROOT / "policies").glob("*.toml"):
        shutil.copy(f, tmp_path)
    shutil.copy(ROOT / "tests" / "fixtures" / "fourth" / "lanting.toml", tmp_path)
    ind = parse_indicators({**CLUSTERS[0], "area_km2": 90.0})
    a = evaluate(ind, load_policies(tmp_path), ON)
    assert len(a.results) == 4
    _check(browser, a, ind, "en", "brief_four_en")
