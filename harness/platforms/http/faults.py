"""Fault injection: registered objects, each deciding per request whether it fires.

Every fault is scoped to routes (endpoint method names, ``fnmatch`` patterns)
and HTTP methods, fires at a ``rate`` (drawn from the plan's seeded RNG, so a
run is reproducible) or for the first ``count`` matching requests, and asks the
endpoint to render the failure in the platform's own shape — a Shopify 429 and
an eBay error 518 look nothing alike, but "throttle this request" is one idea.
"""

from __future__ import annotations

import fnmatch
import random
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

if TYPE_CHECKING:
    from harness.platforms.http.app import EndpointApp


@dataclass
class Fault:
    """Base: scope and firing rule. Subclasses implement ``before`` and/or ``after``."""

    rate: float = 1.0
    count: int | None = None
    routes: tuple[str, ...] = ("*",)
    methods: tuple[str, ...] = ("*",)
    name: str = field(default="fault", init=False)
    _fired: int = field(default=0, init=False, repr=False)

    def applies(self, route: str | None, method: str) -> bool:
        route_name = route or ""
        return any(fnmatch.fnmatchcase(route_name, pat) for pat in self.routes) and (
            "*" in self.methods or method.upper() in self.methods
        )

    def fires(self, rng: random.Random) -> bool:
        if self.count is not None:
            if self._fired >= self.count:
                return False
            self._fired += 1
            return True
        if self.rate >= 1.0 or rng.random() < self.rate:
            self._fired += 1
            return True
        return False

    def before(self, app: EndpointApp, request: Request) -> Response | None:
        """Answer instead of the endpoint, or None to let the request through."""
        return None

    def after(self, app: EndpointApp, request: Request, response: Response) -> Response:
        return response


@dataclass
class Throttle(Fault):
    """429 (or the platform's equivalent) with a Retry-After."""

    retry_after: float = 0.05
    name: str = field(default="throttle", init=False)

    def before(self, app: EndpointApp, request: Request) -> Response | None:
        return app.throttled(request, self.retry_after)


@dataclass
class ServerError(Fault):
    status: int = 500
    name: str = field(default="server_error", init=False)

    def before(self, app: EndpointApp, request: Request) -> Response | None:
        return app.server_error(request, self.status)


@dataclass
class Latency(Fault):
    seconds: float = 0.1
    name: str = field(default="latency", init=False)

    def before(self, app: EndpointApp, request: Request) -> Response | None:
        app.clock.sleep(self.seconds)
        return None


@dataclass
class MalformedBody(Fault):
    """The response is cut short mid-JSON/XML: what a proxy or a crashed PHP worker produces."""

    name: str = field(default="malformed", init=False)

    def after(self, app: EndpointApp, request: Request, response: Response) -> Response:
        data = response.get_data()
        response.set_data(data[: max(1, len(data) // 2)])
        return response


@dataclass
class PageDrift(Fault):
    """Before the request is answered, a new record appears (as if a customer ordered mid-read)."""

    name: str = field(default="page_drift", init=False)

    def before(self, app: EndpointApp, request: Request) -> Response | None:
        app.drift(request)
        return None


class FaultPlan:
    """The faults registered on one endpoint, with the seeded RNG they draw from."""

    def __init__(self, seed: int = 0) -> None:
        self._faults: list[Fault] = []
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def __bool__(self) -> bool:
        return bool(self._faults)

    def firing(self, route: str | None, method: str) -> Iterator[Fault]:
        """The faults that fire for this request, in registration order, drawn lazily: a fault
        after one that already answered the request is neither drawn nor counted."""
        with self._lock:
            faults = list(self._faults)
        for fault in faults:
            if not fault.applies(route, method):
                continue
            with self._lock:
                fired = fault.fires(self._rng)
            if fired:
                yield fault
