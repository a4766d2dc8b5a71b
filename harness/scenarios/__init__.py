"""Scenario files: a store, its books, a profile and the findings a dry run must report.

    scenario = load_scenario("scenarios/missing-skus.yaml")   # errors name file, line and key
    outcome = run_scenario(scenario)                           # outcome.mismatches == [] when it passes
    materialised = scenario.materialise()                      # .store, .books, .profile, .manifest

The file format is in docs/scenarios.md; the JSON Schema is scenario.schema.json beside this file.
"""

from harness.scenarios.loader import Scenario, load_scenario
from harness.scenarios.materialise import Materialised
from harness.scenarios.run import ScenarioOutcome, compare_expectations, run_scenario
from harness.scenarios.spec import ScenarioSpec, scenario_json_schema
from harness.scenarios.writer import dump_scenario

__all__ = [
    "Materialised",
    "Scenario",
    "ScenarioOutcome",
    "ScenarioSpec",
    "compare_expectations",
    "dump_scenario",
    "load_scenario",
    "run_scenario",
    "scenario_json_schema",
]
