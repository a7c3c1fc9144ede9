"""The API's rate limits, counted in the cache: one small round trip a call.

DRF's throttles keep, for each user, the list of the times of every call in the last period,
read and written back whole on every call: at the default 2,000 calls a minute that is 18 kB
each way, and as many times more as the rate allows more (a busy integration's history at a
generous rate is hundreds of kB a call). These count instead: each period (a minute, for
"N/minute") has a counter, and a call is let in while the calls of the current period, plus
those of the previous one weighted by how much of it still lies in the last period, stay
within the rate. The count of a period is raised and the previous period's read in one round
trip (``core.cache.RedisCache.count_up``); a call refused is taken back off the count, as DRF
counts only the calls it lets in. When the cache cannot be reached, the call is let in.
"""

from __future__ import annotations

from rest_framework import throttling


class CountedRateThrottle(throttling.SimpleRateThrottle):
    """DRF's rate (``scope`` or ``rate``, "N/period"), counted per period instead of listed."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        period = int(self.now // self.duration)
        self.elapsed = (self.now - period * self.duration) / self.duration
        current = f"{self.key}:{period}"
        # Kept for two periods: the next one reads it as its previous.
        self.count, self.previous = self._count_up(current, f"{self.key}:{period - 1}")
        if self.previous * (1 - self.elapsed) + self.count <= self.num_requests:
            return True
        try:
            self.count = self.cache.decr(current)
        except ValueError:  # expired meanwhile
            self.count = 0
        return self.throttle_failure()

    def _count_up(self, current: str, previous: str) -> tuple[int, int]:
        count_up = getattr(self.cache, "count_up", None)
        if count_up is not None:  # Studio's Redis cache: one round trip
            count, (before,) = count_up(current, 2 * self.duration, [previous])
            return count, before or 0
        self.cache.add(current, 0, 2 * self.duration)
        try:
            count = self.cache.incr(current)
        except ValueError:  # gone between the two calls: this call starts it again
            self.cache.set(current, 1, 2 * self.duration)
            count = 1
        return count, self.cache.get(previous, 0)

    def wait(self) -> float | None:
        """Seconds until one more call fits in the rate (sent as Retry-After)."""
        room = self.num_requests - self.count - 1
        if room < 0:  # this period alone is full: wait for the next, and for it to thin out
            rest = (1 - self.elapsed) * self.duration
            if self.count == 0:
                return rest
            return rest + max(0.0, 1 - (self.num_requests - 1) / self.count) * self.duration
        if not self.previous:
            return 0.0
        needed = max(0.0, 1 - room / self.previous)
        return max(0.0, needed - self.elapsed) * self.duration


class UserRateThrottle(CountedRateThrottle, throttling.UserRateThrottle):
    """A signed-in user's calls (by user), or an anonymous caller's (by address)."""


class AnonRateThrottle(CountedRateThrottle, throttling.AnonRateThrottle):
    """An anonymous caller's calls, by address; signed-in users are not counted here."""
