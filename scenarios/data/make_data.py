"""Rebuild the snapshot folders under scenarios/data/ (``python scenarios/data/make_data.py``).

Kept as code so the data's provenance is reviewable: each folder is a generated
tiny store with one setting changed that no generator pathology covers.
"""

from __future__ import annotations

from pathlib import Path

from harness.model.snapshot import save
from harness.sources.generated import generate

HERE = Path(__file__).parent


def shopify_tax_off() -> None:
    """A store whose owner never switched tax on (rule #36): the settings say off, with no rates."""
    scenario = generate(seed=22, size="tiny", platform="shopify")
    store = scenario.store
    store.tax.enabled = False
    store.tax.rates = []
    save(store, HERE / "shopify-tax-off" / "store.json")
    save(scenario.books, HERE / "shopify-tax-off" / "books.json")


if __name__ == "__main__":
    shopify_tax_off()
