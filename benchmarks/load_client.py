"""The simulated examinees of `exam_load.py`: one asyncio loop, plain HTTP/1.1 sockets.

A thread per examinee with `requests` cost the 2-core machine more CPU than the server's
own work (500 threads fighting for the GIL), so the figures measured the load generator
as much as the site. Here each request is a fresh connection (gunicorn's sync workers
close after every response), written and read with asyncio streams: ~0.1 ms of client
CPU per request.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import threading
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

OPTION_INPUT = re.compile(r'name="q-(\d+)" value="([^"]+)"')
CSRF_TOKEN = "b" * 32  # any 32-character secret works as both cookie and header
#: A request not answered in this time counts as an error, so a run always ends.
REQUEST_TIMEOUT = 120.0


@dataclass
class Timings:
    """Latencies in seconds per step, and failures."""

    by_step: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    answers_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, step: str, seconds: float, ok: bool) -> None:
        with self.lock:
            self.by_step[step].append(seconds)
            if not ok:
                self.errors[step] += 1


@dataclass(frozen=True)
class Examinee:
    assignment_id: int
    session_key: str


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


@dataclass(frozen=True)
class Server:
    host: str
    port: int

    async def request(
        self,
        method: str,
        path: str,
        *,
        session_key: str | None = None,
        body: bytes = b"",
        content_type: str = "",
    ) -> Reply:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            cookies = f"csrftoken={CSRF_TOKEN}"
            if session_key:
                cookies += f"; sessionid={session_key}"
            lines = [
                f"{method} {path} HTTP/1.1",
                f"Host: {self.host}:{self.port}",
                f"Cookie: {cookies}",
                f"X-CSRFToken: {CSRF_TOKEN}",
                f"Referer: http://{self.host}:{self.port}/",
                "Connection: close",
                f"Content-Length: {len(body)}",
            ]
            if content_type:
                lines.append(f"Content-Type: {content_type}")
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            raw = await reader.read()  # the server closes the connection after the reply
        finally:
            writer.close()
        head, _, payload = raw.partition(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return Reply(int(status_line.split()[1]), headers, payload)


async def timed(
    timings: Timings,
    step: str,
    call: Callable[[], Awaitable[Reply]],
    ok: Callable[[Reply], bool] = lambda reply: reply.status < 400,
) -> Reply | None:
    started = time.perf_counter()
    try:
        reply = await asyncio.wait_for(call(), REQUEST_TIMEOUT)
    except (OSError, ValueError, IndexError, TimeoutError):  # refused, reset, garbled, hung
        timings.add(step, time.perf_counter() - started, False)
        return None
    good = ok(reply)
    timings.add(step, time.perf_counter() - started, good)
    return reply if good else None


async def baseline_client(server: Server, requests_each: int, timings: Timings) -> None:
    for _ in range(requests_each):
        await timed(timings, "baseline", lambda: server.request("GET", "/bench/ping/"))


async def examinee_client(
    server: Server,
    examinee: Examinee,
    answers: int,
    timings: Timings,
    think: float = 0.0,
    arrival: float = 0.0,
) -> None:
    """Arrive → start → the paper → `answers` saves → submit.

    The examinee presses 开始 `arrival` seconds after the phase begins (`exam_load.py`
    spreads arrivals over the ramp). `think` seconds (on average; each pause drawn from
    0.5–1.5 × think, so examinees drift apart as they would) pass before each answer;
    0 removes the pauses.
    """
    if arrival > 0:
        await asyncio.sleep(arrival)
    key = examinee.session_key
    started = await timed(
        timings,
        "start",
        lambda: server.request(
            "POST", f"/exams/assignments/{examinee.assignment_id}/start/", session_key=key
        ),
        ok=lambda r: r.status == 302 and "/exams/attempts/" in r.headers.get("location", ""),
    )
    if started is None:
        return
    paper_path = urlsplit(started.headers["location"]).path
    paper = await timed(
        timings, "paper", lambda: server.request("GET", paper_path, session_key=key)
    )
    if paper is None:
        return
    choices: dict[int, str] = {}
    for number, option in OPTION_INPUT.findall(paper.body.decode("utf-8")):
        choices.setdefault(int(number), option)
    for number in sorted(choices)[:answers]:
        if think > 0:
            await asyncio.sleep(think * random.uniform(0.5, 1.5))
        body = json.dumps({"slot": number, "response": [choices[number]]}).encode()
        reply = await timed(
            timings,
            "save",
            lambda body=body: server.request(
                "POST",
                paper_path + "answers/",
                session_key=key,
                body=body,
                content_type="application/json",
            ),
            ok=lambda r: r.status == 200 and r.json().get("ok") is True,
        )
        if reply is not None:
            with timings.lock:
                timings.answers_sent += 1
    await timed(
        timings,
        "submit",
        lambda: server.request("POST", paper_path + "submit/", session_key=key),
        ok=lambda r: r.status == 302 and r.headers.get("location", "").endswith("/result/"),
    )


def run_phase(concurrency: int, jobs: Iterable[Callable[[], Awaitable[None]]]) -> float:
    """Run the jobs with at most `concurrency` in flight; returns the wall time."""

    async def main() -> None:
        gate = asyncio.Semaphore(concurrency)

        async def gated(job: Callable[[], Awaitable[None]]) -> None:
            async with gate:
                await job()

        await asyncio.gather(*(gated(job) for job in jobs))

    started = time.perf_counter()
    asyncio.run(main())
    return time.perf_counter() - started
