"""The progress protocol and its terminal adapter."""

from __future__ import annotations

import io

from assessment.cli.progress import TerminalProgress, terminal_progress
from assessment.progress import no_progress


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_accepts_every_call() -> None:
    assert no_progress(3, 10, "行", "rows") is None
    assert no_progress(3, None, "行", "rows") is None


def test_terminal_progress_is_silent_when_stderr_is_not_a_terminal() -> None:
    out = io.StringIO()  # isatty() is False, as for a pipe or a redirected file
    p = terminal_progress("en", out)
    assert p is no_progress
    p(5, 10, "已筛查集群", "clusters screened")
    assert out.getvalue() == ""


def test_terminal_progress_draws_a_bar_on_a_terminal_in_the_users_language() -> None:
    out = _Tty()
    p = terminal_progress("en", out)
    assert isinstance(p, TerminalProgress)
    p(0, 100, "已筛查集群", "clusters screened")
    p(50, 100, "已筛查集群", "clusters screened")
    p(100, 100, "已筛查集群", "clusters screened")
    p.close()
    text = out.getvalue()
    assert "clusters screened" in text
    assert "已筛查集群" not in text
    assert "100/100" in text
    zh = _Tty()
    bar = terminal_progress("zh", zh)
    bar(1, 2, "已筛查集群", "clusters screened")
    assert isinstance(bar, TerminalProgress)
    bar.close()
    assert "已筛查集群" in zh.getvalue()
