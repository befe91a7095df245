"""Judging many clusters at once: each criterion judged once per distinct set of inputs it reads.

Thousands of clusters answer a yes/no question in one of three ways (yes, no, not answered), and
a percentage written to one decimal takes at most a thousand values: so the status of a criterion
for a row is looked up by the values the criterion reads, and the engine judges only the first
row with each set of values. The enterprise tiers (eight title counts) and the yearly outputs
(two decimals) almost never repeat, and every figure takes many values: the rows of the tiers
and threshold criteria are grouped instead by the signature of their comparisons against the
exact bounds, computed column-wise by the engine (`engine.columnwise`), and the engine judges
one row per signature (and alone each row whose figure lies within rounding distance of a
bound); the declarations keep their grouping by values. The judging itself is the engine's,
unchanged: each criterion by `engine.judge.outcome`, the verdict and the routes (广州 1.6) by
`engine.evaluate`; a test keeps this in agreement with `evaluate` on every row, at every bound.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from assessment.engine.columnwise import (
    UNSIGNED,
    Counts,
    by_column,
    output_signature,
    threshold_signature,
    tiers_signature,
)
from assessment.engine.evaluate import margin_of, route_of, verdict_from
from assessment.engine.indicators import Indicators
from assessment.engine.judge import outcome, status_of
from assessment.engine.policy import (
    Criterion,
    DeclarationCriterion,
    Policy,
    ThresholdCriterion,
    TiersCriterion,
    declarations_read,
    route_declarations,
)
from assessment.engine.results import STATUSES

__all__ = ["VERDICTS", "Judge", "inputs_read"]

VERDICTS: tuple[str, ...] = ("eligible", "not_eligible", "incomplete")
# how a criterion weighs on the verdict: CONTRACT.md section 3, not_eligible > incomplete > eligible
_WEIGHT = {"eligible": 0, "incomplete": 1, "not_eligible": 2}
_OF_WEIGHT = np.array([VERDICTS.index(v) for v in sorted(_WEIGHT, key=_WEIGHT.get)], np.int8)
_MEETS = {False: 0, None: 1, True: 2}
_MEETS_OF = (False, None, True)
_YEARS = "output_by_year"
_MEMO_LIMIT = 10_000  # distinct input sets kept per criterion; beyond, the memo starts afresh


def inputs_read(c: Criterion) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The indicator keys whose values decide a criterion's status (a superset is safe).

    (always read, read only when the first key has no value): a threshold falls back to the
    whole-cluster figure, or derives growth from the yearly output, only when its own figure
    is missing (`engine.judge._threshold_value`).
    """
    if isinstance(c, DeclarationCriterion):
        return tuple(declarations_read(c)), ()
    if isinstance(c, TiersCriterion):
        return (*sorted({t for g in c.groups for t in g.titles}), "titled_enterprises"), ()
    assert isinstance(c, ThresholdCriterion)
    stand_ins = [c.fallback_indicator] if c.fallback_indicator else []
    if c.indicator == "output_growth_pct":
        stand_ins.append(_YEARS)
    return (c.indicator, *declarations_read(c)), tuple(stand_ins)


_NONE = Indicators()


class _Rows:
    """The indicators of single rows, built on first use and kept for the other criteria.

    The values were validated by the model already (field by field, or row by row), so the
    row is built as a copy of the empty indicators with them set, without validating again.
    """

    def __init__(self, columns: dict[str, Coded]) -> None:
        self.columns = columns
        self.built: dict[int, Indicators] = {}

    def __getitem__(self, i: int) -> Indicators:
        ind = self.built.get(i)
        if ind is None:
            got = {k: distinct[codes[i]] for k, (codes, distinct) in self.columns.items()}
            ind = self.built[i] = _NONE.model_copy(
                update={k: v for k, v in got.items() if v is not None}
            )
        return ind


def _frozen(v: Any) -> Any:
    """A value as a dictionary key: equal inputs give equal keys."""
    if isinstance(v, dict):
        return tuple(sorted((k, _frozen(x)) for k, x in v.items()))
    if isinstance(v, list):
        return ("list", repr(v))
    return v


_Groups = tuple[np.ndarray, np.ndarray, list[tuple[Any, ...]]]
# an indicator's column: a code per row, and the value of each code (None where empty)
Coded = tuple[np.ndarray, list[Any]]


def _refactorize(combined: np.ndarray) -> tuple[np.ndarray, int]:
    inverse, uniques = pd.factorize(combined)
    return inverse.astype(np.int64), len(uniques)


def _group(
    reads: tuple[tuple[str, ...], tuple[str, ...]], columns: dict[str, Coded], n: int
) -> _Groups:
    """Rows grouped by the values a criterion reads: (first row of each group, group of each
    row, the values of each group, in the order of `reads`, as dictionary keys)."""
    always, if_missing = reads
    codes0, distinct0 = columns[always[0]]
    missing = np.array([v is None for v in distinct0], bool)[codes0]
    combined = np.zeros(n, np.int64)
    size = 1
    parts: list[tuple[list[Any], np.ndarray, np.ndarray | None]] = []
    for r in (*always, *if_missing):
        got, distinct = columns[r]
        m = len(distinct)
        stand_in = r in if_missing and r not in always
        if stand_in:  # read only where the criterion's own figure is missing
            got = np.where(missing, got, m)
            m += 1
        if size * m > 2**62:  # keep the combined code within int64
            combined, size = _refactorize(combined)
        combined = combined * m + got
        size *= m
        parts.append((distinct, got, missing if stand_in else None))
    inverse, uniques = pd.factorize(combined)
    first = np.empty(len(uniques), np.int64)
    first[inverse[::-1]] = np.arange(n - 1, -1, -1)
    keys = [
        tuple(
            distinct[got[i]] if mask is None or mask[i] else None for distinct, got, mask in parts
        )
        for i in first.tolist()
    ]
    return first, inverse, keys


class _Signed:
    """The columns the signatures read (`engine.columnwise`), built on first use."""

    def __init__(
        self, columns: dict[str, Coded], years: Callable[[], dict[str, Coded]], n: int
    ) -> None:
        self.columns = columns
        self.years = years
        self.n = n
        self._counts: dict[str, Counts] = {}
        self._table: tuple[list[int], np.ndarray] | None = None
        self._listed: np.ndarray | None = None

    def counts(self, title: str) -> Counts:
        got = self._counts.get(title)
        if got is None:
            codes, distinct = self.columns[title]
            values = np.array([0 if v is None else v for v in distinct], np.int64)
            given = np.array([v is not None for v in distinct], bool)
            got = self._counts[title] = (values[codes], given[codes])
        return got

    def figure(self, key: str) -> np.ndarray:
        """The indicator's figure per row, NaN where not given."""
        codes, distinct = self.columns[key]
        return np.array([np.nan if v is None else v for v in distinct], float)[codes]

    def answer(self, key: str) -> np.ndarray:
        """Per row, whether the declaration is answered yes (True)."""
        codes, distinct = self.columns[key]
        return np.array([v is True for v in distinct], bool)[codes]

    def listed(self) -> np.ndarray:
        """Rows that list their titled enterprises: counted by the list, judged one by one."""
        if self._listed is None:
            codes, distinct = self.columns["titled_enterprises"]
            self._listed = np.array([v is not None for v in distinct], bool)[codes]
        return self._listed

    def table(self) -> tuple[list[int], np.ndarray]:
        """(the years, oldest first; the yearly outputs per row and year, NaN where not given)."""
        if self._table is None:
            by_year = sorted(self.years().items(), key=lambda kv: int(kv[0]))
            cols = [
                np.array([np.nan if v is None else v for v in d], float)[codes]
                for _, (codes, d) in by_year
            ]
            years = [int(y) for y, _ in by_year]
            table = np.stack(cols, axis=1) if cols else np.zeros((self.n, 0))
            self._table = years, table
        return self._table


class Judge:
    """Statuses and verdicts of many clusters against the policies, judged by the engine."""

    def __init__(self, policies: Sequence[Policy]) -> None:
        self.policies = tuple(policies)
        self.criteria: list[Criterion] = [c for p in self.policies for c in p.criteria]
        self.columns: list[tuple[str, str]] = [
            (p.id, c.id) for p in self.policies for c in p.criteria
        ]
        self._margins = [margin_of(p) for p in self.policies for _ in p.criteria]
        self._reads = [inputs_read(c) for c in self.criteria]
        self._by_column = [by_column(c) for c in self.criteria]
        routes = {k for p in self.policies for k in route_declarations(p)}
        self._keys = sorted({k for r in self._reads for k in (*r[0], *r[1])} | routes)
        self._memo: list[dict[Any, int]] = [{} for _ in self.criteria]
        bounds = np.cumsum([0, *(len(p.criteria) for p in self.policies)])
        self._spans = list(itertools.pairwise(bounds))

    def _one(self, k: int, ind: Indicators) -> int:
        """(status * 3 + weight on the verdict) * 3 + meets (0 no, 1 unknown, 2 yes), as the
        engine judges criterion `k`."""
        c = self.criteria[k]
        out = outcome(c, ind, self._margins[k], detail=False)
        verdict = verdict_from([(out.meets, c.soft, out.applicable, out.exempted)])
        return (STATUSES.index(status_of(out, c.soft)) * 3 + _WEIGHT[verdict]) * 3 + _MEETS[
            out.meets
        ]

    def _signed(self, k: int, signed: _Signed) -> _Groups:
        """Rows grouped by their signature for criterion `k` (`engine.columnwise`); a row without
        one is a group of its own, keyed None (judged, never remembered)."""
        c = self.criteria[k]
        if isinstance(c, TiersCriterion):
            counts = {t: signed.counts(t) for g in c.groups for t in g.titles}
            sig = tiers_signature(c, self._margins[k], counts, signed.n)
            sig[signed.listed()] = UNSIGNED
        else:
            assert isinstance(c, ThresholdCriterion)
            claimed = signed.answer(c.exemption) if c.exemption else None
            if c.indicator == _YEARS:
                years, table = signed.table()
                sig = output_signature(c, self._margins[k], years, table, claimed)
            else:
                own = signed.figure(c.indicator)
                stand_in = signed.figure(c.fallback_indicator) if c.fallback_indicator else None
                yearly = signed.table() if c.indicator == "output_growth_pct" else None
                sig = threshold_signature(
                    c, self._margins[k], own, stand_in, claimed, yearly=yearly
                )
        alone = np.flatnonzero(sig == UNSIGNED)
        sig[alone] = -2 - alone  # each its own group
        inverse, uniques = pd.factorize(sig)
        first = np.empty(len(uniques), np.int64)
        first[inverse[::-1]] = np.arange(signed.n - 1, -1, -1)
        keys = [("signature", s) if s >= 0 else None for s in uniques.tolist()]
        return first, inverse, keys

    def judge(
        self,
        column: Callable[[str], Coded],
        n: int,
        years: Callable[[], dict[str, Coded]],
    ) -> tuple[np.ndarray, np.ndarray]:
        """(statuses n x criteria, verdicts n x policies) as int8 codes into STATUSES / VERDICTS.

        `column(key)`: the indicator's column over the n rows (a code per row, the value of each
        code, None where empty), as the rows say after validation. `years()`: the same for each
        year of the yearly outputs, by year.
        """
        columns = {k: column(k) for k in self._keys}
        frozen: dict[str, Coded] = {}
        rows = _Rows(columns)
        signed = _Signed(columns, years, n)
        groups: dict[tuple[tuple[str, ...], tuple[str, ...]], _Groups] = {}
        packed = np.empty((n, len(self.criteria)), np.int8)
        for k in range(len(self.criteria)):
            if self._by_column[k]:
                first, inverse, keys = self._signed(k, signed)
            else:
                reads = self._reads[k]
                if reads not in groups:
                    for r in (*reads[0], *reads[1]):
                        if r not in frozen:
                            codes, d = columns[r]
                            frozen[r] = (codes, [_frozen(v) for v in d])
                    groups[reads] = _group(reads, frozen, n)
                first, inverse, keys = groups[reads]
            memo = self._memo[k]
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            got = np.empty(len(first), np.int8)
            for u, key in enumerate(keys):
                code = -1 if key is None else memo.get(key, -1)
                if code == -1:  # the first row with these inputs: the engine judges it
                    code = self._one(k, rows[first[u]])
                    if key is not None:
                        memo[key] = code
                got[u] = code
            packed[:, k] = got[inverse]
        statuses = packed // 9
        weights = packed // 3 % 3
        verdicts = np.empty((n, len(self.policies)), np.int8)
        for j, (a, b) in enumerate(self._spans):
            worst = weights[:, a:b].max(axis=1) if b > a else np.zeros(n, np.int8)
            verdicts[:, j] = _OF_WEIGHT[worst]
            self._routes(j, start=a, packed=packed, columns=columns, rows=rows, verdicts=verdicts)
        return statuses, verdicts

    def _routes(
        self,
        j: int,
        *,
        start: int,
        packed: np.ndarray,
        columns: dict[str, Coded],
        rows: _Rows,
        verdicts: np.ndarray,
    ) -> None:
        """The policy's routes (广州 1.6), read by the engine once per distinct set of what they
        read (the route's answers, the verdict, whether the criteria it names are met) among
        the rows that declare one."""
        policy = self.policies[j]
        keys = tuple(route_declarations(policy))
        if not keys:
            return
        opened = np.zeros(len(packed), bool)
        for k in keys:
            codes, distinct = columns[k]
            opened |= np.array([v is True for v in distinct], bool)[codes]
        at = np.flatnonzero(opened)
        if not len(at):
            return
        ids = [c.id for c in policy.criteria]
        named = sorted({ids.index(c) for r in policy.routes for c in r.unless_failed if c in ids})
        read = [
            *(columns[k][0][at] for k in keys),
            *(packed[at, start + x] % 3 for x in named),
            verdicts[at, j],
        ]
        _, first, inverse = np.unique(
            np.stack(read, axis=1), axis=0, return_index=True, return_inverse=True
        )
        got = np.empty(len(first), np.int8)
        for u, i in enumerate(at[first].tolist()):
            meets = {cid: _MEETS_OF[packed[i, start + x] % 3] for x, cid in enumerate(ids)}
            verdict = VERDICTS[verdicts[i, j]]
            got[u] = VERDICTS.index(route_of(policy, rows[i], verdict, meets)[0])
        verdicts[at, j] = got[inverse.reshape(-1)]
