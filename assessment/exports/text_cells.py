"""Which texts a spreadsheet would run as a formula: the one rule every export applies to a
user's text (CSV prefixes an apostrophe, XLSX sets `quotePrefix`). Imports nothing heavy, so a
CSV output does not load openpyxl."""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "is_formula_like"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read `text` as a formula (starts with = + - @ or a control)."""
    return text.startswith(FORMULA_STARTS)
