"""The clause, verbatim quote, value, derivation and note of one criterion, per jurisdiction."""

from __future__ import annotations

from assessment.engine.results import JurisdictionResult
from assessment.present.explain import criterion_name, value_vs_threshold
from assessment.present.i18n import t
from assessment.present.rows import cell_details, jurisdiction_name, status_text
from assessment.present.vocabulary import STATUS_TONE
from dashboard.board import Block, board_view, line, run

__all__ = ["criterion_details"]


def criterion_details(cid: str, results: list[JurisdictionResult], lang: str) -> None:
    """One column per jurisdiction with the criterion's clause, quote and how it was judged
    (rows.cell_details: the pairs every output shows), one element for all (dashboard/board)."""
    columns = [
        {"key": f"details_{r.jurisdiction}", "blocks": _column(cid, r, lang)} for r in results
    ]
    board_view(f"details_{lang}", columns, frame="outer")


def _column(cid: str, r: JurisdictionResult, lang: str) -> list[Block]:
    """One jurisdiction's details: name and clause, status and value, then each further pair as
    its label (grey) over its text; the law's own words as a quotation."""
    head = line("p", run(jurisdiction_name(r, lang), bold=True))
    c = r.criterion(cid)
    if c is None:
        return [head, line("p", run(t("not_asked", lang), "gray"))]
    pairs = cell_details(c, lang)
    label = {text: lab for lab, text in reversed(pairs)}  # the layer's labels, first wins
    status, value = status_text(c.status, lang), value_vs_threshold(c, lang)
    blocks = [
        head,
        line("p", run(criterion_name(c, lang), bold=True), run(f" · {label[c.clause]} {c.clause}")),
        line(
            "p",
            run(f"{label[status]}: "),
            run(status, STATUS_TONE[c.status]),
            run(f" · {value}"),
        ),
    ]
    for lab, text in pairs:
        if text in (c.clause, status, value):
            continue
        blocks.append(line("p", run(lab, "gray")))
        # the law's own words as a quotation; line breaks kept (tiers are listed one a line)
        blocks.append(line("quote" if text == c.quote else "p", run(text)))
    return blocks
