"""The sandbox image, made ready once per test run by scripts/docker_setup.py (engine, base image, build).

Under pytest-xdist every worker asks; the script's file lock makes the first one do the work and the others
find it done. The tests skip only when no engine can be had (not root and none running, or apt-get failing),
with the script's reason; a failed image build is a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.sandbox.docker import IMAGE_ENV

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "scripts" / "docker_setup.py"
SETUP_TIMEOUT = 1800
UNAVAILABLE = 3
#: one JSON line per setup (image tag, whether it was built, seconds per step): cold starts are measured here
SETUP_LOG = Path("/tmp/sync-sandbox-docker-setup.jsonl")


@pytest.fixture(scope="session")
def docker_image() -> Iterator[str]:
    """The tag of an image built from this tree; SYNC_SANDBOX_IMAGE names it for start_docker_sandbox."""
    result = subprocess.run(
        [sys.executable, str(SETUP)], capture_output=True, text=True, timeout=SETUP_TIMEOUT, check=False
    )
    if result.returncode == UNAVAILABLE:
        pytest.skip(result.stderr.strip().splitlines()[-1])
    if result.returncode != 0:
        pytest.fail(f"scripts/docker_setup.py failed (exit {result.returncode}):\n{result.stderr[-4000:]}")
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    with SETUP_LOG.open("a", encoding="utf-8") as log:
        log.write(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **outcome}) + "\n")
    previous = os.environ.get(IMAGE_ENV)
    os.environ[IMAGE_ENV] = outcome["image"]
    yield str(outcome["image"])
    if previous is None:
        os.environ.pop(IMAGE_ENV, None)
    else:
        os.environ[IMAGE_ENV] = previous


@pytest.fixture(scope="session")
def docker_client(docker_image: str) -> object:
    import docker

    return docker.from_env()
