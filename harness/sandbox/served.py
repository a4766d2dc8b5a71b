"""A scenario's endpoints on real sockets, for a connector written in any language.

The store endpoint, the QuickBooks endpoint and a small admin API each get
their own local server: admin on PORT, store on PORT+1, books on PORT+2 (or
three free ports when PORT is 0). ``advertise_host`` is the host a client
should use when the servers listen on every interface (inside a container).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal

from harness.errors import HarnessError
from harness.platforms.http.app import EndpointApp
from harness.platforms.http.journal import Journal
from harness.platforms.registry import get_platform
from harness.sandbox.server import LocalServer

if TYPE_CHECKING:
    from harness.scenarios.materialise import Materialised

Side = Literal["store", "books"]
SIDES: tuple[Side, ...] = ("store", "books")
_ANY_INTERFACE = ("0.0.0.0", "::", "")


@dataclass(frozen=True)
class EndpointInfo:
    """Where one endpoint of a sandbox is and how to authenticate against it."""

    side: Side
    platform: str
    base_url: str
    credentials: dict[str, str]
    #: the simulated endpoint itself, when it runs in this process (None for a docker sandbox)
    app: EndpointApp | None = field(default=None, compare=False, repr=False)

    @property
    def journal(self) -> Journal | None:
        """Every request the endpoint answered; None when it runs in another process."""
        return self.app.journal if self.app is not None else None

    def public(self) -> dict[str, Any]:
        """What the admin API and the SANDBOX-READY line say about this endpoint."""
        return {"platform": self.platform, "base_url": self.base_url, "credentials": dict(self.credentials)}

    @classmethod
    def from_public(cls, side: Side, data: dict[str, Any]) -> EndpointInfo:
        """The reverse of :meth:`public`: how a handle on a sandbox in another process is built."""
        return cls(side=side, platform=str(data["platform"]), base_url=str(data["base_url"]),
                   credentials={str(k): str(v) for k, v in dict(data["credentials"]).items()})


def _endpoint_apps(materialised: Materialised) -> tuple[dict[Side, EndpointApp], dict[Side, str]]:
    """The scenario's two simulated endpoints, and the platform each one is."""
    store_spec = get_platform(materialised.store.platform)
    books_spec = get_platform("quickbooks")
    apps: dict[Side, EndpointApp] = {
        "store": store_spec.make_endpoint(materialised.store),
        "books": books_spec.make_endpoint(materialised.books),
    }
    return apps, {"store": store_spec.name, "books": books_spec.name}


class ServedSandbox:
    """``with serve_scenario(scenario.materialise()) as sandbox: sandbox.endpoints["store"].base_url``."""

    def __init__(
        self, materialised: Materialised, *, host: str = "127.0.0.1", port: int = 0, advertise_host: str | None = None
    ) -> None:
        from harness.sandbox.admin import AdminApp

        if not 0 <= port <= 65533:
            raise HarnessError(f"--port {port}: use 0 (any free ports) or a port below 65534 (PORT..PORT+2 are used)")
        self.name = materialised.name
        self.materialised = materialised
        self.host = host
        self._advertise = advertise_host or ("127.0.0.1" if host in _ANY_INTERFACE else host)
        self.apps, self.platforms = _endpoint_apps(materialised)
        self._servers: list[LocalServer] = []
        try:
            _check_free(host, [port, port + 1, port + 2] if port else [])
            self.servers: dict[Side, LocalServer] = {
                side: self._listen(self.apps[side], port + 1 + i if port else 0) for i, side in enumerate(SIDES)
            }
            self.endpoints: dict[str, EndpointInfo] = {
                side: EndpointInfo(
                    side=side,
                    platform=self.platforms[side],
                    base_url=self._url(self.servers[side]),
                    credentials=self.apps[side].credentials(),
                    app=self.apps[side],
                )
                for side in SIDES
            }
            # the admin API listens last: once /_sandbox/health answers, everything it reports is in place
            admin = self._listen(AdminApp(self), port)
        except (OSError, SystemExit) as exc:  # werkzeug exits (after printing why) when it cannot bind
            self.stop()
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "address in use"
            raise HarnessError(f"cannot listen on {host} port {port}..{port + 2}: {why}") from None
        self.admin_url = self._url(admin)

    def _listen(self, app: Any, port: int) -> LocalServer:
        server = LocalServer(app, host=self.host, port=port)
        self._servers.append(server)
        return server

    def _url(self, server: LocalServer) -> str:
        host = f"[{self._advertise}]" if ":" in self._advertise else self._advertise
        return f"http://{host}:{server.port}"

    def local_url(self, side: Side) -> str:
        """A URL this process can reach the endpoint at, whatever the advertised host."""
        host = "127.0.0.1" if self.host in _ANY_INTERFACE else self.host
        return f"http://{host}:{self.servers[side].port}"

    def reset(self) -> None:
        """Both endpoints back to the scenario's data, journals and faults cleared."""
        for app in self.apps.values():
            app.reset()

    def ready(self) -> dict[str, Any]:
        """The machine-readable description printed after ``SANDBOX-READY``."""
        return {
            "scenario": self.name,
            "admin_url": self.admin_url,
            "endpoints": {side: info.public() for side, info in self.endpoints.items()},
        }

    def stop(self) -> None:
        """Stop every server at once: each takes up to half a second to notice its shutdown."""
        servers, self._servers = self._servers, []
        threads = [threading.Thread(target=server.stop) for server in servers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=10)

    def __enter__(self) -> ServedSandbox:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _check_free(host: str, ports: list[int]) -> None:
    """Bind each fixed port once first: werkzeug would print two lines and exit the process instead."""
    for port in ports:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as werkzeug's server does
            probe.bind((host, port))


def serve_scenario(
    materialised: Materialised, *, host: str = "127.0.0.1", port: int = 0, advertise_host: str | None = None
) -> ServedSandbox:
    return ServedSandbox(materialised, host=host, port=port, advertise_host=advertise_host)


class InProcessServed:
    """The same handle with no sockets: endpoints (and the admin API) mounted in ``responses``.

    Only clients built on ``requests`` reach them; it is the fastest way to run
    a Python connector's tests against a scenario.
    """

    ADMIN_BASE_URL = "https://admin.sync-sandbox.test"

    def __init__(self, materialised: Materialised) -> None:
        from harness.sandbox.admin import AdminApp
        from harness.sandbox.inprocess import InProcessSandbox

        self.name = materialised.name
        self.materialised = materialised
        self.apps, self.platforms = _endpoint_apps(materialised)
        self._sandbox = InProcessSandbox().start()
        bases = {
            side: self._sandbox.mount(self.apps[side], get_platform(self.platforms[side]).sandbox_base_url)
            for side in SIDES
        }
        self.admin_url: str | None = self._sandbox.mount(AdminApp(self), self.ADMIN_BASE_URL)
        self.endpoints: dict[str, EndpointInfo] = {
            side: EndpointInfo(side=side, platform=self.platforms[side], base_url=bases[side],
                               credentials=self.apps[side].credentials(), app=self.apps[side])
            for side in SIDES
        }

    def local_url(self, side: Side) -> str:
        return self.endpoints[side].base_url

    def reset(self) -> None:
        for app in self.apps.values():
            app.reset()

    def stop(self) -> None:
        self._sandbox.stop()

    def __enter__(self) -> InProcessServed:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
