"""What `import harness` offers a user, in one breath."""

from __future__ import annotations

import pytest


def test_the_short_public_api() -> None:
    import harness

    scenario = harness.generate(seed=1, size="tiny", pathologies={"sku_missing": 1})
    report = harness.dry_run(scenario.store, scenario.books, harness.Profile(invoice_prefix="WEB-")).report
    assert "SKU_MISSING" in {f.code for f in report.findings}
    with pytest.raises(AttributeError):
        _ = harness.no_such_thing  # type: ignore[attr-defined]
