"""Shared helpers for the browser tests: Debian's Chromium driven by Playwright, never downloaded."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from dashboard.inputs_panel import group_key

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# The criteria matrix (its component's key is `matrix_{lang}`, dashboard/matrix); Playwright's CSS
# reaches into its shadow root.
MATRIX = ":is(.st-key-matrix_zh, .st-key-matrix_en)"
# The sidebar's first figure group (the output years, the area, growth and the two shares)
FIRST_FIGURES = group_key("fig", 0)

# Flags the probe of this workplace found necessary: closed network, root, no GPU.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def open_figures(page) -> None:  # type: ignore[no-untyped-def]
    """Open the sidebar's first figure group, as a user's click on it does (every input group
    starts closed, dashboard.inputs_panel), and wait for its sliders; an open one is left open."""
    group = page.locator(f".st-key-{FIRST_FIGURES}")
    if not group.locator("[data-testid=stSlider]").count():
        group.locator("summary").click()
    group.locator("[data-testid=stSlider]").first.wait_for()


def chromium_available() -> bool:
    """Whether Debian's Chromium is installed where the tests expect it."""
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


requires_chromium = pytest.mark.skipif(
    not chromium_available(),
    reason=f"Chromium not found at {CHROMIUM}: install it with "
    "`apt-get update && apt-get install -y chromium fonts-noto-cjk` (CI's .ci/run does this)",
)


def launch(playwright):  # type: ignore[no-untyped-def]
    """A headless Chromium from the Debian package, with the flags this sandbox needs."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def artifact(name: str) -> Path:
    """Where a test saves a screenshot or file for people to look at (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def free_port() -> int:
    """A free TCP port on the loopback address, for a local `streamlit run`."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_flags(port: int) -> list[str]:
    """`streamlit run` flags for a local test or benchmark server: the loopback address, no
    browser, no usage statistics, no file watcher (nothing edits the page while it runs)."""
    return [
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


def wait_healthy(proc: subprocess.Popen, url: str) -> None:  # type: ignore[type-arg]
    """Return once the server at `url` answers its health check; raise if it exits first."""
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("streamlit exited before answering") from None
            time.sleep(0.02)


def stop(proc: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """End a server process: politely, then firmly if it does not go within 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
