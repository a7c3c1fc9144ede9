"""Who is acting in this request or task, for the activity feed.

The domain events carry no actor, and ``core`` must not learn about requests; a middleware
puts the signed-in user in a context variable that the feed's subscriber reads after commit
(on_commit callbacks run in the same thread and context as the request).
"""

from contextvars import ContextVar

_actor: ContextVar = ContextVar("collaboration_actor", default=None)


def current_actor():
    return _actor.get()


def set_actor(user):
    """Set the acting user; return a token for ``reset_actor``."""
    return _actor.set(user if getattr(user, "is_authenticated", False) else None)


def reset_actor(token) -> None:
    _actor.reset(token)


class ActorMiddleware:
    """Record ``request.user`` as the actor of whatever the request changes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Lazy: reading request.user here would cost a query on requests that change nothing.
        token = _actor.set(_LazyUser(request))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)


class _LazyUser:
    def __init__(self, request):
        self.request = request

    def resolve(self):
        user = getattr(self.request, "user", None)
        return user if getattr(user, "is_authenticated", False) else None


def actor_user():
    """Return the acting user (or None), resolving the request's user only when asked."""
    value = _actor.get()
    return value.resolve() if isinstance(value, _LazyUser) else value
