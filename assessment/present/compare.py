"""Two scenarios side by side (this year's figures against a plan): which criteria change colour."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from assessment.engine.results import Assessment, CriterionResult
from assessment.present.explain import value_vs_threshold
from assessment.present.i18n import t
from assessment.present.rows import status_text
from assessment.present.vocabulary import VERDICT_LABEL

__all__ = ["VERDICT_ID", "Change", "change_rows", "compare_assessments", "compare_text"]

VERDICT_ID = "verdict"  # the `criterion_id` of a change of the jurisdiction's verdict

# better is larger: a criterion that moves up this scale has improved
_STATUS_RANK = {"red": 0, "grey": 1, "amber": 2, "green": 3}
_VERDICT_RANK = {"not_eligible": 0, "incomplete": 1, "eligible": 2}


@dataclass(frozen=True)
class Change:
    """One criterion (or a verdict, `criterion_id == "verdict"`) whose status differs."""

    jurisdiction: str
    criterion_id: str
    name_zh: str
    name_en: str
    status_before: str  # green/amber/red/grey, or for a verdict eligible/not_eligible/incomplete
    status_after: str
    value_before: str  # the value against the threshold, in words (Chinese)
    value_after: str
    value_before_en: str = ""
    value_after_en: str = ""
    jurisdiction_zh: str = ""
    jurisdiction_en: str = ""

    @property
    def is_verdict(self) -> bool:
        """Whether this is the jurisdiction's overall verdict rather than one criterion."""
        return self.criterion_id == VERDICT_ID

    @property
    def direction(self) -> str:
        """ "better", "worse" or "other" (e.g. green to grey is counted as worse)."""
        rank = _VERDICT_RANK if self.is_verdict else _STATUS_RANK
        b, a = rank.get(self.status_before, -1), rank.get(self.status_after, -1)
        return "better" if a > b else "worse" if a < b else "other"

    def to_json_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form, with the direction."""
        return {**asdict(self), "direction": self.direction}


def _absent(lang: str) -> str:
    return t("absent", lang)


def _vtext(c: CriterionResult | None, lang: str) -> str:
    return _absent(lang) if c is None else value_vs_threshold(c, lang)


def compare_assessments(before: Assessment, after: Assessment) -> list[Change]:
    """Every verdict and criterion whose status differs between two assessments, verdicts first."""
    changes: list[Change] = []
    after_by_j = {r.jurisdiction: r for r in after.results}
    for rb in before.results:
        ra = after_by_j.get(rb.jurisdiction)
        if ra is None:
            continue
        jz, je = rb.name_zh, rb.name_en
        if rb.verdict != ra.verdict:
            changes.append(
                Change(
                    rb.jurisdiction,
                    VERDICT_ID,
                    "结论",
                    "Verdict",
                    rb.verdict,
                    ra.verdict,
                    VERDICT_LABEL["zh"][rb.verdict],
                    VERDICT_LABEL["zh"][ra.verdict],
                    VERDICT_LABEL["en"][rb.verdict],
                    VERDICT_LABEL["en"][ra.verdict],
                    jurisdiction_zh=jz,
                    jurisdiction_en=je,
                )
            )
        ids = [c.id for c in rb.criteria] + [
            c.id for c in ra.criteria if rb.criterion(c.id) is None
        ]
        for cid in ids:
            cb, ca = rb.criterion(cid), ra.criterion(cid)
            sb = cb.status if cb is not None else "absent"
            sa = ca.status if ca is not None else "absent"
            if sb == sa:
                continue
            named = cb or ca
            assert named is not None
            changes.append(
                Change(
                    rb.jurisdiction,
                    cid,
                    named.name_zh,
                    named.name_en,
                    sb,
                    sa,
                    _vtext(cb, "zh"),
                    _vtext(ca, "zh"),
                    _vtext(cb, "en"),
                    _vtext(ca, "en"),
                    jurisdiction_zh=jz,
                    jurisdiction_en=je,
                )
            )
    return changes


def _status_word(status: str, lang: str, verdict: bool) -> str:
    if verdict:
        return VERDICT_LABEL[lang].get(status, status)
    if status == "absent":
        return _absent(lang)
    return status_text(status, lang)


def change_rows(changes: list[Change], lang: str = "zh") -> list[dict[str, str]]:
    """The changes as rows of words: jurisdiction, criterion, direction, before, after."""
    zh = lang == "zh"
    rows = []
    for ch in changes:
        before = _status_word(ch.status_before, lang, ch.is_verdict)
        after = _status_word(ch.status_after, lang, ch.is_verdict)
        if not ch.is_verdict:
            before += f" · {ch.value_before if zh else ch.value_before_en}"
            after += f" · {ch.value_after if zh else ch.value_after_en}"
        rows.append(
            {
                t("col_jurisdiction", lang): ch.jurisdiction_zh if zh else ch.jurisdiction_en,
                t("col_criterion", lang): ch.name_zh if zh else ch.name_en,
                t("col_direction", lang): t(ch.direction, lang),
                t("col_from", lang): before,
                t("col_to", lang): after,
            }
        )
    return rows


def compare_text(changes: list[Change], lang: str = "zh") -> str:
    """The changes in plain words, one line each; says so when nothing changes colour."""
    if not changes:
        return (
            "两种情形下各项结果相同，没有标准改变颜色。"
            if lang == "zh"
            else "Both scenarios give the same result: no criterion changes colour."
        )
    arrow = {"better": "↑", "worse": "↓", "other": "→"}
    lines: list[str] = []
    for ch in changes:
        j = ch.jurisdiction_zh if lang == "zh" else ch.jurisdiction_en
        name = ch.name_zh if lang == "zh" else ch.name_en
        before = _status_word(ch.status_before, lang, ch.is_verdict)
        after = _status_word(ch.status_after, lang, ch.is_verdict)
        if ch.is_verdict:
            lines.append(
                f"{arrow[ch.direction]} {j} {name}：{before} → {after}"
                if lang == "zh"
                else f"{arrow[ch.direction]} {j} {name}: {before} → {after}"
            )
            continue
        vb = ch.value_before if lang == "zh" else ch.value_before_en
        va = ch.value_after if lang == "zh" else ch.value_after_en
        lines.append(
            f"{arrow[ch.direction]} {j}·{name}：{before}（{vb}）→ {after}（{va}）"
            if lang == "zh"
            else f"{arrow[ch.direction]} {j} · {name}: {before} ({vb}) → {after} ({va})"
        )
    return "\n".join(lines)
