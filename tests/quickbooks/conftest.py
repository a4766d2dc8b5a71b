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
from qbo_helpers import Sim, connect_python_quickbooks, make_books

from harness.model.books import Books
from harness.platforms.http.clock import FrozenClock
from harness.platforms.quickbooks import SPEC, make_endpoint
from harness.sandbox import InProcessSandbox, serve


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2025, 6, 2, 16, 15, 0, tzinfo=UTC))


@pytest.fixture
def books() -> Books:
    return make_books()


@pytest.fixture(params=["inprocess", "server"])
def transport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class AppSwitch:
    """One long-lived local server for the whole session, serving each test's endpoint in turn
    (starting and stopping a server per test costs half a second at shutdown)."""

    app: Any = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self.app(environ, start_response)


@pytest.fixture(scope="session")
def local_server() -> Iterator[tuple[AppSwitch, str]]:
    switch = AppSwitch()
    with serve(switch) as server:
        yield switch, server.base_url


@pytest.fixture
def qbo(transport: str, books: Books, clock: FrozenClock, request: pytest.FixtureRequest) -> Iterator[Sim]:
    endpoint = make_endpoint(books, clock=clock)
    if transport == "inprocess":
        with InProcessSandbox() as sandbox:
            yield Sim(endpoint, sandbox.mount(endpoint, SPEC.sandbox_base_url), transport)
        return
    switch, base_url = request.getfixturevalue("local_server")
    # plain http: requests-oauthlib refuses it unless told otherwise (§2.2)
    monkeypatch: pytest.MonkeyPatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    switch.app = endpoint
    yield Sim(endpoint, base_url, transport)


@pytest.fixture
def qb(qbo: Sim) -> Any:
    return connect_python_quickbooks(qbo)
