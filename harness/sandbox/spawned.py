"""Serve an endpoint from a fresh interpreter, several requests in flight: a transport for a second core.

The other process builds its app with a factory named by import path (``"package.module:function"``),
from one payload of bytes, and serves it behind the same write guard as the in-process transport
(``InProcessSandbox``, ``check_request``). This process sends whole requests through a pipe and
reads the answers in order, ``AHEAD`` in flight, so neither process waits for the other. The
rehearsal's company copy is served this way (harness.sync.rehearsal_worker).

A fresh interpreter, not ``fork``: a forked child shares the caller's heap, and every page either
process then touches (reference counts) is copied, which doubles a 2.5 GB dry run. (Where the
child's whole job is to serve what the heap already holds, ``harness.sandbox.forked`` forks.)

The protocol is frames (harness.sandbox.frames) on the worker's stdin and stdout. The payload
comes first; the worker answers with the app's credentials. Then each request is ``[method, url,
headers, body]`` and each answer ``[status, headers, body]``, in order; ``["stop"]`` ends it.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import queue
import subprocess
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import IO, Any

import msgspec
from requests.models import PreparedRequest, Response

from harness.errors import HarnessError
from harness.heap import cut_cycles, gc_paused
from harness.platforms.http.session import prepared
from harness.sandbox.frames import (
    FrameReader,
    decode_message,
    error_message,
    frame,
    request_message,
    widen_pipe,
    write_frame,
)
from harness.sandbox.guard import check_request
from harness.sandbox.inprocess import InProcessSandbox, answer_directly, make_response

#: requests sent before the first answer is awaited: enough that the worker never waits for this process,
#: whose thread making the requests shares it with the checks
AHEAD = 64
#: requests written to the pipe together (about 250 kB of invoices)
WRITE_EVERY = 16

_EOF = object()


class SpawnedEndpointError(HarnessError):
    """The worker process failed or went away; the message carries what it said."""


class SpawnedEndpoint:
    """``with SpawnedEndpoint("pkg.mod:make_app", payload, base) as served: served.exchange(requests)``

    Starting it sends the payload from a thread of its own, so the caller goes on (matching, say)
    while the worker imports, decodes it and builds its app.
    """

    def __init__(self, factory: str, payload: bytes, base_url: str, *, name: str = "worker") -> None:
        self.base = base_url.rstrip("/")
        self.name = name
        #: what the worker says on stderr (a traceback), shown if it fails; a file, so it can never block
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "harness.sandbox.spawned", factory, self.base],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._to_worker: IO[bytes] = self._process.stdin
        self._from_worker: IO[bytes] = self._process.stdout
        for pipe in (self._to_worker, self._from_worker):  # room for AHEAD requests and answers each way
            widen_pipe(pipe.fileno())
        self._answers: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._failure: BaseException | None = None
        self._credentials: dict[str, str] | None = None
        self._reader = threading.Thread(target=self._read_answers, name=f"{name}-reader", daemon=True)
        self._reader.start()
        self._payload_sent = threading.Thread(target=self._send_payload, args=(payload,), name=name, daemon=True)
        self._payload_sent.start()

    def __enter__(self) -> SpawnedEndpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def credentials(self) -> dict[str, str]:
        """The app's credentials, once it is built (waits for that)."""
        if self._credentials is None:
            self._payload_sent.join()
            if self._failure is not None:
                raise self._failure
            hello = self._next()
            if not isinstance(hello, dict) or not isinstance(hello.get("credentials"), dict):
                raise SpawnedEndpointError(f"{self.name}: expected its credentials, got {hello!r:.200}")
            self._credentials = hello["credentials"]
        return self._credentials

    def exchange(self, requests: Iterable[PreparedRequest]) -> Iterator[tuple[PreparedRequest, Response]]:
        """Each request with its answer, in order, ``AHEAD`` in flight: the caller's next requests are made
        (lazily, by ``requests``) while the worker answers the last ones.

        Requests are written ``WRITE_EVERY`` at a time, and whenever an answer is to be waited for: each
        write gives up the interpreter lock, and getting it back from a thread running the checks takes
        up to a switch interval (5 ms), longer than the worker takes to answer a batch.
        """
        self.credentials()  # the app is built
        pending = iter(requests)
        in_flight: deque[PreparedRequest] = deque()
        unsent: list[bytes] = []
        while True:
            request = next(pending, None)
            if request is not None:
                unsent.append(frame(request_message(request)))
                in_flight.append(request)
            waits = bool(in_flight) and (request is None or len(in_flight) > AHEAD)
            if unsent and (len(unsent) >= WRITE_EVERY or request is None or (waits and self._answers.empty())):
                self._write(b"".join(unsent))
                unsent.clear()
            if waits:
                sent = in_flight.popleft()
                answer = self._next()
                if not isinstance(answer, list) or len(answer) != 3:
                    raise SpawnedEndpointError(f"{self.name}: expected an answer, got {answer!r:.200}")
                status, headers, payload = answer
                yield sent, make_response(status, headers, payload, sent)
            elif request is None:
                return

    def close(self) -> None:
        """Stop the worker (it cuts its copy and exits); kill it if it does not go within a few seconds."""
        process = self._process
        if process.poll() is None:
            try:
                self._payload_sent.join()
                self._to_worker.write(frame(_STOP))
                self._to_worker.close()
                process.wait(timeout=10)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        self._reader.join(timeout=5)
        self._stderr.close()

    # -- plumbing ------------------------------------------------------------------------------------

    def _send_payload(self, payload: bytes) -> None:
        try:
            write_frame(self._to_worker, payload)
        except OSError as exc:
            self._failure = self._gone(f"could not send it its payload ({exc})")

    def _write(self, frames: bytes) -> None:
        try:
            self._to_worker.write(frames)
            self._to_worker.flush()
        except OSError as exc:
            raise self._gone(f"could not send it a request ({exc})") from None

    def _read_answers(self) -> None:
        """Drain the worker's answers as they come, so its writes never block on a full pipe."""
        try:
            for answer in FrameReader(self._from_worker.fileno()):
                self._answers.put(answer)
        except (OSError, EOFError, ValueError) as exc:
            self._answers.put(exc)
        self._answers.put(_EOF)

    def _next(self) -> Any:
        item = self._answers.get()
        if item is _EOF or isinstance(item, BaseException):
            self._answers.put(item)  # a later call sees the same end
            raise self._gone("it stopped answering")
        return decode_message(item, lambda text: SpawnedEndpointError(f"{self.name} failed: {text}"))

    def _gone(self, what: str) -> SpawnedEndpointError:
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", "replace").strip()
        tail = "\n".join(said.splitlines()[-20:])
        code = self._process.returncode
        return SpawnedEndpointError(f"{self.name} (exit code {code}): {what}" + (f"; it said:\n{tail}" if tail else ""))


_STOP = msgspec.msgpack.encode(["stop"])


def _serve(factory: str, base_url: str, stdin: IO[bytes], stdout: IO[bytes]) -> None:
    frames = FrameReader(stdin.fileno())
    payload = next(frames, None)
    if payload is None:
        return
    module, _, function = factory.partition(":")
    app = getattr(importlib.import_module(module), function)(payload)
    del payload
    try:
        with InProcessSandbox() as sandbox:
            sandbox.mount(app, base_url)
            write_frame(stdout, msgspec.msgpack.encode({"credentials": app.credentials()}))
            for raw in frames:
                message = msgspec.msgpack.decode(raw)
                if message == ["stop"]:
                    return
                method, url, headers, body = message
                request = prepared(method, url, headers, body)
                # the write guard, as our sessions' adapter applies it: the mounted host is a sandbox host
                check_request(method, url, request.headers, body)
                response = answer_directly(request, None)
                if response is None:
                    raise SpawnedEndpointError(f"nothing is served at {url}")
                answer = [response.status_code, dict(response.headers), response.content]
                write_frame(stdout, msgspec.msgpack.encode(answer))
    finally:
        cut_cycles(app)


def main() -> None:
    """Worker entry point (``python -m harness.sandbox.spawned FACTORY BASE_URL``): frames on stdin and
    stdout; anything printed goes to stderr instead."""
    stdin = sys.stdin.buffer
    stdout = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        with gc_paused():  # an app's worth of acyclic rows and bodies (harness.heap)
            _serve(sys.argv[1], sys.argv[2], stdin, stdout)
    except BaseException as exc:  # the parent gets one clear message instead of a dead pipe
        with contextlib.suppress(OSError):
            write_frame(stdout, error_message(exc))
        raise SystemExit(1) from None
    finally:
        stdout.flush()


if __name__ == "__main__":
    main()
