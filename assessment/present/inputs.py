"""Pure helpers for the dashboard's inputs: widget state <-> indicators, diffs, who asks what.

No streamlit here: the page passes plain dicts in and gets plain dicts out, so all of it is tested
without a browser. Widget keys are named here so the page and its tests agree on them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from assessment.engine.exact import growth_pct
from assessment.engine.indicators import (
    DECLARATION_KEYS,
    RECENT_YEARS,
    TITLE_KEYS,
    Indicators,
    parse_indicators,
)
from assessment.engine.policy import (
    Policy,
    ThresholdCriterion,
    declarations_read,
    route_declarations,
)
from assessment.present.i18n import DECLARATION_LABEL, FIGURE_INPUTS, TITLE_LABEL, FigureInput
from assessment.present.route_questions import ROUTE_GROUP
from assessment.present.vocabulary import INDICATOR_UNIT, UNIT_ENTERED

__all__ = [
    "ANSWERS",
    "DEFAULT_YEAR_COUNT",
    "MAX_YEARS",
    "NO",
    "NUMBER_DECIMALS",
    "ROUTE_GROUP",
    "UNSET",
    "YES",
    "asked_by_text",
    "blank_state",
    "build_indicators",
    "changes",
    "decl_key",
    "declaration_askers",
    "declarations_by_dimension",
    "default_latest_year",
    "export_stem",
    "field_label",
    "fig_key",
    "figure_askers",
    "figures_by_dimension",
    "indicators_dict",
    "md_escape",
    "parse_lang",
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
        if _same(out.get(k), base.get(k))
        or (k == "titled_enterprises" and "titled_enterprises" in out)
    }
    if derivations:
        out["derivations"] = derivations


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if (
        isinstance(a, bool)
        or isinstance(b, bool)
        or not isinstance(a, (int, float))
        or not isinstance(b, (int, float))
    ):
        return a == b
    return float(a) == float(b)


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
        if a == b or (a is not None and b is not None and _same(a, b)):
            continue
        rows.append(
            {"field": field_label(k, lang), "before": _show(a, lang), "after": _show(b, lang)}
        )
    return rows


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
