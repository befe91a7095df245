"""The page icon is set last (after the page's elements are sent: Streamlit reads an image icon
through NumPy and Pillow), and also when the page stops on an error or fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import dashboard.sidebar
from dashboard.cache import POLICIES_ENV

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
ICON = str(ROOT / ".streamlit" / "icon.png")


@pytest.fixture
def config_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every st.set_page_config call the page makes, its keyword arguments, in order."""
    calls: list[dict[str, Any]] = []
    real = st.set_page_config

    def spy(**kw: Any) -> None:
        calls.append(kw)
        real(**kw)

    monkeypatch.setattr(st, "set_page_config", spy)
    return calls


def test_the_icon_comes_after_the_title_and_once_a_run(config_calls: list[dict[str, Any]]) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert config_calls[0].get("page_title") and "page_icon" not in config_calls[0]
    assert [c for c in config_calls if "page_icon" in c] == [{"page_icon": ICON}]
    assert config_calls[-1] == {"page_icon": ICON}


def test_a_missing_policy_folder_still_sets_the_icon(
    config_calls: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(POLICIES_ENV, str(tmp_path / "nowhere"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert any("政策目录不存在" in e.value for e in at.error)
    assert config_calls[-1] == {"page_icon": ICON}


def test_a_page_that_fails_still_sets_the_icon(
    config_calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(lang: str) -> str:
        raise RuntimeError("drawing failed")

    monkeypatch.setattr(dashboard.sidebar, "heading", broken)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.exception  # shown redacted ([client] showErrorDetails = "none")
    assert config_calls[-1] == {"page_icon": ICON}
