"""Shared pieces of the benchmarks: a scratch PostgreSQL database, a server process, wrk."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
from sqlalchemy import text
from sqlalchemy.engine import make_url

from chumchon.core.db import make_engine

ADMIN_URL = os.environ.get("CHUMCHON_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def scratch_database(name: str) -> str:
    """Drop and create `name`; return its SQLAlchemy URL."""

    async def run() -> None:
        engine = make_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        await engine.dispose()

    asyncio.run(run())
    return make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    base: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time (user + system) of the server and its worker processes so far."""
        total = 0
        for pid in [self.pid, *_children(self.pid)]:
            with contextlib.suppress(OSError):
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


@contextlib.contextmanager
def server(args: list[str], env: dict[str, str], port: int, log_dir: str) -> Iterator[Server]:
    """Run a server process until the block ends; yields it once it answers."""
    log_path = os.path.join(log_dir, f"server-{port}.log")
    log = open(log_path, "wb")  # noqa: SIM115 - closed below; a pipe nobody reads would block the server
    proc = subprocess.Popen(args, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/health", timeout=0.5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError(open(log_path, encoding="utf-8", errors="replace").read()[-2000:])
            time.sleep(0.1)
        yield Server(base, proc.pid)
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)
        if proc.poll() is None:
            proc.kill()
        log.close()


@dataclass
class Load:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    # The server's own CPU per answered request: steadier than req/s on a shared machine,
    # since other work takes wall time from the server but not CPU time.
    cpu_ms: float | None = None


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url: str, headers: dict[str, str], seconds: int = 10, connections: int = 32,
        target: Server | None = None) -> Load:
    """Load from a second process with wrk (C, so the load generator is not the bottleneck)."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed for this benchmark: apt-get install wrk")
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    cpu_before = target.cpu_seconds() if target else 0.0
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    cpu = target.cpu_seconds() - cpu_before if target else None
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        errors = int(m.group(1))
    cpu_ms = 1000 * cpu / requests if cpu is not None and requests else None
    return Load(rps=rps, p50_ms=p50, p99_ms=p99, errors=errors, cpu_ms=cpu_ms)


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER LIMIT"
