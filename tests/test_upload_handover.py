"""The page hands the member reader the upload's bytes as Streamlit keeps them, not the deep copy
its file widget returns on every run: a 190 MB file would otherwise be held twice while it is
parsed (issue 12; `benchmarks/bench_upload.py` measures the server's peak)."""

from __future__ import annotations

import pytest

import dashboard.cache
from tests.test_app import choose_source, fresh, member_csv


def test_the_reader_gets_the_kept_bytes_not_the_widgets_copy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handed: list[bytes] = []
    real = dashboard.cache.member_file

    def spy(data, filename, sheet=None, progress=None):  # type: ignore[no-untyped-def]
        handed.append(data)
        return real(data, filename, sheet, progress)

    monkeypatch.setattr("dashboard.sidebar.member_file", spy)
    at = choose_source(fresh(), "members")
    content = member_csv()
    at.file_uploader(key="member_upload").upload("成员企业.csv", content, "text/csv").run()
    assert not at.exception
    assert any("已读取" in s.value for s in at.success)  # the file was read and loaded
    assert len(handed) == 1 and handed[0] == content
    kept = at.session_state["member_upload"].getvalue()  # shares the bytes Streamlit keeps
    assert handed[0] is kept


def test_the_batch_tab_keeps_the_kept_bytes_not_the_widgets_copy() -> None:
    from tests.test_app_exports import batch_csv, open_tab, sample_clusters  # noqa: PLC0415

    content = batch_csv(sample_clusters())
    at = open_tab(fresh(), "tab_batch")
    at.file_uploader(key="batch_upload").upload("集群.csv", content, "text/csv").run()
    assert not at.exception
    name, data, how = at.session_state["batch_file"]
    assert (name, how) == ("集群.csv", "upload") and data == content
    assert data is at.session_state["batch_upload"].getvalue()  # one copy of the upload, not two
