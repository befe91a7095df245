"""The `aggregate` and `template` subcommands: member spreadsheet -> indicators JSON, and templates."""

from __future__ import annotations

import argparse
import mmap
import sys
from pathlib import Path

from assessment.errors import DataFileError, Problem
from assessment.limits import MAX_NAME_CHARS, MAX_UPLOAD_BYTES


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `aggregate` and `template` to the main command line."""
    agg = subparsers.add_parser(
        "aggregate", help="member-enterprise file (CSV/XLSX) -> cluster indicators JSON"
    )
    agg.add_argument("file", help="member file: .csv (UTF-8, GBK, UTF-16) or .xlsx; - for stdin")
    agg.add_argument(
        "--sheet",
        default=None,
        help="XLSX sheet name (default: the first sheet with the member headers)",
    )
    agg.add_argument("--name", default=None, help="cluster name to put in the JSON")
    agg.add_argument(
        "--no-derivations", action="store_true", help="leave out how each figure was computed"
    )
    agg.add_argument(
        "--policies",
        default=None,
        help="policy directory whose titles count only in the leading industry "
        "(default: policies/)",
    )
    agg.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of problems")
    agg.set_defaults(func=cmd_aggregate)
    tpl = subparsers.add_parser("template", help="write an empty member-data template")
    tpl.add_argument("--lang", choices=["zh", "en"], default="zh", help="header language")
    tpl.add_argument("--format", choices=["csv", "xlsx"], default="xlsx", dest="fmt")
    tpl.add_argument(
        "--years",
        default=None,
        help="comma-separated years, e.g. 2022,2023,2024 (default: last three)",
    )
    tpl.add_argument("--output-dir", default=".", help="directory to write into (default: .)")
    tpl.set_defaults(func=cmd_template)


def format_problem(p: Problem, lang: str = "zh") -> str:
    """One problem as one line: row, column, value, message."""
    parts = []
    if p.row is not None:
        parts.append(f"第{p.row}行" if lang == "zh" else f"row {p.row}")
    if p.column:
        parts.append(f"列“{p.column}”" if lang == "zh" else f"column '{p.column}'")
    if p.value not in (None, ""):
        parts.append(f"值“{p.value}”" if lang == "zh" else f"value '{p.value}'")
    where = (
        ("，".join(parts) + "：")
        if lang == "zh" and parts
        else (", ".join(parts) + ": " if parts else "")
    )
    return where + p.message(lang)


def _read(path: str) -> tuple[bytes | mmap.mmap, str]:
    """The file's bytes: a regular file is memory-mapped (no 100 MB copy), stdin read.

    The map is not closed explicitly: Arrow buffers over it may outlive the call (say, in the
    traceback of an error), and closing it under them raises; it goes when the last one does.
    A directory, a missing file and a device (/dev/zero) each get their own message; a device
    is read to one byte past the limit, which the reader then refuses.
    """
    if path == "-":
        return sys.stdin.buffer.read(MAX_UPLOAD_BYTES + 1), "stdin"
    file = Path(path)
    try:
        if file.is_dir():
            raise _problem(
                path, f"{path} 是一个目录，不是文件", f"{path} is a directory, not a file"
            )
        if not file.exists():
            raise _problem(path, f"找不到文件：{path}", f"No such file: {path}")
        with file.open("rb") as handle:
            if not file.is_file():  # a device or a pipe: no size to check before reading
                return handle.read(MAX_UPLOAD_BYTES + 1), file.name
            try:  # mapped: the reader checks the size before touching more than the first bytes
                return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ), file.name
            except (OSError, ValueError):  # an empty file, or a file system that cannot map
                return handle.read(MAX_UPLOAD_BYTES + 1), file.name
    except OSError as exc:
        raise _problem(
            path, f"无法读取文件 {path}：{exc.strerror}", f"Cannot read {path}: {exc.strerror}"
        ) from None


def _problem(path: str, zh: str, en: str) -> DataFileError:
    return DataFileError([Problem(None, None, path, zh, en)])


def cmd_aggregate(args: argparse.Namespace) -> int:
    """Print the indicators JSON for a member file; list every problem on stderr if it has any."""
    from assessment.cli.progress import TerminalProgress, terminal_progress  # noqa: PLC0415
    from assessment.staged import aggregate_in_stages  # noqa: PLC0415 (pandas only when needed)

    lang = getattr(args, "lang", "zh")
    if args.name is not None and len(args.name) > MAX_NAME_CHARS:
        print(
            f"错误 / error: --name 超过 {MAX_NAME_CHARS} 个字符（MAX_NAME_CHARS）"
            if lang == "zh"
            else f"错误 / error: --name is longer than {MAX_NAME_CHARS} characters (MAX_NAME_CHARS)",
            file=sys.stderr,
        )
        return 2
    policies = None  # the files in policies/, loaded beside the parse (assessment.staged)
    folder = getattr(args, "policies", None)
    if folder is not None:  # whose titles count only in the leading industry
        from assessment.engine.policy import load_policies  # noqa: PLC0415

        policies = load_policies(folder)
    progress = terminal_progress(lang)  # a bar on stderr only when it is a terminal
    try:
        data, name = _read(args.file)
        table, indicators = aggregate_in_stages(
            data, name, args.sheet, args.name, progress=progress, policies=policies
        )
    except DataFileError as exc:
        if isinstance(progress, TerminalProgress):
            progress.close()
        head = (
            f"文件“{args.file}”有 {len(exc.problems)} 处问题，未生成指标："
            if lang == "zh"
            else f"'{args.file}' has {len(exc.problems)} problem(s); no indicators produced:"
        )
        print(head, file=sys.stderr)
        for problem in exc.problems:
            print("  " + format_problem(problem, lang), file=sys.stderr)
        return 2
    if isinstance(progress, TerminalProgress):
        progress.close()  # the bar goes before the notices and the JSON
    for notice in table.notices:  # e.g. hidden sheets skipped
        print(format_problem(notice, lang), file=sys.stderr)
    exclude = {"derivations"} if args.no_derivations else None
    sys.stdout.write(indicators.model_dump_json(exclude_none=True, exclude=exclude, indent=2))
    sys.stdout.write("\n")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write the template file(s) and print their paths."""
    from assessment.members.template import template_files  # noqa: PLC0415 (openpyxl only when needed)

    years = None
    if args.years:
        try:
            years = [int(y) for y in args.years.split(",")]
        except ValueError:
            print(
                f"错误 / error: --years 须为逗号分隔的年份，如 2022,2023,2024（得到 {args.years}）",
                file=sys.stderr,
            )
            return 2
    out = Path(args.output_dir)
    for name, content in template_files(args.lang, args.fmt, years).items():
        try:
            out.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(content)
        except OSError as exc:
            print(
                f"错误 / error: 无法写入 {out / name}：{exc.strerror}"
                if args.lang == "zh"
                else f"错误 / error: cannot write {out / name}: {exc.strerror}",
                file=sys.stderr,
            )
            return 2
        print(out / name)
    return 0
