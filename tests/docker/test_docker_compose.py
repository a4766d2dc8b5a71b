"""docker-compose.yml as docs/docker.md runs it: the sandbox, the example connector, then the audit."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from docker_helpers import start_on_free_ports

pytestmark = [pytest.mark.slow, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]


def compose_command() -> list[str]:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    pytest.skip("neither docker-compose nor the docker compose plugin is installed (apt-get install docker-compose)")


def test_the_example_connector_syncs_into_the_sandbox_and_the_audit_sees_what_it_missed(docker_image: str) -> None:
    project = f"sync-sandbox-test-{uuid.uuid4().hex[:8]}"
    base = [*compose_command(), "--project-name", project, "--file", str(ROOT / "docker-compose.yml")]
    env = {key: value for key, value in os.environ.items() if key != "SYNC_SANDBOX_PORTS"}
    env["SYNC_SANDBOX_IMAGE"] = docker_image

    def compose(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*base, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
                              check=False)

    def up(port: int) -> subprocess.CompletedProcess[str]:
        if "SYNC_SANDBOX_PORTS" in env:
            compose("down", "--remove-orphans")  # what an attempt on a port taken meanwhile left
        env["SYNC_SANDBOX_PORTS"] = f"{port}-{port + 2}"
        return compose("up", "--detach", "--no-build", "sandbox")

    try:
        _, started = start_on_free_ports(up)
        assert started.returncode == 0, started.stderr
        connector = compose("run", "--rm", "connector")
        assert connector.returncode == 0, connector.stdout + connector.stderr
        # rules/missing-skus: 12 products; 3 variants have no SKU, so a naive connector creates 7 of 10 items
        assert "created 7 QuickBooks items, 0 refused" in connector.stdout
        audit = compose("run", "--rm", "-e", "COLUMNS=160", "audit")
        assert audit.returncode == 1, audit.stdout + audit.stderr  # the connector did not do what the plan says
        assert "audit of missing-skus against http://sandbox:8765" in audit.stdout
        assert "matches the plan: no" in audit.stdout
        assert "AUDIT_DOCUMENT_MISSING" in audit.stdout  # it posted no orders at all
    finally:
        compose("down", "--volumes", "--remove-orphans")
