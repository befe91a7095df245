"""What every subcommand reads and writes: dates, input files (or stdin), indicators, outputs."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assessment.errors import InputError

if TYPE_CHECKING:
    from assessment.engine.indicators import Indicators


def parse_date(s: str) -> dt.date:
    """An argparse type for YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {s!r}") from None


def read_input(path: str) -> bytes:
    """A file's bytes, or standard input for '-'; an unreadable file is an `InputError`."""
    try:
        return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(
            path, f"无法读取文件 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}"
        ) from None


def read_indicators(path: str) -> Indicators:
    """An indicators JSON file (CONTRACT.md section 1), validated."""
    from assessment.engine.indicators import indicators_from_json  # noqa: PLC0415 (pydantic only when needed)

    return indicators_from_json(read_input(path))


def write_output(path: str, data: bytes) -> None:
    """Write an output file; an unwritable path is an `InputError` naming --out."""
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise InputError(
            "--out", f"无法写入文件 {path}：{exc.strerror}", f"cannot write {path}: {exc.strerror}"
        ) from None
