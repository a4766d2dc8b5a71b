"""Scenario files as a user writes them: mistakes are one line naming file, line and key."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from harness.cli import app
from harness.errors import InputError
from harness.model.snapshot import save
from harness.scenarios import dump_scenario, load_scenario, run_scenario, scenario_json_schema
from harness.sources.generated import generate

GOOD = "store:\n  generated: {platform: shopify, seed: 3, size: tiny, pathologies: {sku_missing: 2}}\n"


def write(folder: Path, text: str, name: str = "x.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("store:\n  generated: {platform: shopify, seed: abc}\nexpect: {}\n",
         ':2: store.generated.seed: expected an integer, got "abc"'),
        ("store:\n  generated:\n    platform: shopify\n    colour: red\nexpect: {}\n",
         ":4: store.generated.colour: unknown key; allowed here: platform, seed, size, pathologies, match_field"),
        ("store:\n  generated: {platform: shopfy}\nexpect: {}\n",
         ':2: store.generated.platform: "shopfy" is not allowed; choose one of: shopify, woocommerce,'),
        ("store:\n  generated:\n    platform: shopify\n    pathologies: {sku_mising: 2}\nexpect: {}\n",
         ":4: store.generated.pathologies.sku_mising: unknown pathology 'sku_mising' (did you mean sku_missing?)"),
        (GOOD + "expect:\n  findings:\n    present: [SKU_MISSING, SKU_MISING]\n",
         ":5: expect.findings.present[1]: unknown finding code 'SKU_MISING' (did you mean SKU_MISSING?)"),
        (GOOD + "expect:\n  findings:\n    counts:\n      SKU_MISSING: 1\n      SKU_DUPLICATE: two\n",
         ':7: expect.findings.counts.SKU_DUPLICATE: expected an integer, got "two"'),
        (GOOD + "expect:\n  plan: {item: {invent: 3}}\n", ":4: expect.plan.item.invent: unknown action"),
        (GOOD + "expect:\n  findings: {present: [SKU_MISSING], absent: [SKU_MISSING]}\n",
         "SKU_MISSING is expected both present and absent"),
        ("store: {}\nexpect: {}\n", ":1: store: give exactly one of generated, snapshot, cassette, export (got none)"),
        ("store:\n  snapshot: nowhere/store.json\nexpect: {}\n",
         ":2: store.snapshot: nowhere/store.json does not exist (paths are relative to the file)"),
        (GOOD, ":1: expect: required but missing"),
        (GOOD + "expect: {}\nprofile:\n  books_match_field: code\n",
         ":5: profile.books_match_field: invalid enum value 'code'; expected one of: name, sku"),
        (GOOD + "expect: {}\nprofile: {colour: 1}\n", ":4: profile.colour: unknown setting; known settings: name,"),
        (GOOD + "expect: {}\nmarkers: [ok, not-valid]\n", ":4: markers[1]: 'not-valid' is not a valid marker name"),
        (GOOD + "expect: {}\nexpect: {}\n", ":4: expect: given twice"),
        ("store: [\n", ":2: not valid YAML"),
        ("", ":1: the file is empty"),
    ],
)
def test_mistakes_name_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as caught:
        load_scenario(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_snapshot_paths_are_relative_to_the_scenario_file(tmp_path: Path) -> None:
    generated = generate(seed=4, size="tiny", platform="woocommerce", pathologies={"sku_missing": 1})
    save(generated.store, tmp_path / "data" / "store.json")
    save(generated.books, tmp_path / "data" / "books.json")
    folder = tmp_path / "cases"
    folder.mkdir()
    path = write(folder, "store: {snapshot: ../data/store.json}\nbooks: {snapshot: ../data/books.json}\n"
                         "expect: {findings: {counts: {SKU_MISSING: 1}}}\n", name="from-snapshot.yaml")
    outcome = run_scenario(load_scenario(path), rehearse=False)
    assert outcome.scenario.name == "from-snapshot"
    assert outcome.materialised.manifest is None and outcome.materialised.store == generated.store
    assert outcome.mismatches == []


def test_a_generated_store_reads_its_books_from_a_snapshot_when_given(tmp_path: Path) -> None:
    other_books = generate(seed=9, size="tiny", platform="shopify").books
    save(other_books, tmp_path / "books.json")
    path = write(tmp_path, GOOD + "books: {snapshot: books.json}\nexpect: {}\n")
    assert load_scenario(path).materialise().books == other_books


def test_mismatches_are_readable_lines(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "expect:\n  findings:\n    present: [TAX_NO_ZERO_CODE]\n"
                                  "    absent: [SKU_MISSING]\n    counts: {SKU_DUPLICATE: 1}\n"
                                  "  plan: {item: {create: 1}}\n  exit: 0\n")
    outcome = run_scenario(load_scenario(path), rehearse=False)
    plan_creates = outcome.dry_run.report.plan.counts["item"]["create"]
    assert outcome.mismatches == [
        "expected present but not found: TAX_NO_ZERO_CODE",
        "expected absent but found: SKU_MISSING (2)",
        "SKU_DUPLICATE: expected 1, found 0",
        f"plan item.create: expected 1, found {plan_creates}",
        "exit: expected 0, found 1",
    ]


def test_dump_scenario_writes_a_loadable_file_and_refuses_a_bad_one(tmp_path: Path) -> None:
    data = {"name": "smaller", "store": {"generated": {"platform": "shopify", "seed": 3, "size": "tiny"}},
            "expect": {"findings": {"present": ["ITEM_WILL_BE_CREATED"]}}}
    target = tmp_path / "out" / "smaller.yaml"
    scenario = dump_scenario(data, target)
    assert scenario.name == "smaller" and yaml.safe_load(target.read_text()) == data
    with pytest.raises(InputError, match="unknown finding code"):
        dump_scenario({**data, "expect": {"findings": {"present": ["NOPE"]}}}, target)
    assert yaml.safe_load(target.read_text()) == data  # untouched
    assert sorted(p.name for p in target.parent.iterdir()) == ["smaller.yaml"]  # no temp file left


def test_the_json_schema_file_is_current() -> None:
    shipped = Path(__file__).parents[2] / "harness" / "scenarios" / "scenario.schema.json"
    assert json.loads(shipped.read_text()) == scenario_json_schema()


def test_the_library_validates_against_the_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = scenario_json_schema()
    for path in sorted((Path(__file__).parents[2] / "scenarios").rglob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)


def test_scenario_check_command(tmp_path: Path) -> None:
    runner = CliRunner()
    good = write(tmp_path, GOOD + "expect: {findings: {counts: {SKU_MISSING: 2}}}\n", name="good.yaml")
    passed = runner.invoke(app, ["scenario", "check", str(good), "--no-rehearse"])
    assert passed.exit_code == 0, passed.output
    assert "pass good" in passed.output and "1 passed, 0 failed" in passed.output
    bad = write(tmp_path, GOOD + "expect: {findings: {counts: {SKU_MISSING: 5}}}\n", name="bad.yaml")
    failed = runner.invoke(app, ["scenario", "check", str(tmp_path), "--no-rehearse", "-f", "json"])
    assert failed.exit_code == 1
    results = {r["scenario"]: r for r in json.loads(failed.output)}
    assert results["bad"]["mismatches"] == ["SKU_MISSING: expected 5, found 2"] and results["good"]["passed"]
    assert bad.exists()


def test_size_as_a_mapping_or_text(tmp_path: Path) -> None:
    as_mapping = write(tmp_path, "store:\n  generated:\n    platform: magento\n    size: {products: 3, customers: 2, "
                                 "orders: 4}\nexpect: {}\n", name="mapping.yaml")
    as_text = write(tmp_path, "store:\n  generated: {platform: magento, size: 'products=3,customers=2,orders=4'}\n"
                              "expect: {}\n", name="text.yaml")
    stores = [load_scenario(p).materialise().store for p in (as_mapping, as_text)]
    assert stores[0] == stores[1]
    assert (len(stores[0].products), len(stores[0].customers), len(stores[0].orders)) == (3, 2, 4)
    negative = write(tmp_path, "store:\n  generated:\n    platform: magento\n    size: {products: -1, customers: 2, "
                               "orders: 4}\nexpect: {}\n", name="negative.yaml")
    with pytest.raises(InputError, match=r"negative.yaml:4: store.generated.size.products: must not be negative"):
        load_scenario(negative)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "not a scenario file (binary content); a scenario is YAML text (UTF-8)"),
        ("store: {}\n# café\n".encode("latin-1"), "not UTF-8 text (byte 0xe9 at offset 15); a scenario is YAML text"),
    ],
)
def test_a_file_that_is_not_utf8_text_is_one_line_not_a_traceback(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    command = [sys.executable, "-m", "harness.cli", "scenario", "check", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().startswith(f"error: {path}: {message}")
