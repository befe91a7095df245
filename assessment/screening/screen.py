"""Batch screening: many clusters in one file, one row each, judged against every policy.

A row is one cluster with the indicator keys of the contract as columns (English keys or
Chinese headers). Each row is independent: a bad row is reported by row and column and
skipped, and every other row is still judged.

The file is read and judged in parts (`screen_parts`), so that the command line can write each
part out as soon as it is judged and hold one part at a time, whatever the number of clusters.
`screen_file` keeps every part, compactly: statuses and verdicts as small integer codes in NumPy
arrays, the cells as written in an Arrow table (re-read for a drill-down); no per-row objects.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from assessment.engine.evaluate import evaluate, in_force_warnings
from assessment.engine.indicators import Indicators, indicator_errors
from assessment.engine.policy import Policy, load_policies
from assessment.engine.results import STATUSES, Assessment, Text
from assessment.errors import DataFileError, InputError, Problem
from assessment.present.i18n import t
from assessment.progress import Progress, no_progress
from assessment.screening.columns import PartColumns
from assessment.screening.judge import VERDICTS, Judge
from assessment.screening.read import (
    NAME_KEY,
    YEAR_KEY,
    Column,
    cell_rows,
    columns_of,
    read_batch,
    year_header,
)

__all__ = ["VERDICTS", "BatchResult", "Part", "screen_file", "screen_parts", "summarise"]

EXAMPLE_PREFIXES = ("示例：", "Example: ")  # the template's example rows start so
PART_ROWS = 2000  # rows read and judged at a time

_SCREENED = (t("progress_screened", "zh"), t("progress_screened", "en"))  # the bar's words


@dataclass(frozen=True)
class Part:
    """The clusters judged in one part of the file, every array in file order.

    `rows` (spreadsheet rows), `names`, `verdicts` (n x jurisdictions, codes into `VERDICTS`),
    `statuses` (n x criteria, codes into `results.STATUSES`, criteria in `Judge.columns` order),
    `cells` (the recognised columns as written, one string column each), `problems`.
    """

    rows: np.ndarray
    names: list[str]
    verdicts: np.ndarray
    statuses: np.ndarray
    cells: pa.Table
    problems: list[Problem]


@dataclass(frozen=True)
class BatchResult:
    """The outcome of screening a file of clusters.

    `table`: one row per judged cluster: `row` (its row in the file), `cluster_name`,
    `recognised_by` (how many jurisdictions find it eligible), then per jurisdiction
    `<jurisdiction>.verdict` and `<jurisdiction>.<criterion id>` (green/amber/red/grey, as
    pandas categoricals: one byte a cell).
    `problems`: every bad cell or row (a bad row is skipped) and file-level notes.
    `summary`: {jurisdiction: {"eligible": n, "not_eligible": n, "incomplete": n}}.
    """

    rows: np.ndarray
    names: pa.Array
    verdicts: np.ndarray
    statuses: np.ndarray
    problems: list[Problem]
    summary: dict[str, dict[str, int]]
    on: dt.date
    policies: tuple[Policy, ...]
    cols: tuple[Column, ...] = ()
    cells: pa.Table = field(default_factory=lambda: pa.table({}), repr=False)

    @classmethod
    def of_totals(
        cls,
        summary: dict[str, dict[str, int]],
        problems: list[Problem],
        on: dt.date,
        policies: tuple[Policy, ...],
    ) -> BatchResult:
        """A whole file's summary and problems, its rows already written out (none kept)."""
        return cls(
            rows=np.zeros(0, np.int32),
            names=pa.array([], pa.string()),
            verdicts=np.zeros((0, len(policies)), np.int8),
            statuses=np.zeros((0, sum(len(p.criteria) for p in policies)), np.int8),
            problems=problems,
            summary=summary,
            on=on,
            policies=policies,
        )

    @classmethod
    def of_part(
        cls, part: Part, on: dt.date, policies: tuple[Policy, ...], cols: Sequence[Column]
    ) -> BatchResult:
        """One part of a file as a result of its own (its problems left with the part)."""
        return cls(
            rows=part.rows,
            names=pa.array(part.names, pa.string()),
            verdicts=part.verdicts,
            statuses=part.statuses,
            problems=[],
            summary=summarise(part.verdicts, policies),
            on=on,
            policies=policies,
            cols=tuple(cols),
            cells=part.cells,
        )

    @property
    def recognised_by(self) -> np.ndarray:
        """How many jurisdictions find each cluster eligible (int64, one per row)."""
        return (self.verdicts == VERDICTS.index("eligible")).sum(axis=1).astype("int64")

    @cached_property
    def table(self) -> pd.DataFrame:
        """The statuses as a frame (built once, on first use)."""
        out: dict[str, Any] = {
            "row": self.rows.astype("int64"),
            NAME_KEY: pd.Series(self.names.to_pylist(), dtype=object),
            "recognised_by": self.recognised_by,
        }
        for j, p in enumerate(self.policies):
            out[f"{p.id}.verdict"] = pd.Categorical.from_codes(self.verdicts[:, j], VERDICTS)
        k = 0
        for p in self.policies:
            for c in p.criteria:
                out[f"{p.id}.{c.id}"] = pd.Categorical.from_codes(self.statuses[:, k], STATUSES)
                k += 1
        return pd.DataFrame(out)

    def indicators(self, row: int) -> Indicators:
        """The indicators of the cluster in file row `row`, parsed again from its cells."""
        i = int(np.searchsorted(self.rows, row))
        if i >= len(self.rows) or self.rows[i] != row:
            raise KeyError(row)
        one = pd.DataFrame({c.header: [self.cells[c.header][i].as_py()] for c in self.cols})
        _, data, _, _ = next(iter(cell_rows(one, list(self.cols), row)))
        return Indicators.model_validate(data)

    def assessment(self, row: int) -> Assessment:
        """The full assessment of the cluster in file row `row` (for a drill-down)."""
        return evaluate(self.indicators(row), self.policies, self.on)

    @property
    def assessments(self) -> dict[int, Assessment]:
        """Full assessments of every judged row (slow for thousands of rows: prefer `assessment`)."""
        return {int(r): self.assessment(int(r)) for r in self.rows}

    @property
    def warnings(self) -> list[Text]:
        """A warning for each policy not in force on the screening date."""
        return [w for p in self.policies for w in in_force_warnings(p, self.on)]

    @property
    def skipped_rows(self) -> list[int]:
        """Rows that could not be judged."""
        return sorted({p.row for p in self.problems if p.row is not None})


def summarise(verdicts: np.ndarray, policies: Sequence[Policy]) -> dict[str, dict[str, int]]:
    """{jurisdiction: {"eligible": n, "not_eligible": n, "incomplete": n}} from verdict codes."""
    out: dict[str, dict[str, int]] = {}
    for j, p in enumerate(policies):
        counts = np.bincount(verdicts[:, j], minlength=len(VERDICTS))
        out[p.id] = {v: int(counts[i]) for i, v in enumerate(VERDICTS)}
    return out


def _field_column(err: InputError, cols: Sequence[Column]) -> str:
    top, _, rest = err.field.partition(".")
    if top == YEAR_KEY:
        return year_header(cols, rest or None)
    for c in cols:
        if c.key == top:
            return c.header
    return err.field


def _row_problems(
    row: int, data: dict[str, Any], raw: dict[str, str], cols: Sequence[Column]
) -> list[Problem]:
    """Every value of a row the model refuses, named by the column as written."""
    out = []
    for exc in indicator_errors(data):
        col = _field_column(exc, cols)
        value = data.get(exc.field.split(".")[0])
        shown = raw.get(col) or (None if value is None else json.dumps(value, ensure_ascii=False))
        out.append(Problem(row, col, shown, exc.message_zh, exc.message_en))
    return out


def _example_problem(row: int, name: str) -> Problem:
    return Problem(
        row,
        None,
        name,
        "模板自带的示例行（虚构数据），未计入筛查；请删除该行",
        "an example row from the template (fictional): not screened; delete it",
    )


def _judge_part(columns: PartColumns, first_row: int, judge: Judge, skip: set[int | None]) -> Part:
    """Judge one part: good rows column-wise; a bad row read again cell by cell for its messages."""
    cols = columns.cols
    rows = np.arange(columns.n, dtype=np.int64) + first_row
    name_codes, name_of = columns.names()
    example = np.array([n.startswith(EXAMPLE_PREFIXES) for n in name_of], bool)[name_codes]
    listed = columns.filled & ~np.isin(rows, [r for r in skip if r is not None])
    good = np.flatnonzero(listed & ~columns.bad & ~example)
    problems: list[Problem] = []
    for i in np.flatnonzero(listed & (columns.bad | example)).tolist():
        row = i + first_row
        if example[i]:  # the template's fictional rows, left in the file
            problems.append(_example_problem(row, name_of[name_codes[i]]))
            continue
        # a bad row: every message, from the row read again cell by cell
        one = pd.DataFrame({h: [t] for h, t in columns.row_texts(i).items()}, dtype=object)
        _, again, cell_problems, raw = next(iter(cell_rows(one, cols, row)))
        problems.extend([*cell_problems, *_row_problems(row, again, raw, cols)])
    statuses, verdicts = judge.judge(
        lambda key: columns.column(key, good), len(good), lambda: columns.year_columns(good)
    )
    cells = pa.table({c.header: columns.texts(c.header, good) for c in cols})
    names = [name_of[x] for x in name_codes[good].tolist()]
    return Part(rows[good].astype(np.int32), names, verdicts, statuses, cells, problems)


def _empty_file() -> DataFileError:
    return DataFileError(
        [
            Problem(
                None,
                None,
                None,
                "文件为空：第1行应为表头",
                "the file is empty: row 1 should hold the headers",
            )
        ]
    )


def screen_parts(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    policies: Sequence[Policy] | None = None,
    *,
    progress: Progress = no_progress,
    part_rows: int | None = None,
) -> tuple[list[Column], list[Problem], Judge, Iterator[Part]]:
    """The file's columns, its file-level problems, the judge, and its judged parts as they come.

    The file is read by the one table reader (`read_batch`), then judged part by part. Raises
    `DataFileError` (before any part) when the file cannot be read or has no known column.
    """
    pols = tuple(policies) if policies is not None else load_policies()
    sheet_read = read_batch(data, filename, sheet)
    if sheet_read.unlisted:  # cells that are not values, more than can be named row by row
        raise DataFileError(sheet_read.problems + sheet_read.notices)
    if not sheet_read.names:
        raise _empty_file()
    cols, header_problems = columns_of(sheet_read.part(0, 0), sheet_read.column_empty)
    problems = [*sheet_read.notices, *header_problems, *sheet_read.problems]
    if not cols:
        raise DataFileError(
            problems or [Problem(None, None, None, "没有可识别的列", "no column is recognised")]
        )
    judge = Judge(pols)
    bad = {p.row for p in sheet_read.problems}  # the reader could not place them: not judged
    total = sheet_read.rows
    size = part_rows or PART_ROWS

    seen: dict[str, dict[str, Any]] = {}  # each column's texts converted so far

    def parts() -> Iterator[Part]:  # the cells become Python text one part at a time
        progress(0, total, *_SCREENED)
        for start in range(0, max(total, 1), size):
            columns = PartColumns(cols, sheet_read.cells(start, start + size), seen)
            yield _judge_part(columns, start + 2, judge, bad)
            progress(min(start + size, total), total, *_SCREENED)

    return cols, problems, judge, parts()


def screen_file(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    on: dt.date | None = None,
    policies: Sequence[Policy] | None = None,
    *,
    progress: Progress = no_progress,
) -> BatchResult:
    """Screen a CSV/XLSX of clusters (one per row); raises `DataFileError` only when unreadable."""
    pols = tuple(policies) if policies is not None else load_policies()
    cols, problems, judge, parts = screen_parts(data, filename, sheet, pols, progress=progress)
    got = list(parts)
    problems = [*problems, *(p for part in got for p in part.problems)]
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    nj, nc = len(pols), len(judge.columns)
    verdicts = np.concatenate([p.verdicts for p in got]) if got else np.zeros((0, nj), np.int8)
    return BatchResult(
        rows=np.concatenate([p.rows for p in got]) if got else np.zeros(0, np.int32),
        names=pa.array([n for p in got for n in p.names], pa.string()),
        verdicts=verdicts,
        statuses=np.concatenate([p.statuses for p in got]) if got else np.zeros((0, nc), np.int8),
        problems=problems,
        summary=summarise(verdicts, pols),
        on=on or dt.date.today(),
        policies=pols,
        cols=tuple(cols),
        cells=pa.concat_tables([p.cells for p in got]) if got else pa.table({}),
    )
