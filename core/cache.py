"""Django's Redis cache, with one redis-py client per connection pool instead of one per call,
and a Redis that cannot be reached taken as a miss.

Django builds a new ``redis.Redis`` for every cache operation, and redis-py fills a table of
some 170 response callbacks for each one it builds: that costs more than the GET itself (about
0.25 ms against 0.1 ms on loopback). A client is thread-safe and holds no connection of its own
(the pool does), so one per pool is enough.

A cache is an optimisation: when Redis does not answer, a read is a miss and a write is
dropped, with a logged warning, and Studio answers from the database. After a failure the
client leaves Redis alone for ``RETRY_AFTER_SECONDS`` so that each request does not wait for a
timeout again. A write dropped during an outage (say, the bump that expires a production's
cached pages) would leave stale entries behind, so the first call that reaches Redis again
after a dropped write empties the cache first: a cold cache is slower, a stale one is wrong.
"""

import logging
import threading
import time
from functools import cached_property, wraps

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5.0
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class _Unavailable(Exception):
    """Redis is known to be down: answer without trying it."""


def _tolerant(fallback, *, write: bool):
    """Run a cache operation; when Redis cannot be reached, return ``fallback(*args)``."""

    def decorate(method):
        @wraps(method)
        def run(self, *args, **kwargs):
            try:
                self._before_call()
                return method(self, *args, **kwargs)
            except (_Unavailable, *UNREACHABLE) as error:
                self._failed(method.__name__, error, write=write)
                return fallback(*args)

        return run

    return decorate


class RedisCacheClient(DjangoRedisCacheClient):
    def count_up(self, adds, timeout, others):
        """Add ``adds`` (key -> how many) to the counts under their keys (each started with
        ``timeout`` when new), then read ``others``, in one round trip: return the new counts
        and the values of ``others``."""
        pipeline = self.get_client(None, write=True).pipeline(transaction=False)
        for key, amount in adds.items():
            pipeline.set(key, 0, ex=timeout, nx=True)
            pipeline.incrby(key, amount)
        pipeline.mget(others)
        *answers, values = pipeline.execute()
        counts = dict(zip(adds, answers[1::2], strict=True))
        loads = self._serializer.loads
        return counts, [None if value is None else loads(value) for value in values]

    @cached_property
    def _clients(self) -> dict:
        return {}

    @cached_property
    def _health(self) -> dict:
        return {"down_until": 0.0, "lost_writes": False, "lock": threading.Lock()}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client

    def _before_call(self) -> None:
        health = self._health
        if health["down_until"] > time.monotonic():
            raise _Unavailable()
        if health["lost_writes"]:
            with health["lock"]:
                if health["lost_writes"]:
                    self.get_client(write=True).flushdb()
                    health["lost_writes"] = False
                    logger.warning("The cache answers again: emptied it, as writes were lost.")

    def _failed(self, operation: str, error: Exception, *, write: bool) -> None:
        health = self._health
        if write:
            health["lost_writes"] = True
        if isinstance(error, _Unavailable):
            return
        health["down_until"] = time.monotonic() + RETRY_AFTER_SECONDS
        logger.warning(
            "The cache (Redis) cannot be reached (%s: %s): %s is treated as a miss for "
            "the next %.0f s.",
            type(error).__name__,
            error,
            operation,
            RETRY_AFTER_SECONDS,
        )

    add = _tolerant(lambda *a: False, write=True)(DjangoRedisCacheClient.add)
    get = _tolerant(lambda key, default: default, write=False)(DjangoRedisCacheClient.get)
    set = _tolerant(lambda *a: None, write=True)(DjangoRedisCacheClient.set)
    touch = _tolerant(lambda *a: False, write=True)(DjangoRedisCacheClient.touch)
    delete = _tolerant(lambda *a: False, write=True)(DjangoRedisCacheClient.delete)
    get_many = _tolerant(lambda *a: {}, write=False)(DjangoRedisCacheClient.get_many)
    has_key = _tolerant(lambda *a: False, write=False)(DjangoRedisCacheClient.has_key)
    # A count that cannot be raised is taken as raised: callers keep going.
    incr = _tolerant(lambda key, delta: delta, write=True)(DjangoRedisCacheClient.incr)
    set_many = _tolerant(lambda *a: [], write=True)(DjangoRedisCacheClient.set_many)
    delete_many = _tolerant(lambda *a: None, write=True)(DjangoRedisCacheClient.delete_many)
    clear = _tolerant(lambda *a: False, write=True)(DjangoRedisCacheClient.clear)
    # A count that cannot be raised is 0: what is counted (the API's throttle) lets the call in.
    count_up = _tolerant(
        lambda adds, timeout, others: (dict.fromkeys(adds, 0), [None] * len(others)),
        write=False,
    )(count_up)


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def count_up(self, adds: dict, timeout, others=(), version=None) -> tuple[dict, list]:
        """Add ``adds`` (key -> how many) to the counts under their keys (each kept ``timeout``
        seconds from when it starts) and return the new counts, with the values under
        ``others`` read after, in one round trip."""
        made = {self.make_and_validate_key(key, version=version): key for key in adds}
        others = [self.make_and_validate_key(other, version=version) for other in others]
        counts, values = self._cache.count_up(
            {made_key: adds[key] for made_key, key in made.items()},
            self.get_backend_timeout(timeout),
            others,
        )
        return {made[made_key]: count for made_key, count in counts.items()}, values
