"""Each person's unread count, cached for the header of every page."""

from django.core.cache import cache

TIMEOUT = 24 * 60 * 60


def _key(user_id: int) -> str:
    return f"collab:unread:{user_id}"


def unread_cached(user_id: int) -> int | None:
    return cache.get(_key(user_id))


def unread_store(user_id: int, count: int) -> None:
    cache.set(_key(user_id), count, TIMEOUT)


def unread_raise(user_ids) -> None:
    """Count one more unread notification for each person whose count is known."""
    for user_id in user_ids:
        try:
            cache.incr(_key(user_id))
        except ValueError:
            pass  # not known: the inbox counts it when next opened
