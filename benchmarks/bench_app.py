"""Dashboard speed, by hand (figures printed, never asserted in tests).

    uv run python benchmarks/bench_app.py                 # both figures below
    uv run python benchmarks/bench_app.py rerun [ROWS]    # default 100,000 member rows
    uv run python benchmarks/bench_app.py cold [--runs N] [--app PATH]

- rerun: the script run after a figure moves, with a large member file loaded (parse and
  aggregation cached on the file's bytes): target at most 150 ms. Timed around Streamlit's own
  script execution inside AppTest, so AppTest's polling is left out.
- cold: a fresh `streamlit run` process, target "answers its health check and renders the first
  page within 5 s". Chromium is launched before the server and its launch is reported apart. Per
  run: process start -> health check OK; first request -> verdict cards visible -> criteria
  matrix visible -> gap charts drawn; the server's first script run (timed inside the server by a
  small wrapper around Streamlit's script runner); and the server's CPU seconds, which vary less
  than wall time on this shared 2-CPU machine. `--app` times another copy of the page (e.g. an
  older version saved next to streamlit_app.py) for before/after figures.
"""

from __future__ import annotations

import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.runtime.scriptrunner import exec_code, script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from assessment.present.inputs import fig_key  # noqa: E402
from tests.browser_support import chromium_available, free_port, launch, stop  # noqa: E402

SOURCE = ROOT / "sample_data" / "yunxi-sensors" / "members.csv"


def member_file(rows: int) -> bytes:
    """A member file of `rows` enterprises, made by repeating the sample's rows with new names."""
    text = SOURCE.read_bytes().decode("utf-8-sig")
    reader = list(csv.reader(io.StringIO(text)))
    head, body = reader[0], reader[1:]
    code_col = head.index("统一社会信用代码") if "统一社会信用代码" in head else None
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(h for i, h in enumerate(head) if i != code_col)
    for i in range(rows):
        row = list(body[i % len(body)])
        row[0] = f"{row[0]}{i}"
        w.writerow(c for j, c in enumerate(row) if j != code_col)
    return out.getvalue().encode("utf-8")


SCRIPT_RUNS: list[float] = []


def _time_script_runs() -> None:
    """Record how long each run of the page script takes (AppTest's polling excluded)."""
    original = exec_code.exec_func_with_error_handling

    def timed(func, ctx):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        try:
            return original(func, ctx)
        finally:
            SCRIPT_RUNS.append(time.perf_counter() - t0)

    script_runner.exec_func_with_error_handling = timed  # type: ignore[assignment]


def rerun_after_move(rows: int, moves: int = 15) -> None:
    _time_script_runs()
    data = member_file(rows)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300)
    at.run()
    at.radio(key="source").set_value("members").run()
    t0 = time.perf_counter()
    at.file_uploader(key="member_upload").upload("big.csv", data, "text/csv").run()
    first = time.perf_counter() - t0
    assert not at.exception, at.exception
    box = fig_key("sme_output_share_pct")
    times = []
    SCRIPT_RUNS.clear()
    for i in range(moves):
        at.number_input(key=box).set_value(55.0 + i)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception
    script = list(SCRIPT_RUNS)
    print(f"member file: {rows:,} rows, {len(data) / 1e6:.1f} MB")
    print(f"first run with the upload (read + aggregate + render): {first * 1000:.0f} ms")
    if script:
        print(
            f"script run after a figure moves: median {statistics.median(script) * 1000:.0f} ms, "
            f"max {max(script) * 1000:.0f} ms over {len(script)} moves (target <= 150 ms)"
        )
    print(
        f"  (AppTest round trip incl. its polling: median {statistics.median(times) * 1000:.0f} ms)"
    )


# Run `streamlit run` through Streamlit's own CLI, timing each script run from inside the server.
_TIMED_SERVER = """
import sys, time
from streamlit.runtime.scriptrunner import exec_code, script_runner
original = exec_code.exec_func_with_error_handling
def timed(func, ctx):
    t0 = time.perf_counter()
    try:
        return original(func, ctx)
    finally:
        print(f"SCRIPT_RUN {time.perf_counter() - t0:.3f}", file=sys.stderr, flush=True)
script_runner.exec_func_with_error_handling = timed
from streamlit.web import cli
sys.argv = ["streamlit", "run", *sys.argv[1:]]
sys.exit(cli.main())
"""


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cold_once(pw, app: Path) -> dict[str, float]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    browser = launch(pw)
    figures = {"chromium_launch": time.perf_counter() - t}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _TIMED_SERVER,
                str(app),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                        break
                except OSError:
                    if proc.poll() is not None:
                        raise RuntimeError("streamlit exited before answering") from None
                    time.sleep(0.02)
            figures["health"] = time.perf_counter() - t0
            figures["cpu_at_health"] = _cpu_seconds(proc.pid)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            t1 = time.perf_counter()
            page.goto(url)
            page.get_by_text("认定结论").first.wait_for(timeout=60000)
            figures["cards"] = time.perf_counter() - t1
            page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=60000)
            figures["matrix"] = time.perf_counter() - t1
            figures["start_to_matrix"] = figures["matrix"] + (t1 - t0)
            figures["cpu_at_matrix"] = _cpu_seconds(proc.pid)
            t2 = time.perf_counter()  # the charts draw when their tab is opened
            page.get_by_role("tab", name="差距图").click()
            page.locator(".js-plotly-plot").first.wait_for(timeout=60000)
            figures["charts"] = time.perf_counter() - t2
        finally:
            stop(proc)
            browser.close()
        err.seek(0)
        runs = [
            float(line.split()[1])
            for line in err.read().decode(errors="replace").splitlines()
            if line.startswith("SCRIPT_RUN ")
        ]
    figures["first_script_run"] = runs[0] if runs else float("nan")
    return figures


def cold_start(runs: int = 3, app: Path = ROOT / "streamlit_app.py") -> None:
    if not chromium_available():
        print("Chromium not installed: the cold start is not measured")
        return
    with sync_playwright() as pw:
        results = [_cold_once(pw, app) for _ in range(runs)]
    print(
        f"cold start of {app.name}, {runs} runs (median, min-max), load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs:"
    )
    rows = [
        ("chromium_launch", "Chromium launch (not counted)"),
        ("health", "process start -> health check OK"),
        ("cpu_at_health", "  server CPU seconds by then"),
        ("cards", "first request -> verdict cards visible"),
        ("matrix", "first request -> criteria matrix visible"),
        ("charts", "gap-chart tab clicked -> charts drawn"),
        ("first_script_run", "  server's first script run"),
        ("cpu_at_matrix", "  server CPU seconds by the matrix"),
        ("start_to_matrix", "process start -> matrix visible (target <= 5 s)"),
    ]
    for key, label in rows:
        vals = [r[key] for r in results]
        print(f"  {label:<50} {statistics.median(vals):6.2f} s  ({min(vals):.2f}-{max(vals):.2f})")


if __name__ == "__main__":
    args = sys.argv[1:]
    what = args.pop(0) if args and args[0] in ("rerun", "cold") else "both"
    if what in ("rerun", "both"):
        rerun_after_move(int(args[0]) if args and args[0].isdigit() else 100_000)
    if what in ("cold", "both"):
        n = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
        path = (
            ROOT / args[args.index("--app") + 1] if "--app" in args else ROOT / "streamlit_app.py"
        )
        cold_start(n, path)
