"""What ``/readyz/`` asks: does each service Studio needs answer, right now, quickly?"""

import logging

import redis
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 1.0


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def _redis_at(url: str) -> str:
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return "ok"  # in-process (memory) queue or cache: nothing that can be down
    client = redis.Redis.from_url(
        url, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
    )
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


def _cache_url() -> str:
    cache = settings.CACHES["default"]
    if not cache["BACKEND"].endswith("RedisCache"):
        return ""
    location = cache["LOCATION"]
    return location[0] if isinstance(location, list | tuple) else location.split(",")[0]


CHECKS = {
    "database": _database,
    "redis": lambda: _redis_at(_cache_url()),
    "broker": lambda: _redis_at(settings.CELERY_BROKER_URL),
}


def checks() -> dict[str, str]:
    """Return each service's state: "ok", or what went wrong in a few words."""
    found = {}
    for name, check in CHECKS.items():
        try:
            found[name] = check()
        except Exception as error:  # any failure is "not ready", never a 500
            logger.warning("readyz: %s is not ready: %s", name, error)
            found[name] = f"error: {type(error).__name__}"
    return found
