"""pytest-recording plays our cassettes as they are, given the ``vcr_config`` we ship."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.platforms.registry import get_platform
from harness.sources import recorded

RECORDING = Path(__file__).resolve().parents[2] / "fixtures" / "recordings" / "shopify-missing-skus"


@pytest.fixture(scope="module")
def vcr_config() -> dict[str, Any]:
    return recorded.vcr_config()


@pytest.mark.vcr(str(RECORDING / "books.yaml"))
def test_pytest_recording_plays_a_books_cassette(vcr: Any) -> None:
    side = recorded.read_recording(RECORDING).books
    assert side is not None
    books = get_platform("quickbooks").make_client(side.base_url, side.replay_credentials(), None).read_books()
    assert vcr.play_count == side.interactions
    assert books == recorded.replay_books(RECORDING)
