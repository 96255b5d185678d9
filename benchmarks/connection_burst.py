"""N simultaneous GETs against `make run`'s server: does any answer HTTP 500?

    .venv/bin/python benchmarks/connection_burst.py [--requests 110] [--code DIR]
        [--path /] [--pool-size N]

Creates a database (`safetykb_burst`) on the embedded PostgreSQL, migrates it, serves it
with `manage.py runserver --noreload` (the dev settings, as `make run`) from ``--code``
(default: this checkout; a `git archive` of another commit measures that one), fires
``--requests`` GETs at once on loopback and counts the answers by status, with the
server's `max_connections` and the most connections it held meanwhile. runserver serves
every request on its own thread; with a connection per thread, past `max_connections`
PostgreSQL refuses with "too many clients already" and the page is a 500.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DB = "safetykb_burst"

sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "site")]

from load_client import Server  # noqa: E402


def admin_connection():
    import psycopg

    from safetykb.database import start_embedded_server

    socket_dir = start_embedded_server(ROOT / "var" / "pgdata")
    return socket_dir, psycopg.connect(
        host=socket_dir, user="postgres", dbname="postgres", autocommit=True
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=110)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to serve")
    parser.add_argument("--path", default="/", help="a page that reads the database")
    parser.add_argument("--pool-size", default=None, help="SAFETYKB_DB_POOL_SIZE for the server")
    parser.add_argument(
        "--spread",
        type=float,
        default=2.0,
        help="seconds over which the connections open (runserver accepts with a backlog of "
        "10: opened in the same millisecond, most are reset before they are read)",
    )
    args = parser.parse_args()

    socket_dir, admin = admin_connection()
    admin.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{DB}"')
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DATABASE_URL=f"postgres://postgres@/{DB}?host={socket_dir}",
        DJANGO_SETTINGS_MODULE="safetykb.settings.dev",
        SAFETYKB_WARM_START="0",
    )
    if args.pool_size is not None:
        env["SAFETYKB_DB_POOL_SIZE"] = args.pool_size
    python = str(ROOT / ".venv" / "bin" / "python")
    server_process = None
    try:
        subprocess.run(
            [python, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=args.code,
            env=env,
            check=True,
        )
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server_process = subprocess.Popen(
            [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=args.code,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        server = Server("127.0.0.1", port)
        deadline = time.monotonic() + 120
        while True:
            try:
                asyncio.run(server.request("GET", args.path))
                break
            except OSError:
                if time.monotonic() > deadline or server_process.poll() is not None:
                    raise SystemExit("runserver did not answer") from None
                time.sleep(0.3)

        most = 0
        done = threading.Event()

        def watch() -> None:  # the most backends connected to the database meanwhile
            nonlocal most
            while not done.is_set():
                (count,) = admin.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [DB]
                ).fetchone()
                most = max(most, count)
                time.sleep(0.02)

        watcher = threading.Thread(target=watch)
        watcher.start()

        async def burst() -> list[int | str]:
            async def one(delay: float) -> int | str:
                await asyncio.sleep(delay)
                try:
                    return (await asyncio.wait_for(server.request("GET", args.path), 120)).status
                except (OSError, TimeoutError) as exc:
                    return type(exc).__name__

            gap = args.spread / args.requests
            return await asyncio.gather(*(one(i * gap) for i in range(args.requests)))

        started = time.perf_counter()
        statuses = asyncio.run(burst())
        seconds = time.perf_counter() - started
        done.set()
        watcher.join()
        (limit,) = admin.execute("SHOW max_connections").fetchone()
        counts = Counter(statuses)
        print(
            f"{args.requests} simultaneous GET {args.path} in {seconds:.1f} s: "
            + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items(), key=str))
            + f"; most connections to {DB} at once: {most} (max_connections {limit}); "
            f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
    finally:
        if server_process is not None:
            server_process.terminate()
            try:
                _, errors = server_process.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                server_process.kill()
                _, errors = server_process.communicate()
            refusals = errors.count("too many clients already")
            print(f"server log: {refusals} × 'too many clients already'")
        admin.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    return 0 if counts.get(500, 0) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
