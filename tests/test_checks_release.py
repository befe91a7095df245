"""`build_table` drops each raw column once checked (issue 12: a 190 MiB file's raw number
columns and their checked copies are never all held at once), and the result is unchanged."""

from __future__ import annotations

from pathlib import Path

from assessment.members.checks import build_table
from assessment.members.csv_table import read_text
from assessment.members.ingest import read_member_file
from tests.column_support import assert_same_columns

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "yunxi-sensors" / "members.csv"


def test_each_checked_raw_column_is_released_and_the_table_is_the_same() -> None:
    data = SAMPLE.read_bytes()
    raw = read_text(data, SAMPLE.name)
    width = len(raw.body)
    checked = build_table(raw)
    assert len(raw.body) == width
    released = [pos for pos, column in enumerate(raw.body) if column is None]
    assert len(released) == len(checked.columns) > 10  # every checked column went, nothing else
    whole = read_member_file(data, SAMPLE.name)
    assert_same_columns(whole.columns, checked.columns)
