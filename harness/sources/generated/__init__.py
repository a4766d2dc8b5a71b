"""Generated stores and books: realistic, seeded, with a ground-truth manifest of injected problems.

Usage::

    from harness.sources.generated import generate, DEMO_PATHOLOGIES
    scenario = generate(seed=7, size="small", platform="woocommerce", pathologies=DEMO_PATHOLOGIES)
    scenario.store, scenario.books, scenario.manifest

See docs/generation.md for the knobs.
"""

from harness.sources.generated.demo import DEMO_PATHOLOGIES
from harness.sources.generated.generate import (
    GeneratedScenario,
    generate,
    generate_books,
    generate_store,
)
from harness.sources.generated.pathologies import PATHOLOGIES, Pathology
from harness.sources.generated.sizes import SIZES, Counts

__all__ = [
    "DEMO_PATHOLOGIES",
    "PATHOLOGIES",
    "SIZES",
    "Counts",
    "GeneratedScenario",
    "Pathology",
    "generate",
    "generate_books",
    "generate_store",
]
