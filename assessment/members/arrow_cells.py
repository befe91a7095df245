"""Arrow columns read through their buffers with NumPy: validity, offsets, codes, numbers.

The cell checks use these so that a clean column costs a few vectorised passes and no Python
object per cell; `pyarrow.compute` is imported only off that fast path.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from assessment.members.table import Cells, shown_value

__all__ = [
    "as_strings",
    "chunks_of",
    "compute",
    "dictionary_codes",
    "factorize_cells",
    "filled_cells",
    "from_numpy",
    "numbers_of",
    "string_array",
    "string_offsets",
    "take_rows",
    "valid_mask",
]


def compute():  # type: ignore[no-untyped-def]
    import pyarrow.compute as pc  # noqa: PLC0415 (only off the fast path: ~60 ms to import)

    return pc


# ------------------------------------------------------------------ Arrow buffers


def chunks_of(cells: Cells) -> list[pa.Array]:
    return list(cells.chunks) if isinstance(cells, pa.ChunkedArray) else [cells]


def valid_mask(arr: pa.Array) -> np.ndarray:
    """Non-null cells of one Arrow array, read from its validity bitmap."""
    n = len(arr)
    if arr.null_count == 0:
        return np.ones(n, dtype=bool)
    if arr.null_count == n:
        return np.zeros(n, dtype=bool)
    bits = np.unpackbits(np.frombuffer(arr.buffers()[0], dtype=np.uint8), bitorder="little")
    return bits[arr.offset : arr.offset + n].astype(bool)


def string_offsets(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(n + 1 offsets, UTF-8 bytes) of a string array, without a copy of the text."""
    buffers = arr.buffers()
    if len(arr) == 0 or buffers[1] is None:
        return np.zeros(len(arr) + 1, dtype=np.int64), np.zeros(0, dtype=np.uint8)
    wide = pa.types.is_large_string(arr.type)
    offsets = np.frombuffer(buffers[1], dtype=np.int64 if wide else np.int32)
    offsets = offsets[arr.offset : arr.offset + len(arr) + 1]
    data = (
        np.frombuffer(buffers[2], dtype=np.uint8)
        if buffers[2] is not None
        else np.zeros(0, dtype=np.uint8)
    )
    return offsets, data


def as_strings(cells: Cells) -> pa.ChunkedArray:
    """The column as Arrow strings chunk by chunk (dictionaries decoded), null where empty."""
    out = []
    for chunk in chunks_of(cells):
        if pa.types.is_dictionary(chunk.type):
            out.append(compute().take(chunk.dictionary.cast(pa.string()), chunk.indices))
        elif pa.types.is_null(chunk.type):
            out.append(pa.nulls(len(chunk), pa.string()))
        elif not pa.types.is_string(chunk.type):
            out.append(chunk.cast(pa.string()))
        else:
            out.append(chunk)
    return pa.chunked_array(out, pa.string())


def factorize_cells(cells: Cells) -> tuple[np.ndarray, list[object]]:
    """(codes with -1 for empty, distinct values) over every chunk: free for dictionary columns."""
    index: dict[object, int] = {}
    parts = []
    for part in chunks_of(cells):
        if pa.types.is_null(part.type):
            parts.append(np.full(len(part), -1, dtype=np.int64))
            continue
        chunk = part if pa.types.is_dictionary(part.type) else compute().dictionary_encode(part)
        indices = chunk.indices
        kind = "uint" if pa.types.is_unsigned_integer(indices.type) else "int"
        raw = np.frombuffer(indices.buffers()[1], dtype=f"{kind}{indices.type.bit_width}")
        codes = raw[indices.offset : indices.offset + len(indices)].astype(np.int64)
        values = chunk.dictionary.to_pylist()
        remap = np.array([index.setdefault(v, len(index)) for v in values] + [-1], dtype=np.int64)
        codes = np.where(valid_mask(indices), codes, len(values))
        parts.append(remap[codes])
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return codes, list(index)


def numbers_of(arr: pa.Array) -> np.ndarray:
    """A numeric Arrow array as float64, NaN where empty (from its buffers: `to_numpy` would
    import pandas)."""
    n = len(arr)
    if pa.types.is_null(arr.type) or arr.null_count == n:  # (also when n == 0)
        return np.full(n, np.nan)
    dtype = np.dtype(arr.type.to_pandas_dtype())  # integer or floating: a NumPy type
    raw = np.frombuffer(arr.buffers()[1], dtype=dtype)[arr.offset : arr.offset + n]
    if arr.null_count:
        return np.where(valid_mask(arr), raw, np.nan)
    return raw.astype(np.float64, copy=False)


def dictionary_codes(arr: pa.DictionaryArray) -> np.ndarray:
    """The int64 codes of a dictionary array without nulls (read from the buffer)."""
    indices = arr.indices
    raw = np.frombuffer(indices.buffers()[1], dtype=indices.type.to_pandas_dtype())
    return raw[indices.offset : indices.offset + len(indices)].astype(np.int64)


def from_numpy(values: np.ndarray, type_: pa.DataType) -> pa.Array:
    """A null-free Arrow array over a NumPy array's memory (`pa.array` would import pandas)."""
    values = np.ascontiguousarray(values, dtype=type_.to_pandas_dtype())
    return pa.Array.from_buffers(type_, len(values), [None, pa.py_buffer(values)])


def string_array(texts: list[str]) -> pa.Array:
    """A null-free Arrow string array of a few Python strings."""
    encoded = [t.encode() for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.Array.from_buffers(
        pa.string(), len(encoded), [None, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    )


def filled_cells(cells: Cells) -> np.ndarray:
    """Cells that hold something other than blanks."""
    parts = []
    for chunk in chunks_of(cells):
        t = chunk.type
        if pa.types.is_dictionary(t):
            codes, uniques = factorize_cells(chunk)
            blank = np.array([shown_value(u).strip() == "" for u in uniques] + [True])
            parts.append(~blank[codes])
        elif pa.types.is_string(t) or pa.types.is_large_string(t):
            offsets, _ = string_offsets(chunk)
            parts.append(
                valid_mask(chunk) & (np.diff(offsets) > 0)
            )  # whitespace: caught per column
        elif pa.types.is_floating(t):
            parts.append(~np.isnan(numbers_of(chunk)))
        else:
            parts.append(valid_mask(chunk))
    return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)


def take_rows(cells: Cells, keep: np.ndarray) -> Cells:
    return compute().take(cells, pa.array(keep))
