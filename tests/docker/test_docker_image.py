"""The image as a QA engineer runs it: ``docker run -p … IMAGE serve SCENARIO``, then the official clients.

Everything here goes through the ``docker`` command line, the way docs/docker.md tells people to.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from docker_helpers import listening_ports, quickbooks_client, start_on_free_ports, woocommerce_api

from harness.sandbox.served import SIDES, EndpointInfo
from harness.scenarios import load_scenario

pytestmark = [pytest.mark.slow, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
#: the library, mounted as docs/docker.md shows; this scenario generates its store, so needs no fixtures
LIBRARY = ROOT / "scenarios"
SCENARIO = "platforms/woocommerce-guest-checkouts.yaml"


@dataclass
class Running:
    name: str
    port: int

    @property
    def admin(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def docker(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    cli = shutil.which("docker")
    assert cli is not None, "the docker command line is missing (scripts/docker_setup.py installs docker.io)"
    return subprocess.run([cli, *args], capture_output=True, text=True, timeout=timeout, check=False)


def inspect(name: str, template: str) -> str:
    return docker("inspect", "-f", template, name).stdout.strip()


@pytest.fixture(scope="module")
def running(docker_image: str) -> Iterator[Running]:
    """The image serving a library scenario from a read-only mount of scenarios/, ports as published."""
    name = f"sync-sandbox-test-{uuid.uuid4().hex[:8]}"

    def start(port: int) -> subprocess.CompletedProcess[str]:
        docker("rm", "--force", name)  # what an attempt on a port taken meanwhile left
        return docker(
            "run", "--detach", "--name", name,
            "--publish", f"127.0.0.1:{port}-{port + 2}:{port}-{port + 2}",
            "--volume", f"{LIBRARY}:/scenarios:ro",
            docker_image,
            "serve", f"/scenarios/{SCENARIO}",
            "--host", "0.0.0.0", "--port", str(port), "--advertise-host", "127.0.0.1",
        )  # fmt: skip

    port, started = start_on_free_ports(start)
    assert started.returncode == 0, started.stderr
    try:
        wait_until_healthy(name)
        yield Running(name, port)
    finally:
        docker("rm", "--force", name)


def wait_until_healthy(name: str, timeout: float = 60) -> None:
    """The image's own HEALTHCHECK decides: the admin API answered on the port serve was given."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = inspect(name, "{{.State.Status}} {{.State.Health.Status}}")
        if status == "running healthy":
            return
        assert not status.startswith("exited"), docker("logs", name).stdout + docker("logs", name).stderr
        time.sleep(0.5)
    raise AssertionError(f"{name} not healthy after {timeout} s: {inspect(name, '{{json .State.Health}}')}")


def wait_until_ready(name: str, timeout: float = 60) -> None:
    """serve prints SANDBOX-READY once every endpoint listens (sooner than the first health check)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "SANDBOX-READY" in docker("logs", name).stdout:
            return
        time.sleep(0.2)
    raise AssertionError(f"{name} printed no SANDBOX-READY line: {docker('logs', name).stderr}")


def endpoints(running: Running) -> dict[str, EndpointInfo]:
    published = requests.get(f"{running.admin}/_sandbox/endpoints", timeout=10).json()
    return {side: EndpointInfo.from_public(side, published[side]) for side in SIDES}


def test_the_official_clients_read_the_served_scenario(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    from quickbooks.objects.item import Item

    expected = load_scenario(LIBRARY / SCENARIO).materialise()
    health = requests.get(f"{running.admin}/_sandbox/health", timeout=10).json()
    assert health == {"status": "ok", "service": "sync-sandbox", "scenario": "woocommerce-guest-checkouts"}
    served = endpoints(running)
    assert served["store"].base_url == f"http://127.0.0.1:{running.port + 1}"

    products = woocommerce_api(served["store"]).get("products", params={"per_page": 100})
    assert products.status_code == 200, products.text
    assert sorted(p["name"] for p in products.json()) == sorted(p.title for p in expected.store.products)
    orders = woocommerce_api(served["store"]).get("orders", params={"per_page": 100})
    assert sum(1 for order in orders.json() if order["customer_id"] == 0) == 3  # the scenario's guest checkouts

    books = quickbooks_client(served["books"], monkeypatch)
    assert Item.count(qb=books) == len(expected.books.items)


def test_the_container_runs_as_an_unprivileged_user(running: Running) -> None:
    assert inspect(running.name, "{{.Config.User}}") == "10001:10001"
    uid = docker("exec", running.name, "id", "-u")
    assert uid.returncode == 0 and uid.stdout.strip() == "10001"
    # the serving process itself, not just a fresh exec
    status = docker("exec", running.name, "cat", "/proc/1/status").stdout
    uids = next(line.split()[1:] for line in status.splitlines() if line.startswith("Uid:"))
    assert set(uids) == {"10001"}


def test_it_listens_on_the_published_ports_only(running: Running, docker_client: object) -> None:
    container = docker_client.containers.get(running.name)  # type: ignore[attr-defined]
    published = {int(key.split("/")[0]) for key, value in container.attrs["NetworkSettings"]["Ports"].items() if value}
    assert published == {running.port, running.port + 1, running.port + 2}
    assert listening_ports(container) == published
    bindings = json.loads(inspect(running.name, "{{json .HostConfig.PortBindings}}"))
    assert {binding["HostIp"] for value in bindings.values() for binding in value} == {"127.0.0.1"}


def test_sigterm_stops_it_cleanly_within_ten_seconds(docker_image: str) -> None:
    name = f"sync-sandbox-test-{uuid.uuid4().hex[:8]}"
    started = docker("run", "--detach", "--name", name, "--volume", f"{LIBRARY}:/scenarios:ro", docker_image,
                     "serve", f"/scenarios/{SCENARIO}", "--host", "0.0.0.0")
    assert started.returncode == 0, started.stderr
    try:
        wait_until_ready(name)
        began = time.monotonic()
        assert docker("kill", "--signal", "TERM", name).returncode == 0
        exit_code = docker("wait", name, timeout=15).stdout.strip()
        seconds = time.monotonic() - began
        assert exit_code == "0", docker("logs", name).stderr
        assert seconds < 10
        assert "stopping the sandbox" in docker("logs", name).stderr
    finally:
        docker("rm", "--force", name)


def test_without_arguments_it_serves_the_built_in_missing_skus_scenario(docker_image: str) -> None:
    """The default command: the library inside the image, all exposed ports published (``docker run -P``)."""
    import shopify

    expected = load_scenario(LIBRARY / "rules" / "missing-skus.yaml").materialise()
    name = f"sync-sandbox-test-{uuid.uuid4().hex[:8]}"
    started = docker("run", "--detach", "--name", name, "--publish-all", docker_image)
    assert started.returncode == 0, started.stderr
    try:
        wait_until_healthy(name)
        ports = json.loads(inspect(name, "{{json .NetworkSettings.Ports}}"))
        admin, store = (int(ports[f"{port}/tcp"][0]["HostPort"]) for port in (8765, 8766))
        health = requests.get(f"http://127.0.0.1:{admin}/_sandbox/health", timeout=10).json()
        assert health["scenario"] == "missing-skus"
        published = requests.get(f"http://127.0.0.1:{admin}/_sandbox/endpoints", timeout=10).json()
        token = published["store"]["credentials"]["access_token"]
        saved = {key: getattr(shopify.Session, key) for key in ("protocol", "myshopify_domain", "port")}
        # pyactiveresource builds https://{shop}.myshopify.com; these settings make it http://127.0.0.1:PORT
        shopify.Session.setup(protocol="http", myshopify_domain="0.0.1", port=store)
        shopify.ShopifyResource.activate_session(shopify.Session("127", "2024-10", token))
        try:
            variants = [variant for product in shopify.Product.find(limit=250) for variant in product.variants]
        finally:
            shopify.ShopifyResource.clear_session()
            shopify.Session.setup(**saved)
        assert len(variants) == sum(len(p.variants) for p in expected.store.products)
        assert sum(1 for variant in variants if not variant.sku) == 3  # the scenario's missing SKUs
    finally:
        docker("rm", "--force", name)
