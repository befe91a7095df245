"""Plain-language rendering of results: values against thresholds, shortfalls, labels (zh / en)."""

from __future__ import annotations

from assessment.engine.results import CriterionResult, JurisdictionResult
from assessment.present.vocabulary import (
    DECIMAL_UNITS,
    OP_SIGN,
    OP_WORDS,
    STATUS_COLOR,
    STATUS_LABEL,
    STATUS_MARK,
    UNIT_EN,
    VERDICT_LABEL,
    WORDS,
)

__all__ = [
    "STATUS_COLOR",
    "STATUS_LABEL",
    "STATUS_MARK",
    "VERDICT_LABEL",
    "criterion_name",
    "decimals_to_tell_apart",
    "fmt_number",
    "is_stand_in",
    "shortfall",
    "shortfalls",
    "unit_text",
    "value_vs_threshold",
    "with_unit",
]

_BN = "亿元"  # English readers get billions: 30 亿元 is CNY 3 bn


def fmt_number(x: float, decimals: int = 1) -> str:
    """61.0, 30, 2.35 -> '61.0', '30', '2.35' (integers without decimals)."""
    if float(x).is_integer():
        return f"{int(x):,}" if abs(x) >= 10000 else str(int(x))
    s = f"{x:,.{decimals}f}"
    return s if s not in ("0.0", "-0.0") or x == 0 else f"{x:.3g}"


def unit_text(unit: str, lang: str) -> str:
    """The unit as written after a number."""
    return unit if lang == "zh" else UNIT_EN.get(unit, unit)


def decimals_to_tell_apart(x: float, ref: float, start: int = 1, most: int = 6) -> int:
    """How many decimals show `x` as different from `ref` (59.96 vs 60 needs 2, not 1)."""
    d = start
    while d < most and x != ref and round(x, d) == round(ref, d):
        d += 1
    return d


def with_unit(x: float, unit: str, lang: str, decimals: int = 1) -> str:
    """A number with its unit: '61.0%', '35.2 亿元', '3 家', in English 'CNY 3.52 bn'."""
    if unit == _BN and lang != "zh":  # 亿 is 100 million: say billions, one more decimal
        return f"CNY {with_unit(x / 10, '', lang, decimals + 1 if decimals else 0)} bn"
    u = unit_text(unit, lang)
    if abs(x) >= 1e9:  # only absurd derived growth gets here: say its size, not 300 digits
        n = f"{x:.3g}"
    elif unit in DECIMAL_UNITS or unit == "":
        n = f"{x:,.{decimals}f}" if decimals else fmt_number(x, 2)
    else:
        n = fmt_number(x, 2)
    if unit == "%" or not u:
        return f"{n}{u}"
    return f"{n} {u}"


def is_stand_in(c: CriterionResult) -> bool:
    """Whether `c` was judged on a whole-cluster figure for want of an SME-only one (an indication)."""
    return "fallback_basis" in c.flags


def value_vs_threshold(c: CriterionResult, lang: str = "zh") -> str:
    """'61.0% > 60%', '是', '8 家 ≥ 10 家', '—' where the value is unknown; a stand-in reads
    '仅有全集群数据：14 件/万人，参考' (an indication, never a pass or a fail)."""
    lang = "zh" if lang == "zh" else "en"
    if c.kind == "declaration":
        if not c.applicable:
            return WORDS["not_applicable"][lang]
        key = {True: "yes", False: "no", None: "not_answered"}[c.meets]
        return WORDS[key][lang]
    if c.value is None or isinstance(c.value, bool):
        return WORDS["exempted" if c.exempted else "no_data"][lang]
    v = float(c.value)
    written = 1 if round(v, 1) == v else 2  # 9.98 shows as 9.98 in every column, not 10.0
    if is_stand_in(c):
        shown = with_unit(v, c.unit, lang, 0 if v.is_integer() else written)  # "14 件/万人"
        return WORDS["stand_in"][lang].format(value=shown)
    thr = float(c.threshold) if not isinstance(c.threshold, bool) else 0.0
    # met: the law's operator; not met: the relation as it actually is
    op = OP_SIGN[c.operator] if c.meets else "<" if v < thr else ">" if v > thr else "="
    prefix = ""
    if c.combine:
        prefix = {
            ("zh", "average"): "年均 ",
            ("zh", "each_year"): "最低 ",
            ("en", "average"): "avg ",
            ("en", "each_year"): "min ",
        }[(lang, c.combine)]
    d = decimals_to_tell_apart(v, thr, start=written)
    if c.unit == "%" or (c.unit == _BN and lang != "zh"):  # a unit on each number
        return f"{prefix}{with_unit(v, c.unit, lang, d)} {op} {with_unit(thr, c.unit, lang, 0)}"
    # other units once, at the end: "年均 31.5 ≥ 30 亿元", "19 ≥ 10 enterprises"
    value = with_unit(v, "", lang, d) if c.unit in DECIMAL_UNITS else fmt_number(v, 2)
    return f"{prefix}{value} {op} {with_unit(thr, c.unit, lang, 0)}"


def criterion_name(c: CriterionResult, lang: str) -> str:
    """The criterion's name in the language."""
    return c.name_zh if lang == "zh" else c.name_en


def shortfall(c: CriterionResult, lang: str = "zh") -> str | None:  # noqa: PLR0912 (one branch per kind of shortfall)
    """What it would take to meet `c`, in plain words; None where nothing is missing."""
    name = criterion_name(c, lang)
    if not c.applicable or c.exempted:
        return None
    if is_stand_in(c) and isinstance(c.value, (int, float)):  # an indication, not a pass
        shown = with_unit(float(c.value), c.unit, lang)
        return (
            f"{name}：仅有全集群数据（{shown}），请补充中小企业口径数据"
            if lang == "zh"
            else f"{name}: only a whole-cluster figure ({shown}) — provide the SME-only one"
        )
    if c.meets is True:
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
    words = OP_WORDS[lang][c.operator]
    # a whole gap reads "2", a small one is never "0.0": 0.004 needs three decimals
    d = 0 if float(gap).is_integer() else decimals_to_tell_apart(gap, 0.0)
    if c.unit == "%":
        n = f"{gap:,.{d}f}"
        amount = f"{n} 个百分点" if lang == "zh" else f"{n} percentage points"
    elif c.unit in DECIMAL_UNITS:
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
    """Every shortfall of one jurisdiction in words (old name: `rows.shortfall_list` is the home
    of the order and of the trimming rule)."""
    from assessment.present.rows import shortfall_list  # noqa: PLC0415 (rows imports this module)

    return [s.text for s in shortfall_list(r, lang, limit=None).items]
