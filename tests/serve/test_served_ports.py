"""The port layout D's docker image and any connector config rely on: admin PORT, store PORT+1, books PORT+2."""

from __future__ import annotations

import random
import socket
from pathlib import Path

import pytest
import requests

from harness.errors import HarnessError
from harness.sandbox.served import serve_scenario
from harness.scenarios import Materialised, load_scenario

LIBRARY = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(scope="module")
def materialised() -> Materialised:
    return load_scenario(LIBRARY / "rules" / "variant-skus.yaml").materialise()


def free_triple() -> int:
    """A PORT with PORT..PORT+2 free right now (other workers may run in parallel, hence random tries)."""
    rng = random.Random()
    for _ in range(50):
        base = rng.randrange(20_000, 60_000)
        sockets = []
        try:
            for port in (base, base + 1, base + 2):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
        return base
    pytest.skip("no three consecutive free ports found")


@pytest.mark.server
def test_fixed_port_layout_and_advertised_host(materialised: Materialised) -> None:
    port = free_triple()
    with serve_scenario(materialised, port=port, advertise_host="localhost") as sandbox:
        assert sandbox.admin_url == f"http://localhost:{port}"
        assert sandbox.endpoints["store"].base_url == f"http://localhost:{port + 1}"
        assert sandbox.endpoints["books"].base_url == f"http://localhost:{port + 2}"
        health = requests.get(f"http://127.0.0.1:{port}/_sandbox/health", timeout=10).json()
        assert health["scenario"] == "variant-skus"
        ready = sandbox.ready()
        assert ready["endpoints"]["store"]["platform"] == "woocommerce"


@pytest.mark.server
def test_a_taken_port_is_one_line_naming_it(materialised: Materialised) -> None:
    with serve_scenario(materialised) as first:
        taken = int(first.admin_url.rsplit(":", 1)[1])
        with pytest.raises(HarnessError, match=rf"cannot listen on 127.0.0.1 port {taken}\.\.{taken + 2}: "):
            serve_scenario(materialised, port=taken)


def test_an_impossible_port_is_refused(materialised: Materialised) -> None:
    with pytest.raises(HarnessError, match="--port 65535"):
        serve_scenario(materialised, port=65535)
