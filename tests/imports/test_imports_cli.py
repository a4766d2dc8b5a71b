"""``sync-sandbox dry-run`` reads exports as well as snapshots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "fixtures" / "exports"


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.cli", *map(str, args)], cwd=ROOT, capture_output=True, text=True, check=False
    )


def findings(result: subprocess.CompletedProcess[str]) -> dict[str, list[dict[str, object]]]:
    by_code: dict[str, list[dict[str, object]]] = {}
    for finding in orjson.loads(result.stdout)["report"]["findings"]:
        by_code.setdefault(finding["code"], []).append(finding)
    return by_code


def test_dry_run_on_shopify_and_quickbooks_exports() -> None:
    result = cli("dry-run", "--store", EXPORTS / "shopify", "--books", EXPORTS / "quickbooks", "-f", "json")
    assert result.returncode == 1, result.stderr  # errors found
    found = findings(result)
    (missing,) = found["SKU_MISSING"]
    assert "'Beeswax Candle' / Small" in str(missing["message"])
    (duplicate,) = found["SKU_DUPLICATE"]
    assert "'SOCK-WOOL'" in str(duplicate["message"])
    assert "REHEARSAL_ITEM_REJECTED" not in found  # the imported accounts are linked


def test_dry_run_on_single_export_files() -> None:
    result = cli(
        "dry-run",
        "--store",
        EXPORTS / "woocommerce" / "wc-product-export-28-11-2026.csv",
        "--books",
        EXPORTS / "quickbooks" / "ProductServiceList.csv",
        "-f",
        "json",
    )
    found = findings(result)
    assert "SKU_MISSING" in found and "SKU_DUPLICATE" in found


def test_a_folder_with_both_sides_needs_no_books_option(tmp_path: Path) -> None:
    for sub in ("shopify", "quickbooks"):
        for f in (EXPORTS / sub).iterdir():
            (tmp_path / f.name).write_bytes(f.read_bytes())
    result = cli("dry-run", "--store", tmp_path, "-f", "json", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert "SKU_DUPLICATE" in findings(result)


BAD = {
    "missing-column": ("Handle,Title,Variant Price\nmug,Mug,12.00\n", "missing column 'Variant SKU'"),
    "bad-number": (
        "Handle,Title,Variant SKU,Variant Price\nmug,Mug,MUG,12.00\ntee,Tee,TEE,abc\n",
        "row 3, column 'Variant Price': expected a number, got \"abc\"",
    ),
}


@pytest.mark.parametrize("case", [*BAD, "binary"])
def test_a_bad_export_is_exit_2_and_one_line(tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.csv"
    if case == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        expected = "not a CSV text file (binary content)"
    else:
        text, expected = BAD[case]
        path.write_text(text, encoding="utf-8")
    result = cli("dry-run", "--store", path, "--books", EXPORTS / "quickbooks")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and expected in lines[0]


def test_snapshots_still_load(tmp_path: Path) -> None:
    generated = cli("generate", "-o", tmp_path, "--size", "tiny", "--no-progress")
    assert generated.returncode == 0, generated.stderr
    result = cli("dry-run", "--store", tmp_path, "-f", "json", "--fail-on", "never", "--no-rehearse")
    assert result.returncode == 0, result.stderr
