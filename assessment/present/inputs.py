"""Pure helpers for the dashboard's inputs: widget keys, widget state <-> indicators.

No streamlit here: the page passes plain dicts in and gets plain dicts out, so all of it is tested
without a browser. Widget keys are named here so the page and its tests agree on them. Beside
them, the page's small text helpers: Markdown escaping, the language from the URL, export names.
What changed from the file's values is `changes`; who asks for each input is `askers`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from assessment.engine.exact import growth_pct
from assessment.engine.indicators import Indicators, parse_indicators
from assessment.engine.names import DECLARATION_KEYS, RECENT_YEARS, TITLE_KEYS
from assessment.present.i18n import FIGURE_INPUTS

__all__ = [
    "ANSWERS",
    "DEFAULT_YEAR_COUNT",
    "MAX_YEARS",
    "NO",
    "NUMBER_DECIMALS",
    "UNSET",
    "YES",
    "blank_state",
    "build_indicators",
    "decl_key",
    "default_latest_year",
    "export_stem",
    "fig_key",
    "indicators_dict",
    "md_escape",
    "parse_lang",
    "same_value",
    "state_from_indicators",
    "title_key",
    "widget_range",
    "without_derivable_growth",
    "year_key",
    "year_slots",
]

YES, NO, UNSET = "yes", "no", "unset"
NUMBER_DECIMALS = 2  # a number box shows and steps in hundredths; the change list rounds alike
ANSWERS: tuple[str, ...] = (YES, NO, UNSET)
MAX_YEARS = 6
DEFAULT_YEAR_COUNT = 3


def fig_key(key: str) -> str:
    """Widget key of a figure's number box."""
    return f"fig_{key}"


def title_key(key: str) -> str:
    """Widget key of a title count."""
    return f"title_{key}"


def decl_key(key: str) -> str:
    """Widget key of a declaration's yes / no / not-answered choice."""
    return f"decl_{key}"


def year_key(slot: int) -> str:
    """Widget key of the output box in year slot `slot` (0 = the oldest year shown)."""
    return f"out_{slot}"


def default_latest_year(today: dt.date | None = None) -> int:
    """The last complete year: statistics for a year are published during the next."""
    return (today or dt.date.today()).year - 1


def blank_state(latest_year: int | None = None) -> dict[str, Any]:
    """Every input empty: figures unknown, declarations not answered."""
    state: dict[str, Any] = {
        "cluster_name": "",
        "years_last": latest_year or default_latest_year(),
        "years_count": DEFAULT_YEAR_COUNT,
    }
    state.update({fig_key(f.key): None for f in FIGURE_INPUTS})
    state.update({title_key(k): None for k in TITLE_KEYS})
    state.update({decl_key(k): UNSET for k in DECLARATION_KEYS})
    state.update({year_key(i): None for i in range(MAX_YEARS)})
    return state


def _plain(x: float | None, integer: bool = False) -> float | int | None:
    if x is None:
        return None
    return int(x) if integer else float(x)


def without_derivable_growth(ind: Indicators) -> Indicators:
    """`ind` without `output_growth_pct` where it is just the growth of `output_by_year`.

    A file's (or sample's) growth computed from its yearly output must follow a what-if edit of
    those years: left empty, the engine derives it from the years as they stand (CONTRACT.md
    section 1). A growth that differs from the years' is the user's own figure and stays.
    """
    years = ind.years()[-RECENT_YEARS:]  # the engine derives growth over 近三年 only
    if ind.output_growth_pct is None or len(years) < 2 or ind.output_by_year is None:
        return ind
    derived = growth_pct(
        ind.output_by_year[str(years[0])], ind.output_by_year[str(years[-1])], years[-1] - years[0]
    )
    given = ind.output_growth_pct
    if derived is None or abs(derived - given) > 1e-9 * max(1.0, abs(given)):
        return ind
    return ind.model_copy(update={"output_growth_pct": None})


def state_from_indicators(ind: Indicators, latest_year: int | None = None) -> dict[str, Any]:
    """The widget values that show `ind` (every widget key gets a value)."""
    state = blank_state(latest_year)
    state["cluster_name"] = ind.cluster_name or ""
    for f in FIGURE_INPUTS:
        state[fig_key(f.key)] = _plain(getattr(ind, f.key), f.integer)
    for k in TITLE_KEYS:
        state[title_key(k)] = getattr(ind, k)
    if ind.titled_enterprises is not None:  # counts shown are the per-title counts of the list
        for k in TITLE_KEYS:
            if getattr(ind, k) is None:
                state[title_key(k)] = sum(1 for e in ind.titled_enterprises if k in e.titles)
    for k in DECLARATION_KEYS:
        v = getattr(ind, k)
        state[decl_key(k)] = UNSET if v is None else (YES if v else NO)
    years = ind.years()[-MAX_YEARS:]
    if years:
        state["years_last"] = years[-1]
        state["years_count"] = max(len(years), 1)
        assert ind.output_by_year is not None
        for i, y in enumerate(years):
            state[year_key(i)] = float(ind.output_by_year[str(y)])
    return state


def widget_range(low: float, high: float, value: float | None) -> tuple[float, float]:
    """The widget's range, widened to hold a file's value beyond the usual one (never an error)."""
    if value is None:
        return low, high
    return min(low, value), max(high, value)


def year_slots(state: Mapping[str, Any]) -> list[int]:
    """The years the output boxes stand for, oldest first."""
    last = int(state.get("years_last") or default_latest_year())
    count = max(1, min(int(state.get("years_count") or DEFAULT_YEAR_COUNT), MAX_YEARS))
    return list(range(last - count + 1, last + 1))


def indicators_dict(state: Mapping[str, Any], baseline: Indicators | None = None) -> dict[str, Any]:
    """The CONTRACT JSON object the widgets describe (not yet validated: see parse_indicators).

    From `baseline` (the file or sample the inputs were filled from) it keeps what widgets cannot
    show: the list of titled enterprises while no title count was changed, and the derivation of
    every figure whose value is still the file's.
    """
    out: dict[str, Any] = {}
    name = str(state.get("cluster_name") or "").strip()
    if name:
        out["cluster_name"] = name
    years = {str(y): state.get(year_key(i)) for i, y in enumerate(year_slots(state))}
    years = {y: float(v) for y, v in years.items() if v is not None}
    if years:
        out["output_by_year"] = years
    for f in FIGURE_INPUTS:
        v = _plain(state.get(fig_key(f.key)), f.integer)
        if v is not None:
            out[f.key] = v
    titles = {k: state.get(title_key(k)) for k in TITLE_KEYS}
    for k, v in titles.items():
        if v is not None:
            out[k] = int(v)
    for k in DECLARATION_KEYS:
        answer = state.get(decl_key(k), UNSET)
        if answer in (YES, NO):
            out[k] = answer == YES
    if baseline is not None:
        _keep_from_baseline(out, titles, baseline)
    return out


def build_indicators(state: Mapping[str, Any], baseline: Indicators | None = None) -> Indicators:
    """Validate what the widgets describe; raises `InputError` naming the bad field.

    What is carried over from `baseline` unchanged (its list of titled enterprises, derivations)
    was validated with the baseline and is reused as is: a 100,000-row member file yields
    thousands of titled enterprises, and re-validating them on every slider move costs 60 ms.
    """
    light = indicators_dict(state, baseline)
    titled = light.pop("titled_enterprises", None)
    derivations = light.pop("derivations", None)
    ind = parse_indicators(light)
    update: dict[str, Any] = {}
    if titled is not None and baseline is not None:
        update["titled_enterprises"] = baseline.titled_enterprises
    if derivations and baseline is not None and baseline.derivations:
        update["derivations"] = {k: baseline.derivations[k] for k in derivations}
    return ind.model_copy(update=update) if update else ind


def _keep_from_baseline(
    out: dict[str, Any], titles: Mapping[str, Any], baseline: Indicators
) -> None:
    """Carry over the list of titled enterprises and the derivations the widgets leave intact."""
    base = baseline.to_json_dict()
    if base.get("titled_enterprises") is not None:
        shown = state_from_indicators(baseline)
        if all(titles[k] == shown[title_key(k)] for k in TITLE_KEYS):
            out["titled_enterprises"] = base["titled_enterprises"]
            for k in TITLE_KEYS:  # the list counts; per-title numbers only as the file had them
                if k not in base:
                    out.pop(k, None)
    derivations = {
        k: d
        for k, d in (base.get("derivations") or {}).items()
        if same_value(out.get(k), base.get(k))
        or (k == "titled_enterprises" and "titled_enterprises" in out)
    }
    if derivations:
        out["derivations"] = derivations


def same_value(a: Any, b: Any) -> bool:
    """Whether two indicator values are the same: numbers by value, dicts key by key."""
    if a is None or b is None:
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if (
        isinstance(a, bool)
        or isinstance(b, bool)
        or not isinstance(a, (int, float))
        or not isinstance(b, (int, float))
    ):
        return a == b
    return float(a) == float(b)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")


def md_escape(text: str) -> str:
    """Text safe inside st.markdown: Markdown and HTML characters escaped, newlines flattened."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def parse_lang(value: str | None) -> str:
    """A language from a URL parameter; anything unknown falls back to Chinese."""
    return "en" if (value or "").strip().lower() in ("en", "english") else "zh"


def export_stem(cluster_name: str | None, day: object) -> str:
    """A file-name stem from the cluster's name and the date: '松禾区五金紧固件产业集群-2026-11-23'.

    Only letters (any script), digits and '-' survive, so a user's name cannot steer the path.
    """
    name = re.sub(r"[^\w]+", "-", cluster_name or "", flags=re.UNICODE).strip("-_")[:40]
    return f"{name or 'cluster'}-{day}"
