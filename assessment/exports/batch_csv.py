"""The screening table as CSV text, straight from the result's codes.

The same bytes as `display_table(...).to_csv(index=False, lineterminator="\\r\\n")` with the
names made formula-safe, at a fraction of the cost: each verdict and status word is quoted once
(by the `csv` module, the same dialect pandas uses) and a row's coded cells are picked from those
by NumPy indexing; only the names, the user's text, go through the `csv` module one by one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import numpy as np

from assessment.exports.text_cells import is_formula_like
from assessment.present.batch_tables import coded_columns, first_headers
from assessment.screening.screen import BatchResult

__all__ = ["csv_header", "csv_rows"]

_DIALECT = {"lineterminator": "\r\n", "quoting": csv.QUOTE_MINIMAL}


class _Fields:
    """One value as a CSV field, quoted exactly as `csv.writer` quotes it inside a row."""

    def __init__(self) -> None:
        self._buf = io.StringIO()
        self._writer = csv.writer(self._buf, **_DIALECT)

    def __call__(self, value: str) -> str:
        self._buf.seek(0)
        self._buf.truncate()
        self._writer.writerow([value, ""])  # a second field: a lone "" would be written '""'
        return self._buf.getvalue()[:-3]  # less the trailing ",\r\n"


def csv_header(result: BatchResult, lang: str = "zh") -> str:
    """The header line of the CSV table (`display_table`'s column names)."""
    buf = io.StringIO()
    csv.writer(buf, **_DIALECT).writerow(
        [*first_headers(lang), *(head for head, _, _ in coded_columns(result, lang))]
    )
    return buf.getvalue()


def _safe_names(names: Iterable[str | None]) -> list[str]:
    """The names as CSV fields: a leading apostrophe keeps Excel from running one as a formula;
    a missing name is an empty field."""
    field = _Fields()
    return ["" if n is None else field("'" + n if is_formula_like(n) else n) for n in names]


def csv_rows(result: BatchResult, lang: str = "zh") -> str:
    """The result's rows as CSV lines (no header), each ending in CRLF."""
    n = len(result.rows)
    if n == 0:
        return ""
    field = _Fields()
    coded = coded_columns(result, lang)
    cells = np.empty((n, len(coded)), dtype=object)
    for j, (_, codes, words) in enumerate(coded):
        quoted = np.asarray([field(w) for w in words] + [""], dtype=object)  # code -1: empty
        cells[:, j] = quoted[codes]
    rows = result.rows.tolist()
    names = _safe_names(result.names.to_pylist())
    recognised = result.recognised_by.tolist()
    return "".join(
        f"{r},{name},{k},{','.join(tail)}\r\n"
        for r, name, k, tail in zip(rows, names, recognised, cells.tolist(), strict=True)
    )
