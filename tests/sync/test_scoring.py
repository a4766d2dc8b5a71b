"""The dry run finds every injected problem, through each platform's API, and little else."""

from __future__ import annotations

import pytest

from harness.model.store import PLATFORMS
from harness.sources.generated import DEMO_PATHOLOGIES, generate
from harness.sync.engine import dry_run
from harness.sync.scoring import DETECTED_BY, score

SEEDS = (3, 11)


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.parametrize("seed", SEEDS)
def test_recall_and_precision_against_the_manifest(platform: str, seed: int) -> None:
    scenario = generate(seed=seed, size="small", platform=platform, pathologies=dict(DEMO_PATHOLOGIES))
    report = dry_run(scenario.store, scenario.books, rehearse=False).report
    scores = score(report, scenario.manifest)
    found = sum(s.found for s in scores.values())
    injected = sum(s.injected for s in scores.values())
    correct = sum(s.correct for s in scores.values())
    findings = sum(s.findings for s in scores.values())
    recall = found / injected
    precision = correct / findings
    print(
        f"{platform} seed {seed}: recall {recall:.3f} ({found}/{injected}), "
        f"precision {precision:.3f} ({correct}/{findings})"
    )
    misses = {c: (s.found, s.injected) for c, s in scores.items() if s.recall < 1.0}
    noise = {c: (s.correct, s.findings) for c, s in scores.items() if s.precision < 1.0}
    assert recall == 1.0, f"missed injections: {misses}"
    assert precision >= 0.99, f"findings not in the manifest: {noise}"


def test_every_pathology_has_a_detecting_check() -> None:
    from harness.sources.generated import PATHOLOGIES
    from harness.sync.checks import REGISTRY, all_checks

    all_checks()
    assert set(DETECTED_BY) == set(PATHOLOGIES)
    assert set(DETECTED_BY.values()) <= set(REGISTRY)
