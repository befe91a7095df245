"""Peak memory and time of `aggregate` on a ~190 MiB member CSV, clean and with one bad row.

    uv run python benchmarks/bench_bad_row.py [--rows 1880000] [--dir DIR]

Issue 10: one malformed row (a cell too many) in a big file used to send the reader down a slow
path, a Python object per cell (4.2 GB and 25 s instead of 0.9 GB and 1 s). The bad row should cost
about what the clean file costs. Each command is a fresh process started from a small launcher, whose
RUSAGE_CHILDREN gives the child's peak resident memory.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_aggregate import generate

ROOT = Path(__file__).resolve().parent.parent
_PEAK = (
    "import resource, subprocess, sys; "
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)"
    ".returncode; "
    "print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measure(path: Path, env: dict[str, str]) -> tuple[int, float, float]:
    """(exit code, wall seconds, peak MB) of one `aggregate` run."""
    cmd = [sys.executable, "-m", "assessment", "aggregate", str(path)]
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *cmd], capture_output=True, cwd=ROOT, env=env, check=True
    )
    wall = time.perf_counter() - start
    rc, peak = out.stdout.split()
    return int(rc), wall, int(peak) / 1024


def main() -> None:
    """Generate both files once, then print one line per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_880_000)
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    work = Path(args.dir or tempfile.mkdtemp(prefix="bench-bad-row-"))
    work.mkdir(parents=True, exist_ok=True)
    clean = work / f"members_{args.rows}.csv"
    bad = work / f"members_{args.rows}_bad.csv"
    if not clean.exists():
        generate(args.rows, clean)
    if not bad.exists():
        lines = clean.read_bytes().split(b"\n")
        middle = len(lines) // 2
        lines[middle] += b",one cell too many"
        bad.write_bytes(b"\n".join(lines))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPYCACHEPREFIX=str(work / "pycache"), PYTHONPATH=str(ROOT))
    measure(clean, env)  # warm-up: bytecode and page cache
    for label, path in (("clean", clean), ("one bad row", bad)):
        rc, wall, peak = measure(path, env)
        size = path.stat().st_size / 1024 / 1024
        print(f"{label:>12}: {size:.0f} MiB, exit {rc}, {wall:.2f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
