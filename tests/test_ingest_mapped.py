"""A member CSV read from a memory mapping (as the command line reads it) gives the same table
as its bytes, and the mapping still reads the file afterwards (the reader hands the file's pages
back to the kernel once parsed, issue 12)."""

from __future__ import annotations

import gc
import mmap
from pathlib import Path

import numpy as np

from assessment.members.ingest import read_member_file
from tests.column_support import assert_same_columns

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "yunxi-sensors" / "members.csv"


def test_a_mapped_file_reads_as_its_bytes_and_stays_readable() -> None:
    data = SAMPLE.read_bytes()
    from_bytes = read_member_file(data, SAMPLE.name)
    with SAMPLE.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        from_map = read_member_file(mapped, SAMPLE.name)
        assert mapped[:] == data  # the pages come back from the file when read again
        assert from_map.rows == from_bytes.rows > 0
        np.testing.assert_array_equal(from_map.row_numbers, from_bytes.row_numbers)
        assert_same_columns(from_bytes.columns, from_map.columns)
        # Arrow buffers over the map may live as long as the table (and, through a reference
        # cycle, until the next collection), so the map is closed only after both are gone:
        # the command line never closes it (cli/data.py). Closing it earlier raised BufferError
        # in about one run in three.
        del from_map
        gc.collect()
        mapped.close()
