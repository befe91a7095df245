"""Pure helpers for the page's sliders: their span, the thresholds under them, and snapping.

Every number a slider shows comes from the policy files (the thresholds) or from the figure's own
limits in `assessment.present.i18n.FIGURE_INPUTS`; nothing here is a threshold.
"""

from __future__ import annotations

from collections.abc import Iterable

from assessment.engine.policy import Policy, ThresholdCriterion
from assessment.present.inputs import NUMBER_DECIMALS, widget_range

__all__ = ["figure_thresholds", "slider_range", "snap_to_baseline", "threshold_text"]


def snap_to_baseline(
    value: float | None, base: float | None, decimals: int = NUMBER_DECIMALS
) -> float | None:
    """`value`, or the file's exact `base` where the two agree as far as the box shows them.

    A number box shows and steps in hundredths: + then - on 38.2238 gives 38.22, and typing the
    shown 38.22 back means "as the file has it". Both return the file's 38.2238, so neither counts
    as a change and no precision is lost.
    """
    if value is None or base is None or isinstance(base, bool):
        return value
    return base if round(float(value), decimals) == round(float(base), decimals) else value


def figure_thresholds(policies: Iterable[Policy], key: str) -> list[tuple[str, str, float]]:
    """(jurisdiction id, operator, threshold) of every threshold criterion reading figure `key`."""
    found: list[tuple[str, str, float]] = []
    for p in policies:
        for c in p.criteria:
            if (
                isinstance(c, ThresholdCriterion)
                and key in (c.indicator, c.fallback_indicator)
                and (p.id, c.operator, float(c.threshold)) not in found
            ):
                found.append((p.id, c.operator, float(c.threshold)))
    return found


def slider_range(
    low: float, high: float, thresholds: Iterable[float], step: float, value: float | None = None
) -> tuple[float, float]:
    """A slider's span: every threshold with room on both sides, within the figure's own limits.

    The room is half the largest threshold or the spread of the thresholds, whichever is wider,
    so that a figure can be dragged well across each line; a value beyond the span widens it.
    """
    ts = [float(x) for x in thresholds]
    if not ts:
        return widget_range(low, high, value)
    room = max(max(ts) - min(ts), abs(max(ts)) / 2, step * 10)
    lo = max(low, step * int((min(ts) - room) / step))
    hi = min(high, step * int((max(ts) + room) / step + 1))
    return widget_range(lo, hi, value)


_OP = {">": ">", ">=": "≥", "<=": "≤"}


def threshold_text(
    policies: Iterable[Policy], thresholds: list[tuple[str, str, float]], unit: str, lang: str
) -> str:
    """'门槛：广州 >60%｜上海 ≥50%｜海南 ≥60%'; a unit other than % is said once, in the head:
    '门槛（亿元）：广州 ≥30｜上海 ≥30｜海南 ≥20'."""
    names = {p.id: (p.document.name_zh if lang == "zh" else p.document.name_en) for p in policies}
    inline = unit if unit == "%" else ""
    parts = []
    for pid, op, x in thresholds:
        num = str(int(x)) if float(x).is_integer() else str(x)
        parts.append(f"{names.get(pid, pid)} {_OP[op]}{num}{inline}")
    if lang == "zh":
        head = "门槛：" if inline or not unit else f"门槛（{unit}）："
        return head + "｜".join(parts)
    head = "Thresholds: " if inline or not unit else f"Thresholds ({unit}): "
    return head + " | ".join(parts)
