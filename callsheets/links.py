"""Personal links: the token in a crew member's URL, stored only as its digest."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from callsheets import personal_pages
from callsheets.models import (
    CallSheet,
    CallSheetLink,
)
from core.exceptions import ApplicationError
from core.links import signed_token, token_digest
from crew.models import Person

TOKEN_BYTES = 32


def link_token(link: CallSheetLink) -> str:
    """Return the URL token of a personal link: an HMAC of its salt under the secret key."""
    # The salt keeps its name from before the move to callsheets: links already sent still work.
    return signed_token("studio.schedules.callsheet", link.salt)


def link_token_hash(token: str) -> str:
    """Return what is stored of a personal link's token: its SHA-256, never the token."""
    return token_digest(token)


def _fresh(link: CallSheetLink) -> CallSheetLink:
    # 32 random bytes: the token is 256 bits however the HMAC spreads them.
    link.salt = secrets.token_urlsafe(TOKEN_BYTES)
    link.token_hash = link_token_hash(link_token(link))
    return link


def link_url(link: CallSheetLink) -> str:
    """Return the absolute URL of a personal link, as emails and the AD's list show it."""
    path = reverse("callsheets:callsheet_personal", kwargs={"token": link_token(link)})
    return settings.STUDIO_BASE_URL.rstrip("/") + path


def link_expires_on(callsheet: CallSheet) -> date:
    """Return the last day a personal link works: some days after the shoot day."""
    days = getattr(settings, "STUDIO_CALLSHEET_LINK_DAYS", 7)
    return callsheet.date + timedelta(days=days)


def links_ensure(callsheet: CallSheet, people: Iterable[int]) -> None:
    """Give each person a link to the call sheet, keeping the links they already have."""
    have = set(callsheet.links.values_list("person_id", flat=True))
    missing = [
        _fresh(CallSheetLink(callsheet=callsheet, person_id=pk))
        for pk in sorted(set(people) - have)
    ]
    CallSheetLink.objects.bulk_create(missing)


def callsheet_link_find(token: str) -> CallSheetLink | None:
    """Return the live link a token opens: not revoked, not expired, production not deleted."""
    if not token or len(token) > 100:
        return None
    link = (
        CallSheetLink.objects.filter(
            token_hash=link_token_hash(token),
            revoked_at__isnull=True,
            callsheet__production__deleted_at__isnull=True,
        )
        .select_related("callsheet__production", "person")
        .first()
    )
    if link is None:
        return None
    today = timezone.now().astimezone(link.callsheet.production.tz).date()
    return link if today <= link_expires_on(link.callsheet) else None


@transaction.atomic
def callsheet_link_revoke(*, callsheet: CallSheet, person: Person) -> None:
    """Stop a person's personal link working at once; a resend gives them a new one."""
    updated = CallSheetLink.objects.filter(
        callsheet=callsheet, person=person, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not updated:
        raise ApplicationError("This person has no working link to revoke.", status_code=404)
    # A queryset update sends no signal: the cached page must stop at once all the same.
    personal_pages.personal_pages_expire(callsheet.production_id)


def link_renew(callsheet: CallSheet, person_id: int) -> CallSheetLink:
    """Return the person's link, with a new secret if the old one was revoked."""
    link = CallSheetLink.objects.select_for_update().filter(
        callsheet=callsheet, person_id=person_id
    ).first() or CallSheetLink(callsheet=callsheet, person_id=person_id)
    if link.pk is None or link.revoked_at is not None:
        _fresh(link)
        link.revoked_at = None
        link.save()
    return link
