"""The secret URLs of the calendar feeds: make one, read its token, give it a new one."""

from __future__ import annotations

import base64
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from productions.models import Production
from schedules.models import FeedToken


def feed_token_text(salt: str) -> str:
    """Return the URL token of a feed: an HMAC of its salt under the site's secret key."""
    digest = salted_hmac("studio.schedules.feed", salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fresh(row: FeedToken) -> FeedToken:
    row.salt = secrets.token_urlsafe(32)
    row.token_hash = feed_token_hash(feed_token_text(row.salt))
    return row


def feed_token_get(*, production: Production, person=None) -> str:
    """Return the token of the production's feed (or a person's on it), making it if needed."""
    row = FeedToken.objects.filter(production=production, person=person).first()
    if row is None:
        try:
            with transaction.atomic():
                row = _fresh(FeedToken(production=production, person=person))
                row.save()
        except IntegrityError:
            row = FeedToken.objects.get(production=production, person=person)
    return feed_token_text(row.salt)


@transaction.atomic
def feed_token_reset(*, production: Production, person=None) -> str:
    """Give the feed a new secret URL; the old one stops working at once."""
    row = FeedToken.objects.select_for_update().filter(production=production, person=person).first()
    row = _fresh(row or FeedToken(production=production, person=person))
    row.save()
    return feed_token_text(row.salt)
