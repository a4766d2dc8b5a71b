"""BigCommerce's request quota: N requests per fixed window, reported on every response.

store-apis.md §5.1: every response carries ``X-Rate-Limit-Time-Window-Ms``,
``-Time-Reset-Ms``, ``-Requests-Quota`` and ``-Requests-Left``; the Python
library reads all four as integers whenever the reset header is present
(§5.3), so they are always sent together. A 429 adds ``X-Retry-After``
(seconds).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from harness.platforms.http.clock import Clock


@dataclass(frozen=True)
class QuotaState:
    left: int
    quota: int
    window_ms: int
    reset_ms: int

    def headers(self) -> dict[str, str]:
        return {
            "X-Rate-Limit-Requests-Left": str(self.left),
            "X-Rate-Limit-Requests-Quota": str(self.quota),
            "X-Rate-Limit-Time-Reset-Ms": str(self.reset_ms),
            "X-Rate-Limit-Time-Window-Ms": str(self.window_ms),
        }


class QuotaWindow:
    """A fixed window that opens at the first request after the previous one closed."""

    def __init__(self, clock: Clock, *, quota: int = 150, window_ms: int = 30_000) -> None:
        self.clock = clock
        self.quota = quota
        self.window_ms = window_ms
        self._opened: float | None = None
        self._used = 0
        self._lock = threading.Lock()

    def _roll(self) -> float:
        now = self.clock.monotonic()
        if self._opened is None or (now - self._opened) * 1000 >= self.window_ms:
            self._opened = now
            self._used = 0
        return now

    def take(self) -> bool:
        """Count one request; False when the window's quota is spent."""
        with self._lock:
            self._roll()
            if self._used >= self.quota:
                return False
            self._used += 1
            return True

    def state(self) -> QuotaState:
        with self._lock:
            now = self._roll()
            opened = self._opened if self._opened is not None else now
            reset = max(0, math.ceil(self.window_ms - (now - opened) * 1000))
            return QuotaState(max(self.quota - self._used, 0), self.quota, self.window_ms, reset)

    def reset(self) -> None:
        with self._lock:
            self._opened = None
            self._used = 0
