"""Helpers for the page's AppTest tests."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.inputs_panel import GROUP_PREFIX

__all__ = ["close_inputs", "open_inputs"]


def _set_groups(at: AppTest, is_open: bool) -> AppTest:
    for key in list(at.session_state.keys()):
        if str(key).startswith(GROUP_PREFIX):
            at.session_state[key] = is_open
    return at.run()


def open_inputs(at: AppTest) -> AppTest:
    """Open every input group of the sidebar (each draws its widgets only while open) and run."""
    return _set_groups(at, True)


def close_inputs(at: AppTest) -> AppTest:
    """Close every input group of the sidebar and run."""
    return _set_groups(at, False)
