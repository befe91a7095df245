"""The result format of FORMATS.md section 2, as pydantic models (what evaluation returns)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assessment.engine.indicators import Derivation

Status = Literal["green", "amber", "red", "grey"]
Verdict = Literal["eligible", "not_eligible", "incomplete"]
STATUSES: tuple[str, ...] = ("green", "amber", "red", "grey")

_FROZEN = ConfigDict(extra="forbid", frozen=True)


class Text(BaseModel):
    """A message in both languages."""

    model_config = _FROZEN
    zh: str
    en: str


class TierCount(BaseModel):
    """One arm of an either-or enterprise test, as counted."""

    model_config = _FROZEN
    label_zh: str
    label_en: str
    count: int | None  # None: some per-title count is missing
    min_count: int
    met: bool | None


class CriterionResult(BaseModel):
    """One criterion judged under one jurisdiction."""

    model_config = _FROZEN
    id: str
    kind: Literal["threshold", "tiers", "declaration"]
    dimension: str
    name_zh: str
    name_en: str
    status: Status
    meets: bool | None
    value: float | bool | None
    operator: str
    threshold: float | bool
    unit: str
    gap: float | None
    soft: bool
    soft_wording: str | None = None  # the quote's words that make it soft, e.g. 一般不超过
    applicable: bool
    exempted: bool = False
    clause: str
    quote: str
    note: str = ""  # Chinese; `note_en` in English
    note_en: str = ""
    flags: list[str] = []  # machine-readable reasons: near_threshold, fallback_basis, ...
    indicator: str | None = None  # the indicator the criterion reads
    basis: str | None = None  # the indicator actually used (differs on fallback)
    derivation: Derivation | None = None
    tiers: list[TierCount] | None = None
    year_values: dict[str, float] | None = None  # output_scale: the years looked at
    combine: str | None = None  # output_scale: "each_year" (均在) or "average" (年均)
    reading: Text | None = None


class PolicyInfo(BaseModel):
    """Which policy version judged, and whether it is in force on the assessment date."""

    model_config = _FROZEN
    title_zh: str
    title_en: str
    issuer_zh: str
    issuer_en: str
    doc_number: str | None
    version: str
    issued: dt.date
    in_force_from: dt.date
    in_force_to: dt.date | None
    in_force: bool
    territorial_level: str
    source_file: str
    readings: list[Text]


class Route(BaseModel):
    """A way to recognition beside the criteria (广州 1.6: already recognised nationally or provincially)."""

    model_config = _FROZEN
    id: str
    clause: str
    quote: str
    name_zh: str = ""  # e.g. 已获省级集群认定，按1.6自动认定
    name_en: str = ""


class JurisdictionResult(BaseModel):
    """Every criterion of one jurisdiction, and its verdict."""

    model_config = _FROZEN
    jurisdiction: str
    name_zh: str
    name_en: str
    verdict: Verdict
    route: Route | None = None  # the route that decided the verdict (FORMATS.md, edition 2), if any
    policy: PolicyInfo
    counts: dict[str, int]
    warnings: list[Text]
    criteria: list[CriterionResult]

    def criterion(self, cid: str) -> CriterionResult | None:
        """The result of criterion `cid`, or None where this jurisdiction does not ask it."""
        return next((c for c in self.criteria if c.id == cid), None)


class Assessment(BaseModel):
    """The whole answer: one result per jurisdiction, judged on `assessment_date`."""

    model_config = _FROZEN
    assessment_date: dt.date
    cluster_name: str | None = None
    results: list[JurisdictionResult]

    def result(self, jurisdiction: str) -> JurisdictionResult:
        """The result for one jurisdiction key."""
        return next(r for r in self.results if r.jurisdiction == jurisdiction)
