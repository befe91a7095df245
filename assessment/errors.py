"""The project's own exceptions: every message names what is wrong, in Chinese and English."""

from __future__ import annotations

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

    def message(self, lang: str = "zh") -> str:
        """The message in the user's language."""
        return self.message_zh if lang == "zh" else self.message_en


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
