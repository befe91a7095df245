"""A part of a batch file, column by column: each distinct cell is turned into a value once.

A column of the part becomes a code per row and, per code, the text as written and its value
(`Coded`). Converting (`read.convert`: the member files' number and yes/no rules) and
validating (the `Indicators` model's own field rules) happen per distinct cell, not per row:
a yes/no column has three codes, a percentage with one decimal at most a thousand. A row whose
cell does not convert, or which the model refuses, is read again cell by cell for its messages
(`read.cell_rows`), so the messages are those of the row-by-row reading.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Annotated, Any, get_args, get_origin

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ConfigDict, TypeAdapter, ValidationError

from assessment.engine.columnwise import year_patterns
from assessment.engine.indicators import Indicators
from assessment.screening.read import (
    BLANK_WORDS,
    NAME_KEY,
    YEAR_KEY,
    Column,
    cell_text,
    convert,
)

__all__ = ["BAD", "BLANK", "Coded", "PartColumns", "code_column"]

BLANK: Any = object()  # a cell with nothing in it (or a word meaning nothing)
BAD: Any = object()  # a cell that does not convert, or a value the model refuses
_UNSEEN: Any = object()
_SEEN_LIMIT = 50_000  # distinct texts kept per column from part to part; beyond, start afresh

# Validating one field at a time equals validating the row only while the model checks each
# field on its own: no model validator, and the one field validator (`output_by_year`: years
# consecutive) sees only its own field. Otherwise rows are validated whole.
_DECORATORS = Indicators.__pydantic_decorators__
FIELDWISE = not _DECORATORS.model_validators and set(_DECORATORS.field_validators) <= {
    "_years_consecutive"
}


def _accepts(data: dict[str, Any]) -> bool:
    try:
        Indicators.model_validate(data)
    except ValidationError:
        return False
    return True


def code_column(column: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, list[str]]:
    """(a code per cell, the text of each code as a person sees it: '' for an empty cell)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_null(column.type):
        return np.zeros(len(column), np.int64), [""]
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()
    texts = [cell_text(v) for v in column.dictionary.to_pylist()]
    codes = pc.fill_null(column.indices, len(texts)).to_numpy(zero_copy_only=False)
    return codes.astype(np.int64), [*texts, ""]


@dataclass(frozen=True)
class Coded:
    """One column of a part: `codes[i]` is row i's code into `texts` (trimmed, as written) and
    `values` (the converted value, `BLANK`, or `BAD`)."""

    column: Column
    codes: np.ndarray
    texts: list[str]
    values: list[Any]

    @classmethod
    def of(cls, c: Column, cells: pa.Array | pa.ChunkedArray, seen: dict[str, Any]) -> Coded:
        """Convert and validate each distinct cell of column `c` once (`seen`: the texts of this
        column already converted, in earlier parts of the file)."""
        codes, texts = code_column(cells)
        if len(seen) > _SEEN_LIMIT:
            seen.clear()
        values = [seen.get(t, _UNSEEN) for t in texts]
        new = [i for i, v in enumerate(values) if v is _UNSEEN]
        got = [_converted(c, texts[i]) for i in new]
        if FIELDWISE:  # validated as one list (names and yearly outputs never repeat)
            got = _checked(c, got)
        for i, v in zip(new, got, strict=True):
            values[i] = seen[texts[i]] = v
        return cls(c, codes, texts, values)

    def kinds(self) -> np.ndarray:
        """Per row: 0 empty, 1 a value, 2 bad."""
        kind = np.array([0 if v is BLANK else 2 if v is BAD else 1 for v in self.values], np.int8)
        return kind[self.codes]


def _converted(c: Column, text: str) -> Any:
    """One cell's value before the model's rules, or BLANK, or BAD (it does not convert)."""
    if text.lower() in BLANK_WORDS:
        return BLANK
    v, problem = convert(c, text, 0)
    return BAD if problem is not None else v


def _field_type(key: str) -> Any:
    """The model's type for one value of a column: the field's own type (with its
    constraints), for a year's output the type of one value of `output_by_year`."""
    field = Indicators.model_fields[key]
    if key == YEAR_KEY:
        for arm in get_args(field.annotation):
            if get_origin(arm) is dict:
                return get_args(arm)[1]
        raise TypeError(key)
    return Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


@functools.cache
def _adapter(key: str) -> TypeAdapter:
    return TypeAdapter(
        list[_field_type(key)],  # type: ignore[misc]
        config=ConfigDict(strict=Indicators.model_config.get("strict")),
    )


def _checked(c: Column, values: list[Any]) -> list[Any]:
    """The converted values of one column, each kept or made BAD as the model would take it
    in a row: checked as one list by the model's own type for the field (the fields are
    validated one by one: `FIELDWISE`); for a year's output also the year itself, which the
    one field validator alone reads, once per column."""
    at = [i for i, v in enumerate(values) if v is not BLANK and v is not BAD]
    try:
        _adapter(c.key).validate_python([values[i] for i in at])
        refused: set[int] = set()
    except ValidationError as e:
        refused = {at[int(err["loc"][0])] for err in e.errors()}
    kept = [i for i in at if i not in refused]
    if c.key == YEAR_KEY and kept and not _valid(c, values[kept[0]]):  # the year is refused
        refused.update(kept)
    return [BAD if i in refused else v for i, v in enumerate(values)]


def _valid(c: Column, v: Any) -> bool:
    if c.key == YEAR_KEY:
        return _accepts({YEAR_KEY: {c.year: v}})
    return _accepts({c.key: v})


class PartColumns:
    """The recognised columns of rows `start..stop-1` of a batch file, coded."""

    def __init__(
        self,
        cols: list[Column],
        body: dict[str, pa.Array | pa.ChunkedArray],
        seen: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        """`seen`: per header, the texts converted in earlier parts (kept between parts)."""
        seen = {} if seen is None else seen
        self.cols = cols
        self.coded = [Coded.of(c, body[c.header], seen.setdefault(c.header, {})) for c in cols]
        self.n = len(self.coded[0].codes) if self.coded else 0
        kinds = [c.kinds() for c in self.coded]
        stacked = np.stack(kinds) if kinds else np.zeros((0, self.n), np.int8)
        self.filled = (stacked > 0).any(axis=0)  # a bad cell is not empty
        self.bad = (stacked == 2).any(axis=0)
        years = [(c, k) for c, k in zip(self.coded, kinds, strict=True) if c.column.key == YEAR_KEY]
        if years and FIELDWISE:  # the years a row gives, together: consecutive?
            given = np.stack([k == 1 for _, k in years], axis=1)
            for kept, rows in year_patterns(given, [c.column.year for c, _ in years]):
                if kept and not _accepts({YEAR_KEY: dict.fromkeys(kept, 0.0)}):
                    self.bad[rows] = True
        elif not FIELDWISE:
            self.bad |= self._refused_rows()

    def _refused_rows(self) -> np.ndarray:
        """Rows the model refuses, validated whole (when fields cannot be validated one by one)."""
        out = np.zeros(self.n, bool)
        for i in np.flatnonzero(self.filled & ~self.bad).tolist():
            out[i] = not _accepts(self.row_data(i))
        return out

    def row_data(self, i: int) -> dict[str, Any]:
        """The values of row i's good cells, as the indicators read them."""
        data: dict[str, Any] = {}
        for c in self.coded:
            v = c.values[c.codes[i]]
            if v is BLANK or v is BAD:
                continue
            if c.column.key == YEAR_KEY:
                data.setdefault(YEAR_KEY, {})[c.column.year] = v
            else:
                data[c.column.key] = v
        return data

    def row_texts(self, i: int) -> dict[str, str]:
        """Row i's cells as written, by header."""
        return {c.column.header: c.texts[c.codes[i]] for c in self.coded}

    def texts(self, header: str, rows: np.ndarray) -> pa.Array:
        """The cells of one column at `rows`, as written."""
        for c in self.coded:
            if c.column.header == header:
                return pc.take(pa.array(c.texts, pa.string()), pa.array(c.codes[rows]))
        raise KeyError(header)

    def names(self) -> tuple[np.ndarray, list[str]]:
        """(a code per row, the cluster name of each code: '' where none)."""
        for c in self.coded:
            if c.column.key == NAME_KEY:
                return c.codes, [v if isinstance(v, str) else "" for v in c.values]
        return np.zeros(self.n, np.int64), [""]

    def column(self, key: str, rows: np.ndarray) -> tuple[np.ndarray, list[Any]]:
        """(a code per row of `rows`, the value of each code: None where empty) of one indicator.

        The yearly outputs are one indicator: each code's value is the dictionary of the years
        given. An indicator with no column in the file is None on every row.
        """
        if key == YEAR_KEY:
            return self._years(rows)
        for c in self.coded:
            if c.column.key == key:
                return c.codes[rows], [None if v is BLANK or v is BAD else v for v in c.values]
        return np.zeros(len(rows), np.int64), [None]

    def year_columns(self, rows: np.ndarray) -> dict[str, tuple[np.ndarray, list[Any]]]:
        """Each year's column of the yearly outputs at `rows`, by year, as `column` gives one."""
        return {
            c.column.year: (
                c.codes[rows],
                [None if v is BLANK or v is BAD else v for v in c.values],
            )
            for c in self.coded
            if c.column.key == YEAR_KEY
        }

    def _years(self, rows: np.ndarray) -> tuple[np.ndarray, list[Any]]:
        years = [c for c in self.coded if c.column.key == YEAR_KEY]
        if not years:
            return np.zeros(len(rows), np.int64), [None]
        codes = np.stack([c.codes[rows] for c in years], axis=1)
        uniques, inverse = np.unique(codes, axis=0, return_inverse=True)
        out: list[Any] = []
        for u in uniques.tolist():
            got = {
                c.column.year: c.values[code]
                for c, code in zip(years, u, strict=True)
                if c.values[code] is not BLANK and c.values[code] is not BAD
            }
            out.append(dict(sorted(got.items())) or None)
        return inverse.reshape(-1).astype(np.int64), out
