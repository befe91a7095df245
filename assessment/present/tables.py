"""The presentation rows as pandas tables, for a page that shows them as a grid (st.dataframe)."""

from __future__ import annotations

import pandas as pd

from assessment.engine.results import Assessment
from assessment.present.i18n import t
from assessment.present.rows import cell_words, jurisdiction_name, matrix_rows

__all__ = ["LABEL", "matrix_table"]

LABEL = "label"  # the status of a label cell (dimension, criterion): not coloured


def matrix_table(a: Assessment, lang: str) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """The matrix as text cells, the status behind each cell ('' where not asked, 'label' for
    the two label columns) and the criterion id of each row — `rows.matrix_rows` as frames."""
    names = [jurisdiction_name(r, lang) for r in a.results]
    dim, crit = t("col_dimension", lang), t("col_criterion", lang)
    cells, statuses, ids = [], [], []
    for row in matrix_rows(a, lang):
        cells.append(
            {
                dim: row.dimension_label,
                crit: row.name,
                **{n: cell_words(c) for n, c in zip(names, row.cells, strict=True)},
            }
        )
        statuses.append(
            {
                dim: LABEL,
                crit: LABEL,
                **{n: "" if c is None else c.status for n, c in zip(names, row.cells, strict=True)},
            }
        )
        ids.append(row.criterion_id)
    return pd.DataFrame(cells), pd.DataFrame(statuses), ids
