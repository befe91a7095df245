"""Plain-language rendering of results: values against thresholds, shortfalls, labels (zh / en)."""

from __future__ import annotations

from assessment.engine.results import CriterionResult, JurisdictionResult

VERDICT_LABEL = {
    "zh": {"eligible": "符合认定条件", "not_eligible": "不符合", "incomplete": "信息不全"},
    "en": {"eligible": "Eligible", "not_eligible": "Not eligible", "incomplete": "Incomplete"},
}
STATUS_LABEL = {
    "zh": {"green": "达标", "amber": "需关注", "red": "未达标", "grey": "未知/不适用"},
    "en": {"green": "Met", "amber": "Caution", "red": "Not met", "grey": "Unknown / n.a."},
}
STATUS_MARK = {"green": "✔", "amber": "▲", "red": "✘", "grey": "?"}
STATUS_COLOR = {"green": "#1a9850", "amber": "#f39c12", "red": "#d73027", "grey": "#9e9e9e"}

_UNIT_EN = {
    "亿元": "×100m yuan",
    "家": "enterprises",
    "个": "",
    "项": "",
    "件/万人": "per 10k",
    "km²": "km²",
    "%": "%",
}
_DECIMAL_UNITS = ("%", "亿元", "km²", "件/万人")  # shown with decimals; counts are whole
_OP_WORDS = {
    "zh": {">": "须高于", ">=": "须不低于", "<=": "须不超过"},
    "en": {">": "must exceed", ">=": "must be at least", "<=": "must not exceed"},
}


def fmt_number(x: float, decimals: int = 1) -> str:
    """61.0, 30, 2.35 -> '61.0', '30', '2.35' (integers without decimals)."""
    if float(x).is_integer():
        return f"{int(x):,}" if abs(x) >= 10000 else str(int(x))
    s = f"{x:,.{decimals}f}"
    return s if s not in ("0.0", "-0.0") or x == 0 else f"{x:.3g}"


def unit_text(unit: str, lang: str) -> str:
    """The unit as written after a number."""
    u = unit if lang == "zh" else _UNIT_EN.get(unit, unit)
    return u


def decimals_to_tell_apart(x: float, ref: float, start: int = 1, most: int = 6) -> int:
    """How many decimals show `x` as different from `ref` (59.96 vs 60 needs 2, not 1)."""
    d = start
    while d < most and x != ref and round(x, d) == round(ref, d):
        d += 1
    return d


def with_unit(x: float, unit: str, lang: str, decimals: int = 1) -> str:
    """A number with its unit: '61.0%', '35.2 亿元', '3 家'."""
    u = unit_text(unit, lang)
    if abs(x) >= 1e9:  # only absurd derived growth gets here: say its size, not 300 digits
        n = f"{x:.3g}"
    elif unit in _DECIMAL_UNITS or unit == "":
        n = f"{x:,.{decimals}f}" if decimals else fmt_number(x, 2)
    else:
        n = fmt_number(x, 2)
    if unit == "%" or not u:
        return f"{n}{u}"
    return f"{n} {u}"


def value_vs_threshold(c: CriterionResult, lang: str = "zh") -> str:
    """'61.0% > 60%', '是', '8 家 ≥ 10 家', or '—' where the value is unknown."""
    yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
    if c.kind == "declaration":
        if not c.applicable:
            return "不适用" if lang == "zh" else "n.a."
        return {True: yes, False: no, None: "未填" if lang == "zh" else "not answered"}[c.meets]
    if "fallback_basis" in c.flags and isinstance(c.value, float):  # an indication (ed. 2)
        places = 0 if c.value == int(c.value) else (1 if round(c.value, 1) == c.value else 2)
        shown = with_unit(c.value, c.unit, lang, places)
        if lang == "zh":
            return f"仅有全集群数据：{shown}，参考"
        return f"whole-cluster figure only: {shown}, an indication"
    if c.value is None or isinstance(c.value, bool):
        if c.exempted:
            return "豁免" if lang == "zh" else "exempted"
        return "无数据" if lang == "zh" else "no data"
    thr = float(c.threshold) if not isinstance(c.threshold, bool) else 0.0
    if c.meets:
        op = {">": ">", ">=": "≥", "<=": "≤"}[c.operator]
    else:  # not met: show the relation as it actually is
        v = float(c.value)
        op = "<" if v < thr else (">" if v > thr else "=")
    prefix = ""
    if c.combine:
        prefix = {
            ("zh", "average"): "年均 ",
            ("zh", "each_year"): "最低 ",
            ("en", "average"): "avg ",
            ("en", "each_year"): "min ",
        }[(lang, c.combine)]
    v = float(c.value)
    written = 1 if round(v, 1) == v else 2  # 9.98 shows as 9.98 in every column, not 10.0
    d = decimals_to_tell_apart(v, thr, start=written)
    if c.unit == "%":  # "61.0% > 60%": a percent sign sticks to each number
        return f"{prefix}{with_unit(float(c.value), c.unit, lang, d)} {op} {with_unit(thr, c.unit, lang, 0)}"
    # other units once, at the end: "年均 31.5 ≥ 30 亿元", "19 ≥ 10 enterprises"
    value = (
        with_unit(float(c.value), "", lang, d)
        if c.unit in _DECIMAL_UNITS
        else fmt_number(float(c.value), 2)
    )
    return f"{prefix}{value} {op} {with_unit(thr, c.unit, lang, 0)}"


def criterion_name(c: CriterionResult, lang: str) -> str:
    """The criterion's name in the language."""
    return c.name_zh if lang == "zh" else c.name_en


def shortfall(c: CriterionResult, lang: str = "zh") -> str | None:
    """What it would take to meet `c`, in plain words; None where nothing is missing."""
    name = criterion_name(c, lang)
    if not c.applicable or c.meets is True or c.exempted:
        return None
    if c.meets is None:
        if c.kind == "declaration":
            return (
                f"{name}：尚未回答，请确认是否具备"
                if lang == "zh"
                else f"{name}: not answered yet — confirm whether the cluster has it"
            )
        return (
            f"{name}：缺少数据，请补充"
            if lang == "zh"
            else f"{name}: data missing — please provide it"
        )
    if c.kind == "declaration":
        return (
            f"{name}：尚不具备，需达到原文要求"
            if lang == "zh"
            else f"{name}: not yet in place — required by the text"
        )
    if c.tiers:  # either arm would do: say how far each is
        arms = [
            (
                t.label_zh if lang == "zh" else t.label_en,
                "?" if t.count is None else str(t.count),
                t.min_count,
            )
            for t in c.tiers
        ]
        if lang == "zh":
            return f"{name}（满足其一即可）：" + "；或".join(
                f"{lab} {n}/{m} 家" for lab, n, m in arms
            )
        return f"{name} (either suffices): " + "; or ".join(f"{lab} {n}/{m}" for lab, n, m in arms)
    gap = c.gap or 0.0
    thr = with_unit(float(c.threshold), c.unit, lang, 0)
    words = _OP_WORDS[lang][c.operator]
    # a whole gap reads "2", a small one is never "0.0": 0.004 needs three decimals
    d = 0 if float(gap).is_integer() else decimals_to_tell_apart(gap, 0.0)
    if c.unit == "%":
        n = f"{gap:,.{d}f}"
        amount = f"{n} 个百分点" if lang == "zh" else f"{n} percentage points"
    elif c.unit in ("亿元", "km²", "件/万人"):
        amount = with_unit(gap, c.unit, lang, d)
    else:
        amount = with_unit(gap, c.unit, lang)
    soft = (
        (
            f"（“{c.soft_wording}”，超出须说明理由）"  # the text's own words, from the policy
            if lang == "zh"
            else " (a rule of thumb: exceeding it needs justification)"
        )
        if c.soft
        else ""
    )
    if c.operator == "<=":
        return (
            f"{name}超出 {amount}（{words} {thr}）{soft}"
            if lang == "zh"
            else f"{name}: {amount} over ({words} {thr}){soft}"
        )
    if gap == 0:  # exactly at a strict threshold
        return (
            f"{name}恰好等于 {thr}，{words} {thr}"
            if lang == "zh"
            else f"{name} is exactly {thr}; it {words} {thr}"
        )
    return (
        f"{name}还差 {amount}（{words} {thr}）"
        if lang == "zh"
        else f"{name}: {amount} short ({words} {thr})"
    )


def shortfalls(r: JurisdictionResult, lang: str = "zh") -> list[str]:
    """Every shortfall of one jurisdiction, red (disqualifying) first, then soft and unknown."""
    order = {"red": 0, "amber": 1, "grey": 2}
    crits = sorted((c for c in r.criteria if c.status in order), key=lambda c: order[c.status])
    return [s for c in crits if (s := shortfall(c, lang))]
