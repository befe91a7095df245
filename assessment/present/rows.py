"""The presentation layer: pure functions from an Assessment (and a language) to rows of words.

Every output — the page, the Excel report, the briefing, the CLI table, the charts — renders these
rows; none re-derives an order, a count, a status text or a shortfall list of its own. Words and
colours come from `vocabulary`; numbers in words from `explain`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assessment.engine.indicators import FIELD_ZH, Indicators
from assessment.engine.results import Assessment, CriterionResult, JurisdictionResult
from assessment.present.explain import criterion_name, is_stand_in, shortfall, value_vs_threshold
from assessment.present.labels import DECLARATION_LABEL
from assessment.present.vocabulary import (
    DIMENSION_EN,
    DIMENSIONS,
    NOT_ASKED_MARK,
    STATUS_LABEL,
    STATUS_MARK,
    VERDICT_LABEL,
    WORDS,
)

__all__ = [
    "SHORTFALL_LIMIT",
    "Counts",
    "MatrixCell",
    "MatrixRow",
    "Shortfall",
    "Shortfalls",
    "VerdictRow",
    "cell_details",
    "cell_words",
    "count_words",
    "criteria_names",
    "derivation_words",
    "dimension_label",
    "jurisdiction_name",
    "matrix_order",
    "matrix_order_of",
    "matrix_rows",
    "note_words",
    "route_text",
    "shortfall_list",
    "status_counts",
    "status_text",
    "unknown_names",
    "verdict_row",
    "verdict_rows",
    "word",
]

SHORTFALL_LIMIT = 5  # the one trimming rule: at most this many, then "n more not listed"
_ORDER = {"red": 0, "amber": 1, "grey": 2}  # a shortfall list: disqualifying first, then caution


def word(key: str, lang: str) -> str:
    """A shared short word of `vocabulary.WORDS` in `lang`."""
    return WORDS[key]["zh" if lang == "zh" else "en"]


def jurisdiction_name(r: JurisdictionResult, lang: str) -> str:
    """广州 / Guangzhou."""
    return r.name_zh if lang == "zh" else r.name_en


def dimension_label(dimension: str, lang: str) -> str:
    """核心竞争力 / Core competitiveness."""
    return dimension if lang == "zh" else DIMENSION_EN.get(dimension, dimension)


def status_text(status: str, lang: str) -> str:
    """'✔ 达标', '▲ Caution' — the one way a status is written in words."""
    return f"{STATUS_MARK[status]} {STATUS_LABEL['zh' if lang == 'zh' else 'en'][status]}"


# ------------------------------------------------------------------ the matrix


@dataclass(frozen=True)
class MatrixCell:
    """One criterion under one jurisdiction, in words."""

    jurisdiction: str
    status: str
    mark: str
    text: str  # the value against the threshold, or a stand-in read as an indication
    stand_in: bool  # judged on a whole-cluster figure for want of an SME-only one
    generous: bool  # a pass that rests on a generous reading of the wording


@dataclass(frozen=True)
class MatrixRow:
    """One criterion, one cell per jurisdiction (None where that jurisdiction does not ask it)."""

    dimension: str
    dimension_label: str
    criterion_id: str
    name: str
    cells: tuple[MatrixCell | None, ...]


def matrix_order(a: Assessment) -> list[tuple[str, str]]:
    """(dimension, criterion id) of every criterion any jurisdiction asks: the one row order.

    By dimension in the order of the law's dimensions, then in the order the jurisdictions (left
    to right) list their criteria.
    """
    seen: dict[str, str] = {}
    for r in a.results:
        for c in r.criteria:
            seen.setdefault(c.id, c.dimension)
    rank = {d: i for i, d in enumerate(DIMENSIONS)}
    return sorted(((d, cid) for cid, d in seen.items()), key=lambda o: rank.get(o[0], len(rank)))


def _cell(r: JurisdictionResult, c: CriterionResult, lang: str) -> MatrixCell:
    text = value_vs_threshold(c, lang)
    generous = "generous_reading" in c.flags
    if generous:
        text = (
            f"{text}（{word('generous', lang)}）"
            if lang == "zh"
            else f"{text} ({word('generous', lang)})"
        )
    return MatrixCell(
        r.jurisdiction, c.status, STATUS_MARK[c.status], text, is_stand_in(c), generous
    )


def matrix_rows(a: Assessment, lang: str) -> list[MatrixRow]:
    """The criterion-by-criterion matrix: one row per criterion, one cell per jurisdiction."""
    rows = []
    for dim, cid in matrix_order(a):
        crits = [r.criterion(cid) for r in a.results]
        named = next(c for c in crits if c is not None)
        cells = tuple(
            None if c is None else _cell(r, c, lang) for r, c in zip(a.results, crits, strict=True)
        )
        rows.append(
            MatrixRow(dim, dimension_label(dim, lang), cid, criterion_name(named, lang), cells)
        )
    return rows


def cell_words(cell: MatrixCell | None) -> str:
    """A cell as one string: '✔ 61.0% > 60%', or '—' where the jurisdiction does not ask."""
    return NOT_ASKED_MARK if cell is None else f"{cell.mark} {cell.text}"


# ------------------------------------------------------------------ counts and verdicts


@dataclass(frozen=True)
class Counts:
    """How many criteria of a jurisdiction have each status; grey split into unknown and n.a."""

    green: int
    amber: int
    red: int
    unknown: int  # grey and applicable: not answered or without data
    not_applicable: int

    def as_dict(self) -> dict[str, int]:
        """The counts by name, for format strings."""
        return vars(self).copy()


def status_counts(r: JurisdictionResult) -> Counts:
    """The one count of a jurisdiction's statuses (cards, text, Excel and CLI all show this)."""
    n = {s: sum(c.status == s for c in r.criteria) for s in ("green", "amber", "red")}
    grey = [c for c in r.criteria if c.status == "grey"]
    unknown = sum(c.applicable for c in grey)
    return Counts(n["green"], n["amber"], n["red"], unknown, len(grey) - unknown)


def count_words(r: JurisdictionResult, lang: str) -> str:
    """'达标 20　需关注 1　未达标 0　未知 25　不适用 2'."""
    return word("counts", lang).format(**status_counts(r).as_dict())


def route_text(r: JurisdictionResult, lang: str, indicators: Indicators | None = None) -> str:
    """The route that decided the verdict, in words ('' where none did): the route's own name
    from the policy file ('已获省级集群认定，按1.6自动认定'); where a file names none, built
    from the recognition the cluster declared ('已获省级集群认定，按广州 1.6 自动认定')."""
    if r.route is None:
        return ""
    named = r.route.name_zh if lang == "zh" else r.route.name_en
    if named:  # the policy file names its route (the law as data)
        return named
    basis = word("route_basis", lang)
    if indicators is not None:  # name the recognition the cluster declared
        for key in ("recognized_national_cluster", "recognized_provincial_cluster"):
            if getattr(indicators, key, None) is True:
                basis = FIELD_ZH[key] if lang == "zh" else DECLARATION_LABEL[key][1]
                break
    return word("route", lang).format(
        basis=basis, place=jurisdiction_name(r, lang), clause=r.route.clause
    )


@dataclass(frozen=True)
class VerdictRow:
    """A jurisdiction's verdict card: the verdict, its route, the counts, the policy's validity."""

    jurisdiction: str
    name: str
    verdict: str
    verdict_label: str
    route: str
    counts: Counts
    counts_text: str
    in_force: bool
    warnings: tuple[str, ...]


def verdict_row(
    r: JurisdictionResult, lang: str, indicators: Indicators | None = None
) -> VerdictRow:
    """One jurisdiction's verdict card in words."""
    lg = "zh" if lang == "zh" else "en"
    return VerdictRow(
        r.jurisdiction,
        jurisdiction_name(r, lang),
        r.verdict,
        VERDICT_LABEL[lg][r.verdict],
        route_text(r, lang, indicators),
        status_counts(r),
        count_words(r, lang),
        r.policy.in_force,
        tuple(w.zh if lg == "zh" else w.en for w in r.warnings),
    )


def verdict_rows(
    a: Assessment, lang: str, indicators: Indicators | None = None
) -> list[VerdictRow]:
    """One row per jurisdiction, in the assessment's order (the order of every column)."""
    return [verdict_row(r, lang, indicators) for r in a.results]


# ------------------------------------------------------------------ what it would take


@dataclass(frozen=True)
class Shortfall:
    """One thing to do, in words, with the status of its criterion."""

    criterion_id: str
    status: str
    text: str


@dataclass(frozen=True)
class Shortfalls:
    """A jurisdiction's shortfall list, maybe trimmed; `more` says how many were left out."""

    items: tuple[Shortfall, ...]
    more: int
    more_text: str  # '' when nothing was left out


def shortfall_list(
    r: JurisdictionResult, lang: str, limit: int | None = SHORTFALL_LIMIT
) -> Shortfalls:
    """What it would take, in one order (red, then amber, then unknown; within each the matrix
    order) and one trimming rule: at most `limit` items (None: all), then 'n more not listed'."""
    rank = {cid: i for i, (_, cid) in enumerate(matrix_order_of(r))}
    crits = sorted(
        (c for c in r.criteria if c.status in _ORDER),
        key=lambda c: (_ORDER[c.status], rank[c.id]),
    )
    every = [Shortfall(c.id, c.status, s) for c in crits if (s := shortfall(c, lang))]
    shown = every if limit is None else every[:limit]
    more = len(every) - len(shown)
    return Shortfalls(tuple(shown), more, word("more", lang).format(n=more) if more else "")


def matrix_order_of(r: JurisdictionResult) -> list[tuple[str, str]]:
    """The matrix order restricted to one jurisdiction's criteria."""
    rank = {d: i for i, d in enumerate(DIMENSIONS)}
    return sorted(
        ((c.dimension, c.id) for c in r.criteria), key=lambda o: rank.get(o[0], len(rank))
    )


def unknown_names(r: JurisdictionResult, lang: str) -> list[str]:
    """The names of the applicable criteria without an answer or data (the `unknown` count)."""
    return [criterion_name(c, lang) for c in r.criteria if c.status == "grey" and c.applicable]


# ------------------------------------------------------------------ one cell in detail


def derivation_words(c: CriterionResult, lang: str) -> str:
    """How the value was obtained, in words ('' where it was entered directly)."""
    d = c.derivation
    if d is None:
        return ""
    parts = [d.description_zh if lang == "zh" else d.description_en]
    if d.columns:
        parts.append(("列：" if lang == "zh" else "columns: ") + ", ".join(d.columns))
    if d.enterprises is not None:
        parts.append(f"{d.enterprises} 家企业" if lang == "zh" else f"{d.enterprises} enterprises")
    return " · ".join(parts)


_DETAIL = {
    "zh": ("状态", "数值", "条款", "原文", "数值来源", "各类企业计数", "说明", "解读"),
    "en": (
        "Status",
        "Value",
        "Clause",
        "Original text (Chinese)",
        "Where the value comes from",
        "Counts by group",
        "Note",
        "Reading",
    ),
}
_SOFT = {
    "zh": "“一般不超过”：超出不直接否决",
    "en": "“as a rule”: exceeding it is not disqualifying",
}


def note_words(c: CriterionResult, lang: str) -> str:
    """The criterion's note, with the soft wording said where it applies."""
    lg = "zh" if lang == "zh" else "en"
    note = c.note if lg == "zh" else c.note_en
    if c.soft:
        note = (
            f"{note}；{_SOFT[lg]}"
            if note and lg == "zh"
            else f"{note}; {_SOFT[lg]}"
            if note
            else _SOFT[lg]
        )
    return note


def cell_details(c: CriterionResult, lang: str) -> list[tuple[str, str]]:
    """(label, text) pairs of one cell: status, value, clause, quote, derivation, tiers, note,
    reading — only those that say something."""
    lg = "zh" if lang == "zh" else "en"
    labels = _DETAIL[lg]
    tiers = "\n".join(
        f"{t.label_zh if lg == 'zh' else t.label_en}: {'—' if t.count is None else t.count} / {t.min_count}"
        for t in c.tiers or ()
    )
    reading = "" if c.reading is None else (c.reading.zh if lg == "zh" else c.reading.en)
    texts = (
        status_text(c.status, lg),
        value_vs_threshold(c, lg),
        c.clause,
        c.quote,
        derivation_words(c, lg),
        tiers,
        note_words(c, lg),
        reading,
    )
    return [(lab, txt) for lab, txt in zip(labels, texts, strict=True) if txt]


def criteria_names(results: Sequence[JurisdictionResult], lang: str) -> dict[str, str]:
    """Criterion id -> name, over every jurisdiction (first name seen)."""
    out: dict[str, str] = {}
    for r in results:
        for c in r.criteria:
            out.setdefault(c.id, criterion_name(c, lang))
    return out
