"""The rehearsal's company copy in a process of its own, so that a large dry run uses two cores.

Most of a rehearsal's time is QuickBooks' side of each write: validating the body, pricing the
lines, checking the document number, answering. That side needs only the books, so it runs
here, in a fresh interpreter that is given the books, while the engine's process builds the
next bodies and runs the static checks. The parent sends several requests ahead (``AHEAD``), so
neither process waits for the other.

Nothing about the rehearsal itself changes: the worker makes the same write-only copy of the
endpoint and serves it behind the same write guard; the engine's QuickBooks client makes the
same ``/batch`` requests, 30 creates each, in the same order, and decodes the answers the same
way. Only the requests travel through a pipe instead of a function call, several at a time,
so the worker is never idle waiting for the next one. A fresh interpreter, not ``fork``: a
forked child shares the engine's heap, and every page either process then touches (reference
counts) is copied, which doubles a 2.5 GB dry run.

The protocol is frames on the worker's stdin and stdout: a 4-byte big-endian length, then
msgpack. The parent sends the books (snapshot JSON) first; the worker answers with the copy's
credentials. Then each request is ``[method, url, headers, body]`` and each answer ``[status,
headers, body]``, in order; ``["stop"]`` ends it. A worker that fails sends ``{"error": text}``.
"""

from __future__ import annotations

import contextlib
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
from harness.model.books import Books
from harness.platforms.http.session import prepared
from harness.platforms.quickbooks.client import QuickBooksClient
from harness.sandbox.frames import decode_message, error_message, frame, read_frame, write_frame
from harness.sandbox.guard import check_request
from harness.sandbox.inprocess import InProcessSandbox, answer_directly, make_response

#: where the rehearsal's copy of the company is served (in whichever process holds it)
REHEARSAL_BASE_URL = "https://rehearsal.sandbox.quickbooks.invalid"
#: answers the throw-away copy keeps for requestid replays: the client only ever retries the batch in flight
REPLAY_WINDOW = 256

#: requests sent before the first answer is awaited: enough that the worker never waits for the parent
AHEAD = 8

_EOF = object()


class RehearsalWorkerError(HarnessError):
    """The worker process failed or went away; the message carries what it said."""


class RehearsalWorker:
    """``with RehearsalWorker(books) as worker: for request, response in worker.exchange(requests): ...``

    Starting it sends the books from a thread of its own, so the caller goes on (matching, say)
    while the worker imports, decodes them and builds its company copy.
    """

    def __init__(self, books: Books) -> None:
        #: what the worker says on stderr (a traceback), shown if it fails; a file, so it can never block
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "harness.sync.rehearsal_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._to_worker: IO[bytes] = self._process.stdin
        self._from_worker: IO[bytes] = self._process.stdout
        self._answers: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._failure: BaseException | None = None
        self._credentials: dict[str, str] | None = None
        self._reader = threading.Thread(target=self._read_answers, name="rehearsal-worker-reader", daemon=True)
        self._reader.start()
        self._books_sent = threading.Thread(
            target=self._send_books, args=(msgspec.json.encode(books),), name="rehearsal-worker-books", daemon=True
        )
        self._books_sent.start()

    def __enter__(self) -> RehearsalWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def client(self) -> QuickBooksClient:
        """A client of the worker's copy, for making requests and reading answers (``exchange`` sends them)."""
        if self._credentials is None:
            self._books_sent.join()
            if self._failure is not None:
                raise self._failure
            hello = self._next()
            if not isinstance(hello, dict) or not isinstance(hello.get("credentials"), dict):
                raise RehearsalWorkerError(f"rehearsal worker: expected its credentials, got {hello!r:.200}")
            self._credentials = hello["credentials"]
        return QuickBooksClient(REHEARSAL_BASE_URL, self._credentials)

    def exchange(self, requests: Iterable[PreparedRequest]) -> Iterator[tuple[PreparedRequest, Response]]:
        """Each request with its answer, in order, ``AHEAD`` in flight: the caller's next requests are made
        (lazily, by ``requests``) while the worker answers the last ones."""
        self.client()  # the copy is ready
        pending = iter(requests)
        in_flight: deque[PreparedRequest] = deque()
        while True:
            request = next(pending, None)
            if request is not None:
                body = request.body.encode("utf-8") if isinstance(request.body, str) else request.body
                headers = dict(request.headers)
                self._write(msgspec.msgpack.encode([request.method, request.url, headers, body]))
                in_flight.append(request)
            if in_flight and (request is None or len(in_flight) > AHEAD):
                sent = in_flight.popleft()
                answer = self._next()
                if not isinstance(answer, list) or len(answer) != 3:
                    raise RehearsalWorkerError(f"rehearsal worker: expected an answer, got {answer!r:.200}")
                status, headers, payload = answer
                yield sent, make_response(status, headers, payload, sent)
            elif request is None:
                return

    def close(self) -> None:
        """Stop the worker (it cuts its copy and exits); kill it if it does not go within a few seconds."""
        process = self._process
        if process.poll() is None:
            try:
                self._books_sent.join()
                self._to_worker.write(frame(_STOP))
                self._to_worker.close()
                process.wait(timeout=10)
            except (OSError, ValueError, subprocess.TimeoutExpired):
                process.kill()
                process.wait()
        self._reader.join(timeout=5)
        self._stderr.close()

    # -- plumbing ------------------------------------------------------------------------------------

    def _send_books(self, books_json: bytes) -> None:
        try:
            write_frame(self._to_worker, books_json)
        except OSError as exc:
            self._failure = self._gone(f"could not send it the books ({exc})")

    def _write(self, payload: bytes) -> None:
        try:
            write_frame(self._to_worker, payload)
        except OSError as exc:
            raise self._gone(f"could not send it a request ({exc})") from None

    def _read_answers(self) -> None:
        """Drain the worker's answers as they come, so its writes never block on a full pipe."""
        try:
            while (frame := read_frame(self._from_worker)) is not None:
                self._answers.put(frame)
        except (OSError, EOFError, ValueError) as exc:
            self._answers.put(exc)
        self._answers.put(_EOF)

    def _next(self) -> Any:
        item = self._answers.get()
        if item is _EOF or isinstance(item, BaseException):
            self._answers.put(item)  # a later call sees the same end
            raise self._gone("it stopped answering")
        return decode_message(item, lambda text: RehearsalWorkerError(f"rehearsal worker failed: {text}"))

    def _gone(self, what: str) -> RehearsalWorkerError:
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._stderr.seek(0)
        said = self._stderr.read().decode("utf-8", "replace").strip()
        tail = "\n".join(said.splitlines()[-20:])
        code = self._process.returncode
        return RehearsalWorkerError(
            f"rehearsal worker (exit code {code}): {what}" + (f"; it said:\n{tail}" if tail else "")
        )


_STOP = msgspec.msgpack.encode(["stop"])


def _serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    # late imports: the parent never needs the endpoint's modules for this class
    from harness.platforms.registry import get_platform

    books_json = read_frame(stdin)
    if books_json is None:
        return
    books = msgspec.json.decode(books_json, type=Books)
    del books_json
    spec = get_platform("quickbooks")
    # write-only: nothing reads the posted sales back, so the copy keeps them without their lines
    endpoint = spec.make_endpoint(books, write_only=True, replay_window=REPLAY_WINDOW)
    del books
    try:
        with InProcessSandbox() as sandbox:
            sandbox.mount(endpoint, REHEARSAL_BASE_URL)
            write_frame(stdout, msgspec.msgpack.encode({"credentials": endpoint.credentials()}))
            while (frame := read_frame(stdin)) is not None:
                message = msgspec.msgpack.decode(frame)
                if message == ["stop"]:
                    return
                method, url, headers, body = message
                request = prepared(method, url, headers, body)
                # the write guard, as our sessions' adapter applies it: the copy's host is a sandbox host
                check_request(method, url, request.headers, body)
                response = answer_directly(request, None)
                if response is None:
                    raise RehearsalWorkerError(f"no rehearsal endpoint serves {url}")
                write_frame(
                    stdout, msgspec.msgpack.encode([response.status_code, dict(response.headers), response.content])
                )
    finally:
        cut_cycles(endpoint)


def main() -> None:
    """Worker entry point: frames on stdin and stdout; anything printed goes to stderr instead."""
    stdin = sys.stdin.buffer
    stdout = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        with gc_paused():  # a company's worth of acyclic rows and bodies (harness.heap)
            _serve(stdin, stdout)
    except BaseException as exc:  # the parent gets one clear message instead of a dead pipe
        with contextlib.suppress(OSError):
            write_frame(stdout, error_message(exc))
        raise SystemExit(1) from None
    finally:
        stdout.flush()


if __name__ == "__main__":
    main()
