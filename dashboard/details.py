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
    with st.container(border=True, key=f"details_{lang}"):
        for col, r in zip(st.columns(len(results)), results, strict=True):
            col.markdown(_column(cid, r, lang))  # one element a column: a rerun sends three


def _column(cid: str, r: JurisdictionResult, lang: str) -> str:
    """One jurisdiction's details as Markdown: name and clause, status and value, then each
    further pair as its label (grey) over its text; the law's own words as a quotation."""
    head = f"**{ui.md_escape(jurisdiction_name(r, lang))}**"
    c = r.criterion(cid)
    if c is None:
        return f"{head}\n\n:gray[{t('not_asked', lang)}]"
    pairs = cell_details(c, lang)
    label = {text: lab for lab, text in reversed(pairs)}  # the layer's labels, first wins
    status, value = status_text(c.status, lang), value_vs_threshold(c, lang)
    parts = [
        head,
        f"**{ui.md_escape(criterion_name(c, lang))}** · {label[c.clause]} {ui.md_escape(c.clause)}",
        f"{label[status]}: :{STATUS_TONE[c.status]}[{ui.md_escape(status)}] · "
        f"{ui.md_escape(value)}",
    ]
    for lab, text in pairs:
        if text in (c.clause, status, value):
            continue
        if text == c.quote:  # the law's own words, verbatim
            body = "> " + ui.md_escape(text).replace("\n", "  \n> ")
        else:  # line breaks kept (tiers are listed one a line)
            body = "  \n".join(ui.md_escape(line) for line in text.split("\n"))
        parts.append(f":gray[{ui.md_escape(lab)}]\n\n{body}")
    return "\n\n".join(parts)
