"""The thread partial (``ThreadPartialView``), kept in the cache while nothing it shows changed.

Profiled on a 30-comment thread, two thirds of the partial's time was reading the comments and
rendering them; live pages ask for it again on every change anywhere in the production. What
it shows depends on the reader (their own edit and remove buttons, sign-off buttons, whether
they follow), so an entry is kept per user and access level, never shared between readers.

Freshness (``core.read_cache``): an entry is stamped with the production's generation (the
objects, memberships and people the board cache watches) and with the collaboration one below
(comments, attachments, sign-offs), each read before the data; every write of those
models expires the latter through the receivers connected here, and ``approvals_mark_changed``
(a queryset update, no signal) expires it when it marks anything.

The page's CSRF token is not part of an entry: it is rendered as a placeholder and put in on
each response, so a reader whose token rotated (a new sign-in) never gets a stale one.
"""

from __future__ import annotations

import hashlib

from django.middleware.csrf import get_token

from core import read_cache

CSRF_PLACEHOLDER = "__collab_csrf_token__"


def generation_id(production_id: int) -> str:
    return f"collab-{production_id}"


def expire(production_id: int | None) -> None:
    if production_id is not None:
        read_cache.expire(generation_id(production_id))


def key_of(production, membership, user, on: str, read_only: bool, next_url: str) -> str:
    access = getattr(membership, "access", "")
    where = hashlib.sha1(next_url.encode()).hexdigest()[:16]
    return (
        f"collab:thread:{production.pk}:{on}:{getattr(user, 'pk', 0)}:{access}:"
        f"{int(read_only)}:{where}"
    )


def cached_html(request, production, key: str, render) -> str:
    """Return the partial's HTML for ``key``: from the cache, or from ``render(csrf_token)``."""
    own = generation_id(production.pk)
    # One round trip on a hit: the entry and the three generations it is stamped with.
    html = read_cache.lookup_entry(key, production.pk, own)
    if html is None:
        stamps = read_cache.generations([production.pk, read_cache.GLOBAL, own])  # before data
        html = render(CSRF_PLACEHOLDER)
        read_cache.store(key, stamps, html)
    return html.replace(CSRF_PLACEHOLDER, str(get_token(request)))


def _production_of(instance) -> int | None:
    for path in ("production_id", "comment.production_id", "approval.production_id"):
        target = instance
        try:
            for part in path.split("."):
                target = getattr(target, part)
        except Exception:  # noqa: BLE001 - a deleted parent: the cascade's own row expires it
            continue
        if target is not None:
            return target
    return None


def _expire_on_change(sender, instance, **kwargs) -> None:
    expire(_production_of(instance))


def _expire_on_user(sender, instance, update_fields=None, **kwargs) -> None:
    # A renamed person's name is in the threads of every production they are on; signing in
    # saves ``last_login`` alone, which no thread shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    from productions.models import Membership

    for production_id in Membership.objects.filter(user=instance).values_list(
        "production_id", flat=True
    ):
        expire(production_id)


def receivers_connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    from collaboration.models import Approval, Approver, Attachment, Comment

    read_cache.expire_on_writes(
        _expire_on_change, (Comment, Attachment, Approval, Approver), uid="collab-thread"
    )
    post_save.connect(_expire_on_user, sender=get_user_model(), dispatch_uid="collab-thread-user")
