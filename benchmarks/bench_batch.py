"""Benchmark: batch screening of 10,000 and 100,000 clusters, as whole processes.

    uv run python benchmarks/bench_batch.py [--rows 10000 100000] [--repeat 5] [--before DIR]
        [--figures cli cli_xlsx screen_file]

For each size, generates a CSV of fictional clusters (every template column, varied figures and
answers, 10 % of cells empty) and measures, each in a fresh process started from a small
launcher (so that its peak memory is its own):

- `cli`: `python -m assessment evaluate-batch FILE --out OUT.csv` (read, check, judge, write);
- `cli_xlsx`: the same with `--out OUT.xlsx` (the XLSX written as it goes: its peak memory should
  not grow with the number of clusters);
- `screen_file`: the in-process call the page makes (time of the call; peak of the process);
- `xlsx`: `batch_table_bytes(result, "xlsx")` of the screened file (only up to 20,000 rows).

`--before DIR` runs the same measurements on another checkout (e.g. `git archive <commit> | tar
-x -C DIR`) with the same interpreter, alternating with this one so that both see the same
machine load. Prints medians and the CPU seconds beside the wall seconds (the machine is shared:
CPU time moves less with the load than wall time). Asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

YEARS = (2022, 2023, 2024)
ON = "2025-06-01"


def make_csv(n: int, seed: int = 5) -> bytes:
    """N fictional clusters with plausible, varied figures and answers (some cells left empty)."""
    from assessment.exports.batch_xlsx import template_headers  # noqa: PLC0415

    rng = random.Random(seed)
    heads = template_headers("zh", YEARS)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([h for _, h in heads])
    for i in range(n):
        row: list[object] = []
        base = rng.uniform(5, 80)
        for key, _ in heads:
            if rng.random() < 0.1 and key != "cluster_name" and not key.startswith("output_by"):
                row.append("")
            elif key == "cluster_name":
                row.append(f"集群{i}")
            elif key.startswith("output_by_year."):
                base *= rng.uniform(0.95, 1.25)
                row.append(round(base, 2))
            elif key.endswith("_pct"):
                row.append(round(rng.uniform(0, 100), 1))
            elif key in (
                "area_km2",
                "invention_patents_per_10k_employees",
                "sme_invention_patents_per_10k_employees",
            ):
                row.append(round(rng.uniform(1, 150), 1))
            elif key in ("innovation_platforms", "standards_participated") or key.endswith(
                ("champions", "giants", "smes", "enterprises", "leaders")
            ):
                row.append(rng.randint(0, 30))
            else:
                row.append(rng.choice(["是", "否", "是"]))
        w.writerow(row)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# The launcher runs one command and prints its wall seconds, CPU seconds and peak RSS (KB); a
# child's ru_maxrss counts what it held before exec, so the launcher must be small.
_LAUNCH = """
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
if p.returncode:
    sys.exit(p.stderr.decode())
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, r.ru_utime + r.ru_stime, r.ru_maxrss)
sys.stdout.write(p.stdout.decode())
"""

# In a fresh process: screen the file (timed), then optionally export it as XLSX (timed).
_IN_PROCESS = """
import datetime as dt, json, sys, time
from assessment.screening.screen import screen_file
data = open(sys.argv[1], "rb").read()
t, c = time.perf_counter(), time.process_time()
result = screen_file(data, "clusters.csv", on=dt.date.fromisoformat(sys.argv[2]))
out = {"screen": time.perf_counter() - t, "screen_cpu": time.process_time() - c,
       "judged": len(result.table), "problems": len(result.problems)}
if sys.argv[3] == "xlsx":
    from assessment.exports.batch_xlsx import batch_table_bytes
    t, c = time.perf_counter(), time.process_time()
    batch_table_bytes(result, "xlsx", "zh")
    out["xlsx"], out["xlsx_cpu"] = time.perf_counter() - t, time.process_time() - c
print(json.dumps(out))
"""


def launch(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float, str]:
    """(wall s, CPU s, peak MB, stdout) of one whole process."""
    p = subprocess.run(
        [sys.executable, "-c", _LAUNCH, *cmd],
        capture_output=True,
        cwd=cwd,
        env={**env, "PYTHONPATH": str(cwd)},
        check=True,
    )
    first, _, rest = p.stdout.decode().partition("\n")
    wall, cpu, kb = first.split()
    return float(wall), float(cpu), int(kb) / 1024, rest


def measure(
    tree: Path, path: Path, n: int, work: Path, env: dict[str, str], *, figures: set[str]
) -> dict[str, tuple[float, float, float]]:
    """One round on one checkout: {figure: (wall s, CPU s, peak MB)}."""
    got: dict[str, tuple[float, float, float]] = {}
    for figure, suffix in (("cli", "csv"), ("cli_xlsx", "xlsx")):
        if figure in figures:
            out = work / f"out-{tree.name}-{n}.{suffix}"
            cli = [sys.executable, "-m", "assessment", "evaluate-batch", str(path), "--out"]
            got[figure] = launch([*cli, str(out), "--date", ON], tree, env)[:3]
    if "screen_file" not in figures:
        return got
    xlsx = "xlsx" if n <= 20_000 else "no"
    _, _, peak, text = launch([sys.executable, "-c", _IN_PROCESS, str(path), ON, xlsx], tree, env)
    inner = json.loads(text)
    got["screen_file"] = (inner["screen"], inner["screen_cpu"], peak)
    if "xlsx" in inner:
        got["xlsx"] = (inner["xlsx"], inner["xlsx_cpu"], peak)
    return got


def main() -> None:
    """Generate, run alternately, print medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", default=None, help="another checkout to compare with")
    parser.add_argument(
        "--figures",
        nargs="+",
        default=["cli", "cli_xlsx", "screen_file"],
        choices=["cli", "cli_xlsx", "screen_file"],
        help="what to measure (screen_file includes the in-process XLSX up to 20,000 rows)",
    )
    parser.add_argument("--dir", default=None, help="where to keep the generated files")
    args = parser.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="bench-batch-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    trees = {"after": ROOT}
    if args.before:
        trees = {"before": Path(args.before).resolve(), **trees}
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    for n in args.rows:
        path = work / f"clusters_{n}.csv"
        if not path.exists():
            path.write_bytes(make_csv(n))
        print(f"\n{n} clusters ({path.stat().st_size / 1e6:.1f} MB)")
        warm = work / "clusters_warm.csv"
        if not warm.exists():
            warm.write_bytes(make_csv(200))
        for tree in trees.values():  # warm-up: bytecode cache
            measure(tree, warm, 200, work, env, figures=set(args.figures))
        runs: dict[str, list[dict[str, tuple[float, float, float]]]] = {k: [] for k in trees}
        for _ in range(args.repeat):  # alternate, so that every side sees the same load
            for name, tree in trees.items():
                runs[name].append(measure(tree, path, n, work, env, figures=set(args.figures)))
        for name, rounds in runs.items():
            for figure in rounds[0]:
                wall = statistics.median(r[figure][0] for r in rounds)
                cpu = statistics.median(r[figure][1] for r in rounds)
                peak = max(r[figure][2] for r in rounds)
                print(
                    f"  {name:6s} {figure:11s} {wall:6.2f} s wall  {cpu:6.2f} s CPU  "
                    f"peak {peak:5.0f} MB  ({len(rounds)} runs, wall "
                    f"{min(r[figure][0] for r in rounds):.2f}-{max(r[figure][0] for r in rounds):.2f})"
                )
    print(f"\nload average: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
