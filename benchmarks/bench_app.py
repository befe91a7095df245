"""Dashboard speed, by hand: `uv run python benchmarks/bench_app.py [rows]` (default 100,000).

Prints two figures against the targets of issue 4 (never asserted in tests):
- rerun after a figure moves, with a large member file loaded (parse and aggregation cached on
  the file's bytes): target at most 150 ms. Measured with Streamlit's AppTest, whose own
  bookkeeping is included, so the figure is an upper bound of the script's run time.
- cold start of `streamlit run` until the health check answers, and until Chromium shows the
  three verdict cards: target within 5 s.
"""

from __future__ import annotations

import csv
import io
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.runtime.scriptrunner import exec_code, script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from assessment.inputs import fig_key  # noqa: E402
from tests.browser_support import chromium_available, launch  # noqa: E402

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
        print(f"script run after a figure moves: median {statistics.median(script) * 1000:.0f} ms, "
              f"max {max(script) * 1000:.0f} ms over {len(script)} moves (target <= 150 ms)")
    print(f"  (AppTest round trip incl. its polling: median {statistics.median(times) * 1000:.0f} ms)")


def cold_start() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.05)
        health = time.perf_counter() - t0
        print(f"cold start: health check answers after {health:.2f} s")
        if not chromium_available():
            print("(Chromium not installed: first-page time not measured)")
            return
        with sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page()
            page.goto(url)
            page.get_by_text("认定结论").first.wait_for(timeout=30000)
            page.locator("[data-testid=stDataFrame]").first.wait_for(timeout=30000)
            first_page = time.perf_counter() - t0
            browser.close()
        print(f"cold start: first page with three verdicts and the matrix after {first_page:.2f} s "
              "(target <= 5 s)")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rerun_after_move(n)
    cold_start()
