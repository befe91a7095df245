"""Progress on the page: `assessment.progress.Progress` drawn with `st.progress`."""

from __future__ import annotations

import time

import streamlit as st

__all__ = ["PageProgress"]


class PageProgress:
    """A `Progress` showing one bar with what is done; `clear()` removes it when the work ends.

    Redraws at most every 0.1 s: a bar update is a message to the browser.
    """

    def __init__(self, lang: str = "zh") -> None:
        self._lang = lang
        self._bar = None
        self._last = 0.0

    def __call__(self, done: int, total: int | None, what_zh: str, what_en: str) -> None:
        now = time.monotonic()
        if self._bar is not None and now - self._last < 0.1 and done != total:
            return
        self._last = now
        what = what_zh if self._lang == "zh" else what_en
        text = f"{what}：{done:,}/{total:,}" if total else f"{what}：{done:,}"
        if self._lang != "zh":
            text = f"{what}: {done:,} of {total:,}" if total else f"{what}: {done:,}"
        frac = min(done / total, 1.0) if total else 0.0
        if self._bar is None:
            self._bar = st.progress(frac, text=text)
        else:
            self._bar.progress(frac, text=text)

    def clear(self) -> None:
        """Remove the bar from the page."""
        if self._bar is not None:
            self._bar.empty()
            self._bar = None
