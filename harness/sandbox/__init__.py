"""Transports that serve endpoint apps: in-process (responses), local threaded server, docker."""

from harness.sandbox.guard import (
    GuardedAdapter,
    check_request,
    is_sandbox_host,
    register_read_only_post,
    register_sandbox_host,
)
from harness.sandbox.inprocess import InProcessSandbox
from harness.sandbox.server import LocalServer, serve

__all__ = [
    "GuardedAdapter",
    "InProcessSandbox",
    "LocalServer",
    "check_request",
    "is_sandbox_host",
    "register_read_only_post",
    "register_sandbox_host",
    "serve",
]
