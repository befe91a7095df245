"""Time `python -m assessment aggregate` against DuckDB computing the same sums, as whole processes.

    uv run --group bench python benchmarks/bench_aggregate.py [--rows 100000 1000000] [--repeat 5]

Generates UTF-8 member files with Chinese headers (valid credit codes, ~6 % titled enterprises),
then runs each side as a fresh process on the same file, alternating ours and DuckDB so that both
see the same machine load, and reports the median wall time and the peak memory (max RSS of the
child). Both sides read the whole file; ours also validates every cell. Beside them, the floor:
pyarrow alone parsing the file into a table (`pyarrow.csv.read_csv`), time and peak. Bytecode
is cached in a temporary PYTHONPYCACHEPREFIX and each command is run once to warm up, so that
neither side pays for compiling Python sources.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])
TITLES = [
    "高新技术企业",
    "专精特新",
    "专精特新、高新技术企业",
    "创新型中小企业",
    "小巨人",
    "链主企业",
]

DUCK_SQL = """
SELECT count(*),
  sum("产值_2022"), sum("产值_2023"), sum("产值_2024"),
  sum(CASE WHEN "是否中小企业" = '是' THEN "产值_2024" END),
  sum(CASE WHEN "是否属于主导产业" = '是' THEN "产值_2024" END),
  sum(CASE WHEN "是否中小企业" = '是' THEN "研发经费_2022" END),
  sum(CASE WHEN "是否中小企业" = '是' THEN "研发经费_2024" END),
  sum("有效发明专利_2022"), sum("有效发明专利_2024"), sum("从业人员"),
  sum(CASE WHEN "是否中小企业" = '是' THEN "有效发明专利_2024" END),
  sum(CASE WHEN "是否中小企业" = '是' THEN "从业人员" END),
  count(*) FILTER (WHERE "应用工业互联网平台" = '是'),
  count(*) FILTER (WHERE "近三年重大事故或违法失信" = '是'),
  count(*) FILTER (WHERE "资质" IS NOT NULL)
FROM read_csv('{path}', all_varchar = false)
"""

ARROW_PARSE = "import pyarrow.csv as c, sys; c.read_csv(sys.argv[1])"


def generate(n: int, path: Path, seed: int = 1) -> None:
    """A valid member file of n enterprises (vectorised; about 7 s for a million rows)."""
    rng = np.random.default_rng(seed)
    body = rng.integers(0, 31, size=(n, 17))
    body[:, 0], body[:, 1] = 9, 1
    body[:, 2:8] = rng.integers(0, 10, size=(n, 6))
    idx = np.arange(n)
    for k in range(16, 7, -1):  # the row number in base 31 keeps every code unique
        body[:, k] = idx % 31
        idx //= 31
    check = (31 - (body * WEIGHTS).sum(axis=1) % 31) % 31
    lut = np.frombuffer(CODE_CHARS.encode(), dtype=np.uint8)
    codes = lut[np.concatenate([body, check[:, None]], axis=1)].view("S18").ravel().astype(str)
    sme = rng.random(n) < 0.9
    out = np.round(rng.lognormal(7, 1.2, n), 2)
    titled = rng.random(n) < 0.06
    frame = pd.DataFrame(
        {
            "企业名称": pd.Series(np.arange(n)).astype(str).radd("示例企业"),
            "统一社会信用代码": codes,
            "是否中小企业": np.where(sme, "是", "否"),
            "是否属于主导产业": np.where(rng.random(n) < 0.8, "是", "否"),
            "产值_2022": np.round(out / 1.2, 2),
            "产值_2023": np.round(out / 1.1, 2),
            "产值_2024": out,
            "研发经费_2022": np.round(out * 0.025, 2),
            "研发经费_2023": np.round(out * 0.028, 2),
            "研发经费_2024": np.round(out * 0.03, 2),
            "有效发明专利_2022": rng.integers(0, 5, n),
            "有效发明专利_2023": rng.integers(0, 6, n),
            "有效发明专利_2024": rng.integers(0, 8, n),
            "从业人员": rng.integers(5, 500, n),
            "资质": np.where(titled, rng.choice(TITLES, n), ""),
            "应用工业互联网平台": np.where(rng.random(n) < 0.2, "是", "否"),
            "近三年重大事故或违法失信": "否",
        }
    )
    frame.to_csv(path, index=False)


def run(cmd: list[str], env: dict[str, str]) -> float:
    """Wall seconds of one whole process."""
    start = time.perf_counter()
    with open(os.devnull, "wb") as sink:
        proc = subprocess.run(
            cmd, stdout=sink, stderr=subprocess.PIPE, cwd=ROOT, env=env, check=False
        )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.decode()}")
    return wall


# A child's ru_maxrss counts the memory it had before exec, i.e. a copy of this (large,
# pandas-laden) process: measured from here, both sides showed this script's own peak. A small
# launcher process starts the command instead and reports its child's peak.
_PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_mb(cmd: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one whole process, in MB."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd], capture_output=True, cwd=ROOT, env=env, check=True
    )
    return int(out.stdout.split()[-1]) / 1024


def main() -> None:
    """Generate, time, and print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dir", default=None, help="where to keep the generated files")
    args = parser.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="bench-aggregate-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(work / "pycache"), PYTHONPATH=str(ROOT))
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    print(
        f"{'rows':>9} {'MB':>6} | {'ours s':>7} {'ours MB':>8} | {'duckdb s':>8} "
        f"{'duck MB':>8} | ratio | {'arrow s':>7} {'arrow MB':>8}"
    )
    for n in args.rows:
        path = work / f"members_{n}.csv"
        if not path.exists():
            generate(n, path)
        ours = [sys.executable, "-m", "assessment", "aggregate", str(path)]
        duck = [
            sys.executable,
            "-c",
            "import duckdb, sys; duckdb.sql(sys.argv[1]).fetchall()",
            DUCK_SQL.format(path=path),
        ]
        # the floor: pyarrow alone parsing the file (what any reader built on it must pay)
        arrow = [sys.executable, "-c", ARROW_PARSE, str(path)]
        commands = {"ours": ours, "duck": duck, "arrow": arrow}
        for cmd in commands.values():  # warm-up: bytecode cache, page cache
            run(cmd, env)
        runs: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(args.repeat):  # alternate, so that every side sees the same load
            for name, cmd in commands.items():
                runs[name].append(run(cmd, env))
        t = {k: statistics.median(v) for k, v in runs.items()}
        m = {k: peak_mb(cmd, env) for k, cmd in commands.items()}
        size = path.stat().st_size / 1024 / 1024
        print(
            f"{n:>9} {size:>6.0f} | {t['ours']:>7.2f} {m['ours']:>8.0f} | {t['duck']:>8.2f} "
            f"{m['duck']:>8.0f} | {t['ours'] / t['duck']:.2f}x | {t['arrow']:>7.2f} "
            f"{m['arrow']:>8.0f}"
        )
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
