"""A fourth jurisdiction on the page: a policy folder chosen by CLUSTER_CHECK_POLICIES, no code.

The three real policy files are copied beside tests/fixtures/fourth/lanting.toml (fictional) into
a temporary folder; the page, pointed at it, shows four verdict cards and four matrix columns.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.cache import POLICIES_ENV
from tests.app_support import cards, shown_matrix
from tests.test_app import HEADERS, ROWS

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")


@pytest.fixture
def four(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for f in (ROOT / "policies").glob("*.toml"):
        shutil.copy(f, tmp_path)
    shutil.copy(ROOT / "tests" / "fixtures" / "fourth" / "lanting.toml", tmp_path)
    monkeypatch.setenv(POLICIES_ENV, str(tmp_path))
    return tmp_path


@pytest.mark.parametrize(("lang", "name"), [("zh", "兰亭"), ("en", "Lanting")])
def test_the_fourth_jurisdiction_is_a_fourth_card_and_column(
    four: Path, lang: str, name: str
) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    names = [card_name for card_name, _verdict in cards(at)]
    assert len(names) == 4 and names[-1] == name, names
    frame = shown_matrix(at, lang)
    assert list(frame.columns[2:])[-1] == name and len(frame.columns) == 6


def test_without_the_variable_the_page_shows_the_three(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(POLICIES_ENV, raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert len([name for name, _verdict in cards(at)]) == 3


def test_a_missing_policy_folder_is_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(POLICIES_ENV, str(tmp_path / "nowhere"))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("政策目录不存在" in e.value for e in at.error)


def _without_column(text: str, index: int) -> str:
    return ",".join(cell for i, cell in enumerate(text.split(",")) if i != index)


def test_an_upload_counts_titles_by_the_page_s_policy_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder the page judges with also decides which titles count only in the leading
    industry: with none such, a member file without the 是否属于主导产业 column is read and its
    小巨人 counted (the project's folder asks for that column)."""
    for source in (ROOT / "policies").glob("*.toml"):
        text = source.read_text(encoding="utf-8")
        text = text.replace("leading_industry_only = true", "leading_industry_only = false")
        (tmp_path / source.name).write_text(text, encoding="utf-8")
    monkeypatch.setenv(POLICIES_ENV, str(tmp_path))
    lead = HEADERS.split(",").index("是否属于主导产业")
    csv = "\r\n".join(_without_column(line, lead) for line in (HEADERS, *ROWS)).encode("gbk")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.radio(key="source").set_value("members").run()
    at.file_uploader(key="member_upload").upload("成员企业.csv", csv, "text/csv").run()
    assert not at.exception and not at.error
    assert at.session_state["current_ind"].little_giants == 1
