"""How a delivery proves it came from Studio, and when: Standard Webhooks signatures.

Each delivery carries the three headers of the Standard Webhooks specification
(https://www.standardwebhooks.com/), made with the ``standardwebhooks`` library:

* ``webhook-id``: the event's id (the same on a retry or a resend: receivers dedupe on it);
* ``webhook-timestamp``: when this attempt was signed, in Unix seconds;
* ``webhook-signature``: ``v1,`` and the base64 HMAC-SHA256 of ``{id}.{timestamp}.{body}``
  under the webhook's secret (``whsec_`` and the base64 key).

Because the id and the timestamp are signed, a captured delivery cannot be replayed later: a
receiver refuses a timestamp more than five minutes from its clock, and an id it has seen.
For one release the old header is sent beside them, ``X-Studio-Signature: sha256=<hex>``
(the HMAC-SHA256 of the body alone, keyed with the whole secret string); it signs neither
the id nor the time, so receivers should move to ``webhook-signature``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook as StandardWebhook


def webhook_secret_generate() -> str:
    """Return a new secret as Standard Webhooks writes one: ``whsec_`` and 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, body: bytes) -> str:
    """Return the old signature header's value: ``sha256=`` and the HMAC-SHA256 of the body.

    Kept for one release beside ``webhook-signature``; TODO: remove in the release after.
    """
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def standard_headers(secret: str, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """Return the Standard Webhooks headers for one attempt at delivering ``body``."""
    signed_at = datetime.fromtimestamp(timestamp, tz=UTC)
    signature = StandardWebhook(secret).sign(message_id, signed_at, body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
    }
