"""Start ``sync-sandbox serve`` as a user would, and read its SANDBOX-READY line."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml

#: the installed console script, as a user runs it (``python -m harness.cli`` would register no feature commands)
SYNC_SANDBOX = str(Path(sys.executable).parent / "sync-sandbox")


def write_scenario(folder: Path, platform: str, name: str = "served", **generated: Any) -> Path:
    path = folder / f"{name}.yaml"
    spec = {"platform": platform, "seed": 5, "size": "tiny", **generated}
    path.write_text(yaml.safe_dump({"store": {"generated": spec}, "expect": {}}), encoding="utf-8")
    return path


@dataclass
class Served:
    process: subprocess.Popen[str]
    ready: dict[str, Any]
    output: list[str]

    @property
    def admin(self) -> str:
        return str(self.ready["admin_url"])

    def endpoint(self, side: str) -> dict[str, Any]:
        info: dict[str, Any] = self.ready["endpoints"][side]
        return info

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10) -> tuple[int, float]:
        """Send ``sig``; the exit status and the seconds it took to exit."""
        start = time.monotonic()
        self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        return code, time.monotonic() - start


def start_serve(scenario: Path, *args: str, timeout: float = 60) -> Served:
    env = {**os.environ, "COLUMNS": "200"}
    process = subprocess.Popen(
        [SYNC_SANDBOX, "serve", str(scenario), "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    output: list[str] = []
    assert process.stdout is not None
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if line is None:
            break
        output.append(line)
        if line.startswith("SANDBOX-READY "):
            return Served(process, json.loads(line.removeprefix("SANDBOX-READY ")), output)
    process.kill()
    process.wait()
    raise AssertionError("serve did not print SANDBOX-READY:\n" + "".join(output))


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)
