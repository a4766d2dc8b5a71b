"""HTTP machinery shared by every simulated platform, written once.

Endpoints subclass :class:`EndpointApp`; faults, rate limiters, the journal and
the clock are small objects plugged into it, so a platform adds behaviour by
registering objects, not by growing ``if`` ladders.
"""

from harness.platforms.http.app import ApiError, EndpointApp, Route
from harness.platforms.http.clock import Clock, FrozenClock, SystemClock
from harness.platforms.http.faults import Fault, FaultPlan, Latency, MalformedBody, PageDrift, ServerError, Throttle
from harness.platforms.http.journal import Journal, JournalEntry
from harness.platforms.http.ratelimit import LeakyBucket, WindowLimiter
from harness.platforms.http.session import ApiSession, RetryPolicy

__all__ = [
    "ApiError",
    "ApiSession",
    "Clock",
    "EndpointApp",
    "Fault",
    "FaultPlan",
    "FrozenClock",
    "Journal",
    "JournalEntry",
    "Latency",
    "LeakyBucket",
    "MalformedBody",
    "PageDrift",
    "RetryPolicy",
    "Route",
    "ServerError",
    "SystemClock",
    "Throttle",
    "WindowLimiter",
]
