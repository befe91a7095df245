"""The project's own exceptions: every message names what is wrong, in Chinese and English."""

from __future__ import annotations

import re
from dataclasses import dataclass


class ClusterCheckError(Exception):
    """Base of every error this project raises on purpose."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        """The message in the user's language ("zh" or "en")."""
        return self.message_zh if lang == "zh" else self.message_en


class PolicyFileError(ClusterCheckError):
    """A policy file under policies/ is missing, unreadable or does not match the schema."""


class InputError(ClusterCheckError):
    """The cluster indicators given by the user are invalid; `field` names the culprit."""

    def __init__(self, field_name: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_zh, message_en)
        self.field = field_name


@dataclass(frozen=True)
class Problem:
    """One problem found in a member-data file, located as the user sees it in Excel."""

    row: int | None  # 1-based spreadsheet row (header is row 1); None for file-level problems
    column: str | None  # the column header as written in the file
    value: str | None  # the offending cell, as text
    message_zh: str
    message_en: str

    def __post_init__(self) -> None:
        # Whatever a file holds, a problem echoes it safely: control characters (which Excel
        # writers refuse) shown as U+FFFD, a value or header cut to about 50 characters, and a
        # message bounded, so that a 10 MB cell never reaches a page, a terminal or a writer whole.
        for name, limit in (
            ("value", 50),
            ("column", 50),
            ("message_zh", 600),
            ("message_en", 600),
        ):
            text = getattr(self, name)
            if text is not None:
                object.__setattr__(self, name, shown(text, limit))

    def message(self, lang: str = "zh") -> str:
        """The message in the user's language."""
        return self.message_zh if lang == "zh" else self.message_en


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def shown(text: object, limit: int = 50) -> str:
    """Text as echoed to a user: control characters as U+FFFD, cut to `limit` characters."""
    s = str(text)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return _CONTROL.sub("\ufffd", s)


class DataFileError(ClusterCheckError):
    """A member-data file has problems; `problems` lists every one of them (never only the first)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.internal = False  # True: a fault of ours surfaced as this message (tests look)
        n = len(self.problems)
        first = self.problems[0] if self.problems else None
        loc_zh = f"第{first.row}行：" if first and first.row else ""
        loc_en = f"row {first.row}: " if first and first.row else ""
        super().__init__(
            f"文件有 {n} 处问题。{loc_zh}{first.message_zh if first else ''}",
            f"The file has {n} problem(s). {loc_en}{first.message_en if first else ''}",
        )
