"""The demo mix: every pathology at a rate that shows it a few times in a ``small`` store."""

from __future__ import annotations

from harness.sources.generated.pathologies import PATHOLOGIES

#: rates of 2-3 make each pathology appear that many times whatever the store size
DEMO_PATHOLOGIES: dict[str, float] = {name: (1.0 if p.unit == "once" else 3.0) for name, p in PATHOLOGIES.items()}
