"""Who asks what: the jurisdictions whose criteria read each input, and the inputs by dimension.

The page labels each figure, title count and declaration with the jurisdictions that ask for it
(「广州、海南」), and groups the inputs under the dimensions of the law; both are read from the
policy files, so a new jurisdiction's questions appear with no code change.
"""

from __future__ import annotations

from collections.abc import Iterable

from assessment.engine.names import DECLARATION_KEYS
from assessment.engine.policy import (
    Policy,
    ThresholdCriterion,
    declarations_read,
    route_declarations,
)
from assessment.present.i18n import FIGURE_INPUTS, FigureInput
from assessment.present.route_questions import ROUTE_GROUP

__all__ = [
    "asked_by_text",
    "declaration_askers",
    "declarations_by_dimension",
    "figure_askers",
    "figures_by_dimension",
]


def _names(policies: Iterable[Policy], lang: str, wanted: Iterable[str]) -> list[str]:
    ids = list(wanted)
    return [
        (p.document.name_zh if lang == "zh" else p.document.name_en)
        for p in policies
        if p.id in ids
    ]


def declaration_askers(policies: Iterable[Policy]) -> dict[str, list[str]]:
    """For each declaration key, the jurisdictions whose criteria read it (directly, as the
    condition of applying, or as an exemption), in display order."""
    pols = tuple(policies)
    found: dict[str, list[str]] = {k: [] for k in DECLARATION_KEYS}
    for p in pols:
        for c in p.criteria:
            for k in declarations_read(c):
                if p.id not in found[k]:
                    found[k].append(p.id)
    return found


def figure_askers(policies: Iterable[Policy]) -> dict[str, list[str]]:
    """For each figure key, the jurisdictions whose threshold criteria read it (or fall back to it)."""
    found: dict[str, list[str]] = {}
    for p in policies:
        for c in p.criteria:
            if isinstance(c, ThresholdCriterion):
                for k in (c.indicator, c.fallback_indicator):
                    if k and p.id not in found.setdefault(k, []):
                        found[k].append(p.id)
            elif c.kind == "tiers":
                for g in c.groups:
                    for k in g.titles:
                        if p.id not in found.setdefault(k, []):
                            found[k].append(p.id)
    return found


def asked_by_text(ids: list[str], policies: Iterable[Policy], lang: str) -> str:
    """'广州、海南' / 'Guangzhou, Hainan' for a list of jurisdiction ids."""
    names = _names(policies, lang, ids)
    return ("、" if lang == "zh" else ", ").join(names)


def figures_by_dimension(dimensions: Iterable[str]) -> list[tuple[str, list[FigureInput]]]:
    """The figure inputs grouped by dimension, in the order given."""
    return [
        (d, [f for f in FIGURE_INPUTS if f.dimension == d])
        for d in dimensions
        if any(f.dimension == d for f in FIGURE_INPUTS)
    ]


def declarations_by_dimension(
    policies: Iterable[Policy], dimensions: Iterable[str]
) -> list[tuple[str, list[str]]]:
    """Declaration keys grouped by the dimension of the first criterion that reads them; those
    that only open a route (广州 1.6) come next, under ROUTE_GROUP; any other last, under ''."""
    pols = tuple(policies)
    where: dict[str, str] = {}
    for p in pols:
        for c in p.criteria:
            for k in declarations_read(c):
                where.setdefault(k, c.dimension)
    groups = [(d, [k for k in DECLARATION_KEYS if where.get(k) == d]) for d in dimensions]
    opens = {k for p in pols for k in route_declarations(p)}
    groups.append((ROUTE_GROUP, [k for k in DECLARATION_KEYS if k in opens and k not in where]))
    rest = [k for k in DECLARATION_KEYS if k not in where and k not in opens]
    if rest:
        groups.append(("", rest))
    return [(d, ks) for d, ks in groups if ks]
