"""A helper for the member-table tests: two tables' columns compared value by value."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyarrow as pa

__all__ = ["assert_same_columns"]


def assert_same_columns(expected: Mapping[str, Any], got: Mapping[str, Any]) -> None:
    """The same column names, and in each the same values (Arrow arrays as Python lists, NumPy
    arrays element by element)."""
    assert got.keys() == expected.keys()
    for name, column in expected.items():
        other = got[name]
        if isinstance(column, (pa.Array, pa.ChunkedArray)):
            assert other.to_pylist() == column.to_pylist(), name
        else:
            np.testing.assert_array_equal(other, column, err_msg=name)
