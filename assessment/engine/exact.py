"""Exact arithmetic for legal comparisons: no floating-point noise may turn a boundary around.

Every figure is turned into a `Fraction` from its shortest decimal text (60.0 -> 60, 0.1 -> 1/10),
so a share of exactly 60 % is 60. Compound growth is kept as a ratio and a number of years: the
test "growth > t %" becomes "ratio > (1 + t/100) ** years", which needs no root at all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

Number = int | float | Fraction | Decimal


def to_fraction(x: Number) -> Fraction:
    """The exact value a person meant by `x`: floats are read through their shortest repr."""
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool):
        raise TypeError("a truth value is not a number")
    if isinstance(x, int):
        return Fraction(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"not a finite number: {x!r}")
        return Fraction(Decimal(repr(x)))
    return Fraction(x)


def _iroot(n: int, k: int) -> int | None:
    """The integer k-th root of n >= 0 when it is exact, else None."""
    if n < 0:
        return None
    if n in (0, 1):
        return n
    r = round(n ** (1.0 / k)) if n < 2**1000 else int(Decimal(n) ** (Decimal(1) / k))
    for cand in (r - 1, r, r + 1):
        if cand >= 0 and cand**k == n:
            return cand
    # float guess too far off for very large n: fall back to integer Newton iteration
    x = 1 << ((n.bit_length() + k - 1) // k)
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            break
        x = y
    return x if x**k == n else None


def exact_root(q: Fraction, k: int) -> Fraction | None:
    """The k-th root of a non-negative fraction when it is itself a fraction, else None."""
    if q < 0:
        return None
    num = _iroot(q.numerator, k)
    den = _iroot(q.denominator, k)
    if num is None or den is None:
        return None
    return Fraction(num, den)


@dataclass(frozen=True)
class Growth:
    """Compound annual growth from `first` to `last` over `years` intervals, in percent."""

    first: Fraction
    last: Fraction
    years: int

    def __post_init__(self) -> None:
        if self.first <= 0 or self.last < 0 or self.years < 1:
            raise ValueError("compound growth needs a positive first value and at least one year")

    @property
    def ratio(self) -> Fraction:
        """last / first."""
        return self.last / self.first

    def exact(self) -> Fraction | None:
        """The growth in percent as an exact fraction, where the root is rational."""
        root = exact_root(self.ratio, self.years)
        return None if root is None else (root - 1) * 100

    def __float__(self) -> float:
        ex = self.exact()
        if ex is not None:
            try:
                return float(ex)
            except OverflowError:
                return math.inf
        if self.last == 0:
            return -100.0
        r = self.ratio  # through logarithms of the integer parts: no overflow on extreme ratios
        log_ratio = math.log(r.numerator) - math.log(r.denominator)
        try:
            return math.expm1(log_ratio / self.years) * 100.0
        except OverflowError:
            return math.inf


Value = float | Fraction | Growth


def apart(x: Any, bound: float) -> Any:
    """Whether float `x` lies so far from `bound` (more than a billionth, relative) that no
    rounding of either can change which side it is on; elementwise for a NumPy array `x`."""
    return abs(x - bound) > 1e-9 * max(1.0, abs(bound))


def compare(value: Value, threshold: Fraction, approx: float | None = None) -> int:
    """-1, 0 or 1 as `value` is below, exactly at or above `threshold`, decided exactly.

    A float is read as the decimal it prints as. Where it lies clearly apart from the threshold
    (more than a billionth, relative — far beyond any rounding of either) the float comparison
    already gives the exact answer; only values that close fall through to exact fractions.
    """
    if isinstance(value, float):
        tf = float(threshold) if approx is None else approx  # approx: float(threshold), cached
        if apart(value, tf):
            return 1 if value > tf else -1
        value = to_fraction(value)
    if isinstance(value, Growth):
        if threshold < -100:
            return 1  # compound growth is never below -100 %
        lhs, rhs = value.ratio, (1 + threshold / 100) ** value.years
    else:
        lhs, rhs = value, threshold
    return (lhs > rhs) - (lhs < rhs)


def as_float(value: Value) -> float:
    """The value for display and for gaps (never for the legal test)."""
    return float(value)


def growth_pct(first: Number, last: Number, years: int) -> float | None:
    """Compound annual growth in percent, exact where the root is rational; None if undefined."""
    f, l_ = to_fraction(first), to_fraction(last)
    if f <= 0 or l_ < 0 or years < 1:
        return None
    return float(Growth(f, l_, years))
