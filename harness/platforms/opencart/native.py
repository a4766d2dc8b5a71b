"""OpenCart 3.x's own API, for connectors built on it (store-apis.md 4.1).

``POST index.php?route=api/login`` with ``username`` and ``key`` checks
``oc_api`` and the caller's IP against ``oc_api_ip`` and answers
``{"success": …, "api_token": <session id>}``; the session lives in
``oc_api_session`` and lapses after an hour idle. ``index.php?route=api/order/info
&order_id=N&api_token=…`` answers ``{"order": {…oc_order row…}, "success": …}``.
Every failure is HTTP 200 with an ``error`` member, as OpenCart does. Only the
3.x schema has these tables; 4.1's signed API is not simulated.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from harness.platforms.http.app import json_response
from harness.platforms.opencart import queries
from harness.platforms.opencart.wire import parse_sql_date, sql_date

if TYPE_CHECKING:
    from harness.platforms.opencart.endpoint import OpenCartEndpoint

SESSION_IDLE = timedelta(hours=1)
TEXT_LOGIN = "Success: API session successfully started!"
TEXT_ORDER = "Success: You have modified orders!"
ERROR_KEY = "Warning: Incorrect API Key!"
ERROR_IP = "Warning: Your IP {} is not allowed to access this API!"
ERROR_PERMISSION = "Warning: You do not have permission to access the API!"
ERROR_NOT_FOUND = "Warning: Order could not be found!"


def seed_api(endpoint: OpenCartEndpoint) -> None:
    """The API user OpenCart's installer creates ("Default"), allowed from ``endpoint.api_ips``."""
    db, now = endpoint.db, sql_date(endpoint.clock.now())
    db.execute(
        "INSERT INTO `oc_api` (`api_id`, `username`, `key`, `status`, `date_added`, `date_modified`) "
        "VALUES (1, ?, ?, 1, ?, ?)",
        (endpoint.api_username, endpoint.api_secret, now, now),
    )
    db.executemany(
        "INSERT INTO `oc_api_ip` (`api_ip_id`, `api_id`, `ip`) VALUES (?, 1, ?)",
        [(n, ip) for n, ip in enumerate(endpoint.api_ips, 1)],
    )
    db.commit()


def handle(endpoint: OpenCartEndpoint, request: Request) -> Response:
    route = request.args.get("route", "")
    if route == "api/login" and request.method == "POST":
        return _login(endpoint, request)
    if route == "api/order/info":
        return _order_info(endpoint, request)
    return json_response({"error": ERROR_PERMISSION})


def _login(endpoint: OpenCartEndpoint, request: Request) -> Response:
    db = endpoint.db
    username = request.form.get("username", "Default")
    rows = db.query(
        "SELECT `api_id` FROM `oc_api` WHERE `username` = ? AND `key` = ? AND `status` = 1",
        (username, request.form.get("key", "")),
    )
    if not rows:
        return json_response({"error": {"key": ERROR_KEY}})
    api_id = int(rows[0]["api_id"])
    ip = _caller_ip(request)
    allowed = {r["ip"].strip() for r in db.query("SELECT `ip` FROM `oc_api_ip` WHERE `api_id` = ?", (api_id,))}
    if ip not in allowed:
        return json_response({"error": {"ip": ERROR_IP.format(ip)}})
    now = endpoint.clock.now()
    number = int(db.scalar("SELECT COUNT(*) FROM `oc_api_session`") or 0) + 1
    token = hashlib.md5(f"{api_id}:{number}:{now.isoformat()}".encode(), usedforsecurity=False).hexdigest()[:26]
    db.execute(
        "INSERT INTO `oc_api_session` (`api_session_id`, `api_id`, `session_id`, `ip`, `date_added`, "
        "`date_modified`) VALUES (?, ?, ?, ?, ?, ?)",
        (number, api_id, token, ip, sql_date(now), sql_date(now)),
    )
    db.commit()
    return json_response({"success": TEXT_LOGIN, "api_token": token})


def _caller_ip(request: Request) -> str:
    """``REMOTE_ADDR``; the in-process transport has no socket, so its callers count as 127.0.0.1."""
    return request.remote_addr or "127.0.0.1"


def _session_ok(endpoint: OpenCartEndpoint, token: str, ip: str) -> bool:
    rows = endpoint.db.query(
        "SELECT `api_session_id`, `ip`, `date_modified` FROM `oc_api_session` WHERE `session_id` = ?", (token,)
    )
    if not rows or rows[0]["ip"] != ip:
        return False
    now = endpoint.clock.now()
    last: datetime | None = parse_sql_date(rows[0]["date_modified"])
    if last is None or now - last > SESSION_IDLE:
        return False
    endpoint.db.execute(
        "UPDATE `oc_api_session` SET `date_modified` = ? WHERE `api_session_id` = ?",
        (sql_date(now), rows[0]["api_session_id"]),
    )
    endpoint.db.commit()
    return True


def _order_info(endpoint: OpenCartEndpoint, request: Request) -> Response:
    if not _session_ok(endpoint, request.args.get("api_token", ""), _caller_ip(request)):
        return json_response({"error": ERROR_PERMISSION})
    try:
        order_id = int(request.args.get("order_id", "0"))
    except ValueError:
        order_id = 0
    found = queries.order_info(endpoint.db, order_id)
    if found is None:
        return json_response({"error": ERROR_NOT_FOUND})
    return json_response({"order": found, "success": TEXT_ORDER})
