"""The production in a page or API URL, and the caller's membership, from the cache.

Every page and API call under ``productions/{slug}/`` resolves the slug to the production and the
caller's membership (another production is 404). That query was about a fifth of the CPU of a
cached list; the answer is the same until the production or the membership changes, both of
which expire the production's cached reads (``schedules.board_cache.receivers_connect``).

Only a membership found is kept: someone added to a production gets in at once, and someone
removed (or a production deleted) is out at once, since either change moves the production's
generation. Superusers, who see every production without a membership, are not cached.
"""

from __future__ import annotations

from django.conf import settings

from core import read_cache
from productions.models import Membership, Production
from productions.selectors import production_for_user

# Part of every key: change it whenever what is cached changes shape.
FORMAT = 1
# (user id, slug) -> production id, in this process: only a hint that saves a round trip.
_hints: dict[tuple[int, str], int] = {}
HINTS_KEPT = 10_000


def _key(user_id: int, slug: str) -> str:
    return f"access:{FORMAT}:{user_id}:{slug}"


def read_ahead_keys(user_id: int, slug: str) -> list[str]:
    """The cache keys the user's lookup of the slug will ask for (``read_cache.ReadAhead``)."""
    return read_cache.keys_for(_key(user_id, slug), _hints.get((user_id, slug)))


def production_and_membership(user, slug: str) -> tuple[Production, Membership]:
    """Return ``production_for_user(user, slug)``, from the cache while nothing changed."""
    production, membership, _ = production_membership_generations(user, slug)
    return production, membership


def production_membership_generations(
    user, slug: str, ahead: read_cache.ReadAhead | None = None
) -> tuple[Production, Membership, read_cache.Stamps | None]:
    """``production_and_membership``, and the production's (and the global) generation read
    before them: a cached read of the same request that is stamped with those alone is current
    if its stamps are these (``core.cached_api``). None when nothing was read from the cache
    (superusers, or the cache off)."""
    if not settings.STUDIO_BOARD_CACHE or not user.is_authenticated or user.is_superuser:
        return *production_for_user(user, slug), None
    key = _key(user.pk, slug)
    hint = _hints.get((user.pk, slug))
    value, stamps = read_cache.lookup_entry_stamps(key, hint, ahead=ahead)
    if value is not None:
        if hint is None:  # cached by another process: the next lookup takes one round trip
            _hint(user, slug, value[0].pk)
        return *value, stamps
    # The production's generation must be read before the data it stamps (see
    # core.read_cache): the first read only says which production that is.
    first, _ = production_for_user(user, slug)
    stamps = read_cache.generations([first.pk, read_cache.GLOBAL])
    production, membership = production_for_user(user, slug)
    if production.pk != first.pk:  # the slug moved meanwhile
        return production, membership, None
    read_cache.store(key, stamps, (production, membership))
    _hint(user, slug, production.pk)
    return production, membership, stamps


def _hint(user, slug: str, production_id: int) -> None:
    if len(_hints) >= HINTS_KEPT:
        _hints.clear()
    _hints[(user.pk, slug)] = production_id
