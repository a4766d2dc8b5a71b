"""Fixtures for the simulated QuickBooks Online: a company, both transports, and the real SDKs.

``qbo`` is parametrized over the two transports (in-process through
``responses``, and the local threaded server) the way moto's TEST_SERVER_MODE
runs one suite both ways; ``qb`` is an unmodified python-quickbooks client
connected through intuit-oauth's token endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from qbo_helpers import Sim, connect_python_quickbooks, make_books, run

from harness.model.books import Books
from harness.platforms.http.clock import FrozenClock
from harness.platforms.quickbooks import make_endpoint


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2025, 6, 2, 16, 15, 0, tzinfo=UTC))


@pytest.fixture
def books() -> Books:
    return make_books()


@pytest.fixture(params=["inprocess", "server"])
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def qbo(transport: str, books: Books, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Sim]:
    endpoint = make_endpoint(books, clock=clock)
    yield from run(endpoint, transport, monkeypatch)


@pytest.fixture
def qb(qbo: Sim) -> Any:
    return connect_python_quickbooks(qbo)
