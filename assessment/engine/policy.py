"""Policy files (policies/*.toml) as validated data: the law, and nothing but the law, lives there."""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assessment.engine.names import (
    DECLARATION_KEYS,
    FIGURE_KEYS,
    Dimension,
    Title,
)
from assessment.errors import PolicyFileError

DEFAULT_POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"

Operator = Literal[">", ">=", "<="]
NumericIndicator = Literal[FIGURE_KEYS]  # type: ignore[valid-type]
Declaration = Literal[DECLARATION_KEYS]  # type: ignore[valid-type]

_FROZEN = ConfigDict(extra="forbid", frozen=True)
NonEmpty = Annotated[str, Field(min_length=1)]


class Reading(BaseModel):
    """An interpretive choice where the text is ambiguous, written down and shown to the user."""

    model_config = _FROZEN
    zh: NonEmpty
    en: NonEmpty


class _Common(BaseModel):
    model_config = _FROZEN
    id: NonEmpty
    dimension: Dimension
    name_zh: NonEmpty
    name_en: NonEmpty
    clause: NonEmpty
    quote: NonEmpty  # 原文, verbatim from the source text
    soft: bool = False  # 一般不超过: exceeding is amber with a note, never ineligible
    soft_wording: str | None = None  # the words of the quote that make it soft, e.g. 一般不超过
    reading: Reading | None = None

    @model_validator(mode="after")
    def _soft_wording_quoted(self) -> _Common:
        if self.soft != (self.soft_wording is not None):
            raise ValueError(
                "soft = true needs soft_wording (the quote's own words), and only then"
            )
        if self.soft_wording is not None and self.soft_wording not in self.quote:
            raise ValueError(f"soft_wording '{self.soft_wording}' is not in the quote")
        return self


class ThresholdCriterion(_Common):
    """A figure compared with a threshold: value OP threshold."""

    kind: Literal["threshold"]
    indicator: NumericIndicator
    fallback_indicator: NumericIndicator | None = None  # whole-cluster stand-in for an SME figure
    operator: Operator
    threshold: float
    unit: NonEmpty
    combine: Literal["single", "each_year", "average"] = "single"
    years: int | None = None  # how many latest years `each_year` / `average` look at (近三年 = 3)
    exemption: Declaration | None = None  # a declaration that, when true, waives the criterion

    @model_validator(mode="after")
    def _years_with_combine(self) -> ThresholdCriterion:
        if self.combine != "single":
            if self.indicator != "output_by_year":
                raise ValueError("combine each_year/average reads output_by_year only")
            if not self.years or self.years < 1:
                raise ValueError("combine each_year/average needs years >= 1")
        elif self.indicator == "output_by_year":
            raise ValueError("output_by_year needs combine = each_year or average")
        return self


class TierGroup(BaseModel):
    """One arm of an either-or enterprise test: at least `min_count` enterprises holding a title."""

    model_config = _FROZEN
    titles: list[Title] = Field(min_length=1)
    min_count: int = Field(ge=1)
    leading_industry_only: bool = False
    # titles counted only on a generous reading of the wording (e.g. a provincial champion where
    # the text says 单项冠军企业 and names no level): a pass resting on them is amber
    generous_titles: list[Title] = Field(default_factory=list)
    label_zh: NonEmpty
    label_en: NonEmpty

    @model_validator(mode="after")
    def _generous_among_titles(self) -> TierGroup:
        stray = set(self.generous_titles) - set(self.titles)
        if stray:
            raise ValueError(f"generous_titles not among titles: {', '.join(sorted(stray))}")
        return self


class TiersCriterion(_Common):
    """Either-or enterprise tiers: met when any group reaches its count (operator >=)."""

    kind: Literal["tiers"]
    groups: list[TierGroup] = Field(min_length=1)
    unit: NonEmpty = "家"


class DeclarationCriterion(_Common):
    """A qualitative requirement answered yes/no; met when any of `indicators` is true."""

    kind: Literal["declaration"]
    indicators: list[Declaration] = Field(min_length=1)
    applies_if: Declaration | None = None  # applicable only where this declaration is true


Criterion = Annotated[
    ThresholdCriterion | TiersCriterion | DeclarationCriterion, Field(discriminator="kind")
]


def route_declarations(p: Policy) -> list[str]:
    """The declarations that open a route of the policy (conditions of a route, not criteria)."""
    return [k for r in p.routes for k in r.declarations]


def leading_industry_only_titles(policies: tuple[Policy, ...] | None = None) -> tuple[str, ...]:
    """The titles some policy counts only in the leading industry (`leading_industry_only`)."""
    pols = policies if policies is not None else load_policies()
    held = {
        t
        for p in pols
        for c in p.criteria
        if isinstance(c, TiersCriterion)
        for g in c.groups
        if g.leading_industry_only
        for t in g.titles
    }
    return tuple(t for t in Title.__args__ if t in held)  # type: ignore[attr-defined]


def declarations_read(c: Criterion) -> list[str]:
    """The declaration keys a criterion reads: its answers, its condition, its exemption."""
    if isinstance(c, DeclarationCriterion):
        return [*c.indicators, *([c.applies_if] if c.applies_if else [])]
    if isinstance(c, ThresholdCriterion) and c.exemption:
        return [c.exemption]
    return []


class Route(BaseModel):
    """A way to recognition beside the criteria (广州 1.6: already recognised at a higher level).

    When any of `declarations` is true the verdict is eligible, unless a criterion named in
    `unless_failed` fails (广州 4.3.5 revokes a recognition for the compliance incidents).
    """

    model_config = _FROZEN
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name_zh: NonEmpty
    name_en: NonEmpty
    declarations: list[Declaration] = Field(min_length=1)
    unless_failed: list[str] = Field(default_factory=list)  # criterion ids
    clause: NonEmpty
    quote: NonEmpty
    reading: Reading | None = None


class Document(BaseModel):
    """The document a policy file encodes, and its dates."""

    model_config = _FROZEN
    jurisdiction: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name_zh: NonEmpty
    name_en: NonEmpty
    title_zh: NonEmpty
    title_en: NonEmpty
    issuer_zh: NonEmpty
    issuer_en: NonEmpty
    doc_number: str | None = None  # 文号, where the document has one
    issued: dt.date
    in_force_from: dt.date
    in_force_to: dt.date | None = None  # None: no end date
    territorial_level: Literal["区级", "县级"]
    source_file: NonEmpty
    version: NonEmpty
    readings: list[Reading] = Field(default_factory=list)
    display_order: int = 100  # where its column stands beside the others (lower first)
    # a pass closer to the threshold than this share of it is amber (near_threshold); not law,
    # a caution the policy file owns, with its basis written beside it
    near_margin: Annotated[float, Field(gt=0, lt=1)]
    near_margin_basis: Reading


class Policy(BaseModel):
    """One jurisdiction's recognition criteria."""

    model_config = _FROZEN
    document: Document
    criteria: list[Criterion] = Field(min_length=1)
    routes: list[Route] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Policy:
        seen: set[str] = set()
        for c in self.criteria:
            if c.id in seen:
                raise ValueError(f"criterion id '{c.id}' appears twice")
            seen.add(c.id)
        for r in self.routes:
            unknown = set(r.unless_failed) - seen
            if unknown:
                raise ValueError(f"route '{r.id}': unless_failed names no criterion: {unknown}")
        return self

    @property
    def id(self) -> str:
        """The jurisdiction key, e.g. "guangzhou"."""
        return self.document.jurisdiction

    def in_force(self, on: dt.date) -> bool:
        """Whether the document is in force on `on`."""
        doc = self.document
        return doc.in_force_from <= on and (doc.in_force_to is None or on <= doc.in_force_to)


def _where(raw: object, loc: tuple[int | str, ...]) -> str:
    """'criteria[3] (id=sme_output_share), field operator' for error messages."""
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "criteria" and isinstance(parts[1], int):
        i = parts[1]
        crits = raw.get("criteria") if isinstance(raw, dict) else None
        item = crits[i] if isinstance(crits, list) and i < len(crits) else None
        cid = item.get("id", "?") if isinstance(item, dict) else "?"
        rest = [str(p) for p in parts[2:] if p not in ("threshold", "tiers", "declaration")]
        return f"criteria[{i}] (id={cid})" + (f", field '{'.'.join(rest)}'" if rest else "")
    return ".".join(str(p) for p in parts)


def load_policy(path: Path) -> Policy:
    """Load and validate one policy file; `PolicyFileError` names the file, criterion and field."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PolicyFileError(f"找不到政策文件 {path}", f"policy file not found: {path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PolicyFileError(
            f"政策文件 {path.name} 不是有效的 TOML：{exc}",
            f"policy file {path.name} is not valid TOML: {exc}",
        ) from None
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        problems = []
        # a typo'd key also shows up as the missing right key: name the typo first
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        for err in errors[:5]:
            where = _where(raw, tuple(err["loc"]))
            msg = err["msg"]
            if err["type"] == "extra_forbidden":
                msg = f"unknown key '{err['loc'][-1]}'"
            elif err["type"] == "missing":
                msg = f"missing key '{err['loc'][-1]}'"
            problems.append(f"{where}: {msg}")
        detail = "; ".join(problems)
        raise PolicyFileError(
            f"政策文件 {path.name} 有误：{detail}", f"policy file {path.name} is invalid: {detail}"
        ) from None


@cache
def _load_dir(directory: Path, stamp: tuple[tuple[str, float], ...]) -> tuple[Policy, ...]:
    del stamp  # part of the cache key only: a changed file is read again
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise PolicyFileError(
            f"目录 {directory} 中没有政策文件（*.toml）", f"no policy files (*.toml) in {directory}"
        )
    policies = [load_policy(f) for f in files]
    ids = [p.id for p in policies]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise PolicyFileError(
            f"多个政策文件使用同一辖区标识：{', '.join(sorted(dupes))}",
            f"several policy files use the same jurisdiction: {', '.join(sorted(dupes))}",
        )
    return tuple(policies)


def load_policies(directory: Path | str | None = None) -> tuple[Policy, ...]:
    """Every policy file in `directory` (default: the project's policies/), in display order."""
    d = Path(directory) if directory is not None else DEFAULT_POLICY_DIR
    if not d.is_dir():
        raise PolicyFileError(f"政策目录不存在：{d}", f"policy directory does not exist: {d}")
    stamp = tuple((f.name, f.stat().st_mtime) for f in sorted(d.glob("*.toml")))
    policies = _load_dir(d.resolve(), stamp)
    return tuple(sorted(policies, key=lambda p: (p.document.display_order, p.id)))
