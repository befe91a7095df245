"""The presentation rows arranged for a page: the matrix as a grid (plain lists for the page's
table, and for the one list per jurisdiction a phone shows instead), and the failing-then-unknown
list of presentation mode."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.engine.results import Assessment, JurisdictionResult
from assessment.present.explain import criterion_name
from assessment.present.i18n import t
from assessment.present.rows import (
    SHORTFALL_LIMIT,
    MatrixRow,
    cell_words,
    jurisdiction_name,
    matrix_order_of,
    matrix_rows,
    word,
)
from assessment.present.vocabulary import VERDICT_LABEL

__all__ = [
    "LABEL",
    "FocusItem",
    "FocusList",
    "MatrixGrid",
    "focus_list",
    "matrix_grid",
]

LABEL = "label"  # the status of a label cell (dimension, criterion): not coloured


@dataclass(frozen=True)
class MatrixGrid:
    """The matrix as plain lists: column titles (dimension, criterion, one per jurisdiction), the
    jurisdictions' codes, and per row its criterion id, text cells and the status behind each cell
    ('label' for the two label columns, '' where that jurisdiction does not ask).

    A phone shows the same grid turned on its side, one list per jurisdiction (its name from
    `columns`, its verdict from `verdicts`), each line a criterion it asks (status not ''), in the
    row order: the status's mark and the criterion's name, then `texts` (the cell's value against
    the threshold without the mark; '' where not asked)."""

    columns: tuple[str, ...]
    codes: tuple[str, ...]
    ids: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    statuses: tuple[tuple[str, ...], ...]
    verdicts: tuple[str, ...]  # each jurisdiction's verdict in words
    texts: tuple[tuple[str, ...], ...]  # per row, per jurisdiction


def matrix_grid(a: Assessment, lang: str, rows: list[MatrixRow] | None = None) -> MatrixGrid:
    """`rows.matrix_rows` as a grid of words and statuses (no pandas: the page's matrix);
    `rows`: those rows, where the caller has them already."""
    rows = matrix_rows(a, lang) if rows is None else rows
    lg = "zh" if lang == "zh" else "en"
    return MatrixGrid(
        columns=(
            t("col_dimension", lang),
            t("col_criterion", lang),
            *(jurisdiction_name(r, lang) for r in a.results),
        ),
        codes=tuple(r.jurisdiction for r in a.results),
        ids=tuple(row.criterion_id for row in rows),
        cells=tuple(
            (row.dimension_label, row.name, *(cell_words(c) for c in row.cells)) for row in rows
        ),
        statuses=tuple(
            (LABEL, LABEL, *("" if c is None else c.status for c in row.cells)) for row in rows
        ),
        verdicts=tuple(VERDICT_LABEL[lg][r.verdict] for r in a.results),
        texts=tuple(tuple("" if c is None else c.text for c in row.cells) for row in rows),
    )


@dataclass(frozen=True)
class FocusItem:
    """A criterion to look at: its status and name."""

    status: str
    name: str


@dataclass(frozen=True)
class FocusList:
    """The criteria that fail, then those unknown; `more` says how many were left out."""

    items: tuple[FocusItem, ...]
    more: int
    more_text: str  # '' when nothing was left out


def focus_list(r: JurisdictionResult, lang: str, limit: int | None = SHORTFALL_LIMIT) -> FocusList:
    """What a projector shows under a verdict: failing criteria, then applicable ones without an
    answer or data, in the matrix order, trimmed by the shortfall list's rule."""
    order = {cid: i for i, (_, cid) in enumerate(matrix_order_of(r))}
    ranked = sorted(
        (c for c in r.criteria if c.status == "red" or (c.status == "grey" and c.applicable)),
        key=lambda c: (c.status != "red", order[c.id]),
    )
    every = [FocusItem(c.status, criterion_name(c, lang)) for c in ranked]
    shown = every if limit is None else every[:limit]
    more = len(every) - len(shown)
    return FocusList(tuple(shown), more, word("more", lang).format(n=more) if more else "")
