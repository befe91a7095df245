"""The sidebar's input groups keep their open or closed state across a language switch.

Streamlit knows an expander by its label as well as its key, so without help a group in the
other language is a new group, closed (dashboard.state.init_state hands each group its state).
"""

from __future__ import annotations

import pytest

from dashboard.inputs_panel import group_key
from tests.browser.test_dashboard import _page, browser, server  # noqa: F401 (fixtures)
from tests.browser_support import artifact, requires_chromium

pytestmark = [pytest.mark.browser, requires_chromium]

# Every group starts closed (dashboard.inputs_panel); the test opens two and leaves one closed.
FIRST_FIGURES = group_key("fig", 0)
TITLES = group_key("titles", 0)
FIRST_DECLARATIONS = group_key("decl", 0)
WORDS = {"zh": ("中文", "认定结论"), "en": ("English", "Verdicts")}


def _open_groups(page) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Each input group's key and whether it is open, as the browser shows it."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll(
             '[data-testid=stSidebar] [class*="st-key-grp_"]')].map(e => [
               [...e.classList].find(c => c.startsWith('st-key-')).slice(7),
               !!e.querySelector('details[open]')]))"""
    )


def _label(page, key: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f".st-key-{key} summary").inner_text()


def _switch(page, lang: str) -> None:  # type: ignore[no-untyped-def]
    sidebar = page.locator("[data-testid=stSidebar]")
    sidebar.get_by_text(WORDS[lang][0], exact=True).click()
    page.get_by_text(WORDS[lang][1], exact=True).first.wait_for()
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=stStatusWidgetRunningIcon]').length === 0"
    )
    page.wait_for_timeout(800)  # the inputs' fragment has drawn the groups' contents


def test_input_groups_stay_open_or_closed_across_a_language_switch(server: str, browser) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = _page(browser, server)
    try:
        page.set_viewport_size({"width": 1440, "height": 900})
        start = _open_groups(page)
        assert start and not any(start.values()), start  # all closed: nothing drawn in them
        for key in (FIRST_FIGURES, TITLES):  # open two, leave one closed
            page.locator(f".st-key-{key} summary").click()
            page.wait_for_timeout(600)
        page.locator(f".st-key-{TITLES} [data-testid=stNumberInput]").first.wait_for()
        chosen = _open_groups(page)
        assert chosen[FIRST_FIGURES] and chosen[TITLES] and not chosen[FIRST_DECLARATIONS]
        zh_label = _label(page, TITLES)
        for lang in ("en", "zh"):
            _switch(page, lang)
            page.locator(f".st-key-{TITLES}").scroll_into_view_if_needed()
            page.screenshot(path=str(artifact(f"input-groups-after-switch-{lang}.png")))
            assert _open_groups(page) == chosen, lang
            # an open group shows its inputs, a closed one none
            titles = page.locator(f".st-key-{TITLES} [data-testid=stNumberInput]")
            assert titles.count() > 0 and titles.first.is_visible(), lang
            assert page.locator(f".st-key-{FIRST_FIGURES} [data-testid=stSlider]").count()
            assert not page.locator(f".st-key-{FIRST_DECLARATIONS} [data-testid=stRadio]").count()
            # the same group, relabelled: the words follow the language
            assert (_label(page, TITLES) == zh_label) == (lang == "zh"), lang
    finally:
        page.close()
