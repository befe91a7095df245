"""How the page looks: cell colours, text tones, and the page's CSS (presentation mode, the
sidebar's width; the matrix's phone lists are the matrix component's own, dashboard/matrix)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assessment.present.vocabulary import (
    BORDER_COLOR,
    CAUTION_BACKGROUND,
    INK,
    MUTED_INK,
    STATUS_TINT,
    TONE_INK,
)

__all__ = ["PHONE_MAX_PX", "cell_style", "page_css"]

# The page's one breakpoint: this wide or narrower is a phone (the matrix shows lists, the
# sidebar keeps Streamlit's own width). dashboard/matrix puts it into its CSS.
PHONE_MAX_PX = 640

_ALWAYS = """
/* a sidebar wide enough for a slider with its exact box beside it */
@media (min-width: {wide}px) {
  section[data-testid="stSidebar"][data-collapsed="false"] {
    width: 340px !important; min-width: 340px !important;
  }
}
/* the main column uses the screen: three jurisdictions side by side at 1280 px */
[data-testid="stMainBlockContainer"] { padding: 3rem 1.5rem 4rem 1.5rem; }
"""

_PRESENTATION = """
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] {
  padding-top: 1rem !important; padding-left: 2rem !important; padding-right: 2rem !important;
  max-width: 100% !important;
}
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li {
  font-size: 1.25rem;
}
[data-testid="stMainBlockContainer"] h3 { padding: .2rem 0; }
"""


def cell_style(status: str) -> str:
    """CSS of one matrix or table cell by its status ('label': none; '': not asked there)."""
    if status == "label":
        return ""
    if not status:
        return f"color: {MUTED_INK}"
    return f"background-color: {STATUS_TINT[status]}; color: {INK}"


# the boards' colours (dashboard/board/board.css reads them as variables)
_BOARD_VARS = {
    **{f"--bd-{tone}": ink for tone, ink in TONE_INK.items()},
    "--bd-orange-bg": CAUTION_BACKGROUND,
    "--bd-border": BORDER_COLOR,
}
_BOARD = (
    ".bd { "
    + " ".join(f"{k}: {v};" for k, v in _BOARD_VARS.items())
    + " }\n"
    + (Path(__file__).parent / "board" / "board.css").read_text(encoding="utf-8")
).replace("PHONE_MAX_PX", str(PHONE_MAX_PX))


def page_css(presentation: bool) -> None:
    """The page's own CSS; presentation mode hides the inputs and enlarges the type."""
    css = _ALWAYS.replace("{wide}", str(PHONE_MAX_PX + 1)) + _BOARD
    st.html(f"<style>{css}{_PRESENTATION if presentation else ''}</style>")


# Alert icons, named: given none, Streamlit looks for a leading emoji in the text, which loads
# its emoji catalogue on a cold start and would turn a user's leading emoji into the icon.
ICON_INFO, ICON_OK = ":material/info:", ":material/check_circle:"
ICON_WARN, ICON_ERROR = ":material/warning:", ":material/error:"
ICON_ROUTE, ICON_CLEAR, ICON_LINK_OFF = (
    ":material/verified:",
    ":material/backspace:",
    ":material/link_off:",
)
