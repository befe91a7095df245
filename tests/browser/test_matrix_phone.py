"""The matrix component on a phone and on a desktop: one list per jurisdiction at 390 px and no
table; the table at 1440 px and no list (not even built). Chinese and English.

Screenshots of the matrix area are written to tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import pytest

from assessment.present.vocabulary import INK, STATUS_TINT
from tests.browser.test_dashboard import browser, rgb, server  # noqa: F401 (fixtures)
from tests.browser_support import MATRIX, artifact, open_figures, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]

PHONE, DESKTOP = (390, 844), (1440, 900)
SAMPLE = "songhe-fasteners"  # SME share exactly 60 %: Guangzhou fails it (and so is not eligible)
SUMMARIES = {
    "zh": ["广州 · 不符合", "上海 · ", "海南 · "],
    "en": ["Guangzhou · Not eligible", "Shanghai · ", "Hainan · "],
}
SME_LINE = {  # Guangzhou's line of the SME share: mark and name in bold, its value below
    "zh": ("✘ 中小企业产值占比", "60.0%"),
    "en": ("✘ SME share of output", "60.0%"),
}
LISTS, TABLE = f"{MATRIX} .mx-lists", f"{MATRIX} .mx-box"


def _open(browser, server: str, lang: str, size: tuple[int, int]):  # type: ignore[no-untyped-def]  # noqa: F811
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.set_default_timeout(30000)
    page.goto(f"{server}/?lang={lang}&sample={SAMPLE}")
    page.locator(f"{MATRIX} td.cell").first.wait_for(state="attached")
    page.wait_for_function("document.querySelectorAll('[data-testid=stSkeleton]').length === 0")
    page.wait_for_timeout(600)  # fonts settle
    return page


def _check_lists(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    lists = page.locator(LISTS)
    lists.locator("summary").first.wait_for()
    assert lists.is_visible()
    summaries = lists.locator("summary").all_inner_texts()
    assert len(summaries) == 3
    for got, want in zip(summaries, SUMMARIES[lang], strict=True):
        assert got.startswith(want) and got.split(" · ")[1].strip(), (got, want)  # its verdict
    guangzhou = lists.locator("details").first
    line = guangzhou.locator("li").filter(has=page.locator("b", has_text=SME_LINE[lang][0]))
    assert line.count() == 1
    assert SME_LINE[lang][1] in line.inner_text()
    style = line.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]")
    assert style == [rgb(STATUS_TINT["red"]), rgb(INK)]  # the table's tint for a failed criterion
    # the table is drawn but hidden: no cell of it is visible
    assert not page.locator(TABLE).is_visible()
    assert not page.locator(f"{MATRIX} td.cell").first.is_visible()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_phone_shows_the_lists_and_no_table(server: str, browser, lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = _open(browser, server, lang, PHONE)
    try:
        _check_lists(page, lang)
        page.locator(f"{LISTS} summary").first.evaluate("e => e.scrollIntoView({block: 'center'})")
        page.screenshot(path=str(artifact(f"matrix-phone-{lang}-390x844.png")))
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_desktop_shows_the_table_and_builds_no_list(server: str, browser, lang: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = _open(browser, server, lang, DESKTOP)
    try:
        assert page.locator(TABLE).is_visible()
        assert page.locator(f"{MATRIX} td.cell").first.is_visible()
        assert not page.locator(LISTS).is_visible()
        assert page.locator(f"{LISTS} li").count() == 0  # never built on a wide screen
        page.locator(TABLE).scroll_into_view_if_needed()
        page.screenshot(path=str(artifact(f"matrix-desktop-{lang}-1440x900.png")))
        # the window narrowed to a phone's width: the lists appear, the table goes
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        _check_lists(page, lang)
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        page.locator(TABLE).wait_for()
        assert not page.locator(LISTS).is_visible()
    finally:
        page.close()


def test_lists_follow_a_move_made_while_wide_and_stay_folded(server: str, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Lists built once, folded by the reader, then the data changes on a wide screen (lists
    not rebuilt there): narrowed again, they show the new words and the fold is kept."""
    page = _open(browser, server, "zh", DESKTOP)
    try:
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        _check_lists(page, "zh")
        guangzhou = page.locator(f"{LISTS} details").first
        guangzhou.locator("summary").click()  # the reader folds Guangzhou's list
        assert guangzhou.evaluate("e => e.open") is False
        page.set_viewport_size({"width": DESKTOP[0], "height": DESKTOP[1]})
        page.locator(TABLE).wait_for()
        open_figures(page)
        page.locator(".st-key-sl_fig_sme_output_share_pct input[type=range]").focus()
        page.keyboard.press("ArrowRight")  # one step: 60.0 -> 60.1, above Guangzhou's '>60%'
        page.wait_for_function(
            "document.querySelector('.st-key-fig_sme_output_share_pct input')?.value === '60.10'"
        )
        page.locator(f"{MATRIX} td.cell", has_text="60.1% > 60%").first.wait_for()
        page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        page.locator(LISTS).wait_for()
        guangzhou = page.locator(f"{LISTS} details").first
        assert guangzhou.evaluate("e => e.open") is False  # still folded
        words = guangzhou.evaluate("e => e.textContent")
        assert "▲ 中小企业产值占比60.1% > 60%" in words  # the new value and its mark
        assert "60.0% = 60%" not in words
        assert page.locator(f"{LISTS} details").nth(1).evaluate("e => e.open") is True
    finally:
        page.close()
