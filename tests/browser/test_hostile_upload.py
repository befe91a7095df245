"""Issue 10 in a real Chromium: hostile workbooks uploaded through the page's file inputs.

A 5 KB workbook whose only cell is at XFD1048576 used to make the reader ask for 512 GiB and abort
the server, ending every user's session; a zip bomb likewise. Uploaded through the real file input,
each now gives a message naming the limit, and the server still answers afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser_support import artifact, free_port, launch, requires_chromium, stop
from tests.hostile_corpus import bomb_sheet, workbook

pytestmark = [pytest.mark.browser, requires_chromium]

ROOT = Path(__file__).resolve().parents[2]
HUGE_EXTENT = workbook(
    [
        (
            "成员企业",
            '<dimension ref="A1:XFD1048576"/><sheetData><row r="1048576">'
            '<c r="XFD1048576"><v>1</v></c></row></sheetData>',
            "visible",
        )
    ]
)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, subprocess.Popen]]:  # type: ignore[type-arg]
    """`streamlit run` on a free local port with the project's own config; always stopped."""
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py")]
    cmd += ["--server.port", str(port), "--server.fileWatcherType", "none"]
    log = log_path.open("wb")
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    url = f"http://127.0.0.1:{port}"  # .streamlit/config.toml: server.address = 127.0.0.1
    try:
        deadline = time.monotonic() + 40
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not start:\n{log_path.read_text(errors='replace')[-2000:]}"
                )
            time.sleep(0.3)
        yield url, proc
    finally:
        stop(proc)
        log.close()


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with sync_playwright() as pw:
        b = launch(pw)
        try:
            yield b
        finally:
            b.close()


@pytest.mark.parametrize(
    ("name", "data", "limit"),
    [
        ("huge-extent.xlsx", HUGE_EXTENT, "MAX_COLUMNS"),
        ("zip-bomb.xlsx", bomb_sheet(40), "MAX_ZIP_RATIO"),
    ],
)
def test_a_hostile_member_workbook_gives_a_message_and_the_server_lives(
    server, browser, tmp_path: Path, name: str, data: bytes, limit: str
) -> None:  # type: ignore[no-untyped-def]
    url, proc = server
    path = tmp_path / name
    path.write_bytes(data)
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page.set_default_timeout(30000)
    try:
        page.goto(url)
        page.get_by_text("认定结论").first.wait_for()
        page.get_by_text("上传成员企业数据").click()
        page.locator("[data-testid=stSidebar] input[type=file]").set_input_files(str(path))
        page.get_by_text(limit).first.wait_for()  # the message names the limit
        page.screenshot(path=str(artifact(f"hostile-upload-{name}.png")), full_page=True)
    finally:
        page.close()
    assert proc.poll() is None, "the server process died"
    assert _healthy(url)
    again = browser.new_page()  # and a new session still gets the page
    try:
        again.goto(url)
        again.get_by_text("认定结论").first.wait_for()
    finally:
        again.close()


def test_a_hostile_batch_workbook_gives_a_message_and_the_server_lives(
    server, browser, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    url, proc = server
    path = tmp_path / "batch-huge.xlsx"
    path.write_bytes(HUGE_EXTENT)
    page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
    page.set_default_timeout(30000)
    try:
        page.goto(url)
        page.get_by_text("认定结论").first.wait_for()
        page.get_by_role("tab", name="批量筛查").click()
        page.locator("[data-testid=stMain] input[type=file]").first.set_input_files(str(path))
        page.get_by_text("MAX_COLUMNS").first.wait_for()
        page.screenshot(path=str(artifact("hostile-upload-batch.png")), full_page=True)
    finally:
        page.close()
    assert proc.poll() is None
    assert _healthy(url)
