"""Issue 10: nothing a file can do takes the tool down.

Every input of `tests/hostile_corpus.py` (member files, batch files, scenario JSON; generated into
a temporary directory) is run through the command line in its own process: it must exit 0 or 2,
never on a signal, never with a traceback on stderr, and never with a peak memory above
`PEAK_MB` (README, "Limits"). Where a case names the cause its message must give, stderr says it.
Two processes run at a time; each child's own peak comes from `os.wait4`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.hostile_corpus import Case, cases

ROOT = Path(__file__).resolve().parent.parent
PEAK_MB = 700
TIMES: dict[str, float] = {}
_LAUNCH = """
import os, resource, subprocess, sys, time
where = sys.argv[1]
start = time.perf_counter()
with open(os.path.join(where, "stdout"), "wb") as out, open(os.path.join(where, "stderr"), "wb") as err:
    code = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=out, stderr=err).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - start)
"""  # README "Limits": any input the corpus holds is read within this much memory


def _run(case: Case, where: Path) -> str | None:
    """None if the case behaved, else what went wrong."""
    where.mkdir()
    args = case.write(where)
    # A small launcher starts the command: a child's peak (ru_maxrss) also counts what the
    # process held before exec, which for a direct child of pytest is pytest's own memory.
    launched = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            _LAUNCH,
            str(where),
            sys.executable,
            "-m",
            "assessment",
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=120,
    )
    code, peak_kb, seconds = launched.stdout.split()
    returncode = int(code)
    stderr = (where / "stderr").read_text("utf-8", errors="replace")
    peak_mb = int(peak_kb) / 1024
    TIMES[case.name] = float(seconds)
    wrong = []
    if returncode not in (0, 2):
        wrong.append(f"exit {returncode}")
    if case.exit_code is not None and returncode != case.exit_code:
        wrong.append(f"exit {returncode}, expected {case.exit_code}")
    if "Traceback" in stderr:
        wrong.append("traceback")
    if peak_mb > PEAK_MB:
        wrong.append(f"peak {peak_mb:.0f} MB")
    if case.expect is not None and case.expect not in stderr:
        wrong.append(f"stderr lacks {case.expect!r}")
    if wrong:
        return f"{case.name}: {', '.join(wrong)}\n    {stderr.strip()[-600:]}"
    for name in os.listdir(where):  # keep the temporary directory small as the corpus runs
        if name not in ("stdout", "stderr"):
            path = where / name
            if path.is_file():
                path.unlink()
    return None


def test_the_corpus_is_large_enough_and_covers_every_input_kind():
    corpus = cases()
    assert len(corpus) >= 150
    kinds = {c.command for c in corpus}
    assert {"aggregate", "evaluate-batch", "evaluate", "report-xlsx", "report-html"} <= kinds


def test_no_input_crashes_leaks_a_traceback_or_exceeds_the_memory_limit(tmp_path):
    corpus = cases()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda c: _run(c, tmp_path / c.name), corpus))
    failures = [r for r in results if r is not None]
    slow = sorted(TIMES.items(), key=lambda kv: -kv[1])[:8]
    print("slowest:", ", ".join(f"{k} {v:.1f}s" for k, v in slow))
    assert not failures, f"{len(failures)} of {len(corpus)} inputs misbehaved:\n" + "\n".join(
        failures
    )
