"""Personal links for audition invitations: ``/a/<token>/``.

The token is an HMAC of a random salt under the secret key, so it can be shown again (the
casting office's list) without being stored; the database keeps only its SHA-256, which is
what a request is looked up by. 16 bytes of the HMAC keep the link short (22 characters)
with 128 bits a guesser would have to find.
"""

import secrets

from django.conf import settings
from django.urls import reverse

from core.links import signed_token, token_digest

TOKEN_BYTES = 16
MAX_TOKEN_LENGTH = 40


def new_salt() -> str:
    return secrets.token_urlsafe(32)


def token_for(salt: str) -> str:
    return signed_token("studio.casting.invitation", salt, length=TOKEN_BYTES)


def token_hash(token: str) -> str:
    return token_digest(token)


def link_url(salt: str) -> str:
    """Return the absolute URL of the invitation with this salt."""
    path = reverse("casting:invitation", kwargs={"token": token_for(salt)})
    return settings.STUDIO_BASE_URL.rstrip("/") + path
