"""The briefing page in a real Chromium: verdicts visible, chart drawn, nothing fetched, prints A4."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

# tests/browser/ has no __init__.py of its own (yet): make the project importable either way
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assessment.engine.evaluate import evaluate  # noqa: E402 (sys.path above)
from assessment.engine.indicators import parse_indicators  # noqa: E402 (sys.path above)
from assessment.exports.briefing import briefing_html  # noqa: E402 (sys.path above)
from assessment.present.explain import VERDICT_LABEL  # noqa: E402 (sys.path above)
from tests.browser_support import artifact, launch, requires_chromium  # noqa: E402 (sys.path above)
from tests.test_batch import CLUSTERS  # noqa: E402 (sys.path above)

pytestmark = [pytest.mark.browser, requires_chromium]
sync_api = pytest.importorskip("playwright.sync_api")

ON = dt.date(2025, 6, 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_briefing_renders_offline(lang: str, tmp_path: Path) -> None:
    ind = parse_indicators({**CLUSTERS[0], "cluster_name": "<script>alert(1)</script> 甲集群"})
    a = evaluate(ind, on=ON)
    page_file = tmp_path / f"briefing_{lang}.html"
    page_file.write_text(briefing_html(a, ind, lang), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport={"width": 900, "height": 1200})
            fetched: list[str] = []
            page.on("request", lambda r: fetched.append(r.url))
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(page_file.as_uri())
            page.wait_for_selector("#gap-chart .main-svg", timeout=20_000)
            # nothing but the file itself was requested, and the injected script never ran
            assert [u for u in fetched if not u.startswith(("file:", "data:", "blob:"))] == []
            assert dialogs == []
            assert "<script>alert(1)</script> 甲集群" in page.inner_text(".cluster-name")
            for r in a.results:
                card = page.locator(f'.verdict[data-jurisdiction="{r.jurisdiction}"]')
                assert card.is_visible()
                assert VERDICT_LABEL[lang][r.verdict] in card.inner_text()
            # the chart drew a bar for every jurisdiction's value and the page fits its width
            assert page.locator("#gap-chart g.point").count() >= 3
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 900
            page.screenshot(path=str(artifact(f"briefing_{lang}.png")), full_page=True)
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4", print_background=True)
            assert pdf.startswith(b"%PDF")
            artifact(f"briefing_{lang}.pdf").write_bytes(pdf)
        finally:
            browser.close()
