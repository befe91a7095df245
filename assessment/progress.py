"""Progress of long work: a callable told how much is done, in both languages.

Long work (screening a batch of clusters, reading a big member file) accepts a `Progress` and
calls it as it goes: `progress(done, total, what_zh, what_en)`, `done` never decreasing,
`total` None when unknown. The command line shows it as a bar on a terminal
(`assessment.cli.progress`), the page as `st.progress` (`dashboard.progress`); the default does
nothing. Nothing here draws or imports a UI.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Progress", "no_progress"]

Progress = Callable[[int, int | None, str, str], None]
"""progress(done, total, what_zh, what_en): e.g. (20000, 100000, "已筛查集群", "clusters screened")."""


def no_progress(done: int, total: int | None, what_zh: str, what_en: str) -> None:
    """The default: report nothing."""
    del done, total, what_zh, what_en
