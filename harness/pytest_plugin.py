"""The pytest plugin (entry point ``pytest11``): scenario files as tests, and sandbox fixtures.

Any YAML file whose top level has both ``store:`` and ``expect:`` is a scenario
and becomes one test item: its dry run must find what it expects. Its
``markers:`` become pytest markers, so ``pytest scenarios/ -m tax`` picks the tax
scenarios.

Fixtures, for tests of a connector against live endpoints:

- ``sandbox``: the endpoints of the scenario named by ``@pytest.mark.scenario("x.yaml")``
  (relative to the test file), or of a small clean generated store when there is no marker;
  ``.endpoints["store"|"books"]`` give base URL, credentials and (in this process) the journal.
- ``shopify_store``, ``woocommerce_store``, ``bigcommerce_store``, ``magento_store``,
  ``ebay_store``, ``opencart_store``: that sandbox's store endpoint (the platform must match).
- ``qbo_company``: that sandbox's QuickBooks Online endpoint.

``--sandbox=server`` (default) serves them on local ports; ``inprocess`` mounts them in
``responses`` (requests-based clients only, no sockets); ``docker`` runs the image.
Every sandbox uses free ports and its own temporary files, so ``pytest -n N`` is safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest

from harness.errors import HarnessError

SANDBOX_MODES = ("server", "inprocess", "docker")
STORE_FIXTURES = {
    "shopify_store": "shopify",
    "woocommerce_store": "woocommerce",
    "bigcommerce_store": "bigcommerce",
    "magento_store": "magento",
    "ebay_store": "ebay",
    "opencart_store": "opencart",
}
_TOP_KEY = re.compile(r"^(store|expect)\s*:", re.MULTILINE)


class SandboxHandle(Protocol):
    """What ServedSandbox, the in-process sandbox and D's DockerSandbox all offer a test."""

    @property
    def admin_url(self) -> str | None: ...

    @property
    def endpoints(self) -> dict[str, Any]: ...

    def stop(self) -> None: ...


# -- options and markers ----------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sync-sandbox")
    group.addoption(
        "--sandbox",
        choices=SANDBOX_MODES,
        default="server",
        help="how the sandbox fixtures run endpoints: server (local ports), inprocess (responses), docker",
    )
    group.addoption(
        "--no-rehearse",
        action="store_true",
        default=False,
        help="scenario items skip the rehearsal against a throw-away QuickBooks copy (faster, no REHEARSAL_* codes)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "scenario(path): the scenario file the sandbox fixtures serve")
    config.addinivalue_line("markers", "sync_sandbox_scenario: a scenario file collected as a test")


# -- scenario files as test items -------------------------------------------------------------------


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml") or not _looks_like_scenario(file_path):
        return None
    collector: ScenarioFile = ScenarioFile.from_parent(parent, path=file_path)
    return collector


def _looks_like_scenario(path: Path) -> bool:
    """Both top-level keys a scenario needs: cassettes, profiles and CI files have neither pair."""
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return {m.group(1) for m in _TOP_KEY.finditer(head)} == {"store", "expect"}


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from harness.scenarios import load_scenario

        try:
            scenario = load_scenario(self.path)
        except HarnessError as exc:
            raise self.CollectError(str(exc)) from None
        item = ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)
        item.add_marker("sync_sandbox_scenario")
        for marker in scenario.spec.markers:
            self.config.addinivalue_line("markers", f"{marker}: scenario marker (from scenario files)")
            item.add_marker(marker)
        yield item


class ScenarioMismatch(Exception):
    """The dry run did not find what the scenario file expects."""

    def __init__(self, outcome: Any) -> None:
        super().__init__("\n".join(outcome.mismatches))
        self.outcome = outcome


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        from harness.scenarios import run_scenario
        from harness.scenarios.run import found_summary

        outcome = run_scenario(self.scenario, rehearse=not self.config.getoption("--no-rehearse"))
        # JUnit XML (--junitxml) shows these as <property> elements: what was found, even when it passed
        self.user_properties.append(("findings", found_summary(outcome.dry_run.report)))
        if outcome.mismatches:
            raise ScenarioMismatch(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioMismatch):
            return describe_mismatch(excinfo.value.outcome)
        if isinstance(excinfo.value, HarnessError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, 0, f"scenario {self.name}"


def describe_mismatch(outcome: Any) -> str:
    """Expected against found, one expectation per line, then everything the dry run did report."""
    from harness.scenarios.run import found_summary

    scenario = outcome.scenario
    report = outcome.dry_run.report
    lines = [f"scenario {scenario.name} ({scenario.path}) did not meet its expectations:"]
    lines += [f"  {line}" for line in outcome.mismatches]
    lines.append(f"found: {found_summary(report)}")
    plan = "; ".join(
        f"{kind}: " + ", ".join(f"{action} {n}" for action, n in sorted(actions.items()))
        for kind, actions in sorted(report.plan.counts.items())
    )
    lines.append(f"plan: {plan or 'nothing'}")
    return "\n".join(lines)


# -- sandbox fixtures -------------------------------------------------------------------------------


@pytest.fixture
def sandbox(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxHandle]:
    """The endpoints of the marked scenario (or of a clean tiny store), started for this test only."""
    mode = str(request.config.getoption("--sandbox"))
    path = _marked_scenario(request)
    if path is None:
        platform = next((p for name, p in STORE_FIXTURES.items() if name in request.fixturenames), "shopify")
        path = _default_scenario(tmp_path_factory, platform)
    handle = _start(mode, path)
    try:
        yield handle
    finally:
        handle.stop()


def _marked_scenario(request: pytest.FixtureRequest) -> Path | None:
    marker = request.node.get_closest_marker("scenario")
    if marker is None:
        return None
    if not marker.args:
        raise pytest.UsageError(f"{request.node.nodeid}: @pytest.mark.scenario needs the scenario file's path")
    relative = Path(str(marker.args[0]))
    for base in (request.path.parent, request.config.rootpath):
        if (base / relative).is_file():
            return base / relative
    pytest.fail(f"@pytest.mark.scenario({str(relative)!r}): no such file beside {request.path} or under the rootdir",
                pytrace=False)


def _default_scenario(factory: pytest.TempPathFactory, platform: str) -> Path:
    """A clean tiny store written as a scenario file, so every sandbox mode starts from a file."""
    folder = factory.mktemp(f"sandbox-{platform}")
    path = folder / f"clean-{platform}.yaml"
    path.write_text(
        f"description: a clean tiny {platform} store (the sandbox fixtures' default)\n"
        f"store:\n  generated: {{platform: {platform}, seed: 1, size: tiny}}\nexpect: {{}}\n",
        encoding="utf-8",
    )
    return path


def _start(mode: str, path: Path) -> SandboxHandle:
    from harness.scenarios import load_scenario

    if mode == "docker":
        from harness.sandbox.docker import DockerUnavailable, start_docker_sandbox

        try:
            docker_handle: SandboxHandle = start_docker_sandbox(path)
        except DockerUnavailable as exc:  # no engine or no image here; any other error fails the test
            pytest.skip(f"--sandbox=docker: {exc}")
        return docker_handle
    try:
        materialised = load_scenario(path).materialise()
    except HarnessError as exc:
        pytest.fail(str(exc), pytrace=False)
    if mode == "inprocess":
        from harness.sandbox.served import InProcessServed

        return InProcessServed(materialised)
    from harness.sandbox.served import serve_scenario

    return serve_scenario(materialised)


def _store(request: pytest.FixtureRequest, platform: str) -> Any:
    handle: SandboxHandle = request.getfixturevalue("sandbox")
    info = handle.endpoints["store"]
    if info.platform != platform:
        pytest.fail(f"{platform}_store: the scenario serves a {info.platform} store, not {platform}", pytrace=False)
    return info


@pytest.fixture
def shopify_store(request: pytest.FixtureRequest) -> Any:
    return _store(request, "shopify")


@pytest.fixture
def woocommerce_store(request: pytest.FixtureRequest) -> Any:
    return _store(request, "woocommerce")


@pytest.fixture
def bigcommerce_store(request: pytest.FixtureRequest) -> Any:
    return _store(request, "bigcommerce")


@pytest.fixture
def magento_store(request: pytest.FixtureRequest) -> Any:
    return _store(request, "magento")


@pytest.fixture
def ebay_store(request: pytest.FixtureRequest) -> Any:
    return _store(request, "ebay")


@pytest.fixture
def opencart_store(request: pytest.FixtureRequest) -> Any:
    return _store(request, "opencart")


@pytest.fixture
def qbo_company(sandbox: SandboxHandle) -> Any:
    """The QuickBooks Online endpoint of the sandbox: base URL, credentials (realm id, tokens), journal."""
    return sandbox.endpoints["books"]
