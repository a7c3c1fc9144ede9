"""The crew's personal call-sheet pages, rendered once and then served from the cache.

When a call sheet goes out, the whole crew opens it within minutes, on phones, often on poor
reception. Each link's page is rendered once per state of the data it shows and kept in the
cache, so that opening it again costs no database query. The one part that differs with every
request is left as a placeholder and filled in as the page is served: the time the page was
saved (which the offline banner shows). The Confirm form carries no CSRF token (the link's token
is its credential), so serving a page neither makes a token nor sets a cookie.

A cached page is good while its production's *generation* is the one it was rendered under.
Every write that can change what a personal page shows bumps that generation: saving or deleting
a production, a person, a call sheet, a published version, a link or a delivery (the signal
receivers of ``receivers_connect``: keeping a cache fresh is not business logic), and revoking
a link, which is a queryset update and so calls ``personal_pages_expire`` itself. The bump
happens at once and again after the transaction commits: a page rendered from data that a
transaction was about to change carries the older generation and is never served.
"""

from __future__ import annotations

import time
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from callsheets.models import CallSheet, CallSheetLink, CallSheetVersion, Delivery
from crew.models import Assignment, Person
from productions.models import Production

SAVED_AT_PLACEHOLDER = "__studio_saved_at__"
SAVED_TIME_PLACEHOLDER = "__studio_saved_time__"
# A cached page never outlives its link; this bounds it further, for links that live long.
LONGEST_SECONDS = 24 * 60 * 60
# A link's production never changes, so each process may remember it, for this many links.
REMEMBERED_LINKS = 50_000
_production_ids: dict[str, int] = {}


@dataclass(frozen=True)
class CachedPage:
    production_id: int
    generation: int
    time_zone: str
    html: str


def _page_key(token_hash: str) -> str:
    return f"callsheet-personal:page:{token_hash}"


def _generation_key(production_id: int) -> str:
    return f"callsheet-personal:generation:{production_id}"


def production_generation(production_id: int) -> int:
    """Return the production's current generation of personal pages."""
    key = _generation_key(production_id)
    value = cache.get(key)
    if value is None:
        # Start from the clock, not 0: if the key was evicted, pages cached under the old
        # count must not match the new one.
        cache.add(key, time.time_ns(), None)
        value = cache.get(key)
    return value


def _generation_bump(production_id: int) -> None:
    key = _generation_key(production_id)
    try:
        cache.incr(key)
    except ValueError:  # not there: a fresh count is a new generation too
        cache.add(key, time.time_ns(), None)


def personal_pages_expire(production_id: int) -> None:
    """Stop serving the production's cached personal pages: now and after the commit."""
    _generation_bump(production_id)
    transaction.on_commit(lambda: _generation_bump(production_id))


def link_production_id(token_hash: str) -> int | None:
    """Return the production a link belongs to; None if no link has this hash."""
    production_id = _production_ids.get(token_hash)
    if production_id is None:
        production_id = (
            CallSheetLink.objects.filter(token_hash=token_hash)
            .values_list("callsheet__production_id", flat=True)
            .first()
        )
        if production_id is not None and len(_production_ids) < REMEMBERED_LINKS:
            _production_ids[token_hash] = production_id
    return production_id


def page_get(token_hash: str, production_id: int) -> CachedPage | None:
    """Return the cached page of a link, if it is still current: one trip to the cache."""
    page_key, generation_key = _page_key(token_hash), _generation_key(production_id)
    found = cache.get_many([page_key, generation_key])
    page = found.get(page_key)
    if page is None or page.generation != found.get(generation_key):
        return None
    return page


def page_store(*, token_hash: str, page: CachedPage, last_day: date) -> None:
    """Keep a page rendered under ``page.generation``, at most until its link's last day ends."""
    midnight = datetime.combine(last_day + timedelta(days=1), datetime.min.time())
    expires_at = midnight.replace(tzinfo=zoneinfo.ZoneInfo(page.time_zone))
    seconds = min(int((expires_at - timezone.now()).total_seconds()), LONGEST_SECONDS)
    if seconds > 0:
        cache.set(_page_key(token_hash), page, seconds)


def page_context() -> dict:
    """Return the context entries rendered as placeholders, for ``page_serve`` to fill in."""
    return {
        "saved_at": SAVED_AT_PLACEHOLDER,
        "saved_time": SAVED_TIME_PLACEHOLDER,
    }


def page_serve(request, page: CachedPage) -> str:
    """Fill a page's placeholders for this request."""
    now = timezone.localtime(timezone=zoneinfo.ZoneInfo(page.time_zone))
    return page.html.replace(SAVED_AT_PLACEHOLDER, now.isoformat(timespec="seconds")).replace(
        SAVED_TIME_PLACEHOLDER, now.strftime("%H:%M")
    )


# ---------------------------------------------------------------- what makes pages stale


def _production_of(instance) -> list[int]:
    if isinstance(instance, Production):
        return [instance.pk]
    if isinstance(instance, Person):
        return list(
            Assignment.objects.filter(person=instance)
            .values_list("production_id", flat=True)
            .distinct()
        )
    if isinstance(instance, CallSheet):
        return [instance.production_id]
    if isinstance(instance, CallSheetVersion | CallSheetLink):
        return list(
            CallSheet.objects.filter(pk=instance.callsheet_id).values_list(
                "production_id", flat=True
            )
        )
    return list(
        CallSheetVersion.objects.filter(pk=instance.version_id).values_list(
            "callsheet__production_id", flat=True
        )
    )


def _expire_on_change(sender, instance, **kwargs) -> None:
    for production_id in _production_of(instance):
        personal_pages_expire(production_id)


def receivers_connect() -> None:
    """Expire the personal pages whenever one of the models they show is saved or deleted."""
    for model in (Production, Person, CallSheet, CallSheetVersion, CallSheetLink, Delivery):
        for signal in (post_save, post_delete):
            signal.connect(
                _expire_on_change, sender=model, dispatch_uid=f"personal-pages-{model.__name__}"
            )
