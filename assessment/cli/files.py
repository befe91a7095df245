"""What every subcommand reads and writes: dates, input files (or stdin), indicators, outputs."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assessment.errors import InputError
from assessment.limits import MAX_JSON_BYTES

if TYPE_CHECKING:
    from assessment.engine.indicators import Indicators


def parse_date(s: str) -> dt.date:
    """An argparse type for YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {s!r}") from None


def read_input(path: str, limit: int = MAX_JSON_BYTES) -> bytes:
    """A file's bytes, or standard input for '-', at most `limit` bytes; else an `InputError`.

    A directory, a missing file and a device that never ends (/dev/zero) each get their own
    message; nothing is read past one byte beyond the limit.
    """
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        file = Path(path)
        try:
            if file.is_dir():
                raise InputError(
                    path, f"{path} 是一个目录，不是文件", f"{path} is a directory, not a file"
                )
            if not file.exists():
                raise InputError(path, f"找不到文件：{path}", f"no such file: {path}")
            with file.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(
                path, f"无法读取文件 {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}"
            ) from None
    if len(data) > limit:
        # the JSON limit is counted in MiB, the upload limit in MB of 10^6 bytes (limits.py)
        json_limit = limit == MAX_JSON_BYTES
        mb = limit / 1024 / 1024 if json_limit else limit / 1000 / 1000
        name = "MAX_JSON_BYTES" if json_limit else "MAX_UPLOAD_BYTES"
        raise InputError(
            path,
            f"{path} 超过 {mb:.0f} MB 的上限（{name}），未读取（见 README“Limits”）",
            f"{path} is larger than the {mb:.0f} MB limit ({name}) and was not read "
            "(README, 'Limits')",
        )
    return data


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
