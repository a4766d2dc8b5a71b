"""Sync Sandbox: simulate store and accounting APIs and dry-run an e-commerce → QuickBooks sync."""

from harness.errors import HarnessError, InputError, SandboxViolation
from harness.model import Books, Manifest, Store

__version__ = "0.1.0"

__all__ = ["Books", "HarnessError", "InputError", "Manifest", "SandboxViolation", "Store", "__version__"]
