"""Command line for issue 5: `report`, `evaluate-batch` and `compare` subcommands."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from assessment.cli.files import parse_date, read_indicators, read_input, write_output
from assessment.cli.progress import TerminalProgress, terminal_progress
from assessment.errors import InputError
from assessment.limits import MAX_UPLOAD_BYTES

# The engine, plotly, openpyxl and pandas load inside each handler: registering these
# subcommands must not slow down the others (`aggregate` on a big file is timed against DuckDB).


def _format_of(out: str, given: str | None, choices: tuple[str, ...]) -> str:
    if given:
        return given
    suffix = Path(out).suffix.lower().lstrip(".")
    suffix = {"htm": "html"}.get(suffix, suffix)
    if suffix in choices:
        return suffix
    raise InputError(
        "--format",
        f"无法从文件名 {out} 判断格式，请用 --format 指定（{'/'.join(choices)}）",
        f"cannot tell the format from {out}: give --format ({'/'.join(choices)})",
    )


def _cmd_report(args: argparse.Namespace) -> int:
    fmt = _format_of(args.out, args.format, ("html", "xlsx"))
    ind = read_indicators(args.indicators)
    from assessment.engine.evaluate import evaluate  # noqa: PLC0415
    from assessment.engine.policy import load_policies  # noqa: PLC0415
    from assessment.present.explain import VERDICT_LABEL  # noqa: PLC0415

    a = evaluate(ind, load_policies(args.policies), args.date)
    # heavy modules (plotly, openpyxl, pandas) load only for the subcommand that needs them
    from assessment.exports.briefing import briefing_html  # noqa: PLC0415
    from assessment.exports.report_excel import excel_report  # noqa: PLC0415

    if fmt == "html":
        write_output(args.out, briefing_html(a, ind, args.lang).encode("utf-8"))
    else:
        write_output(args.out, excel_report(a, ind, args.lang))
    verdicts = ", ".join(
        f"{r.name_zh if args.lang == 'zh' else r.name_en}: {VERDICT_LABEL[args.lang][r.verdict]}"
        for r in a.results
    )
    print(f"{args.out}  ({verdicts})")
    return 0


@contextlib.contextmanager
def _output(path: str) -> Iterator[BinaryIO]:
    """An output file written as it goes; failing to open or write it is an `InputError`."""
    try:
        with Path(path).open("wb") as out:
            yield out
    except OSError as exc:
        raise InputError(
            "--out", f"无法写入文件 {path}：{exc.strerror}", f"cannot write {path}: {exc.strerror}"
        ) from None


def _cmd_batch(args: argparse.Namespace) -> int:
    fmt = _format_of(args.out, args.format, ("csv", "xlsx"))
    from assessment.engine.policy import load_policies  # noqa: PLC0415
    from assessment.exports.batch_xlsx import BatchTableWriter  # noqa: PLC0415
    from assessment.present.batch_tables import summary_table  # noqa: PLC0415
    from assessment.screening.screen import VERDICTS, BatchResult, screen_parts  # noqa: PLC0415

    data = read_input(args.clusters, MAX_UPLOAD_BYTES)  # the batch file's size limit
    pols = tuple(load_policies(args.policies))
    day = args.date or dt.date.today()
    progress = terminal_progress(args.lang)
    cols, problems, _, parts = screen_parts(
        data, Path(args.clusters).name, sheet=args.sheet, policies=pols, progress=progress
    )
    # each part is written as soon as it is judged: memory holds one part, whatever the file's size
    with _output(args.out) as out:
        writer = BatchTableWriter(out, fmt, args.lang)
        counts = {p.id: dict.fromkeys(VERDICTS, 0) for p in pols}
        for part in parts:
            one = BatchResult.of_part(part, day, pols, cols)
            writer.write(one)
            problems.extend(part.problems)
            for jid, c in one.summary.items():
                for k, n in c.items():
                    counts[jid][k] += n
        problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        totals = BatchResult.of_totals(counts, problems, day, pols)
        writer.close(totals)
    if isinstance(progress, TerminalProgress):
        progress.close()
    zh = args.lang == "zh"
    print(
        f"{writer.rows} 个集群已判断，结果写入 {args.out}"
        if zh
        else f"{writer.rows} clusters judged, written to {args.out}"
    )
    print(summary_table(totals, args.lang).to_string(index=False))
    for w in totals.warnings:
        print(f"! {w.zh if zh else w.en}", file=sys.stderr)
    if problems:
        print(
            f"\n{len(problems)} 处问题：" if zh else f"\n{len(problems)} problem(s):",
            file=sys.stderr,
        )
        for p in problems:
            where = (f"第{p.row}行" if zh else f"row {p.row}") if p.row else ""
            col = f"「{p.column}」" if zh and p.column else (f" [{p.column}]" if p.column else "")
            print(f"  {where}{col} {p.message(args.lang)}", file=sys.stderr)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from assessment.engine.evaluate import evaluate  # noqa: PLC0415
    from assessment.engine.policy import load_policies  # noqa: PLC0415

    policies = load_policies(args.policies)
    before = evaluate(read_indicators(args.before), policies, args.date)
    after = evaluate(read_indicators(args.after), policies, args.date)
    from assessment.present.compare import compare_assessments, compare_text  # noqa: PLC0415

    changes = compare_assessments(before, after)
    for w in (w for r in after.results for w in r.warnings):
        print(f"! {w.zh if args.lang == 'zh' else w.en}", file=sys.stderr)
    if args.format == "json":
        print(
            json.dumps(
                {"changes": [c.to_json_dict() for c in changes]}, ensure_ascii=False, indent=2
            )
        )
    else:
        print(compare_text(changes, args.lang))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `report`, `evaluate-batch` and `compare` subcommands to the main parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["zh", "en"], default="zh", help="language")
    common.add_argument(
        "--date", type=parse_date, default=None, help="assessment date YYYY-MM-DD (default: today)"
    )
    common.add_argument("--policies", default=None, help="policy directory (default: policies/)")

    rp = sub.add_parser(
        "report", parents=[common], help="write a briefing (HTML) or Excel report for one cluster"
    )
    rp.add_argument("indicators", help="indicators JSON (CONTRACT.md section 1), or - for stdin")
    rp.add_argument("--out", required=True, help="output file, .html or .xlsx")
    rp.add_argument(
        "--format", choices=["html", "xlsx"], default=None, help="default: from the --out suffix"
    )
    rp.set_defaults(func=_cmd_report)

    bp = sub.add_parser(
        "evaluate-batch",
        parents=[common],
        help="screen many clusters in a CSV/XLSX file, one row per cluster",
    )
    bp.add_argument("clusters", help="CSV or XLSX, one cluster per row (indicator keys as columns)")
    bp.add_argument("--out", required=True, help="output table, .csv or .xlsx")
    bp.add_argument(
        "--format", choices=["csv", "xlsx"], default=None, help="default: from the --out suffix"
    )
    bp.add_argument("--sheet", default=None, help="worksheet name (XLSX; default: the first)")
    bp.set_defaults(func=_cmd_batch)

    cp = sub.add_parser(
        "compare", parents=[common], help="which criteria change colour between two scenarios"
    )
    cp.add_argument("before", help="indicators JSON of the first scenario (e.g. this year)")
    cp.add_argument("after", help="indicators JSON of the second scenario (e.g. the plan)")
    cp.add_argument("--format", choices=["table", "json"], default="table")
    cp.set_defaults(func=_cmd_compare)
