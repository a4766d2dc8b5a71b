"""Rate limiters as the platforms describe them, driven by an injectable clock."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

from harness.platforms.http.clock import Clock, SystemClock


@dataclass(frozen=True)
class Decision:
    allowed: bool
    #: seconds until a request would be allowed again (0 when allowed)
    retry_after: float
    #: how full the bucket is after this request, and its size (for headers such as
    #: Shopify's ``X-Shopify-Shop-Api-Call-Limit: 32/40``)
    used: int
    capacity: int


class LeakyBucket:
    """Shopify's REST limit: a bucket of ``capacity`` requests leaking ``leak_per_second``."""

    def __init__(self, capacity: int = 40, leak_per_second: float = 2.0, clock: Clock | None = None) -> None:
        self.capacity = capacity
        self.leak = leak_per_second
        self.clock = clock or SystemClock()
        self._level = 0.0
        self._last = self.clock.monotonic()
        self._lock = threading.Lock()

    def take(self) -> Decision:
        with self._lock:
            now = self.clock.monotonic()
            self._level = max(0.0, self._level - (now - self._last) * self.leak)
            self._last = now
            if self._level + 1 > self.capacity:
                wait = (self._level + 1 - self.capacity) / self.leak
                return Decision(False, wait, int(self._level), self.capacity)
            self._level += 1
            return Decision(True, 0.0, round(self._level), self.capacity)

    def reset(self) -> None:
        with self._lock:
            self._level = 0.0
            self._last = self.clock.monotonic()


class WindowLimiter:
    """Several sliding windows at once, e.g. QuickBooks' 500 per minute and 10 per second per realm."""

    def __init__(self, limits: list[tuple[int, float]], clock: Clock | None = None) -> None:
        self.limits = sorted(limits, key=lambda lim: lim[1])
        self.clock = clock or SystemClock()
        self._hits: deque[float] = deque()
        self._lock = threading.Lock()

    def take(self) -> Decision:
        with self._lock:
            now = self.clock.monotonic()
            longest = self.limits[-1][1]
            while self._hits and now - self._hits[0] >= longest:
                self._hits.popleft()
            for count, window in self.limits:
                recent = [t for t in self._hits if now - t < window]
                if len(recent) >= count:
                    wait = window - (now - recent[len(recent) - count])
                    return Decision(False, max(wait, 0.0), len(recent), count)
            self._hits.append(now)
            count, window = self.limits[0]
            return Decision(True, 0.0, sum(1 for t in self._hits if now - t < window), count)

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()
