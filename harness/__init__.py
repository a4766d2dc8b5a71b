"""Sync Sandbox: simulate store and accounting APIs and dry-run an e-commerce → QuickBooks sync.

The short public API::

    from harness import generate, dry_run, load_profile
    scenario = generate(seed=7, size="small", platform="shopify", pathologies={"sku_missing": 3})
    report = dry_run(scenario.store, scenario.books).report

The heavier pieces (Faker, the simulators) load on first use, so ``import harness`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from harness.errors import HarnessError, InputError, SandboxViolation
from harness.model import Books, Manifest, Store

if TYPE_CHECKING:
    from harness.sources.generated import generate
    from harness.sync.engine import Sides, dry_run
    from harness.sync.profile import Profile, load_profile

__version__ = "0.1.0"

_LAZY = {
    "generate": "harness.sources.generated",
    "dry_run": "harness.sync.engine",
    "Sides": "harness.sync.engine",
    "Profile": "harness.sync.profile",
    "load_profile": "harness.sync.profile",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'harness' has no attribute {name!r}")


__all__ = [
    "Books",
    "HarnessError",
    "InputError",
    "Manifest",
    "Profile",
    "SandboxViolation",
    "Sides",
    "Store",
    "__version__",
    "dry_run",
    "generate",
    "load_profile",
]
