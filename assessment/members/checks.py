"""Check every cell of a member file at once (vectorised) and collect every problem, in both languages.

The reader (`ingest`) hands over the header and the body as Arrow columns; this module matches the
header to CONTRACT.md section 4, checks each column by its kind (names, yes/no and titles here;
credit codes in `credit_code`, money and counts in `number_cells`), and returns the canonical
columns only when nothing is wrong. Python-level work happens per distinct value (yes/no words,
titles, numbers written as text) or only for the cells a whole-column check has flagged, never per
row of a good column. A clean column costs a few NumPy passes over its buffers: text lengths and first bytes
from the Arrow offsets, credit codes as an (n, 18) byte matrix, numbers as one range test.
`pyarrow.compute` (and pandas) are imported only off that fast path.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from assessment.errors import DataFileError, Problem
from assessment.limits import MAX_NAME_CHARS
from assessment.members.arrow_cells import (
    as_strings,
    chunks_of,
    dictionary_codes,
    factorize_cells,
    filled_cells,
    from_numpy,
    string_array,
    string_offsets,
    take_rows,
    valid_mask,
)
from assessment.members.columns import (
    COLUMNS,
    SPEC,
    TITLE_ZH,
    ColumnSpec,
    parse_flag,
    parse_titles,
)
from assessment.members.credit_code import check_code
from assessment.members.headers import column_names, match_columns
from assessment.members.number_cells import check_number
from assessment.members.table import Cells, Checked, RawSheet, Report, shown_value

if TYPE_CHECKING:
    from assessment.engine.policy import Policy

__all__ = ["build_table"]

# Control characters no writer (Excel, HTML) accepts; a line break in a cell (Alt+Enter) is fine.
_CONTROL_BYTE = np.zeros(256, dtype=bool)
_CONTROL_BYTE[[*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]] = True
_SPACE_START = np.zeros(256, dtype=bool)
_SPACE_START[[*range(0x09, 0x0E), *range(0x1C, 0x21), 0xC2, 0xE1, 0xE2, 0xE3]] = True

# ------------------------------------------------------------------ cells


def _check_text(cells: Cells, column: str, rep: Report) -> pa.ChunkedArray:
    text = as_strings(cells)
    empty = np.concatenate([_blank_text(chunk) for chunk in text.chunks] or [np.zeros(0, bool)])
    rep.rows(
        empty,
        cells,
        column,
        lambda v, i: (
            f"“{column}”不能为空；请填写企业全称。",
            f"'{column}' must not be empty; enter the enterprise's full name.",
        ),
    )
    long, control = [], []
    for chunk in text.chunks:
        too_long, odd = _odd_text(chunk)
        long.append(too_long)
        control.append(odd)
    rep.rows(
        np.concatenate(long or [np.zeros(0, bool)]),
        cells,
        column,
        lambda v, i: (
            f"“{column}”超过 {MAX_NAME_CHARS} 个字符（MAX_NAME_CHARS）；请只填写企业全称。",
            f"'{column}' is longer than {MAX_NAME_CHARS} characters (MAX_NAME_CHARS); enter "
            "only the enterprise's full name.",
        ),
    )
    rep.rows(
        np.concatenate(control or [np.zeros(0, bool)]),
        cells,
        column,
        lambda v, i: (
            f"“{column}”中有不可见的控制字符；请删除后再上传。",
            f"'{column}' holds an invisible control character; delete it and upload again.",
        ),
    )
    return text


def _odd_text(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(too long, holding a control character) per cell, from the Arrow buffers (no str per cell)."""
    offsets, data = string_offsets(chunk)
    n = len(chunk)
    long = np.zeros(n, dtype=bool)
    control = np.zeros(n, dtype=bool)
    if not data.size:
        return long, control
    lengths = np.diff(offsets)
    for i in np.flatnonzero(lengths > MAX_NAME_CHARS):  # bytes >= characters: confirm these few
        long[i] = len(chunk[int(i)].as_py() or "") > MAX_NAME_CHARS
    used = data[int(offsets[0]) : int(offsets[-1])]
    odd = np.flatnonzero(_CONTROL_BYTE[used]) + int(offsets[0])
    if odd.size:
        control[np.searchsorted(offsets, odd, side="right") - 1] = True
    return long, control & valid_mask(chunk)


def _blank_text(chunk: pa.Array) -> np.ndarray:
    """Cells that are empty or only spaces: lengths and first bytes from the Arrow buffers."""
    offsets, data = string_offsets(chunk)
    lengths = np.diff(offsets)
    empty = ~valid_mask(chunk) | (lengths == 0)
    if data.size:  # a cell can be all spaces only if its first byte may start a space
        first = data[np.minimum(offsets[:-1], data.size - 1)]
        for i in np.flatnonzero(~empty & _SPACE_START[first]):
            empty[i] = chunk[int(i)].as_py().isspace()
    return empty


def _flag_values(cells: Cells) -> np.ndarray:
    """1 for yes, 0 for no, -1 for anything else: looked up per chunk in its dictionary."""
    parts = []
    for chunk in chunks_of(cells):
        if not pa.types.is_dictionary(chunk.type):
            codes, uniques = factorize_cells(chunk)
            lut = np.array([_flag_code(u) for u in uniques] + [-1], dtype=np.int8)
            parts.append(lut[codes])
            continue
        indices = chunk.indices
        lut = np.array([_flag_code(u) for u in chunk.dictionary.to_pylist()] + [-1], dtype=np.int8)
        raw = np.frombuffer(indices.buffers()[1], dtype=indices.type.to_pandas_dtype())
        raw = raw[indices.offset : indices.offset + len(indices)]
        if indices.null_count:
            raw = np.where(valid_mask(indices), raw, len(lut) - 1)
        parts.append(lut[raw])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int8)


def _check_flag(cells: Cells, column: str, rep: Report) -> np.ndarray:
    values = _flag_values(cells)
    rep.rows(
        values < 0,
        cells,
        column,
        lambda v, i: (
            (f"“{column}”未填写；应填 是 或 否。", f"'{column}' is empty; enter yes or no.")
            if v.strip() == ""
            else (
                f"“{v}”不是可识别的是/否；应填 是/否、Y/N、true/false、1/0 或 √/×。",
                f"'{v}' is not a yes/no; enter 是/否, Y/N, true/false, 1/0 or √/×.",
            )
        ),
    )
    return values == 1


def _flag_code(value: object) -> int:
    if isinstance(value, (bool, np.bool_)):
        return int(bool(value))
    flag = parse_flag(shown_value(value))
    return -1 if flag is None else int(flag)


def _check_titles(cells: Cells, column: str, rep: Report) -> pa.DictionaryArray:
    codes, uniques = factorize_cells(cells)
    parsed = [parse_titles(shown_value(u)) for u in uniques]
    combos: dict[str, int] = {"": 0}
    key_of = np.array(
        [combos.setdefault(";".join(k), len(combos)) for k, _ in parsed] + [0], dtype=np.int32
    )
    unknown = np.array([bool(u) for _, u in parsed] + [False])[codes]
    allowed = "、".join(TITLE_ZH.values())
    words = {
        shown_value(u): "、".join(unk) for u, (_, unk) in zip(uniques, parsed, strict=True) if unk
    }
    rep.rows(
        unknown,
        cells,
        column,
        lambda v, i: (
            f"资质中有无法识别的称号“{words.get(v, v)}”；可填：{allowed}（多个用 ; 或 、 分隔）。",
            f"Unknown title '{words.get(v, v)}'; allowed: national_champions, provincial_champions, "
            "municipal_champions, little_giants, specialized_smes, innovative_smes, "
            "high_tech_enterprises, chain_leaders (or the Chinese names), separated by ; or 、",
        ),
    )
    return pa.DictionaryArray.from_arrays(
        from_numpy(key_of[codes], pa.int32()), string_array(list(combos))
    )


# ------------------------------------------------------------------ the whole table


def build_table(raw: RawSheet, policies: tuple[Policy, ...] | None = None) -> Checked:
    """The canonical columns of a sheet, or `DataFileError` with every problem found in it.

    Consumes `raw.body`: each read column is dropped from the list once it is checked, so that
    its memory goes back while the next one is checked (a 200 MB file's raw number columns and
    their checked copies are never all held at once).
    """
    rep = Report(raw.problems)
    head = match_columns(raw, rep)
    height = len(raw.body[0]) if raw.body else 0
    used = [pos for pos in head.positions.values() if pos < len(raw.body)]
    filled = np.zeros(height, dtype=bool)
    for pos in used:  # the name column usually settles it: stop once every row has something
        filled |= filled_cells(raw.body[pos])
        if filled.all():
            break
    if not filled.any():
        rep.add(
            None,
            None,
            None,
            "文件只有表头，没有企业数据；请从第2行起每行填写一家企业。",
            "The file has a header but no enterprises; enter one enterprise per row from row 2.",
        )
        raise DataFileError(rep.sorted())
    rows = np.arange(2, 2 + height, dtype=np.int64)
    keep = None if filled.all() else np.flatnonzero(filled)
    if keep is not None:
        rows = rows[keep]
    rep.sheet_rows = rows

    def check(name: str, pos: int) -> tuple[np.ndarray | pa.Array, list[Problem]]:
        """One column checked, with its own problems (merged below in the columns' order)."""
        spec = SPEC[name.rsplit("_", 1)[0]] if name not in SPEC else SPEC[name]
        s = raw.body[pos] if keep is None else take_rows(raw.body[pos], keep)
        own = Report([], rows)
        out = _check_column(s, spec, head.written[name], own)
        raw.body[pos] = None  # type: ignore[call-overload]  # (checked: the raw column goes)
        return out, own.problems

    # Two columns at a time: NumPy and Arrow leave the interpreter while they work, so the second
    # core checks one column while the first checks another (a million rows: ~0.27 -> ~0.17 s);
    # each raw column still goes once checked, so at most two are held beside their copies.
    todo = [(name, pos) for name, pos in head.positions.items() if pos < len(raw.body)]
    columns: dict[str, np.ndarray | pa.Array] = {}
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="check") as pool:
        for (name, _), (out, problems) in zip(
            todo, pool.map(lambda task: check(*task), todo), strict=True
        ):
            columns[name] = out
            rep.problems.extend(problems)
    if "titles" in columns and "in_leading_industry" not in columns:
        titles = columns["titles"]
        held = [set(c.split(";")) for c in titles.dictionary.to_pylist()]  # type: ignore[union-attr]
        used_combos = np.bincount(dictionary_codes(titles), minlength=len(held))  # type: ignore[arg-type]
        # the titles some policy counts only in the leading industry, from the policy files (read
        # here, after the parse: see assessment.staged)
        from assessment.engine.policy import leading_industry_only_titles  # noqa: PLC0415

        only_lead = set(leading_industry_only_titles(policies))
        if any(n and h & only_lead for n, h in zip(used_combos, held, strict=True)):
            rep.add(
                1,
                head.written["titles"],
                None,
                "资质中有单项冠军或小巨人，但缺少“是否属于主导产业”列；这两类只在主导产业企业中"
                "计数，请补上该列。",
                "Titles include champions or little giants but there is no "
                "'in_leading_industry' column; they count only in the leading industry, so "
                "add that column.",
            )
    if rep.problems:
        raise DataFileError(rep.sorted())
    order = [name for spec in COLUMNS for name in column_names(spec, head)]
    ordered = {name: columns[name] for name in order if name in columns}
    return Checked(
        columns=ordered,
        rows=rows,
        source_columns={n: head.written[n] for n in ordered},
        years={k: tuple(sorted(v)) for k, v in head.years.items()},
        ignored_columns=tuple(head.ignored),
    )


def _check_column(s: Cells, spec: ColumnSpec, written: str, rep: Report) -> np.ndarray | pa.Array:
    if spec.kind == "text":
        return _check_text(s, written, rep)
    if spec.kind == "code":
        return check_code(s, written, rep)
    if spec.kind == "flag":
        return _check_flag(s, written, rep)
    if spec.kind == "titles":
        return _check_titles(s, written, rep)
    return check_number(s, written, spec, rep)
