"""Serve an endpoint app on 127.0.0.1 from a background thread, for clients in any language."""

from __future__ import annotations

import logging
import threading
from types import TracebackType
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from harness.sandbox.guard import register_sandbox_host, unregister_sandbox_host


class _QuietHandler(WSGIRequestHandler):
    def log(self, type: str, message: str, *args: Any) -> None:
        logging.getLogger("harness.sandbox.server").debug(message, *args)


class LocalServer:
    """A threaded WSGI server; ``base_url`` is ready as soon as the constructor returns."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self._server: BaseWSGIServer = make_server(host, port, app, threaded=True, request_handler=_QuietHandler)
        self.host = host
        self.port = self._server.server_port
        self.base_url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"sandbox:{self.port}", daemon=True)
        self._thread.start()
        register_sandbox_host(self.base_url)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        unregister_sandbox_host(self.base_url)

    def __enter__(self) -> LocalServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> LocalServer:
    return LocalServer(app, host=host, port=port)
