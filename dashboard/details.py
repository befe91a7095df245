"""The clause, verbatim quote, value, derivation and note of one criterion, per jurisdiction."""

from __future__ import annotations

import streamlit as st

from assessment.engine.results import JurisdictionResult
from assessment.present import inputs as ui
from assessment.present.explain import criterion_name, value_vs_threshold
from assessment.present.i18n import t
from assessment.present.rows import cell_details, jurisdiction_name, status_text
from assessment.present.vocabulary import STATUS_TONE

__all__ = ["criterion_details"]


def criterion_details(cid: str, results: list[JurisdictionResult], lang: str) -> None:
    """One column per jurisdiction with the criterion's clause, quote and how it was judged
    (rows.cell_details: the pairs every output shows)."""
    with st.container(border=True):
        for col, r in zip(st.columns(len(results)), results, strict=True):
            c = r.criterion(cid)
            col.markdown(f"**{ui.md_escape(jurisdiction_name(r, lang))}**")
            if c is None:
                col.caption(t("not_asked", lang))
                continue
            pairs = cell_details(c, lang)
            label = {text: lab for lab, text in reversed(pairs)}  # the layer's labels, first wins
            status, value = status_text(c.status, lang), value_vs_threshold(c, lang)
            col.markdown(  # name and clause, then status and value, each on one line
                f"**{ui.md_escape(criterion_name(c, lang))}** · "
                f"{label[c.clause]} {ui.md_escape(c.clause)}"
            )
            col.markdown(
                f"{label[status]}: :{STATUS_TONE[c.status]}[{ui.md_escape(status)}] · "
                f"{ui.md_escape(value)}"
            )
            for lab, text in pairs:
                if text in (c.clause, status, value):
                    continue
                col.caption(lab)
                if text == c.quote:  # the law's own words, verbatim
                    col.markdown(f"> {ui.md_escape(text)}")
                elif "\n" in text:
                    col.text(text)
                else:
                    col.markdown(ui.md_escape(text))
