"""The crew's personal call-sheet pages, rendered once and then served from the cache.

When a call sheet goes out, the whole crew opens it within minutes, on phones, often on poor
reception. Each link's page is rendered once per state of the data it shows and kept in the
cache, so that opening it again costs no database query. A cached page is bytes that do not
change with the request: the time a phone saved it (the offline banner's) is the response's own
``Date`` header, which the service worker keeps with its copy. So each page is kept once as it
is and once gzipped (a phone on one bar of signal downloads a sixth of it), with an ETag: a phone
opening the link again with ``If-None-Match`` gets a 304 and downloads nothing. The Confirm form
carries no CSRF token (the link's token is its credential), so serving a page neither makes a
token nor sets a cookie. Compressing is safe from BREACH-style guessing because nothing in the
page comes from the request.

Each worker process also keeps the pages it served last (``REMEMBERED_BYTES``), so that an open
reads only the production's generation from the cache, not the whole page again.

A cached page is good while its production's *generation* is the one it was rendered under.
Every write that can change what a personal page shows bumps that generation: saving or deleting
a production, a person, a call sheet, a published version, a link or a delivery (the signal
receivers of ``receivers_connect``: keeping a cache fresh is not business logic), and revoking
a link, which is a queryset update and so calls ``personal_pages_expire`` itself. The bump
happens at once and again after the transaction commits: a page rendered from data that a
transaction was about to change carries the older generation and is never served.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import time
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from callsheets.models import CallSheet, CallSheetLink, CallSheetVersion, Delivery
from core import read_cache
from crew.models import Assignment, Person
from productions.models import Production

# A cached page never outlives its link; this bounds it further, for links that live long.
LONGEST_SECONDS = 24 * 60 * 60
# A link's production never changes, so each process may remember it, for this many links.
REMEMBERED_LINKS = 50_000
_production_ids: dict[str, int] = {}
# The pages each process keeps besides the shared cache (a call sheet is some 55 kB, gzipped
# copy included), checked against the production's generation as the shared entry is.
REMEMBERED_BYTES = 64 * 1024 * 1024
_pages = read_cache.ProcessCopies(
    REMEMBERED_BYTES, size=lambda page: len(page.body) + len(page.gzipped)
)
# As Django's GZipMiddleware reads Accept-Encoding.
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@dataclass(frozen=True)
class CachedPage:
    production_id: int
    generation: int
    time_zone: str
    body: bytes
    gzipped: bytes
    etag: str


def page_make(*, production_id: int, generation: int, time_zone: str, html: str) -> CachedPage:
    """Return a rendered page as it is served: its bytes, gzipped, and its ETag."""
    body = html.encode()
    # Weak: the plain and the gzipped bytes are the same page under one tag.
    etag = f'W/"{hashlib.blake2b(body, digest_size=12).hexdigest()}"'
    gzipped = gzip.compress(body, compresslevel=6, mtime=0)
    return CachedPage(production_id, generation, time_zone, body, gzipped, etag)


def _page_key(token_hash: str) -> str:
    # v2: the page's shape changed (bytes, not a template with placeholders).
    return f"callsheet-personal:page:v2:{token_hash}"


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
    """Return the cached page of a link, if it is still current.

    One small trip to the cache (the production's generation) when this process kept the page;
    one more for the page itself when it did not.
    """
    generation = cache.get(_generation_key(production_id))
    if generation is None:
        return None
    page = _pages.get(token_hash, {production_id: generation})
    if page is not None:
        return page
    page = cache.get(_page_key(token_hash))
    if page is None or page.generation != generation:
        return None
    _pages.put(token_hash, {production_id: generation}, page)
    return page


def page_store(*, token_hash: str, page: CachedPage, last_day: date) -> None:
    """Keep a page rendered under ``page.generation``, at most until its link's last day ends."""
    midnight = datetime.combine(last_day + timedelta(days=1), datetime.min.time())
    expires_at = midnight.replace(tzinfo=zoneinfo.ZoneInfo(page.time_zone))
    seconds = min(int((expires_at - timezone.now()).total_seconds()), LONGEST_SECONDS)
    if seconds > 0:
        cache.set(_page_key(token_hash), page, seconds)
        _pages.put(token_hash, {page.production_id: page.generation}, page)


def page_response(request, page: CachedPage) -> HttpResponse:
    """Answer with the page: 304 if the phone holds these bytes, gzipped if it takes gzip."""
    held = parse_etags(request.headers.get("If-None-Match", ""))
    if page.etag in held or page.etag.removeprefix("W/") in held or "*" in held:
        response = HttpResponseNotModified()
    elif _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(page.gzipped)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(page.body)
    response["ETag"] = page.etag
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


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
