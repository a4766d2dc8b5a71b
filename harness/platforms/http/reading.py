"""Client-side reading helpers shared by the engine's platform clients.

:class:`~harness.platforms.http.session.ApiSession` retries HTTP statuses; a
body cut short mid-JSON (a crashed PHP worker, a proxy timeout — the
``MalformedBody`` fault) arrives as a 200, so it is retried here, with the same
policy and sleep. :func:`follow_links` walks ``Link: <…>; rel="next"`` pages
(Shopify, WooCommerce) until there is no next link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import msgspec
import orjson
import requests

from harness.platforms.http.session import ApiClientError, ApiSession


def get_json(
    session: ApiSession,
    path: str,
    params: Mapping[str, Any] | None = None,
    decode: Callable[[bytes], Any] = orjson.loads,
) -> tuple[Any, requests.Response]:
    """GET that must succeed and parse; malformed bodies are retried like a 5xx.

    ``decode`` may be a typed msgspec decoder (a Shopify order page): JSON cut short is retried
    all the same, but well-formed JSON of the wrong shape is not, as asking again cannot fix it.
    """
    attempts = session.policy.attempts
    for attempt in range(1, attempts + 1):
        response = session.get_ok(path, params)
        try:
            return decode(response.content), response
        except msgspec.ValidationError as e:
            raise ApiClientError(
                f"GET {response.url}: the body is JSON but not shaped as expected: {e}",
                status=response.status_code,
                body=response.text[:500],
            ) from None
        except ValueError:  # orjson.JSONDecodeError, msgspec.DecodeError
            if attempt == attempts:
                raise ApiClientError(
                    f"GET {response.url}: body is not valid JSON after {attempts} attempts",
                    status=response.status_code,
                    body=response.text[:500],
                ) from None
            session.retries += 1
            session.policy.sleep(session.policy.delay(attempt, None))
    raise AssertionError("unreachable")


def next_link(response: requests.Response) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header (requests parses the RFC 8288 form)."""
    link = response.links.get("next")
    return link.get("url") if link else None


def follow_links(
    session: ApiSession,
    path: str,
    params: Mapping[str, Any] | None = None,
    decode: Callable[[bytes], Any] = orjson.loads,
) -> Iterator[Any]:
    """Each page's decoded body, following absolute ``next`` links (the first request carries ``params``)."""
    url: str | None = path
    query: Mapping[str, Any] | None = params
    while url is not None:
        body, response = get_json(session, url, query, decode)
        yield body
        url, query = next_link(response), None
