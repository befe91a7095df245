"""Benchmark: batch screening of 10,000 clusters (issue 5 asks for < 5 s on the project machine).

Run: `uv run python benchmarks/bench_batch.py [N]`. Prints figures; asserts nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessment.engine.evaluate import evaluate
from assessment.engine.indicators import parse_indicators
from assessment.engine.policy import load_policies
from assessment.exports.batch_xlsx import batch_table_bytes, template_headers
from assessment.screening.screen import screen_file

ON = dt.date(2025, 6, 1)
YEARS = (2022, 2023, 2024)


def make_csv(n: int, seed: int = 5) -> bytes:
    """N fictional clusters with plausible, varied figures and answers (some cells left empty)."""
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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    data = make_csv(n)
    pols = load_policies()
    print(
        f"{n} clusters, {len(data) / 1e6:.1f} MB CSV, "
        f"{sum(len(p.criteria) for p in pols)} criteria in {len(pols)} policies"
    )
    t0, c0 = time.perf_counter(), time.process_time()
    result = screen_file(data, "clusters.csv", on=ON, policies=pols)
    t1, c1 = time.perf_counter(), time.process_time()
    print(
        f"screen_file:            {t1 - t0:6.2f} s wall, {c1 - c0:.2f} s CPU "
        f"({(t1 - t0) / n * 1e3:.3f} ms per cluster; "
        f"{len(result.table)} judged, {len(result.problems)} problems)"
    )
    for j, c in result.summary.items():
        print(f"  {j:10s} {c}")
    t2 = time.perf_counter()
    out = batch_table_bytes(result, "csv", "zh")
    t3 = time.perf_counter()
    print(f"batch_table_bytes csv:  {t3 - t2:6.2f} s  ({len(out) / 1e6:.1f} MB)")
    if n <= 20_000:
        t4 = time.perf_counter()
        out = batch_table_bytes(result, "xlsx", "zh")
        t5 = time.perf_counter()
        print(f"batch_table_bytes xlsx: {t5 - t4:6.2f} s  ({len(out) / 1e6:.1f} MB)")
    # for comparison: the full engine, one cluster at a time
    sample = list(result.indicators.values())[:500]
    t6 = time.perf_counter()
    for ind in sample:
        evaluate(ind, pols, ON)
    t7 = time.perf_counter()
    per = (t7 - t6) / max(len(sample), 1)
    print(
        f"evaluate() alone:       {per * 1e3:.3f} ms per cluster (would be {per * n:.1f} s for {n})"
    )
    t8 = time.perf_counter()
    for ind in sample:
        parse_indicators(ind.to_json_dict())
    t9 = time.perf_counter()
    print(f"parse_indicators:       {(t9 - t8) / max(len(sample), 1) * 1e6:.0f} µs per cluster")


if __name__ == "__main__":
    main()
