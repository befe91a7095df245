"""Boundary cases as data: every `cases/<jurisdiction>.toml` beside a policy file is run here.

Generic on purpose: any directory holding `<jurisdiction>.toml` and `cases/<jurisdiction>.toml`
(the shipped policies/, or a fictional jurisdiction under tests/) is picked up with no code change.
Each cases file has a `[base]` of indicators meeting every criterion of its jurisdiction and a list
of `[[cases]]`, each changing the base (`set`, `unset`) and stating what must come out.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from assessment.engine.evaluate import evaluate_policy
from assessment.engine.indicators import Indicators
from assessment.engine.policy import (
    DEFAULT_POLICY_DIR,
    Policy,
    ThresholdCriterion,
    TiersCriterion,
    load_policy,
)
from assessment.engine.results import JurisdictionResult

ROOT = Path(__file__).resolve().parent.parent
CASE_FILES = sorted(
    {*DEFAULT_POLICY_DIR.glob("cases/*.toml"), *(ROOT / "tests").glob("**/cases/*.toml")}
)


class Case(BaseModel):
    """One case: the base with `set` applied and `unset` removed, and what must come out."""

    model_config = ConfigDict(extra="forbid")
    name: str
    clause: str  # where the text says it ("-" where the jurisdiction does not ask it)
    criterion: str | None = None
    set: dict[str, Any] = Field(default_factory=dict)
    unset: list[str] = Field(default_factory=list)
    meets: bool | Literal["null"] | None = None  # None: not checked; "null": unknown
    status: Literal["green", "amber", "red", "grey"] | None = None
    applicable: bool | None = None
    verdict: Literal["eligible", "not_eligible", "incomplete"]
    route: str | None = None  # "" for no route
    flags: list[str] = Field(default_factory=list)
    not_flags: list[str] = Field(default_factory=list)


class CaseFile(BaseModel):
    """A cases file: its jurisdiction, the passing base, the cases."""

    model_config = ConfigDict(extra="forbid")
    jurisdiction: str
    base: dict[str, Any]
    cases: list[Case] = Field(min_length=1)


def _load(path: Path) -> tuple[Policy, CaseFile]:
    cases = CaseFile.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    policy = load_policy(path.parent.parent / f"{cases.jurisdiction}.toml")
    assert policy.id == cases.jurisdiction == path.stem
    return policy, cases


def _run(policy: Policy, base: dict[str, Any], case: Case) -> JurisdictionResult:
    data = {k: v for k, v in (base | case.set).items() if k not in case.unset}
    return evaluate_policy(Indicators.model_validate(data), policy, policy.document.in_force_from)


def _all_cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        policy, cases = _load(path)
        for i, case in enumerate(cases.cases):
            params.append(
                pytest.param(policy, cases.base, case, id=f"{path.stem}-{i}-{case.name[:60]}")
            )
    return params


def test_there_are_cases_for_every_shipped_jurisdiction():
    shipped = {p.stem for p in DEFAULT_POLICY_DIR.glob("*.toml")}
    assert shipped <= {p.stem for p in CASE_FILES}


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_the_base_meets_every_criterion(path: Path):
    policy, cases = _load(path)
    result = evaluate_policy(
        Indicators.model_validate(cases.base), policy, policy.document.in_force_from
    )
    assert result.verdict == "eligible" and result.route is None
    assert all(c.meets is True or not c.applicable for c in result.criteria), [
        c.id for c in result.criteria if c.meets is not True and c.applicable
    ]


@pytest.mark.parametrize(("policy", "base", "case"), _all_cases())
def test_case(policy: Policy, base: dict[str, Any], case: Case):
    result = _run(policy, base, case)
    assert result.verdict == case.verdict
    if case.route is not None:
        assert (result.route.id if result.route else "") == case.route
    if case.criterion is None:
        return
    c = result.criterion(case.criterion)
    assert c is not None, f"{policy.id} has no criterion {case.criterion}"
    if case.clause != "-":
        assert case.clause in (c.clause, *(r.clause for r in policy.routes))
    if case.meets is not None:
        assert c.meets is (None if case.meets == "null" else case.meets), c.note_en
    if case.status is not None:
        assert c.status == case.status, (c.flags, c.note_en)
    if case.applicable is not None:
        assert c.applicable is case.applicable
    assert set(case.flags) <= set(c.flags), c.flags
    assert not set(case.not_flags) & set(c.flags), c.flags


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_numeric_criterion_has_cases_below_at_and_above_its_threshold(path: Path):
    policy, cases = _load(path)
    sides: dict[str, set[str]] = {
        c.id: set() for c in policy.criteria if isinstance(c, ThresholdCriterion | TiersCriterion)
    }
    for case in cases.cases:
        if case.criterion not in sides:
            continue
        c = _run(policy, cases.base, case).criterion(case.criterion)
        assert c is not None
        if isinstance(c.value, float) and not isinstance(c.value, bool) and c.meets is not None:
            t = float(c.threshold)
            sides[c.id].add("below" if c.value < t else "at" if c.value == t else "above")
    missing = {cid: {"below", "at", "above"} - s for cid, s in sides.items()}
    assert not any(missing.values()), {k: v for k, v in missing.items() if v}
