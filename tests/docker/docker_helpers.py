"""What the docker tests share: the official clients pointed at a sandbox, and looks inside a container."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Callable
from typing import Any

import pytest

from harness.sandbox import official_clients
from harness.sandbox.served import EndpointInfo


def woocommerce_api(store: EndpointInfo) -> Any:
    return official_clients.woocommerce_api(store.base_url, store.credentials)


def quickbooks_client(books: EndpointInfo, monkeypatch: pytest.MonkeyPatch) -> Any:
    """python-quickbooks through intuit-oauth, as docs/quickbooks.md connects it (token refresh included)."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1
    return official_clients.python_quickbooks(books.base_url, books.credentials)


def listening_ports(container: Any) -> set[int]:
    """TCP ports something listens on inside the container, from /proc/net/tcp{,6} (state 0A = LISTEN)."""
    result = container.exec_run(["cat", "/proc/net/tcp", "/proc/net/tcp6"])
    assert result.exit_code == 0, result.output
    ports = set()
    for line in result.output.decode().splitlines():
        fields = line.split()
        if len(fields) > 3 and fields[3] == "0A":
            ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def free_port_block(size: int = 3) -> int:
    """A port P with P..P+size-1 free on 127.0.0.1 right now (serve's admin, store and books ports)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = int(probe.getsockname()[1])
        if first + size > 65535:
            continue
        held: list[socket.socket] = []
        try:
            for port in range(first, first + size):
                candidate = socket.socket()
                held.append(candidate)
                candidate.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for candidate in held:
                candidate.close()
    raise AssertionError("no block of free ports found")


#: what docker says when a published port was taken between free_port_block and the start
PORT_TAKEN = ("address already in use", "port is already allocated")


def start_on_free_ports(
    start: Callable[[int], subprocess.CompletedProcess[str]], attempts: int = 3
) -> tuple[int, subprocess.CompletedProcess[str]]:
    """``start(port)`` on a free block of ports, again on another block if some process took one meanwhile.

    ``start`` removes what a failed attempt left behind itself (a created container, a compose project).
    """
    for _ in range(attempts):
        port = free_port_block()
        result = start(port)
        if result.returncode == 0 or not any(taken in result.stderr for taken in PORT_TAKEN):
            break
    return port, result
