"""The one list of platforms. Adding a platform is one line here plus its package."""

from __future__ import annotations

import importlib

from harness.errors import HarnessError
from harness.platforms.base import PlatformSpec

PLATFORM_PACKAGES: dict[str, str] = {
    "quickbooks": "harness.platforms.quickbooks",
    "shopify": "harness.platforms.shopify",
    "woocommerce": "harness.platforms.woocommerce",
    "bigcommerce": "harness.platforms.bigcommerce",
    "magento": "harness.platforms.magento",
    "ebay": "harness.platforms.ebay",
    "opencart": "harness.platforms.opencart",
}


def get_platform(name: str) -> PlatformSpec:
    try:
        package = PLATFORM_PACKAGES[name]
    except KeyError:
        known = ", ".join(sorted(PLATFORM_PACKAGES))
        raise HarnessError(f"unknown platform {name!r}; known platforms: {known}") from None
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError as exc:
        if exc.name and package.startswith(exc.name):
            raise HarnessError(f"platform {name!r} is not available in this build") from None
        raise
    spec: PlatformSpec = module.SPEC
    return spec


def available_platforms(side: str | None = None) -> list[PlatformSpec]:
    out = []
    for name in PLATFORM_PACKAGES:
        try:
            spec = get_platform(name)
        except HarnessError:
            continue
        if side is None or spec.side == side:
            out.append(spec)
    return out
