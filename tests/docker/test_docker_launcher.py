"""``start_docker_sandbox`` and ``pytest --sandbox=docker``: a container per test run, from Python."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from docker_helpers import listening_ports, quickbooks_client, woocommerce_api

from harness.errors import HarnessError, InputError
from harness.sandbox.docker import LABEL, DockerSandbox, start_docker_sandbox
from harness.sandbox.guard import is_sandbox_host
from harness.sources.generated import generate

pytestmark = [pytest.mark.slow, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = Path(__file__).parent / "scenarios" / "woo-docker.yaml"


@pytest.fixture(scope="module")
def sandbox(docker_image: str) -> Iterator[DockerSandbox]:
    with start_docker_sandbox(SCENARIO) as running:
        yield running


def test_endpoints_are_the_published_ports_and_the_official_clients_use_them(
    sandbox: DockerSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quickbooks.objects.customer import Customer

    expected = generate(seed=5, size="tiny", platform="woocommerce")
    assert requests.get(f"{sandbox.admin_url}/_sandbox/health", timeout=10).json()["scenario"] == "woo-docker"
    store, books = sandbox.endpoints["store"], sandbox.endpoints["books"]
    assert (store.side, store.platform, books.side, books.platform) == ("store", "woocommerce", "books", "quickbooks")
    listed = woocommerce_api(store).get("products", params={"per_page": 100})
    assert int(listed.headers["X-WP-Total"]) == len(expected.store.products)
    assert [(e["method"], e["path"], e["status"]) for e in sandbox.journal("store")] == [
        ("GET", "/wp-json/wc/v3/products", 200)
    ]
    qb = quickbooks_client(books, monkeypatch)
    assert Customer.count(qb=qb) == len(expected.books.customers)
    customer = Customer()
    customer.DisplayName = "Docker Sandbox Buyer"
    customer.save(qb=qb)  # a write: allowed, the published port is a sandbox host
    assert Customer.count(qb=qb) == len(expected.books.customers) + 1
    sandbox.reset()  # the scenario's data again, and its tokens: the connector connects anew
    assert Customer.count(qb=quickbooks_client(books, monkeypatch)) == len(expected.books.customers)


def test_published_urls_are_sandbox_hosts_while_it_runs(docker_image: str) -> None:
    with start_docker_sandbox(SCENARIO) as running:
        urls = [running.admin_url, *(info.base_url for info in running.endpoints.values())]
        assert all(is_sandbox_host(url) for url in urls)
        container = running.container
    assert not any(is_sandbox_host(url) for url in urls)
    with pytest.raises(Exception, match="No such container"):
        container.reload()


def test_the_scenario_is_mounted_read_only_and_the_serving_user_is_not_root(sandbox: DockerSandbox) -> None:
    mounts = sandbox.container.attrs["Mounts"]
    assert [(m["Source"], m["Destination"], m["RW"]) for m in mounts] == [(str(ROOT), str(ROOT), False)]
    assert sandbox.container.exec_run(["id", "-u"]).output.decode().strip() == "10001"
    assert listening_ports(sandbox.container) == {8765, 8766, 8767}
    assert sandbox.container.labels[LABEL] == "woo-docker"


def test_a_scenario_in_a_private_folder_is_copied_in(docker_image: str, tmp_path: Path) -> None:
    """Like pytest's own tmp_path (0700): the container's user could not read it through a mount."""
    fixtures = tmp_path / "case" / "fixtures"
    fixtures.mkdir(parents=True)
    (tmp_path / "case").chmod(0o700)
    (fixtures / "profile.yaml").write_text("invoice_prefix: D-\n", encoding="utf-8")
    scenario = tmp_path / "case" / "private.yaml"
    scenario.write_text(
        "store:\n  generated: {platform: shopify, seed: 2, size: tiny}\nprofile: fixtures/profile.yaml\nexpect: {}\n",
        encoding="utf-8",
    )
    with start_docker_sandbox(scenario) as running:
        assert running.container.attrs["Mounts"] == []
        assert requests.get(f"{running.admin_url}/_sandbox/health", timeout=10).json()["scenario"] == "private"
        assert running.endpoints["store"].platform == "shopify"


def test_docker_stop_takes_well_under_its_ten_second_grace(docker_image: str) -> None:
    running = start_docker_sandbox(SCENARIO)
    began = time.monotonic()
    running.container.stop(timeout=10)
    seconds = time.monotonic() - began
    try:
        assert running.exit_code() == 0, running.logs()
        assert seconds < 5
    finally:
        running.stop()


def test_mistakes_are_one_clear_line(docker_image: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError, match=r"nowhere\.yaml: no such scenario file"):
        start_docker_sandbox(tmp_path / "nowhere.yaml")
    with pytest.raises(HarnessError, match=r"image sync-sandbox:absent is missing: build it with .*docker_setup\.py"):
        start_docker_sandbox(SCENARIO, image="sync-sandbox:absent")

    bad = tmp_path / "bad.yaml"
    bad.write_text("store:\n  generated: {platform: shopify, seed: many}\nexpect: {}\n", encoding="utf-8")
    with pytest.raises(HarnessError, match=r"exited with status 2: .*bad\.yaml:2: store\.generated\.seed"):
        start_docker_sandbox(bad)

    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    with pytest.raises(HarnessError, match="no docker engine answers"):
        start_docker_sandbox(SCENARIO)


def test_pytest_sandbox_option_runs_the_fixture_in_docker(docker_image: str, tmp_path: Path) -> None:
    """A QA engineer's test, unchanged, against a container: ``pytest --sandbox=docker``."""
    (tmp_path / "test_connector.py").write_text(
        "import requests\n"
        "def test_store(sandbox):\n"
        "    assert sandbox.admin_url.startswith('http://127.0.0.1:')\n"
        "    health = requests.get(sandbox.admin_url + '/_sandbox/health', timeout=10).json()\n"
        "    assert health['status'] == 'ok'\n"
        "    assert type(sandbox).__name__ == 'DockerSandbox'\n"
        "    assert sandbox.endpoints['store'].platform == 'shopify'\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "--sandbox=docker",
         "test_connector.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=180, check=False, env={**os.environ},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
