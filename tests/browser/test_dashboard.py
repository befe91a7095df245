"""The dashboard in a real Chromium: upload a GBK member file, read the cards and the matrix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from assessment.present.i18n import t
from assessment.present.inputs import fig_key
from assessment.present.vocabulary import STATUS_TINT
from tests.browser_support import (
    MATRIX,
    artifact,
    free_port,
    launch,
    open_figures,
    requires_chromium,
    server_flags,
    stop,
)

pytestmark = [pytest.mark.browser, requires_chromium]

ROOT = Path(__file__).resolve().parents[2]
GBK_MEMBERS = ROOT / "sample_data" / "songhe-fasteners" / "members.csv"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`streamlit run` on a free local port; always terminated, whatever the test does."""
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py")]
    cmd += server_flags(port)
    log = log_path.open("wb")
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = log_path.read_text(errors="replace")
                    pytest.fail(f"streamlit did not start:\n{out[-2000:]}")
                time.sleep(0.2)
        yield url
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with sync_playwright() as pw:
        b = launch(pw)
        try:
            yield b
        finally:
            b.close()


def _page(browser, url: str):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    page.set_default_timeout(20000)
    page.goto(url)
    page.get_by_text("认定结论" if "lang=en" not in url else "Verdicts").first.wait_for()
    return page


def matrix_cell(page, criterion: str, column: int):  # type: ignore[no-untyped-def]
    """The matrix's cell of a criterion (its row header, exactly) under the column-th
    jurisdiction. Playwright's locators reach into the matrix's shadow root."""
    row = page.locator(f"{MATRIX} tbody tr").filter(
        has=page.get_by_role("rowheader", name=criterion, exact=True)
    )
    return row.locator("td.cell").nth(column)


def rgb(hex_colour: str) -> str:
    """'#fde2e1' as the browser's computed style writes it: 'rgb(253, 226, 225)'."""
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


# The details' columns (dashboard/board), their text
DETAILS = """(lang) =>
  [...document.querySelectorAll(`.bd-details_${lang} section`)].map((s) => s.innerText)"""


def details_columns(page, lang: str = "zh") -> list[str]:  # type: ignore[no-untyped-def]
    """The cell details' columns (one per jurisdiction shown), their text."""
    page.locator(f".bd-details_{lang} section").first.wait_for()
    return page.locator(f".bd-details_{lang} section").all_inner_texts()


def wait_details(page, test: str, lang: str = "zh") -> None:  # type: ignore[no-untyped-def]
    """Wait until the details' columns' texts (`shown`, a list) pass `test` (JavaScript)."""
    page.wait_for_function(
        f"(lang) => {{ const shown = ({DETAILS})(lang); return {test}; }}", arg=lang
    )


def _full_screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The whole page: Streamlit scrolls inside its own container, so grow the viewport."""
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('section, [data-testid=stMain]')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": 1600, "height": min(int(height) + 40, 9000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifact(name)), full_page=True)


def test_gbk_member_upload_shows_cards_and_matrix(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser, server)
    try:
        page.get_by_text("上传成员企业数据").click()
        page.get_by_text("每行一家企业").wait_for()
        page.locator("[data-testid=stSidebar] input[type=file]").set_input_files(str(GBK_MEMBERS))
        page.get_by_text("已读取").wait_for()
        main = page.locator("[data-testid=stMain]")
        # songhe: SME share exactly 60 %: Guangzhou's strict 'above 60 %' fails, and says why
        main.get_by_text("中小企业产值占比恰好等于 60%").first.wait_for()
        cards = main.locator("h2")
        headlines = [h for h in cards.all_inner_texts() if h.strip()]
        verdict_words = {"符合认定条件", "不符合", "信息不全"}
        assert sum(1 for h in headlines if h.strip() in verdict_words) == 3, headlines
        for name in ("广州", "上海", "海南"):
            assert main.get_by_text(name, exact=True).first.is_visible()
        # the matrix: Guangzhou's SME share cell, exactly 60 % against 'above 60 %', in red
        cell = matrix_cell(page, "中小企业产值占比", 0)
        assert cell.inner_text().strip() == "✘ 60.0% = 60%"
        tint = cell.evaluate("e => getComputedStyle(e).backgroundColor")
        assert tint == rgb(STATUS_TINT["red"])
        assert page.locator(f"{MATRIX} thead th").all_inner_texts()[2:] == [
            "广州",
            "上海",
            "海南",
        ]
        _full_screenshot(page, "dashboard-upload-zh.png")
    finally:
        page.close()


def test_english_sample_view(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    page.set_default_timeout(20000)
    outside: list[str] = []  # member data must not leave the machine: nothing is fetched
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith((server, "data:", "blob:")) else None
        ),
    )
    page.goto(f"{server}/?lang=en&sample=yunxi-sensors")
    page.get_by_text("Verdicts").first.wait_for()
    try:
        main = page.locator("[data-testid=stMain]")
        page.get_by_text("Criterion by criterion").wait_for()
        for name in ("Guangzhou", "Shanghai", "Hainan"):
            assert main.get_by_text(name, exact=True).first.is_visible()
        assert page.locator(".js-plotly-plot").count() == 0  # charts draw only when asked for
        page.get_by_role("tab", name="Gap charts").click()
        page.locator(".js-plotly-plot").first.wait_for()
        assert outside == []
        _full_screenshot(page, "dashboard-sample-en.png")
    finally:
        page.close()


def test_clicking_a_matrix_cell_shows_its_clause_and_quote(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser, f"{server}/?sample=songhe-fasteners")
    try:
        main = page.locator("[data-testid=stMain]")
        assert len(details_columns(page)) == 3  # before a click: the picker's, all three
        cell = matrix_cell(page, "中小企业产值占比", 0)  # 广州's
        cell.click()
        # songhe's SME share is exactly 60 %: Guangzhou's 3.2.2 asks for more than 60 %
        main.get_by_text("中小企业产值占比 · 条款 3.2.2").wait_for()
        assert main.get_by_text("中小企业产值占集群总产值高于60%").first.is_visible()
        status = main.locator(".bd-details_zh p", has_text="状态")
        assert "60.0% = 60%" in status.first.inner_text()
        wait_details(page, "shown.length === 1")  # the run is over: one jurisdiction's details
        assert details_columns(page)[0].startswith("广州")
        # the picker follows the click, and the clicked cell is marked
        picker = page.locator(".st-key-details_pick_zh input[role=combobox]")
        assert picker.input_value().endswith("中小企业产值占比")
        assert matrix_cell(page, "中小企业产值占比", 0).get_attribute("aria-selected") == "true"
        page.screenshot(path=str(artifact("dashboard-cell-detail-zh.png")), full_page=True)
    finally:
        page.close()


def test_keyboard_opens_a_cell_s_details(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """The cells are one tab stop: arrows move between them, Enter or Space opens one."""
    page = _page(browser, f"{server}/?sample=songhe-fasteners")
    try:
        matrix_cell(page, "中小企业产值占比", 2).focus()  # 海南's
        page.keyboard.press("Enter")
        wait_details(page, "shown.length === 1")
        page.get_by_text("海南", exact=True).first.wait_for()
        shown = details_columns(page)
        assert len(shown) == 1 and shown[0].startswith("海南"), shown
        assert "中小企业产值占比" in shown[0]
        # the focus stays on the cell through the rerun: one step left is 上海's, Space opens it
        page.keyboard.press("ArrowLeft")
        # one tab stop, the focused cell (上海's), though 海南's was focused by a script
        stops = page.locator(f'{MATRIX} td.cell[tabindex="0"]')
        assert stops.count() == 1
        shanghai = matrix_cell(page, "中小企业产值占比", 1)
        assert shanghai.get_attribute("tabindex") == "0"
        assert shanghai.evaluate("td => td.getRootNode().activeElement === td")
        page.keyboard.press(" ")
        wait_details(page, "shown.join('|').startsWith('上海')")
        shown = details_columns(page)
        assert len(shown) == 1 and "中小企业产值占比" in shown[0], shown
        # a pick in the picker shows every jurisdiction again
        page.locator(".st-key-details_pick_zh input[role=combobox]").click()
        page.get_by_role("option").filter(has_text="主导产业产值占比").first.click()
        wait_details(page, "shown.length === 3")
        assert all("主导产业产值占比" in c for c in details_columns(page))
    finally:
        page.close()


def test_batch_tab_judges_good_rows_and_lists_the_bad_one(
    server: str, browser, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.test_app_exports import batch_csv, sample_clusters  # noqa: PLC0415 (one helper)

    clusters = sample_clusters()
    bad = ["坏行集群", "一百"]  # name, then area: not a number
    path = tmp_path / "clusters.csv"
    path.write_bytes(batch_csv(clusters, extra=(bad,)))
    page = _page(browser, f"{server}/?lang=en")
    try:
        page.get_by_role("tab", name="Batch screening").click()
        page.locator("[data-testid=stMain] input[type=file]").first.set_input_files(str(path))
        main = page.locator("[data-testid=stMain]")
        main.get_by_text(f"Showing {len(clusters)} of {len(clusters)} clusters").wait_for()
        assert main.get_by_text("1 problem(s)").first.is_visible()
        _full_screenshot(page, "dashboard-batch-en.png")
    finally:
        page.close()


def test_a_moved_figure_is_in_the_export_built_after_it(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """The export buttons sit outside the results' fragment, so a move does not redraw them:
    they stay on the page, and the file one builds at the click holds the moved figure."""
    page = _page(browser, server)
    try:
        open_figures(page)
        box = page.locator(f".st-key-{fig_key('sme_output_share_pct')} input")
        box.fill("61.5")
        box.press("Enter")
        expect(matrix_cell(page, "中小企业产值占比", 0)).to_contain_text("61.5%")  # moved
        button = page.get_by_role("button", name=t("download_json", "zh"))
        assert button.is_visible()
        with page.expect_download() as caught:
            button.click()
        scenario = json.loads(Path(caught.value.path()).read_text(encoding="utf-8"))
        assert scenario["sme_output_share_pct"] == 61.5
    finally:
        page.close()


def test_an_open_reading_fold_stays_open_when_a_move_changes_its_card(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    """A card is one Markdown element of HTML redrawn at every move; the browser keeps its
    `<details>` element, so a reading the user opened stays open while the counts change."""
    page = _page(browser, server)
    try:
        card = page.locator(".card_shanghai").first
        fold = card.locator("details").first
        fold.locator("summary").click()
        expect(fold).to_have_attribute("open", "")
        before = card.inner_text()
        open_figures(page)
        box = page.locator(f".st-key-{fig_key('sme_output_share_pct')} input")
        box.fill("10")  # below every jurisdiction's line: each card's counts change
        box.press("Enter")
        expect(matrix_cell(page, "中小企业产值占比", 1)).to_contain_text("10.0%")
        expect(card).not_to_have_text(before)
        expect(card.locator("details").first).to_have_attribute("open", "")
    finally:
        page.close()
