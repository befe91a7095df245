"""Progress on long work, wired in: the page's batch tab and member upload, the CLI's aggregate."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.cli.main import main
from assessment.present.i18n import t
from assessment.screening.screen import BatchResult
from dashboard.batch import BATCH_RESULT

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
EXAMPLE = ROOT / "sample_data" / "batch-example.csv"
MEMBERS = ROOT / "sample_data" / "songhe-fasteners" / "members.csv"


def _batch_tab() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.session_state["main_tab_zh"] = t("tab_batch", "zh")
    return at.run()


def test_batch_tab_screens_an_upload_once_and_leaves_no_bar() -> None:
    at = _batch_tab()
    at.file_uploader(key="batch_upload").upload(EXAMPLE.name, EXAMPLE.read_bytes(), "text/csv")
    at.run()
    assert not at.exception
    tables = [df.value for df in at.dataframe]
    assert any("集群名称" in frame.columns for frame in tables)
    token, result, error = at.session_state[BATCH_RESULT]
    assert error is None
    assert isinstance(result, BatchResult)
    assert len(result.table) > 0
    assert not at.get("progress")  # the bar is gone once the work is done
    at.text_input(key="batch_name").set_value("zzz-no-such-cluster").run()  # a rerun
    assert not at.exception
    again = at.session_state[BATCH_RESULT]
    assert again[0] == token
    assert again[1] is result  # the kept result, not a fresh screening


def test_member_upload_fills_the_inputs_and_leaves_no_bar() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.radio(key="source").set_value("members").run()
    at.file_uploader(key="member_upload").upload("m.csv", MEMBERS.read_bytes(), "text/csv").run()
    assert not at.exception
    ind, problems = at.session_state["file_result"]
    assert problems == []
    assert ind is not None
    assert not at.get("progress")


def test_cli_aggregate_draws_nothing_when_stderr_is_not_a_terminal(capsys) -> None:
    assert main(["aggregate", str(MEMBERS)]) == 0
    out, err = capsys.readouterr()
    assert err == ""  # capsys' stderr is no terminal: no bar, no carriage returns
    assert "output_by_year" in json.loads(out)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_aggregate_shows_its_stages_on_a_terminal(monkeypatch, capsys, lang: str) -> None:
    tty = _Tty()
    monkeypatch.setattr("sys.stderr", tty)
    assert main(["aggregate", str(MEMBERS), "--lang", lang]) == 0
    assert "output_by_year" in json.loads(capsys.readouterr().out)
    drawn = tty.getvalue()
    for key in ("progress_members_read", "progress_members_aggregate"):
        assert t(key, lang) in drawn
    other = "en" if lang == "zh" else "zh"
    assert t("progress_members_read", other) not in drawn
