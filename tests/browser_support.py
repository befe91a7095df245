"""Shared helpers for the browser tests: Debian's Chromium driven by Playwright, never downloaded."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

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
