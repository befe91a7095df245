"""Cached pure work: policies, samples, parsed files and screened batches, keyed on their bytes."""

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


@st.cache_data(show_spinner=False, max_entries=8)
def member_file(
    data: bytes,
    filename: str,
    sheet: str | None = None,
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """Aggregate a member file, keyed on its bytes: (indicators, []) or (None, problems)."""
    from assessment.members.aggregate import aggregate_file  # noqa: PLC0415 (lazy: pyarrow and calamine, uploads only)

    try:
        ind = aggregate_file(data, filename, sheet)
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


@st.cache_data(show_spinner=False, max_entries=4)
def batch_screen(data: bytes, filename: str, on: dt.date) -> Any:
    """Screen a table of clusters, keyed on the file's bytes."""
    from assessment.screening.screen import screen_file  # noqa: PLC0415 (lazy: openpyxl and the CSV sniffer, uploads only)

    return screen_file(data, filename, on=on, policies=policies())
