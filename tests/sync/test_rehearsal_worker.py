"""``--jobs 2``: the rehearsal in a second process gives the same report, byte for byte, and fails clearly.

The worker holds the company copy and answers the same /batch requests the
in-process rehearsal sends, several in flight; nothing the report says may
depend on which process answered, or on how the two interleaved.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.errors import InputError
from harness.platforms.http.session import prepared
from harness.platforms.quickbooks.client import QuickBooksClient
from harness.report.render import render
from harness.sandbox.forked import can_fork
from harness.sandbox.spawned import SpawnedEndpoint, SpawnedEndpointError
from harness.sources.generated import DEMO_PATHOLOGIES, generate
from harness.sync import engine
from harness.sync.engine import Sides, dry_run
from harness.sync.rehearsal_worker import REHEARSAL_BASE_URL, start_rehearsal_worker


def children() -> list[str]:
    """This process's live child processes (Linux)."""
    pid = os.getpid()
    found: list[str] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += (task / "children").read_text().split()
    return found


@pytest.mark.parametrize(("platform", "seed"), [("shopify", 2), ("woocommerce", 4), ("ebay", 6), ("opencart", 9)])
def test_a_second_process_gives_the_same_report(platform: str, seed: int) -> None:
    scenario = generate(seed=seed, size="small", platform=platform, pathologies=dict(DEMO_PATHOLOGIES))
    one = dry_run(scenario.store, scenario.books, seed=seed, jobs=1)
    two = dry_run(scenario.store, scenario.books, seed=seed, jobs=2)
    assert any(f.code.startswith("REHEARSAL_") for f in one.report.findings), "something for the rehearsal to refuse"
    assert render(two.report, "json") == render(one.report, "json")
    assert "rehearse (in the worker, beside check)" in two.timings
    assert children() == [], "the worker is gone once the dry run returns"


def test_the_cli_takes_jobs_and_writes_the_same_report(tmp_path: Path) -> None:
    runner = CliRunner()
    for jobs in ("1", "2"):
        result = runner.invoke(
            app,
            ["dry-run", "--platform", "bigcommerce", "--seed", "5", "-p", "order_number_collides=0.05",
             "--jobs", jobs, "-f", "json", "-o", str(tmp_path / f"jobs{jobs}.json")],
        )
        assert result.exit_code in (0, 1), result.output
    assert (tmp_path / "jobs2.json").read_bytes() == (tmp_path / "jobs1.json").read_bytes()
    refused = CliRunner().invoke(app, ["dry-run", "--platform", "shopify", "--jobs", "3"])
    assert refused.exit_code == 2
    assert "--jobs" in refused.output


def test_jobs_below_one_is_an_input_error() -> None:
    scenario = generate(seed=1, size="tiny", platform="shopify")
    with pytest.raises(InputError, match="jobs must be at least 1"):
        dry_run(scenario.store, scenario.books, jobs=0)


def test_a_large_store_gets_two_jobs_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = generate(seed=3, size="small", platform="shopify", pathologies=dict(DEMO_PATHOLOGIES))
    assert engine.auto_jobs(scenario.store) == 1  # small: a second process would cost more than it saves
    alone = dry_run(scenario.store, scenario.books, seed=3)
    assert "rehearse (in the worker, beside check)" not in alone.timings
    monkeypatch.setattr(engine, "PARALLEL_FROM_RECORDS", 100)  # as if it were large
    if not can_fork() or len(os.sched_getaffinity(0)) < 2:
        assert engine.auto_jobs(scenario.store) == 1
        return
    assert engine.auto_jobs(scenario.store) == 2
    both = dry_run(scenario.store, scenario.books, seed=3)
    assert "rehearse (in the worker, beside check)" in both.timings
    assert render(both.report, "json") == render(alone.report, "json")


def test_sides_are_handed_over_once() -> None:
    scenario = generate(seed=1, size="tiny", platform="shopify")
    sides = Sides(scenario.store, scenario.books)
    dry_run(sides)
    assert sides.store is None and sides.books is None
    with pytest.raises(ValueError, match="already taken"):
        dry_run(sides)


@pytest.fixture
def worker() -> SpawnedEndpoint:
    scenario = generate(seed=1, size="tiny", platform="shopify")
    with start_rehearsal_worker(scenario.books) as started:
        yield started  # type: ignore[misc]


def test_the_worker_keeps_the_write_guard(worker: SpawnedEndpoint) -> None:
    client = QuickBooksClient(worker.base, worker.credentials())
    path, body = client.batch_create("Item", [{"Name": "X", "Type": "NonInventory"}])
    real = prepared("POST", f"https://quickbooks.api.intuit.com{client.api_path(path)}", {}, body)
    with pytest.raises(SpawnedEndpointError, match="SandboxViolation"):
        list(worker.exchange([real]))


def test_the_worker_answers_what_the_copy_says(worker: SpawnedEndpoint) -> None:
    client = QuickBooksClient(worker.base, worker.credentials())
    assert worker.base == REHEARSAL_BASE_URL
    fresh = {"Name": "Fresh item", "Type": "NonInventory", "IncomeAccountRef": {"value": "1"}}
    path, body = client.batch_create("Item", [fresh, {**fresh, "Name": "Bad: name"}])
    [(_, response)] = list(worker.exchange([client.prepare("POST", path, body)]))
    created, refused = client.batch_results("Item", 2, client.decode("POST", response))
    assert isinstance(created, dict) and created["Name"] == "Fresh item"
    assert not isinstance(refused, dict) and refused.codes == ["2040"]  # ':' in a Name (connector-rules #12)


def test_a_worker_that_dies_is_one_clear_error(worker: SpawnedEndpoint) -> None:
    client = QuickBooksClient(worker.base, worker.credentials())
    worker._process.kill()
    path, body = client.batch_create("Item", [{"Name": "X", "Type": "NonInventory"}])
    with pytest.raises(SpawnedEndpointError, match=r"rehearsal worker \(exit code -9\)"):
        list(worker.exchange([client.prepare("POST", path, body) for _ in range(20)]))
