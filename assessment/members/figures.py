"""What every indicator of the aggregation is computed with: the columns, exact sums, the figures.

Sums are vectorised over integer units (money in 分, i.e. 10**-6 万元; counts as they are), so they
are exact; the few ratios are then taken as fractions of those totals and only the result becomes
a float. A share of exactly 60 % is therefore 60.0, and growth of exactly 10 % a year is 10.0.
`Frame` gives the validated columns by canonical name; `Figures` collects each indicator's value
with the `Derivation` naming the columns, the enterprises and the totals behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from assessment.engine.indicators import Derivation

if TYPE_CHECKING:
    from assessment.members.ingest import MemberTable

__all__ = [
    "UNITS_PER_WAN",
    "WAN_PER_YI",
    "Figures",
    "Frame",
    "exact_ratio",
    "exact_sum",
    "money_units",
    "wan_text",
]

UNITS_PER_WAN = 10**6  # money is summed in 分: 1 万元 = 10**6 分
WAN_PER_YI = 10**4  # 1 亿元 = 10**4 万元


class Frame:
    """The validated columns by canonical name (NumPy arrays, Arrow for text), and their count."""

    def __init__(self, table: MemberTable) -> None:
        self.columns: Mapping[str, np.ndarray | pa.Array | pa.ChunkedArray] = table.columns
        self.rows = table.row_numbers

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]  # type: ignore[return-value]


def money_units(values: np.ndarray) -> np.ndarray:
    """Money in 万元 as integer 分 (rounded to the 分; validation bounds every cell)."""
    scaled = values * UNITS_PER_WAN
    return np.rint(scaled, out=scaled).astype(np.int64)


def exact_sum(values: np.ndarray) -> int:
    """The exact sum of non-negative int64 values, immune to overflow.

    NumPy sums int64 with wrap-around, so the values are summed in blocks small enough that no
    block can overflow (block * max < 2**63), and the few block totals are added as Python ints.
    With realistic figures the whole column is one block: one pass for the max, one for the sum.
    """
    if values.size == 0:
        return 0
    v = values.astype(np.int64, copy=False)
    block = (2**63 - 1) // max(int(v.max()), 1)
    if block >= v.size:
        return int(v.sum())
    whole = v.size // block * block
    parts = v[:whole].reshape(-1, block).sum(axis=1)
    return sum(int(p) for p in parts) + int(v[whole:].sum())


def wan_text(units: int) -> str:
    """A money total in 万元 as exact decimal text with thousands separators."""
    return f"{Decimal(units).scaleb(-6).normalize():,f}"


def exact_ratio(part: int, whole: int, scale: int) -> float | None:
    """part / whole * scale, computed exactly and rounded once; None when whole is 0."""
    return None if whole == 0 else float(Fraction(part, whole) * scale)


class Figures:
    """Figures and their derivations, filled in one indicator at a time."""

    def __init__(self, table: MemberTable) -> None:
        self.table = table
        self.values: dict[str, object] = {}
        self.derivations: dict[str, Derivation] = {}

    def put(
        self,
        key: str,
        value: object,
        zh: str,
        en: str,
        *,
        columns: list[str],
        enterprises: int | None,
        figures: dict[str, float | int | str],
    ) -> None:
        """One indicator's value (None: left out) and how it was obtained, in both languages."""
        if value is not None:
            self.values[key] = value
        self.derivations[key] = Derivation(
            description_zh=zh,
            description_en=en,
            columns=[self.table.header(c) for c in columns],
            enterprises=enterprises,
            figures=figures,
        )
