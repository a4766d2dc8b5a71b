"""The shared HTTP machinery, exercised through a tiny endpoint over both transports."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from werkzeug.wrappers import Request, Response

from harness.errors import SandboxViolation
from harness.platforms.http import (
    ApiError,
    ApiSession,
    EndpointApp,
    FrozenClock,
    LeakyBucket,
    MalformedBody,
    PageDrift,
    RetryPolicy,
    Route,
    ServerError,
    Throttle,
    WindowLimiter,
)
from harness.platforms.http.app import json_response
from harness.sandbox import InProcessSandbox, serve


class NotesApp(EndpointApp):
    platform = "notes"
    routes = (
        Route("/notes", "list_notes", ("GET",)),
        Route("/notes", "create_note", ("POST",)),
        Route("/notes/<int:note_id>", "get_note", ("GET",)),
    )

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = ["a", "b", "c"]

    def list_notes(self, request: Request) -> Response:
        return json_response({"notes": self.notes, "q": request.args.get("q")})

    def create_note(self, request: Request) -> Response:
        self.notes.append(request.get_json()["text"])
        return json_response({"id": len(self.notes)}, status=201)

    def get_note(self, request: Request, note_id: int) -> Response:
        if note_id > len(self.notes):
            raise ApiError(404, f"note {note_id} not found")
        return json_response({"text": self.notes[note_id - 1]})

    def drift(self, request: Request) -> None:
        self.notes.insert(0, "drifted")


@pytest.fixture(params=["inprocess", "server"])
def notes(request: pytest.FixtureRequest) -> Iterator[tuple[NotesApp, str]]:
    app = NotesApp()
    if request.param == "inprocess":
        with InProcessSandbox() as sb:
            yield app, sb.mount(app, "https://notes.sandbox.test")
    else:
        with serve(app) as server:
            yield app, server.base_url


def no_sleep(_: float) -> None:
    pass


def test_routes_errors_and_journal(notes: tuple[NotesApp, str]) -> None:
    app, base = notes
    session = ApiSession(base, policy=RetryPolicy(sleep=no_sleep))
    assert session.get("/notes", {"q": "é x"}).json() == {"notes": ["a", "b", "c"], "q": "é x"}
    assert session.get("/notes/2").json() == {"text": "b"}
    missing = session.get("/notes/9")
    assert missing.status_code == 404 and missing.json()["error"] == "note 9 not found"
    assert session.get("/nowhere").status_code == 404
    assert session.request("POST", "/notes", json={"text": "d"}).status_code == 201
    assert [(e.method, e.path, e.status) for e in app.journal] == [
        ("GET", "/notes", 200),
        ("GET", "/notes/2", 200),
        ("GET", "/notes/9", 404),
        ("GET", "/nowhere", 404),
        ("POST", "/notes", 201),
    ]
    assert app.journal.entries()[0].query == "q=%C3%A9+x"


def test_retries_through_throttles_and_server_errors(notes: tuple[NotesApp, str]) -> None:
    app, base = notes
    app.faults.add(Throttle(count=2, retry_after=0.01))
    app.faults.add(ServerError(count=1, status=503))
    waits: list[float] = []
    session = ApiSession(base, policy=RetryPolicy(sleep=waits.append, backoff=0.001))
    assert session.get("/notes").json()["notes"] == ["a", "b", "c"]
    assert [e.status for e in app.journal] == [429, 429, 503, 200]
    assert waits[:2] == [0.01, 0.01]
    assert session.retries == 3


def test_retry_gives_up_with_a_clear_error(notes: tuple[NotesApp, str]) -> None:
    app, base = notes
    app.faults.add(ServerError(rate=1.0))
    session = ApiSession(base, policy=RetryPolicy(attempts=3, sleep=no_sleep))
    with pytest.raises(Exception, match=r"GET .*/notes: still HTTP 500 after 3 attempts"):
        session.get("/notes")


def test_faults_are_scoped_by_route_and_method(notes: tuple[NotesApp, str]) -> None:
    app, base = notes
    app.faults.add(MalformedBody(routes=("get_note",)))
    app.faults.add(PageDrift(routes=("list_notes",), count=1))
    session = ApiSession(base, policy=RetryPolicy(sleep=no_sleep))
    assert session.get("/notes").json()["notes"][0] == "drifted"
    with pytest.raises(requests.JSONDecodeError):
        session.get("/notes/1").json()
    assert [e.fault for e in app.journal] == ["page_drift", "malformed"]


def test_fault_rates_are_reproducible() -> None:
    def run() -> list[int]:
        app = NotesApp()
        app.faults.add(ServerError(rate=0.3))
        with InProcessSandbox() as sb:
            base = sb.mount(app, "https://notes.sandbox.test")
            for _ in range(40):
                requests.get(f"{base}/notes", timeout=5)
        return [e.status for e in app.journal]

    first = run()
    assert first == run()
    assert 0 < first.count(500) < 40


def test_writes_to_real_hosts_are_refused() -> None:
    session = ApiSession("https://real-shop.myshopify.com", policy=RetryPolicy(attempts=1, sleep=no_sleep))
    with pytest.raises(SandboxViolation, match=re.escape("refused POST https://real-shop.myshopify.com/orders")):
        session.request("POST", "/orders", json={})


def test_leaky_bucket_and_windows_follow_the_clock() -> None:
    clock = FrozenClock()
    bucket = LeakyBucket(capacity=4, leak_per_second=2, clock=clock)
    assert [bucket.take().allowed for _ in range(5)] == [True, True, True, True, False]
    clock.advance(0.5)
    assert bucket.take().allowed
    window = WindowLimiter([(3, 1.0), (5, 60.0)], clock=clock)
    assert [window.take().allowed for _ in range(4)] == [True, True, True, False]
    clock.advance(1.0)
    assert [window.take().allowed for _ in range(3)] == [True, True, False]
    assert window.take().retry_after == pytest.approx(59.0)


def test_our_sessions_call_in_process_apps_directly_and_get_the_same_answers() -> None:
    """ApiSession (GuardedAdapter) skips responses and urllib3; any other requests user goes through them.
    The same exchanges, one app per path, must read the same: status, headers, body; observe sees both."""

    def exchanges(send: Callable[[str, str], requests.Response]) -> list[tuple[Any, ...]]:
        out = []
        for method, path in (("GET", "/notes?q=%C3%A9"), ("GET", "/notes/9"), ("GET", "/notes/1"), ("GET", "/x")):
            r = send(method, path)
            out.append((r.status_code, r.reason, r.headers.get("Content-Type"), r.headers.get("Retry-After"),
                        r.content, r.text, r.url.endswith(path)))
        return out

    seen: list[bytes] = []
    with InProcessSandbox(observe=seen.append) as sb:
        ours_app, theirs_app = NotesApp(), NotesApp()
        for app in (ours_app, theirs_app):
            app.faults.add(Throttle(count=1, retry_after=2))
        ours = ApiSession(sb.mount(ours_app, "https://ours.sandbox.test"), policy=RetryPolicy(attempts=1))
        theirs_base = sb.mount(theirs_app, "https://theirs.sandbox.test")
        plain = requests.Session()
        direct = exchanges(lambda m, p: ours.session.request(m, ours.url(p)))
        through_responses = exchanges(lambda m, p: plain.request(m, theirs_base + p))
        assert ours.session.get(ours.url("/notes")).raw is None  # answered without urllib3
        assert plain.get(theirs_base + "/notes").raw is not None
    assert direct == through_responses
    assert direct[0][0] == 429 and direct[0][3] == "2"
    assert len(seen) == 10
    # a stopped sandbox answers nothing: the request falls through to HTTP, and a write is still refused
    with pytest.raises(SandboxViolation):
        ours.session.post(ours.url("/notes"), json={"text": "e"})
