"""Helpers for the page's AppTest tests."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.inputs_panel import GROUP_PREFIX

__all__ = ["close_inputs", "open_inputs", "whole"]


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


def whole(at: AppTest) -> AppTest:
    """A plain run, so the tree holds the whole page again.

    A figure or an answer changed reruns only the fragments it shows in (the callbacks name
    them), and AppTest's tree after such a run holds only those fragments' elements; the
    browser keeps the rest of the page as it was.
    """
    return at.run()
