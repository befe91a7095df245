"""集群自评 / Cluster Self-Check — the page's frame: config, state, language, the tabs.

One page with three tabs: the assessment (sidebar inputs; verdicts, matrix, gaps, what it would
take, exports), batch screening and comparison. Each view is a module of `dashboard/`; every
rule, number and word comes from `assessment/`.
"""

from __future__ import annotations

import streamlit as st

from assessment.errors import PolicyFileError
from assessment.present.i18n import LANG_LABEL, LANGS, t
from assessment.present.inputs import md_escape
from assessment.present.page_words import pt
from dashboard.cache import ROOT, policies
from dashboard.inputs_panel import input_head, input_panel
from dashboard.sidebar import heading, source_inputs
from dashboard.state import init_state, reflect_in_url, relabel_on_language_change
from dashboard.style import ICON_ERROR, ICON_LINK_OFF, page_css
from dashboard.view import assessment_tab, current_indicators

st.set_page_config(page_title="集群自评 / Cluster Self-Check", layout="wide")
# A local image: an emoji page icon makes Streamlit load its emoji catalogue (0.3-0.6 s on a
# cold first run), and a Material page icon is fetched by the browser from Google's font
# servers, a request out of a tool whose data must stay on the machine. Streamlit reads an image
# icon with NumPy and Pillow (~0.1 s to import on a cold start), so the icon is set once the
# page's elements are sent (set_page_config's calls add up), not before them: see main().
PAGE_ICON = str(ROOT / ".streamlit" / "icon.png")


def main() -> None:
    """The page, then its icon; the icon also when the page stops on an error or fails."""
    try:
        page()
    except Exception:
        st.set_page_config(page_icon=PAGE_ICON)
        raise
    st.set_page_config(page_icon=PAGE_ICON)


def page() -> None:
    """The page, top to bottom."""
    init_state()
    lang = st.sidebar.radio(
        LANG_LABEL["zh"] + " / " + LANG_LABEL["en"],
        LANGS,
        key="lang",
        horizontal=True,
        format_func=LANG_LABEL.__getitem__,
    )
    relabel_on_language_change(lang)
    try:
        pols = policies()
    except PolicyFileError as exc:  # a policy folder that is missing or a file that is wrong
        st.error(md_escape(exc.message(lang)), icon=ICON_ERROR)
        return  # nothing else can be drawn (main() still sets the icon; st.stop() would not)
    page_css(bool(st.session_state.get("presentation")))
    status = source_inputs(lang)  # first: the heading is the loaded source's name
    presenting = bool(st.session_state.get("presentation"))
    name = heading(lang)
    # one flex row, not columns (a column is two blocks more the browser draws at every move)
    row = st.container(horizontal=True, vertical_alignment="center")
    if presenting:  # the cluster's name is the title; the switch stays at hand
        row.subheader(md_escape(name) if name else t("app_title", lang))
    else:
        row.title(t("app_title", lang))
    row.toggle(pt("presentation", lang), key="presentation", help=pt("presentation_help", lang))
    if not presenting:
        names = [p.document.name_zh if lang == "zh" else p.document.name_en for p in pols]
        st.caption(t("app_subtitle", lang, places=(" · " if lang == "zh" else ", ").join(names)))
    bad_link = st.session_state.get("link_error")
    if bad_link:
        st.error(bad_link[0] if lang == "zh" else bad_link[1], icon=ICON_LINK_OFF)
    if status["ok"]:
        input_head(lang)
        if st.session_state.get(f"main_tab_{lang}") not in (None, t("tab_assess", lang)):
            # off the assessment tab the figures are shown locked; on it, its fragment draws them
            input_panel(lang, pols, figures=False)
            ind, _ = current_indicators()
            reflect_in_url(lang, None if ind is None else ind.to_json_dict())
    else:  # no figures yet (a file still to upload): nothing to keep, compare or link
        st.session_state["current_ind"] = None
        reflect_in_url(lang, None)
    if name and status["ok"] and not presenting:
        st.subheader(md_escape(name))  # user-supplied: escaped, never Markdown or HTML
    # Only the open tab runs: a figure moved on the assessment never rebuilds the batch table.
    tabs = st.tabs(
        [t("tab_assess", lang), t("tab_batch", lang), t("tab_compare", lang)],
        key=f"main_tab_{lang}",
        on_change="rerun",
    )
    with tabs[0]:
        if tabs[0].open:
            assessment_tab(lang, status, pols)
    # The other tabs' modules load when first opened: batch screening brings the batch reader
    # and its tables, which the first page of a cold start does not show.
    with tabs[1]:
        if tabs[1].open:
            from dashboard.batch import batch_tab  # noqa: PLC0415

            batch_tab(lang)
    with tabs[2]:
        if tabs[2].open:
            from dashboard.compare import compare_tab  # noqa: PLC0415

            compare_tab(lang, pols)


main()
