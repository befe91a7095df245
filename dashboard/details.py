"""The clause, verbatim quote, value, derivation and note of one criterion, per jurisdiction."""

from __future__ import annotations

import streamlit as st

from assessment.engine.results import CriterionResult, JurisdictionResult
from assessment.present import inputs as ui
from assessment.present.explain import STATUS_LABEL, STATUS_MARK, criterion_name, value_vs_threshold
from assessment.present.i18n import t
from dashboard.style import tone

__all__ = ["criterion_details", "derivation_text"]


def derivation_text(c: CriterionResult, lang: str) -> str:
    """How the value was obtained, in words."""
    d = c.derivation
    if d is None:
        return t("derivation_none", lang)
    parts = [d.description_zh if lang == "zh" else d.description_en]
    if d.columns:
        parts.append(("列：" if lang == "zh" else "columns: ") + ", ".join(d.columns))
    if d.enterprises is not None:
        parts.append(f"{d.enterprises} 家企业" if lang == "zh" else f"{d.enterprises} enterprises")
    # d.figures repeats the sums of the description under programmers' names: the JSON and the
    # Excel report keep them; on screen the description says it in words
    return " · ".join(parts)


def criterion_details(cid: str, results: list[JurisdictionResult], lang: str) -> None:
    """One column per jurisdiction with the criterion's clause, quote and how it was judged."""
    with st.container(border=True):
        for col, r in zip(st.columns(len(results)), results, strict=True):
            c = r.criterion(cid)
            col.markdown(f"**{ui.md_escape(r.name_zh if lang == 'zh' else r.name_en)}**")
            if c is None:
                col.caption(t("not_asked", lang))
                continue
            col.markdown(
                f"**{ui.md_escape(criterion_name(c, lang))}** · "
                f"{t('clause', lang)} {ui.md_escape(c.clause)}"
            )
            col.markdown(
                f"{t('status', lang)}: :{tone(c.status)}[{STATUS_MARK[c.status]} "
                f"{STATUS_LABEL[lang][c.status]}] · {ui.md_escape(value_vs_threshold(c, lang))}"
            )
            col.caption(t("quote", lang))
            col.markdown(f"> {ui.md_escape(c.quote)}")
            col.caption(t("derivation", lang))
            col.text(derivation_text(c, lang))
            if c.tiers:
                col.caption(t("tiers", lang))
                col.text(
                    "\n".join(
                        f"{tc.label_zh if lang == 'zh' else tc.label_en}: "
                        f"{'—' if tc.count is None else tc.count} / {tc.min_count}"
                        for tc in c.tiers
                    )
                )
            note = c.note if lang == "zh" else c.note_en
            if c.soft:
                note = (note + "; " if note else "") + t("soft", lang)
            if note:
                col.caption(t("note", lang))
                col.text(note)
            if c.reading:
                col.caption(t("reading", lang))
                col.text(c.reading.zh if lang == "zh" else c.reading.en)
