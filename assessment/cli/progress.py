"""Progress on the terminal: a tqdm bar on stderr, and nothing at all when stderr is not a terminal.

Piped or redirected output (scripts, CI, `2> log`) stays free of carriage-return noise.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from assessment.progress import Progress, no_progress

__all__ = ["TerminalProgress", "terminal_progress"]


class TerminalProgress:
    """A `Progress` drawing one tqdm bar per kind of work (a new `what` starts a new bar)."""

    def __init__(self, stream: IO[str], lang: str = "zh") -> None:
        self._stream = stream
        self._lang = lang
        self._bar: Any = None
        self._what: str | None = None

    def __call__(self, done: int, total: int | None, what_zh: str, what_en: str) -> None:
        from tqdm import tqdm  # noqa: PLC0415 (only when a bar is drawn)

        what = what_zh if self._lang == "zh" else what_en
        if self._bar is None or what != self._what:
            self.close()
            self._bar = tqdm(
                total=total, desc=what, file=self._stream, unit="", dynamic_ncols=True, leave=False
            )
            self._what = what
        if total is not None and self._bar.total != total:
            self._bar.total = total
        self._bar.update(max(done - self._bar.n, 0))
        if done == total:
            self._bar.refresh()  # the end is always drawn, even within tqdm's redraw interval

    def close(self) -> None:
        """Remove the bar (call when the work is over)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def terminal_progress(lang: str = "zh", stream: IO[str] | None = None) -> Progress:
    """A bar on `stream` (default stderr) when it is a terminal; otherwise `no_progress`."""
    out = sys.stderr if stream is None else stream
    isatty = getattr(out, "isatty", None)
    if isatty is None or not isatty():
        return no_progress
    return TerminalProgress(out, lang)
