#!/usr/bin/env python3
"""The image's HEALTHCHECK: the admin API of the ``serve`` running as the container's first process answers.

The admin port is read from that process's own command line (``--port N``), so a container started with
another port than the default 8765 is judged on the port it really serves. Minimal base images have no curl.
"""

from __future__ import annotations

import sys
import urllib.request

DEFAULT_PORT = "8765"


def admin_port(argv: list[str]) -> str:
    for index, arg in enumerate(argv):
        if arg == "--port" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--port="):
            return arg.split("=", 1)[1]
    return DEFAULT_PORT


def main() -> int:
    with open("/proc/1/cmdline", "rb") as handle:
        argv = handle.read().decode("utf-8", "replace").split("\0")
    url = f"http://127.0.0.1:{admin_port(argv)}/_sandbox/health"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return 0 if response.status == 200 else 1
    except OSError as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
