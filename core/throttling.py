"""The API's rate limits, counted in the cache, and mostly without asking it.

DRF's throttles keep, for each user, the list of the times of every call in the last period,
read and written back whole on every call: at the default 2,000 calls a minute that is 18 kB
each way, and as many times more as the rate allows more (a busy integration's history at a
generous rate is hundreds of kB a call). These count instead: each period (a minute, for
"N/minute") has a counter in the cache, and a call is let in while the calls of the current
period, plus those of the previous one weighted by how much of it still lies in the last
period, stay within the rate. A call refused is taken back off the count, as DRF counts only
the calls it lets in. When the cache cannot be reached, the call is let in.

Most calls are far from the limit, and for those a cache shared by every process (Studio's
Redis cache; a cache of the process's own is asked each time) need not be asked each time:
each process counts the calls it lets in itself and adds them to the cache's count (reading
the others' back) at most ``SYNC_SECONDS`` apart, in one round trip
(``core.cache.RedisCache.count_up``). Once the count (the cache's as last read, and this
process's since) comes within ``NEAR`` of the rate, every call asks the cache: near the limit
the count is exact, across processes too. Far from it, what other processes see lags by at
most ``SYNC_SECONDS`` of this one's calls (and the calls of a process that then falls silent
are not added), which lets a rate be passed by that much at most.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from rest_framework import throttling

# How long a process counts by itself before it adds its calls to the cache's count.
SYNC_SECONDS = 1.0
# The share of the rate past which every call is counted in the cache.
NEAR = 0.9
# How many callers' counts a process keeps (all are dropped past that: they are re-read).
COUNTS_KEPT = 10_000


@dataclass
class _Count:
    """One caller's count in one period, as this process knows it."""

    period: int
    shared: int  # the period's count in the cache when last read (every process's calls)
    previous: int  # the previous period's count in the cache when last read
    pending: int  # calls let in here since then, not yet added to the cache's count
    read_at: float


_counts: dict[str, _Count] = {}
_lock = threading.Lock()


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
        adds = {current: 1}
        # Only a cache that every process shares is worth counting apart from (Studio's
        # Redis cache); its prefix keeps one cache's callers apart from another's.
        shared = getattr(self.cache, "count_up", None) is not None
        mine = f"{self.cache.key_prefix}:{self.key}"
        if shared:
            with _lock:
                known = _counts.get(mine)
                if known is not None and self._counted_here(known, period):
                    return True
                # Ask the cache, adding what this process let in since it last did.
                if known is not None and known.pending:
                    if known.period == period:
                        adds[current] += known.pending
                    elif known.period == period - 1:  # still the previous period's
                        adds[f"{self.key}:{known.period}"] = known.pending
                    known.pending = 0
        counts, self.previous = self._count_up(adds, f"{self.key}:{period - 1}")
        self.count = counts[current]
        allowed = self.previous * (1 - self.elapsed) + self.count <= self.num_requests
        if not allowed:
            self.count = self._take_back(current)
        if shared:
            with _lock:
                known = _counts.get(mine)
                if known is None or known.period != period:
                    if len(_counts) >= COUNTS_KEPT:
                        _counts.clear()
                    known = _counts[mine] = _Count(period, 0, 0, 0, self.now)
                known.shared, known.previous, known.read_at = self.count, self.previous, self.now
        return allowed or self.throttle_failure()

    def _counted_here(self, known: _Count, period: int) -> bool:
        """Let the call in without asking the cache, if the count is recent and far from the
        rate (under ``_lock``)."""
        if known.period != period or self.now - known.read_at >= SYNC_SECONDS:
            return False
        count = known.shared + known.pending + 1
        if known.previous * (1 - self.elapsed) + count > NEAR * self.num_requests:
            return False
        known.pending += 1
        self.count, self.previous = count, known.previous
        return True

    def _count_up(self, adds: dict[str, int], previous: str) -> tuple[dict[str, int], int]:
        count_up = getattr(self.cache, "count_up", None)
        if count_up is not None:  # Studio's Redis cache: one round trip
            counts, (before,) = count_up(adds, 2 * self.duration, [previous])
            return counts, before or 0
        counts = {}
        for key, amount in adds.items():
            self.cache.add(key, 0, 2 * self.duration)
            try:
                counts[key] = self.cache.incr(key, amount)
            except ValueError:  # gone between the two calls: this call starts it again
                self.cache.set(key, amount, 2 * self.duration)
                counts[key] = amount
        return counts, self.cache.get(previous, 0)

    def _take_back(self, key: str) -> int:
        try:
            return self.cache.decr(key)
        except ValueError:  # expired meanwhile
            return 0

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
