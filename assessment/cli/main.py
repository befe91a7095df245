"""Command line: `python -m assessment evaluate|schema|aggregate|template ...`."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assessment.cli import data, reports
from assessment.cli.files import parse_date, read_indicators
from assessment.errors import ClusterCheckError

__all__ = ["build_parser", "main", "render_table"]

if TYPE_CHECKING:
    from assessment.engine.results import Assessment

# The engine (pydantic models, policies) loads inside each subcommand that uses it, so that
# `aggregate` on a big file pays only for what it needs.


def _width(s: str) -> int:
    """Display width in a terminal: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * max(width - _width(s), 0)


def render_table(a: Assessment, lang: str = "zh") -> str:
    """One row per criterion, one column per jurisdiction, a mark per status; CJK-aligned.

    Every row, count and list comes from the presentation layer (`assessment.present.rows`).
    """
    from assessment.present.rows import (  # noqa: PLC0415
        cell_words,
        matrix_rows,
        shortfall_list,
        verdict_rows,
        word,
    )
    from assessment.present.vocabulary import LEGEND  # noqa: PLC0415

    verdicts = verdict_rows(a, lang)
    head = [word("dimension", lang), word("criterion", lang), *(v.name for v in verdicts)]
    rows = [
        [row.dimension_label, row.name, *(cell_words(c) for c in row.cells)]
        for row in matrix_rows(a, lang)
    ]
    widths = [max(_width(x[i]) for x in [head, *rows]) for i in range(len(head))]
    lines = [
        "  ".join(_pad(h, w) for h, w in zip(head, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(_pad(x, w) for x, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.append("")
    for r, v in zip(a.results, verdicts, strict=True):
        force = "" if v.in_force else f" [{word('not_in_force', lang)}]"
        lines.append(
            f"{v.name} {word('verdict', lang)}: {v.verdict_label}{force}  ({v.counts_text})"
        )
        if v.route:
            lines.append(f"  = {v.route}")
        lines += [f"  ! {w}" for w in v.warnings]
        todo = shortfall_list(r, lang)
        lines += [f"  - {s.text}" for s in todo.items]
        if todo.more:
            lines.append(f"  … {todo.more_text}")
    lines += ["", LEGEND[lang]]
    return "\n".join(lines)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from assessment.engine.evaluate import evaluate  # noqa: PLC0415
    from assessment.engine.policy import load_policies  # noqa: PLC0415

    ind = read_indicators(args.indicators)
    policies = load_policies(args.policies)
    result = evaluate(ind, policies, args.date)
    if args.format == "json":
        print(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print(render_table(result, args.lang))
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    del args
    from assessment.engine.indicators import indicators_json_schema  # noqa: PLC0415

    print(json.dumps(indicators_json_schema(), ensure_ascii=False, indent=2))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m assessment",
        description="集群自评 / Cluster Self-Check — judge a cluster against Guangzhou, Shanghai, Hainan",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="evaluate an indicators JSON file against every policy")
    ev.add_argument("indicators", help="indicators JSON (CONTRACT.md section 1), or - for stdin")
    ev.add_argument("--format", choices=["json", "table"], default="json")
    ev.add_argument(
        "--date", type=parse_date, default=None, help="assessment date YYYY-MM-DD (default: today)"
    )
    ev.add_argument("--policies", default=None, help="policy directory (default: policies/)")
    ev.add_argument("--lang", choices=["zh", "en"], default="zh", help="table language")
    ev.set_defaults(func=_cmd_evaluate)
    sc = sub.add_parser("schema", help="print the JSON Schema of the indicators")
    sc.set_defaults(func=_cmd_schema)
    data.register(sub)  # aggregate, template
    reports.register(sub)  # report, evaluate-batch, compare
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; bad input exits non-zero with one clear line, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", "zh")
    try:
        return int(args.func(args))
    except ClusterCheckError as exc:
        print(f"错误 / error: {exc.message(lang)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
