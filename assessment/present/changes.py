"""What the user changed from the file's (or sample's) values: one row per field, in words.

`changes` compares the CONTRACT objects before and after the user's edits (numbers as the boxes
round them, `NUMBER_DECIMALS`) and names each field as the page does (`field_label`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assessment.present.i18n import DECLARATION_LABEL, FIGURE_INPUTS, TITLE_LABEL
from assessment.present.inputs import NUMBER_DECIMALS, same_value
from assessment.present.vocabulary import INDICATOR_UNIT, UNIT_ENTERED

__all__ = ["changes", "field_label"]


def field_label(key: str, lang: str) -> str:
    """A human label for an indicator key, in the language."""
    i = 1 if lang == "en" else 0
    for f in FIGURE_INPUTS:
        if f.key == key:
            return f.label(lang)
    if key in TITLE_LABEL:
        return TITLE_LABEL[key][i]
    if key in DECLARATION_LABEL:
        return DECLARATION_LABEL[key][i]
    return {
        "output_by_year": (
            f"各年产值（{UNIT_ENTERED['zh'][INDICATOR_UNIT['output']]}）",
            f"Output by year ({UNIT_ENTERED['en'][INDICATOR_UNIT['output']]})",
        ),
        "cluster_name": ("集群名称", "Cluster name"),
        "titled_enterprises": ("获评企业名单", "List of titled enterprises"),
    }.get(key, (key, key))[i]


def _show(v: Any, lang: str) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return ("是" if v else "否") if lang == "zh" else ("yes" if v else "no")
    if isinstance(v, dict):
        return ", ".join(f"{k}: {_show(x, lang)}" for k, x in v.items())
    if isinstance(v, list):
        return f"{len(v)}"
    if isinstance(v, float):
        v = round(v, NUMBER_DECIMALS)
        return str(int(v)) if v.is_integer() else str(v)
    return str(v)


def changes(
    current: Mapping[str, Any], baseline: Mapping[str, Any], lang: str
) -> list[dict[str, str]]:
    """What the user changed from the file's values: one row (field, was, now) per change."""
    rows: list[dict[str, str]] = []
    skip = {"derivations", "titled_enterprises"}
    keys = [k for k in dict.fromkeys([*baseline, *current]) if k not in skip]
    for k in keys:
        a, b = baseline.get(k), current.get(k)
        if a == b or (a is not None and b is not None and same_value(a, b)):
            continue
        rows.append(
            {"field": field_label(k, lang), "before": _show(a, lang), "after": _show(b, lang)}
        )
    return rows
