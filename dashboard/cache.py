"""Pure work for the page: policies and samples (cached), member files and batches (with progress).

Member files and batches are not in `st.cache_data`, which replays the elements drawn inside a
cached call (here, the progress bar); their callers keep results in the session instead.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from pathlib import Path
from typing import Any

import streamlit as st

from assessment.engine.indicators import indicators_from_json
from assessment.engine.policy import Policy, load_policies
from assessment.errors import ClusterCheckError, DataFileError, Problem
from assessment.progress import Progress, no_progress

__all__ = [
    "POLICIES_ENV",
    "ROOT",
    "SAMPLES",
    "batch_screen",
    "member_file",
    "policies",
    "sample_index",
    "sample_indicators",
    "template",
]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
# the folder of policy files the page judges against (default: the project's policies/); one
# more jurisdiction is one more file in that folder, never a change of code
POLICIES_ENV = "CLUSTER_CHECK_POLICIES"

# Lazy imports below are deliberate: the member-file reader (pyarrow, calamine), the Excel and
# template writers (openpyxl) and batch screening are imported where they are first used, so the
# first page of a cold start does not wait for modules it does not show.


def policies() -> tuple[Policy, ...]:
    """Every policy file of the folder named by CLUSTER_CHECK_POLICIES (default: policies/)."""
    return _policies(os.environ.get(POLICIES_ENV, "").strip())


@st.cache_resource
def _policies(directory: str) -> tuple[Policy, ...]:
    """The policy files of one folder, loaded once per process ('' : the project's own)."""
    return load_policies(directory or None)


@st.cache_data(show_spinner=False)
def sample_index() -> list[dict[str, str]]:
    """The sample clusters listed in sample_data/clusters.toml."""
    path = SAMPLES / "clusters.toml"
    if not path.exists():
        return []
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = next((v for v in raw.values() if isinstance(v, list)), [])
    return [
        e
        for e in entries
        if isinstance(e, dict) and (SAMPLES / str(e.get("slug", "")) / "indicators.json").exists()
    ]


@st.cache_data(show_spinner=False)
def sample_indicators(slug: str) -> dict[str, Any]:
    """One sample cluster's indicators (CONTRACT JSON)."""
    return indicators_from_json((SAMPLES / slug / "indicators.json").read_bytes()).to_json_dict()


def member_file(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    progress: Progress = no_progress,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Aggregate a member file: (indicators, []) or (None, problems).

    Not in `st.cache_data`: it would replay the progress bar drawn inside on a hit. The caller
    keeps the result in the session, keyed on the upload (dashboard.sidebar).
    """
    from assessment.staged import aggregate_in_stages  # noqa: PLC0415 (lazy: pyarrow and calamine, uploads only)

    try:
        _table, ind = aggregate_in_stages(
            data, filename, sheet, progress=progress, policies=policies()
        )
    except DataFileError as exc:
        return None, [vars(p) for p in exc.problems]
    except ClusterCheckError as exc:
        return None, [vars(Problem(None, None, None, exc.message_zh, exc.message_en))]
    return ind.to_json_dict(), []


@st.cache_data(show_spinner=False, max_entries=4)
def template(lang: str, fmt: str) -> tuple[str, bytes]:
    """The member-file template (file name, bytes)."""
    from assessment.members.template import template_files  # noqa: PLC0415 (lazy: openpyxl, member-file source only)

    return next(iter(template_files(lang, fmt).items()))


def batch_screen(data: bytes, filename: str, on: dt.date, progress: Progress = no_progress) -> Any:
    """Screen a table of clusters, telling `progress` how many are done.

    Not in `st.cache_data` (it would replay the progress bar on a hit): the batch tab keeps the
    result in the session, keyed on the upload and the date (dashboard.batch).
    """
    from assessment.screening.screen import screen_file  # noqa: PLC0415 (lazy: openpyxl and the CSV sniffer, uploads only)

    return screen_file(data, filename, on=on, policies=policies(), progress=progress)
