"""The page as the projector, a laptop and a phone show it: screenshots and what must be in view.

Screenshots are written to tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import pytest

from dashboard.matrix import MATRIX_ROWS_SHOWN
from dashboard.results import MATRIX_WIDTHS
from tests.browser.test_dashboard import browser, server  # noqa: F401 (fixtures)
from tests.browser_support import FIRST_FIGURES, MATRIX, artifact, open_figures, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]

VIEWPORTS = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "390x844": (390, 844)}
SAMPLE = "songhe-fasteners"  # fails Guangzhou on SME share: red and grey rows to show
CARDS = ("guangzhou", "shanghai", "hainan")
WORDS = {
    "zh": {"verdicts": "认定结论", "present": "演示模式", "failing": "未达标与未知的条件"},
    "en": {"verdicts": "Verdicts", "present": "Presentation mode", "failing": ""},
}


def _open(browser, server: str, lang: str, size: tuple[int, int]):  # type: ignore[no-untyped-def]  # noqa: F811
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.set_default_timeout(30000)
    page.goto(f"{server}/?lang={lang}&sample={SAMPLE}")
    page.locator(".card_hainan").wait_for()
    page.locator(f".st-key-{FIRST_FIGURES}").wait_for(state="attached")  # the sidebar is drawn
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")
    page.locator(f"{MATRIX} td.cell").first.wait_for(state="attached")
    page.wait_for_timeout(600)  # fonts settle
    return page


def _in_view(page, selector: str, size: tuple[int, int]) -> bool:  # type: ignore[no-untyped-def]
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= size[1] + 0.5


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screens_in_three_sizes(server: str, browser, lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for name, size in VIEWPORTS.items():
        page = _open(browser, server, lang, size)
        try:
            page.screenshot(path=str(artifact(f"page-{lang}-{name}.png")))
            if name == "390x844":  # a phone: one list per jurisdiction, not the wide grid
                lists = page.locator(f"{MATRIX} .mx-lists")
                lists.locator("li").first.wait_for()
                assert lists.is_visible()
                assert not page.locator(f"{MATRIX} .mx-box").is_visible()
                first = lists.locator("li").first
                text = first.inner_text()
                assert "%" in text or "≥" in text or "—" in text or "是" in text or "yes" in text
                lists.locator("summary").first.scroll_into_view_if_needed()
                page.screenshot(path=str(artifact(f"page-{lang}-{name}-list.png")))
            else:  # the three columns of the matrix fit beside the sidebar, unscrolled
                scroller = page.locator(f"{MATRIX} .mx-box").bounding_box()
                table = page.locator(f"{MATRIX} table").bounding_box()
                assert scroller is not None and table is not None
                assert scroller["x"] + scroller["width"] <= size[0]
                wanted = sum(MATRIX_WIDTHS[lang][:2]) + 3 * MATRIX_WIDTHS[lang][2]
                assert abs(table["width"] - wanted) < 1 and table["width"] <= scroller["width"]
        finally:
            page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_mode_puts_the_verdicts_first(server: str, browser, lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    for name in ("1280x720", "1920x1080"):
        size = VIEWPORTS[name]
        page = _open(browser, server, lang, size)
        try:
            page.get_by_text(WORDS[lang]["present"], exact=True).click()
            page.locator("[data-testid=stSidebar]").wait_for(state="hidden")
            page.wait_for_timeout(1000)
            page.wait_for_function(
                "document.querySelectorAll('[data-testid=stSkeleton]').length === 0"
            )
            for j in CARDS:
                assert _in_view(page, f".card_{j}", size), (name, j)
            page.screenshot(path=str(artifact(f"present-{lang}-{name}.png")))
        finally:
            page.close()


def test_matrix_header_stays_while_it_scrolls(server: str, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    size = VIEWPORTS["1280x720"]
    page = _open(browser, server, "zh", size)
    try:
        scroller = page.locator(f"{MATRIX} .mx-box")
        scroller.scroll_into_view_if_needed()
        box = scroller.bounding_box()
        head = page.locator(f"{MATRIX} thead th").nth(2).bounding_box()
        assert box is not None and head is not None
        assert box["height"] < size[1]  # the matrix scrolls inside itself, not the page
        rows = page.locator(f"{MATRIX} tbody tr").count()
        assert rows > MATRIX_ROWS_SHOWN
        # the names row, left of the matrix's own scrollbar (whose thumb moves as it scrolls)
        header = {"x": box["x"] + 1, "y": head["y"] + 1, "width": box["width"] - 20, "height": 24}
        body = {"x": box["x"], "y": head["y"] + head["height"] + 2, "width": box["width"]}
        body["height"] = 200
        head_before = page.screenshot(clip=header, path=str(artifact("matrix-head-before.png")))
        body_before = page.screenshot(clip=body)
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(600)
        assert scroller.evaluate("e => e.scrollTop") > 0  # the wheel scrolled the matrix
        after = scroller.bounding_box()
        head_after_box = page.locator(f"{MATRIX} thead th").nth(2).bounding_box()
        assert after is not None and abs(after["y"] - box["y"]) < 1  # the page did not scroll
        assert head_after_box is not None and abs(head_after_box["y"] - head["y"]) < 1
        assert page.screenshot(clip=body) != body_before  # other rows are in view
        head_after = page.screenshot(clip=header, path=str(artifact("matrix-head-after.png")))
        assert head_after == head_before  # the names row did not move
        page.screenshot(path=str(artifact("matrix-scrolled-zh-1280x720.png")))
    finally:
        page.close()


def test_language_switch_keeps_the_chosen_sample(server: str, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = _open(browser, server, "zh", VIEWPORTS["1280x720"])
    try:
        page.get_by_text("English", exact=True).click()
        page.get_by_role("tab", name="Batch screening").wait_for()
        page.get_by_role("tab", name="Batch screening").click()  # a rerun after the switch
        page.get_by_role("tab", name="Assessment").click()
        page.locator(".card_hainan").wait_for()
        heading = page.get_by_text("Songhe District hardware and fastener cluster (fictional)")
        heading.first.wait_for()
        assert "sample=songhe-fasteners" in page.url
        picked = page.locator("[data-testid=stSidebar] [data-testid=stRadio]").nth(1)
        assert picked.locator("input[type=radio]").first.is_checked()  # still a sample
    finally:
        page.close()


def test_keyboard_on_a_slider_and_a_reload_keep_the_scenario(server: str, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = _open(browser, server, "zh", VIEWPORTS["1280x720"])
    try:
        open_figures(page)
        box = page.locator(".st-key-fig_sme_output_share_pct input")
        assert box.input_value() == "60.00"
        page.locator(".st-key-sl_fig_sme_output_share_pct input[type=range]").focus()
        page.keyboard.press("ArrowRight")  # one step: 60.0 -> 60.1, above 广州's '>60%'
        page.wait_for_url("**s=1*")
        page.wait_for_function(
            "document.querySelector('.st-key-fig_sme_output_share_pct input')?.value === '60.10'"
        )
        link = page.url
        page.goto(link)  # a reload, or the link opened elsewhere
        page.locator(".card_hainan").wait_for()
        open_figures(page)  # a new session: the groups start closed again
        page.wait_for_function(
            "document.querySelector('.st-key-fig_sme_output_share_pct input')?.value === '60.10'"
        )
        assert "符合认定条件" in page.locator(".card_guangzhou h2").inner_text()
    finally:
        page.close()


def test_an_answer_in_a_closed_group_reruns_the_results_and_the_link(server: str, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """A declaration's group draws its radios once opened; an answer reruns only the results
    (the radio itself is not sent again), and the change list and the link follow it."""
    page = _open(browser, server, "zh", VIEWPORTS["1280x720"])
    try:
        group = page.locator(".st-key-grp_decl_0")
        assert group.locator("[data-testid=stRadio]").count() == 0  # closed: nothing drawn
        group.locator("summary").click()
        first = group.locator("[data-testid=stRadio]").first
        first.wait_for()
        before = page.url
        first.get_by_text("否", exact=True).click()
        page.wait_for_url(lambda u: u != before and "s=1" in u)
        page.get_by_text("与示例数据相比的改动（1）").wait_for()
        assert first.locator("input[type=radio]").nth(1).is_checked()  # the answer stays shown
        page.goto(page.url)  # the link reopens the answer
        page.locator(".card_hainan").wait_for()
        page.get_by_text("与示例数据相比的改动（1）").wait_for()
    finally:
        page.close()
