"""The dry run as a user runs it: the demo, snapshots, profiles, formats, exit codes, diffs."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *args], capture_output=True, text=True, check=False, cwd=cwd or ROOT
    )


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    result = cli("generate", "--seed", "7", "--size", "small", "--demo", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


def test_demo_prints_the_report_and_exits_1() -> None:
    result = cli("demo")
    assert result.returncode == 1, result.stderr
    assert "Plan:" in result.stdout
    for code in ("SKU_MISSING", "SKU_DUPLICATE", "CUSTOMER_NAME_SUFFIXED", "ORDER_NUMBER_COLLIDES"):
        assert code in result.stdout


def test_same_seed_gives_byte_identical_json_reports(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for target in (a, b):
        result = cli(
            "dry-run",
            "--platform",
            "woocommerce",
            "--seed",
            "5",
            "--size",
            "tiny",
            "-p",
            "sku_missing=3",
            "-f",
            "json",
            "-o",
            str(target),
            "--fail-on",
            "never",
        )
        assert result.returncode == 0, result.stderr
    assert a.read_bytes() == b.read_bytes()
    report = orjson.loads(a.read_bytes())["report"]
    assert {f["code"] for f in report["findings"]} >= {"SKU_MISSING"}


def test_dry_run_of_a_snapshot_folder_in_every_format(demo_folder: Path, tmp_path: Path) -> None:
    for fmt, check in (
        ("json", lambda p: orjson.loads(p.read_bytes())["format"] == "sync-sandbox/report"),
        ("junit", lambda p: ET.parse(p).getroot().tag == "testsuites"),
        ("md", lambda p: p.read_text().startswith("#")),
        ("html", lambda p: "<svg" in p.read_text()),
        ("text", lambda p: "Plan:" in p.read_text()),
    ):
        target = tmp_path / f"report.{fmt}"
        result = cli("dry-run", "--store", str(demo_folder), "-f", fmt, "-o", str(target))
        assert result.returncode == 1, result.stderr
        assert check(target), fmt


def test_fail_on_decides_the_exit_code(demo_folder: Path) -> None:
    assert cli("dry-run", "--store", str(demo_folder), "--fail-on", "never", "--no-rehearse").returncode == 0
    assert cli("dry-run", "--store", str(demo_folder), "--fail-on", "warning", "--no-rehearse").returncode == 1


def test_a_clean_store_passes(tmp_path: Path) -> None:
    result = cli("dry-run", "--platform", "shopify", "--seed", "2", "--size", "tiny", "-f", "json")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    errors = [f for f in orjson.loads(result.stdout)["report"]["findings"] if f["severity"] == "error"]
    assert errors == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("dry-run",), "nothing to check"),
        (("dry-run", "--store", "nowhere.json", "--books", "x.json"), "nowhere.json: cannot read snapshot"),
        (("dry-run", "--platform", "etsy"), "etsy"),
        (("dry-run", "--platform", "shopify", "-f", "pdf"), "--format 'pdf'"),
        (("dry-run", "--platform", "shopify", "--fail-on", "panic"), "--fail-on 'panic'"),
        (("generate", "-o", "x", "-p", "no_such_thing=0.1"), "unknown pathology 'no_such_thing'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_bad_profile_names_file_and_key(demo_folder: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("books_match_field: barcode\n")
    result = cli("dry-run", "--store", str(demo_folder), "--profile", str(profile))
    assert result.returncode == 2
    assert f"{profile}: books_match_field: invalid enum value 'barcode'; expected one of: name, sku" in result.stderr
    profile.write_text("invoice_prefx: WEB-\n")
    result = cli("dry-run", "--store", str(demo_folder), "--profile", str(profile))
    assert "unknown setting 'invoice_prefx'" in result.stderr
    profile.write_bytes("invoice_prefix: Caf\u00e9-\n".encode("cp1252"))  # saved by a Windows editor
    result = cli("dry-run", "--store", str(demo_folder), "--profile", str(profile))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    expected = f"{profile}: not UTF-8 text (byte 0xe9 at offset 19); a profile is YAML text (UTF-8)"
    assert result.stderr.strip() == f"error: {expected}"


def test_a_profile_change_shows_in_the_report_diff(demo_folder: Path, tmp_path: Path) -> None:
    profile = tmp_path / "prefixed.yaml"
    profile.write_text("invoice_prefix: WEB-\n")
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    assert cli("dry-run", "--store", str(demo_folder), "-f", "json", "-o", str(old)).returncode == 1
    assert (
        cli("dry-run", "--store", str(demo_folder), "--profile", str(profile), "-f", "json", "-o", str(new)).returncode
        == 1
    )
    result = cli("report", "diff", str(old), str(new))
    assert result.returncode == 1
    assert "ORDER_NUMBER_COLLIDES" in result.stdout
    assert cli("report", "diff", str(old), str(old)).returncode == 0


def test_hostile_store_data_is_inert_in_the_html_report(tmp_path: Path) -> None:
    from harness.model.snapshot import save
    from harness.sources.generated import generate

    scenario = generate(seed=4, size="tiny", platform="shopify", pathologies={"sku_missing": 2})
    product = scenario.store.products[0]
    product.title = "<script>alert('p')</script>"
    for variant in product.variants:
        variant.sku = None
    customer = scenario.store.customers[0]
    customer.first_name, customer.email = "<script>alert('c')</script>", None
    save(scenario.store, tmp_path / "store.json")
    save(scenario.books, tmp_path / "books.json")
    target = tmp_path / "report.html"
    result = cli("dry-run", "--store", str(tmp_path), "-f", "html", "-o", str(target), "--no-rehearse")
    assert result.returncode == 1, result.stderr
    html = target.read_text()
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html


def test_readme_lists_every_finding_code() -> None:
    from harness.sync.checks.catalogue import checks_markdown

    assert checks_markdown() in (ROOT / "README.md").read_text()


def test_ending_without_teardown_keeps_output_exit_code_and_exit_handlers() -> None:
    """After a dry run the process ends without freeing its heap (cli.exit_now); nothing else may change."""
    script = (
        "import atexit, sys\n"
        "from harness.cli import main\n"
        "atexit.register(lambda: print('exit handler ran', file=sys.stderr))\n"
        "main()\n"
    )
    args = ["dry-run", "--platform", "shopify", "--seed", "3", "--size", "tiny", "-f", "json", "--fail-on", "warning"]
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, check=False, cwd=ROOT
    )
    assert result.returncode == 1, result.stderr
    report = orjson.loads(result.stdout)["report"]  # all of it reached the pipe
    assert report["findings"]
    assert b"exit handler ran" in result.stderr


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """``sync-sandbox demo -f json | head -c 100``: the pipe closes under a 180 kB report."""
    command = f"{sys.executable} -m harness.cli demo -f json | head -c 100; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, check=False, cwd=ROOT)
    assert len(result.stdout) == 100
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr  # still the findings code
