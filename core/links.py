"""Personal links' tokens: an HMAC of a stored salt, kept in the database only as a digest.

Call sheets (``/c/``) and audition invitations (``/a/``) both give people a link that needs no
sign-in. The token can be shown again from its salt without being stored, and a request is
looked up by the token's SHA-256, so a copy of the database opens no link.
"""

import base64
import hashlib

from django.utils.crypto import salted_hmac


def signed_token(purpose: str, salt: str, *, length: int | None = None) -> str:
    """Return the URL-safe token for ``salt`` under the secret key, cut to ``length`` bytes."""
    digest = salted_hmac(purpose, salt, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:length]).rstrip(b"=").decode()


def token_digest(token: str) -> str:
    """Return what is stored of a token: its SHA-256, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()
