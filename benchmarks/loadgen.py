"""A small HTTP/1.1 load generator: asyncio protocols on raw loopback sockets.

Each connection is kept alive and has one request in flight at a time (no pipelining),
like wrk's default. Replies must carry ``Content-Length`` (Starlette's and FastAPI's do).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

HOST = "127.0.0.1"
HEAD_END = b"\r\n\r\n"
GRACE_SECONDS = 15.0  # a request still open this long after the window counts as an error


class ProtocolError(Exception):
    """A reply this client does not read (chunked or malformed)."""


@dataclass(frozen=True, slots=True)
class Reply:
    """One HTTP reply: status, raw header block, body."""

    status: int
    head: bytes
    body: bytes

    def header(self, name: str) -> list[str]:
        """Every value of header ``name``, in order."""
        wanted = name.lower().encode() + b":"
        lines = self.head.split(b"\r\n")[1:]
        return [ln[len(wanted) :].strip().decode() for ln in lines if ln.lower().startswith(wanted)]


def http_request(
    method: str, path: str, port: int, body: bytes = b"", headers: Mapping[str, str] | None = None
) -> bytes:
    """The bytes of one HTTP/1.1 request."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method in ("POST", "PUT", "PATCH"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _content_length(head: bytes) -> int:
    lowered = head.lower()
    if b"\r\ntransfer-encoding:" in lowered:
        raise ProtocolError("chunked replies are not supported")
    start = lowered.find(b"\r\ncontent-length:")
    if start < 0:
        return 0  # 204 and 304 carry no body
    end = lowered.find(b"\r\n", start + 2)
    return int(lowered[start + 17 : end if end >= 0 else None])


class Connection(asyncio.Protocol):
    """One keep-alive client connection."""

    def __init__(self) -> None:
        self._transport: asyncio.Transport | None = None
        self._loop = asyncio.get_running_loop()
        self._buffer = bytearray()
        self._waiter: asyncio.Future[Reply] | None = None
        self._closed = False

    @classmethod
    async def open(cls, port: int) -> Connection:
        """Connect to ``HOST:port``."""
        _, protocol = await asyncio.get_running_loop().create_connection(cls, HOST, port)
        return protocol

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, _exc: Exception | None) -> None:
        self._closed = True
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_exception(ConnectionError("the server closed the connection"))

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        waiter = self._waiter
        if waiter is None or waiter.done():
            return
        end = self._buffer.find(HEAD_END)
        if end < 0:
            return
        head = bytes(self._buffer[:end])
        try:
            total = end + 4 + _content_length(head)
            status = int(head[9:12])
        except (ProtocolError, ValueError) as error:
            waiter.set_exception(ProtocolError(str(error)))
            return
        if len(self._buffer) >= total:
            body = bytes(self._buffer[end + 4 : total])
            del self._buffer[:total]
            waiter.set_result(Reply(status, head, body))

    async def request(self, data: bytes) -> Reply:
        """Send one request and wait for its reply."""
        if self._closed or self._transport is None:
            raise ConnectionError("connection is closed")
        self._waiter = self._loop.create_future()
        self._transport.write(data)
        try:
            return await self._waiter
        finally:
            self._waiter = None

    def close(self) -> None:
        """Close the socket."""
        if self._transport is not None:
            self._transport.close()


@dataclass(slots=True)
class Sample:
    """What one timed window saw."""

    seconds: float
    requests: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    client_cpu: float = 0.0  # this process's CPU seconds per wall second

    @property
    def rate(self) -> float:
        """Requests per second completed inside the window."""
        return self.requests / self.seconds


async def drive(
    port: int,
    make: Callable[[], bytes],
    ok: Callable[[Reply], bool],
    *,
    seconds: float,
    warmup: float,
    concurrency: int,
) -> Sample:
    """Run ``concurrency`` connections against ``port``; record replies completed in the
    ``seconds`` after ``warmup``. A reply that ``ok`` refuses counts as an error."""
    connections = await asyncio.gather(*(Connection.open(port) for _ in range(concurrency)))
    sample = Sample(seconds=seconds)
    start = time.perf_counter() + warmup
    stop = start + seconds

    async def worker(conn: Connection) -> None:
        try:
            while True:
                data = make()
                sent = time.perf_counter()
                if sent >= stop:
                    return
                try:
                    good = ok(await conn.request(data))
                except (ConnectionError, ProtocolError):
                    conn.close()
                    conn = await Connection.open(port)
                    good = False
                done = time.perf_counter()
                if start <= done < stop:
                    sample.requests += 1
                    sample.latencies.append(done - sent)
                    sample.errors += not good
        finally:
            conn.close()

    cpu = time.process_time()
    wall = time.perf_counter()
    tasks = [asyncio.create_task(worker(conn)) for conn in connections]
    _, stuck = await asyncio.wait(tasks, timeout=warmup + seconds + GRACE_SECONDS)
    for task in stuck:
        task.cancel()
    await asyncio.gather(*stuck, return_exceptions=True)
    sample.errors += len(stuck)
    sample.client_cpu = (time.process_time() - cpu) / (time.perf_counter() - wall)
    for task in tasks:
        if not task.cancelled() and task.exception() is not None:
            raise RuntimeError(f"load worker failed on port {port}") from task.exception()
    return sample


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return sorted_values[min(len(sorted_values), int(rank)) - 1]
