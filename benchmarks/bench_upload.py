"""Peak memory of the page's server process while a ~200 MB member CSV is uploaded, by hand.

    uv run python benchmarks/bench_upload.py [server] [--rows 1880000] [--runs 3] [--root DIR ...]
    uv run python benchmarks/bench_upload.py inproc [--rows 1880000] [--runs 3] [--root DIR ...]

- server: starts `streamlit run` (headless, 127.0.0.1, a free port) as a process, opens the page
  in Debian's Chromium (Playwright, never `playwright install`), picks "upload member data" and
  hands the generated file to the sidebar's real file widget, then waits until the page says
  the file was read (its figures are now the page's inputs). Prints the server process's peak
  resident memory (VmHWM of /proc/PID/status) before and after the upload, the time from
  handing the file over to the message, and the server's CPU seconds for it.
- inproc: the page's code path (`dashboard.cache.member_file`) called on the file's `bytes` in
  a fresh process with Streamlit, pandas and pyarrow imported as the server has them: peak
  memory, wall and CPU seconds, and the resident memory at each progress stage.

`--root` runs each named checkout in turn (e.g. an older commit unpacked with
`git archive <commit> | tar -x -C DIR`), alternating, so that both see the same load. The file
is generated once (bench_aggregate.py's generator): 1,880,000 rows are 190 MiB, 199.5 MB. Not
1,900,000 (201.7 MB): Streamlit's file widget counts `server.maxUploadSize` in units of
1,000,000 bytes in a browser on Linux or macOS (1,048,576 only on Windows), so it refuses a file
over 200,000,000 bytes there although the reader's own limit is 200 MiB. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bench_aggregate import generate  # noqa: E402

from tests.browser_support import free_port, launch, server_flags, stop, wait_healthy  # noqa: E402

# Run in a fresh process with the checkout to measure first on sys.path: the page's code path
# on bytes, with the resident memory at each progress stage.
_INPROC = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
def status():
    out = {}
    for line in open('/proc/self/status'):
        key, value = line.split(':', 1)
        if key in ('VmRSS', 'VmHWM'):
            out[key] = int(value.split()[0]) / 1024
    return out
import numpy, pandas, pyarrow, streamlit  # what the server has imported before an upload
from dashboard.cache import member_file
imported = status()
data = open(sys.argv[2], 'rb').read()
loaded = status()
stages = []
def progress(done, total, zh, en):
    stages.append((en, status()['VmRSS']))
wall, cpu = time.perf_counter(), time.process_time()
ind, problems = member_file(data, 'members.csv', None, progress)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
assert ind is not None, problems
print(json.dumps({'imported': imported['VmRSS'], 'bytes': loaded['VmRSS'],
                  'peak': status()['VmHWM'], 'wall': wall, 'cpu': cpu, 'stages': stages,
                  'after': status()['VmRSS']}))
"""


def _status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of a process, in MB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0]) / 1024
    return out


def _sample(pid: int, start: float, out: list, done: threading.Event) -> None:
    """The server's resident memory every 0.25 s, kept where it moved by 20 MB or more."""
    last = 0.0
    while not done.wait(0.25):
        rss = _status(pid)["VmRSS"]
        if abs(rss - last) >= 20:
            out.append((time.perf_counter() - start, rss))
            last = rss


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")  # compiled once, not on every run
    return env


def inproc_once(root: Path, path: Path, work: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _INPROC, str(root), str(path)],
        capture_output=True,
        cwd=root,
        env=_env(work),
        check=True,
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def _serve(root: Path, port: int, work: Path, log) -> subprocess.Popen:  # type: ignore[no-untyped-def, type-arg]
    """`streamlit run` on the checkout, once it answers its health check."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(root / "streamlit_app.py")]
    proc = subprocess.Popen(
        [*cmd, *server_flags(port)], cwd=root, env=_env(work), stdout=log, stderr=log
    )
    wait_healthy(proc, f"http://127.0.0.1:{port}")
    return proc


def server_once(pw, root: Path, path: Path, work: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    browser = launch(pw)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (work / "server.log").open("wb")  # the server's messages, should an upload fail
    proc = _serve(root, port, work, log)
    figures: dict[str, object] = {}
    samples: list[tuple[float, float]] = []  # (seconds, resident MB) of the server
    done = threading.Event()
    try:
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url)
        page.get_by_text("认定结论").first.wait_for(timeout=120_000)
        page.get_by_text("上传成员企业数据").click()
        field = page.locator("[data-testid=stSidebar] input[type=file]")
        field.wait_for(state="attached", timeout=60_000)
        time.sleep(1.0)  # let the rerun after the click settle
        figures["before_rss"] = _status(proc.pid)["VmRSS"]
        figures["before_peak"] = _status(proc.pid)["VmHWM"]
        cpu = _cpu_seconds(proc.pid)
        start = time.perf_counter()
        sampler = threading.Thread(target=_sample, args=(proc.pid, start, samples, done))
        sampler.start()
        field.set_input_files(str(path))
        try:
            page.get_by_text(f"已读取“{path.name}”").first.wait_for(timeout=120_000)
        except Exception:
            page.get_by_text(path.name).first.hover()
            page.screenshot(path=str(work / "timeout.png"), full_page=True)
            raise
        page.get_by_text("认定结论").first.wait_for(timeout=60_000)
        figures["seconds"] = time.perf_counter() - start
        figures["cpu"] = _cpu_seconds(proc.pid) - cpu
        status = _status(proc.pid)
        figures["peak"], figures["after_rss"] = status["VmHWM"], status["VmRSS"]
        done.set()
        sampler.join()
        figures["timeline"] = " ".join(f"{t:.1f}s:{mb:.0f}" for t, mb in samples)
    finally:
        done.set()
        stop(proc)
        log.close()
        browser.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", choices=("server", "inproc"), default="server")
    parser.add_argument("--rows", type=int, default=1_880_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", action="append", type=Path, help="checkout(s) to measure")
    parser.add_argument("--dir", default=None, help="where the generated file is kept")
    args = parser.parse_args()
    work = Path(args.dir or Path(tempfile.gettempdir()) / "bench-upload")
    work.mkdir(parents=True, exist_ok=True)
    path = work / f"members_{args.rows}.csv"
    if not path.exists():
        generate(args.rows, path)
    roots = [r.resolve() for r in args.root] if args.root else [ROOT]
    size = path.stat().st_size / 1024 / 1024
    print(f"{path.name}: {size:.0f} MiB; load average {Path('/proc/loadavg').read_text()[:14]}")
    results: dict[Path, list[dict]] = {r: [] for r in roots}
    if args.mode == "inproc":
        for root in roots:  # warm-up: bytecode and page cache
            inproc_once(root, path, work)
        for _ in range(args.runs):
            for root in roots:
                r = inproc_once(root, path, work)
                results[root].append(r)
                stages = ", ".join(f"{what} {mb:.0f}" for what, mb in r["stages"])
                print(
                    f"{root.name}: peak {r['peak']:.0f} MB, {r['wall']:.2f} s wall, "
                    f"{r['cpu']:.2f} s CPU; imports {r['imported']:.0f}, with the bytes "
                    f"{r['bytes']:.0f}, stages [{stages}], after {r['after']:.0f} MB"
                )
        keys = ("peak", "wall", "cpu")
    else:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415

        with sync_playwright() as pw:
            for _ in range(args.runs):
                for root in roots:
                    r = server_once(pw, root, path, work)
                    results[root].append(r)
                    print(
                        f"{root.name}: server peak {r['peak']:.0f} MB (before the upload "
                        f"{r['before_peak']:.0f}), {r['seconds']:.2f} s, server CPU "
                        f"{r['cpu']:.2f} s, resident after {r['after_rss']:.0f} MB\n"
                        f"  resident MB over time: {r['timeline']}"
                    )
        keys = ("peak", "seconds", "cpu")
    for root in roots:
        medians = {k: statistics.median(r[k] for r in results[root]) for k in keys}
        print(f"median {root}: " + ", ".join(f"{k} {v:.2f}" for k, v in medians.items()))
    print(f"load average {Path('/proc/loadavg').read_text()[:14]}")


if __name__ == "__main__":
    main()
