"""HTTP/1.1 over a bare socket, to replay other clients' requests byte for byte.

.NET's HttpWebRequest (under Windows PowerShell 5.1) sends ``Expect: 100-continue`` and
waits for the interim reply before sending the body; ``exchange`` can do the same.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

_TIMEOUT_S = 10.0


@dataclass(frozen=True, slots=True)
class RawResponse:
    """A parsed reply: status, headers in order (names lower-cased) and body."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    interim: list[int]

    def header_values(self, name: str) -> list[str]:
        """Every value of header ``name``."""
        return [value for key, value in self.headers if key == name.lower()]


def _read_head(stream: socket.socket, buffer: bytearray) -> tuple[int, list[tuple[str, str]]]:
    while b"\r\n\r\n" not in buffer:
        chunk = stream.recv(65536)
        if not chunk:
            raise ConnectionError("connection closed before the reply head")
        buffer.extend(chunk)
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    buffer[:] = rest
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = []
    for line in header_lines:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    return int(status_line.split()[1]), headers


def exchange(
    host: str, port: int, head: str, body: bytes, *, expect_continue: bool = False
) -> RawResponse:
    """Send ``head`` (request line and headers, CRLF-separated, no blank line) and ``body``.

    ``Content-Length`` is added; with ``expect_continue`` the body is sent only after the
    server's ``100 Continue``, as .NET does.
    """
    lines = [head.strip("\r\n"), f"Content-Length: {len(body)}"]
    if expect_continue:
        lines.append("Expect: 100-continue")
    request_head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    interim: list[int] = []
    with socket.create_connection((host, port), timeout=_TIMEOUT_S) as stream:
        stream.sendall(request_head)
        buffer = bytearray()
        if expect_continue and body:
            status, _ = _read_head(stream, buffer)
            interim.append(status)
        stream.sendall(body)
        status, headers = _read_head(stream, buffer)
        length = int(next(value for name, value in headers if name == "content-length"))
        while len(buffer) < length:
            chunk = stream.recv(65536)
            if not chunk:
                break
            buffer.extend(chunk)
    return RawResponse(status=status, headers=headers, body=bytes(buffer[:length]), interim=interim)
