"""Batch screening: many clusters in one file, one row each, judged against every policy.

A row is one cluster with the indicator keys of the contract as columns (English keys or
Chinese headers). Each row is independent: a bad row is reported by row and column and
skipped, and every other row is still judged.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from assessment.engine.evaluate import evaluate, in_force_warnings, screen
from assessment.engine.indicators import (
    Indicators,
    indicator_errors,
    parse_indicators,
)
from assessment.engine.policy import Policy, load_policies
from assessment.engine.results import Assessment, Text
from assessment.errors import DataFileError, InputError, Problem
from assessment.screening.read import (
    NAME_KEY,
    YEAR_KEY,
    Column,
    cell_rows,
    columns_of,
    read_batch,
    year_header,
)

EXAMPLE_PREFIXES = ("示例：", "Example: ")  # the template's example rows start so

# ------------------------------------------------------------------ screening


@dataclass(frozen=True)
class BatchResult:
    """The outcome of screening a file of clusters.

    `table`: one row per judged cluster: `row` (its row in the file), `cluster_name`,
    `recognised_by` (how many jurisdictions find it eligible), then per jurisdiction
    `<jurisdiction>.verdict` and `<jurisdiction>.<criterion id>` (green/amber/red/grey).
    `problems`: every bad cell or row (a bad row is skipped) and file-level notes.
    `summary`: {jurisdiction: {"eligible": n, "not_eligible": n, "incomplete": n}}.
    """

    table: pd.DataFrame
    problems: list[Problem]
    summary: dict[str, dict[str, int]]
    on: dt.date
    policies: tuple[Policy, ...]
    indicators: dict[int, Indicators] = field(default_factory=dict)  # by row of the file

    def assessment(self, row: int) -> Assessment:
        """The full assessment of the cluster in file row `row` (for a drill-down)."""
        return evaluate(self.indicators[row], self.policies, self.on)

    @property
    def assessments(self) -> dict[int, Assessment]:
        """Full assessments of every judged row (slow for thousands of rows: prefer `assessment`)."""
        return {r: self.assessment(r) for r in self.indicators}

    @property
    def warnings(self) -> list[Text]:
        """A warning for each policy not in force on the screening date."""
        return [w for p in self.policies for w in in_force_warnings(p, self.on)]

    @property
    def skipped_rows(self) -> list[int]:
        """Rows that could not be judged."""
        return sorted({p.row for p in self.problems if p.row is not None})


def _field_column(err: InputError, cols: Sequence[Column]) -> str:
    top, _, rest = err.field.partition(".")
    if top == YEAR_KEY:
        return year_header(cols, rest or None)
    for c in cols:
        if c.key == top:
            return c.header
    return err.field


def _screen(
    rows: Iterable[tuple[int, dict[str, Any], list[Problem], dict[str, str]]],
    cols: list[Column],
    problems: list[Problem],
    on: dt.date | None,
    policies: Sequence[Policy] | None,
) -> BatchResult:
    day = on or dt.date.today()
    pols = tuple(policies) if policies is not None else load_policies()
    problems = list(problems)
    judged_rows: list[int] = []
    names: list[str] = []
    per: dict[str, tuple[list[str], dict[str, list[str]]]] = {
        p.id: ([], {c.id: [] for c in p.criteria}) for p in pols
    }
    inds: dict[int, Indicators] = {}
    for row, data, cell_problems, raw in rows:
        name = str(data.get(NAME_KEY) or "")
        if name.startswith(EXAMPLE_PREFIXES):  # the template's fictional rows, left in the file
            problems.append(
                Problem(
                    row,
                    None,
                    name,
                    "模板自带的示例行（虚构数据），未计入筛查；请删除该行",
                    "an example row from the template (fictional): not screened; delete it",
                )
            )
            continue
        # every problem of the row: cells that did not parse, then every value the model refuses
        row_problems = list(cell_problems)
        for exc in indicator_errors(data):
            col = _field_column(exc, cols)
            value = data.get(exc.field.split(".")[0])
            shown = raw.get(col) or (
                None if value is None else json.dumps(value, ensure_ascii=False)
            )
            row_problems.append(Problem(row, col, shown, exc.message_zh, exc.message_en))
        if row_problems:
            problems.extend(row_problems)
            continue
        ind = parse_indicators(data)
        inds[row] = ind
        judged_rows.append(row)
        names.append(ind.cluster_name or "")
        for jid, (verdict, statuses) in screen(ind, pols).items():
            verdicts, crit = per[jid]
            verdicts.append(verdict)
            for cid, st in statuses.items():
                crit[cid].append(st)
    columns: dict[str, Any] = {"row": judged_rows, NAME_KEY: names}
    recognised = [0] * len(judged_rows)
    summary: dict[str, dict[str, int]] = {}
    for jid, (verdicts, _) in per.items():
        columns[f"{jid}.verdict"] = verdicts
        for i, v in enumerate(verdicts):
            recognised[i] += v == "eligible"
        summary[jid] = {k: verdicts.count(k) for k in ("eligible", "not_eligible", "incomplete")}
    columns["recognised_by"] = recognised
    for jid, (_, crit) in per.items():
        for cid, sts in crit.items():
            columns[f"{jid}.{cid}"] = sts
    table = pd.DataFrame(columns)
    order = ["row", NAME_KEY, "recognised_by"] + [
        c for c in table.columns if c not in ("row", NAME_KEY, "recognised_by")
    ]
    table = table[order].astype({"row": "int64", "recognised_by": "int64"})
    problems.sort(key=lambda p: (p.row is not None, p.row or 0))
    return BatchResult(
        table=table, problems=problems, summary=summary, on=day, policies=pols, indicators=inds
    )


def screen_file(
    data: bytes,
    filename: str,
    sheet: str | None = None,
    on: dt.date | None = None,
    policies: Sequence[Policy] | None = None,
) -> BatchResult:
    """Screen a CSV/XLSX of clusters (one per row); raises `DataFileError` only when unreadable."""
    sheet_read = read_batch(data, filename, sheet)
    frame = sheet_read.frame
    if sheet_read.unlisted:  # cells that are not values, more than can be named row by row
        raise DataFileError(sheet_read.problems + sheet_read.notices)
    if frame.columns.empty:
        raise DataFileError(
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
    cols, problems = columns_of(frame)
    problems = [*sheet_read.notices, *problems, *sheet_read.problems]
    if not cols:
        raise DataFileError(
            problems or [Problem(None, None, None, "没有可识别的列", "no column is recognised")]
        )
    bad = {p.row for p in sheet_read.problems}  # the reader could not place them: not judged
    rows = (r for r in cell_rows(frame, cols) if r[0] not in bad)
    return _screen(rows, cols, problems, on, policies)
