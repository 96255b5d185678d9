"""Warm start: the first search after the server starts against the tenth.

    .venv/bin/python benchmarks/warm_start.py [--port 8765] [--settle 20] [--cold]

Starts `manage.py runserver` as `make run` does (the autoreloader and its serving child,
the demo database), waits until it answers, waits `--settle` seconds (a first user does
not arrive the very instant the server is up) and then times ten different searches
through /api/search/, printing the first, the tenth and the median of the other nine.
`--cold` starts the server with SAFETYKB_WARM_START=0, as before the warm start, for
comparison. Needs the demo database with its vectors built (`make demo`, then the worker
or `manage.py reindex`); while vectors are missing, search is lexical only and the model
is not needed on the first query anyway.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "没经过培训能不能直接上岗干活",
    "动火作业要办什么手续",
    "老板考核不合格要回去上课吗",
    "叉车司机没证能开吗",
    "危险化学品仓库要专人管吗",
    "劳保用品不发怎么办",
    "受限空间作业要检测什么",
    "新工人三级安全教育",
    "特种设备要定期检验吗",
    "发现隐患不报告怎么处罚",
]


def wait_until_up(base: str, timeout: float = 180.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            urllib.request.urlopen(f"{base}/search/", timeout=5).read()
            return time.perf_counter() - started
        except OSError:
            time.sleep(0.25)
    raise SystemExit("服务器没有在规定时间内启动")


def timed_search(base: str, query: str) -> tuple[float, str]:
    url = f"{base}/api/search/?" + urllib.parse.urlencode({"q": query, "limit": 5})
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=300) as response:
        body = response.read().decode()
    return (time.perf_counter() - started) * 1000, body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--settle", type=float, default=20.0)
    parser.add_argument("--cold", action="store_true", help="without the warm start")
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env["SAFETYKB_WARM_START"] = "0" if args.cold else ""
    base = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{args.port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        up = wait_until_up(base)
        time.sleep(args.settle)
        timings = []
        for query in QUERIES:
            ms, body = timed_search(base, query)
            timings.append(ms)
            if '"indexing"' in body:
                print("注意：向量索引尚未建完，检索只用关键词")
        label = "cold (SAFETYKB_WARM_START=0)" if args.cold else "warm start"
        print(f"{label}: server up in {up:.1f} s, then {args.settle:.0f} s before the first query")
        print(f"first query  {timings[0]:8.0f} ms")
        print(f"tenth query  {timings[-1]:8.0f} ms")
        print(f"2nd–10th median {statistics.median(timings[1:]):5.0f} ms")
        print("all (ms):", " ".join(f"{ms:.0f}" for ms in timings))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
