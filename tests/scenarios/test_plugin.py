"""The pytest plugin as a QA engineer uses it: scenario files as tests, markers, fixtures, xdist."""

from __future__ import annotations

from pathlib import Path

import pytest

MISSING_SKUS = """\
description: two products without a SKU
markers: [product, shopify]
store:
  generated: {platform: shopify, seed: 3, size: tiny, pathologies: {sku_missing: 2}}
expect:
  findings:
    present: [SKU_MISSING]
    absent: [SKU_DUPLICATE]
    counts: {SKU_MISSING: 2}
"""

GUESTS = """\
markers: [customer]
store:
  generated: {platform: woocommerce, seed: 4, size: tiny, pathologies: {customer_email_case: 1}}
expect:
  findings: {counts: {CUSTOMER_EMAIL_CASE: 1}}
"""

#: a vcrpy cassette and a profile: YAML that must not be collected
NOT_SCENARIOS = {
    "cassette.yaml": "interactions:\n- request: {method: GET, uri: 'https://x.test/'}\nversion: 1\n",
    "profile.yaml": "books_match_field: sku\n",
}


@pytest.fixture
def library(pytester: pytest.Pytester) -> Path:
    folder = pytester.mkdir("scenarios")
    (folder / "missing-skus.yaml").write_text(MISSING_SKUS)
    (folder / "email-case.yaml").write_text(GUESTS)
    for name, text in NOT_SCENARIOS.items():
        (folder / name).write_text(text)
    return folder


def test_scenario_files_are_collected_and_other_yaml_is_not(pytester: pytest.Pytester, library: Path) -> None:
    result = pytester.runpytest("--collect-only", "-q", "scenarios")
    result.stdout.fnmatch_lines(["scenarios/email-case.yaml::email-case", "scenarios/missing-skus.yaml::missing-skus"])
    assert "cassette" not in result.stdout.str() and "profile" not in result.stdout.str()
    result.assert_outcomes()  # collect-only: nothing ran, nothing failed


def test_the_library_passes_with_strict_markers(pytester: pytest.Pytester, library: Path) -> None:
    result = pytester.runpytest("--strict-markers", "scenarios", "--junitxml=report.xml")
    result.assert_outcomes(passed=2)
    junit = (pytester.path / "report.xml").read_text()
    assert '<property name="findings" value="' in junit and "SKU_MISSING (2)" in junit


def test_an_edited_expectation_fails_with_expected_against_found(pytester: pytest.Pytester, library: Path) -> None:
    edited = MISSING_SKUS.replace("{SKU_MISSING: 2}", "{SKU_MISSING: 3}").replace("absent: [SKU_DUPLICATE]",
                                                                                   "absent: [ITEM_WILL_BE_CREATED]")
    (library / "missing-skus.yaml").write_text(edited)
    result = pytester.runpytest("scenarios")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*scenario missing-skus (*missing-skus.yaml) did not meet its expectations:",
        "  expected absent but found: ITEM_WILL_BE_CREATED (*)",
        "  SKU_MISSING: expected 3, found 2",
        "found: *SKU_MISSING (2)*",
        "plan: *item: *",
    ])
    assert "Traceback" not in result.stdout.str() and "def runtest" not in result.stdout.str()


def test_markers_from_the_file_select_scenarios(pytester: pytest.Pytester, library: Path) -> None:
    result = pytester.runpytest("scenarios", "-m", "customer", "-v")
    result.assert_outcomes(passed=1, deselected=1)
    result.stdout.fnmatch_lines(["*email-case.yaml::email-case PASSED*"])


def test_a_broken_scenario_is_a_collection_error_naming_file_line_and_key(
    pytester: pytest.Pytester, library: Path
) -> None:
    (library / "broken.yaml").write_text("store:\n  generated: {platform: shopify, seed: abc}\nexpect: {}\n")
    result = pytester.runpytest("scenarios")
    result.stdout.fnmatch_lines(['*broken.yaml:2: store.generated.seed: expected an integer, got "abc"*'])
    assert result.ret != 0


def test_xdist_gives_the_same_results(pytester: pytest.Pytester, library: Path) -> None:
    (library / "missing-skus.yaml").write_text(MISSING_SKUS.replace("{SKU_MISSING: 2}", "{SKU_MISSING: 5}"))
    serial = pytester.runpytest_subprocess("scenarios", "-p", "no:cacheprovider")
    parallel = pytester.runpytest_subprocess("scenarios", "-n", "2", "-p", "no:cacheprovider")
    assert serial.parseoutcomes() == {**parallel.parseoutcomes()} == {"passed": 1, "failed": 1}
    for result in (serial, parallel):
        result.stdout.fnmatch_lines(["*SKU_MISSING: expected 5, found 2*"])


SANDBOX_TESTS = """\
import pytest
import requests


@pytest.mark.scenario("scenarios/email-case.yaml")
def test_connector_reads_the_scenario_store(sandbox, woocommerce_store, qbo_company):
    assert sandbox.endpoints["store"] is woocommerce_store
    from woocommerce import API

    api = API(url=woocommerce_store.base_url, timeout=10, **woocommerce_store.credentials)
    response = api.get("customers")
    assert response.status_code == 200, response.text
    assert [e.path for e in woocommerce_store.journal] == ["/wp-json/wc/v3/customers"]
    assert qbo_company.platform == "quickbooks" and qbo_company.credentials["realm_id"]
    health = requests.get(f"{sandbox.admin_url}/_sandbox/health", timeout=10).json()
    assert health["scenario"] == "email-case"


def test_without_a_marker_a_clean_store_of_the_asked_platform(opencart_store, qbo_company):
    assert opencart_store.platform == "opencart"
    assert opencart_store.base_url != qbo_company.base_url


@pytest.mark.scenario("scenarios/email-case.yaml")
def test_asking_for_the_wrong_platform_says_so(shopify_store):
    pass
"""


@pytest.mark.parametrize("mode", ["server", "inprocess"])
def test_sandbox_fixtures(pytester: pytest.Pytester, library: Path, mode: str) -> None:
    pytester.makepyfile(test_connector=SANDBOX_TESTS)
    result = pytester.runpytest("test_connector.py", f"--sandbox={mode}", "-p", "no:randomly")
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*shopify_store: the scenario serves a woocommerce store, not shopify*"])


def test_docker_mode_runs_the_container_or_skips_with_a_reason(pytester: pytest.Pytester, library: Path) -> None:
    pytester.makepyfile(test_docker=(
        "def test_it(sandbox, qbo_company):\n"
        "    assert set(sandbox.endpoints) == {'store', 'books'} and qbo_company.platform == 'quickbooks'\n"
    ))
    result = pytester.runpytest("test_docker.py", "--sandbox=docker", "-rs")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) == 1 or "SKIPPED" in result.stdout.str(), result.stdout.str()
