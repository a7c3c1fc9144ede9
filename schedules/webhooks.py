"""Outgoing webhooks: register, sign, deliver with retries, log, resend.

``webhooks_dispatch`` is subscribed to ``core.events`` (see ``SchedulesConfig.ready``), so it
runs only after the transaction that emitted an event commits: a rolled-back change announces
nothing. It records one delivery per interested webhook and enqueues a task for each; the task
POSTs the signed JSON. A failed attempt is retried with exponential backoff until
``STUDIO_WEBHOOK_MAX_ATTEMPTS``; every attempt is logged for the owner.

Targets are checked against server-side request forgery twice: when registered, and on every
attempt, where the connection goes to the address that was checked (so a DNS answer that
changes in between, "DNS rebinding", cannot redirect it to a private address).
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import ssl
import time as clock
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.events import EVENTS
from core.exceptions import ApplicationError
from core.services import save_validated
from productions.models import Production
from schedules.models import Webhook, WebhookAttempt, WebhookDelivery

logger = logging.getLogger(__name__)

USER_AGENT = "Studio-Webhooks/1"
# Between tries the wait doubles from the backoff setting, up to this.
MAX_BACKOFF = timedelta(hours=6)
# How much of a refusing response is kept in the log.
BODY_IN_LOG = 300


# ---------------------------------------------------------------- the SSRF guard


class UnsafeTarget(ApplicationError):
    """A URL Studio refuses to send to."""


def _refused_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


@dataclass(frozen=True)
class Target:
    """A checked URL, and the address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def webhook_target_check(url: str) -> Target:
    """Return where ``url`` may be delivered, or raise ``UnsafeTarget`` saying why not."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("A webhook URL starts with https:// (or http://) and names a host.")
    if parts.username or parts.password:
        raise UnsafeTarget("Put credentials in the secret, not in the webhook URL.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeTarget("The webhook URL's port is not a number.") from None
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UnsafeTarget(f"The host “{parts.hostname}” could not be found.") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in found]
    if not settings.STUDIO_WEBHOOKS_ALLOW_PRIVATE:
        refused = [ip for ip in addresses if _refused_address(ip)]
        if refused:
            raise UnsafeTarget(
                f"“{parts.hostname}” is at {refused[0]}, a private, loopback, link-local or "
                "reserved address; webhooks go only to public addresses."
            )
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    # IPv4 first: a host with both often listens on only one, and IPv4 is the likelier.
    ordered = sorted(dict.fromkeys(addresses), key=lambda ip: ip.version)
    return Target(parts.scheme, parts.hostname, port, path, tuple(map(str, ordered)))


# ---------------------------------------------------------------- registering


def _check_events(events: Any) -> list[str]:
    if not isinstance(events, list | tuple) or not events:
        raise ApplicationError(
            "Choose at least one event.", errors={"events": ["Choose at least one."]}
        )
    unknown = [event for event in events if event not in EVENTS]
    if unknown:
        raise ApplicationError(
            f"“{unknown[0]}” is not an event; choose from {', '.join(EVENTS)}.",
            errors={"events": [f"Unknown event {unknown[0]}."]},
        )
    return [event for event in EVENTS if event in events]


def webhook_secret_generate() -> str:
    return f"whsec_{secrets.token_urlsafe(32)}"


@transaction.atomic
def webhook_register(*, production: Production, url: str, events: Any, by) -> Webhook:
    """Register a webhook with a new secret; the caller shows the secret once."""
    try:
        webhook_target_check(url)
    except UnsafeTarget as error:
        raise ApplicationError(error.message, errors={"url": [error.message]}) from error
    webhook = Webhook(
        production=production,
        url=url,
        secret=webhook_secret_generate(),
        events=_check_events(events),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    return save_validated(webhook)


@transaction.atomic
def webhook_delete(*, webhook: Webhook) -> None:
    webhook.delete()


def webhooks_of(production: Production) -> QuerySet[Webhook]:
    return production.webhooks.select_related("created_by").order_by("created_at", "pk")


def deliveries_of(webhook: Webhook) -> QuerySet[WebhookDelivery]:
    return webhook.deliveries.select_related("webhook").order_by("-created_at", "-pk")


# ---------------------------------------------------------------- dispatching


def _body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def webhooks_dispatch(production_id: int, event: str, payload: dict[str, Any]) -> None:
    """Record a delivery of ``event`` for each interested webhook and enqueue it.

    Subscribed to ``core.events``: runs once the emitting transaction has committed.
    """
    webhooks = [
        webhook
        for webhook in Webhook.objects.filter(production_id=production_id, active=True)
        if event in webhook.events
    ]
    if not webhooks:
        return
    slug = Production.objects.filter(pk=production_id).values_list("slug", flat=True).first()
    event_id = uuid.uuid4()
    body = {
        "id": str(event_id),
        "event": event,
        "production": slug,
        "created_at": timezone.now().isoformat(),
        "data": payload,
    }
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            webhook=webhook,
            event=event,
            event_id=event_id,
            payload=body,
            next_attempt_at=timezone.now(),
        )
        for webhook in webhooks
    )
    for delivery in deliveries:
        _enqueue(delivery.pk)


def _enqueue(delivery_id: int, countdown: float | None = None) -> None:
    from schedules.report_tasks import webhook_deliver_task

    if countdown is None:
        webhook_deliver_task.delay(delivery_id)
    else:
        webhook_deliver_task.apply_async((delivery_id,), countdown=countdown)


@transaction.atomic
def webhook_resend(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again as a new one, with the same event id (receivers dedupe on it)."""
    again = WebhookDelivery.objects.create(
        webhook=delivery.webhook,
        event=delivery.event,
        event_id=delivery.event_id,
        payload=delivery.payload,
        next_attempt_at=timezone.now(),
    )
    pk = again.pk
    transaction.on_commit(lambda: _enqueue(pk))
    return again


# ---------------------------------------------------------------- delivering


def sign(secret: str, body: bytes) -> str:
    """Return the signature header's value: ``sha256=`` and the HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _connect(addresses: tuple[str, ...], port: int, timeout: float) -> socket.socket:
    """Connect to the first of the checked addresses that answers."""
    error: OSError = OSError("No address to connect to.")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as refused:
            error = refused
    raise error


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the addresses that were checked, whatever DNS says now."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._addresses = target.addresses

    def connect(self) -> None:
        self.sock = _connect(self._addresses, self.port, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to the checked addresses, verifying the certificate of the host."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._addresses = target.addresses

    def connect(self) -> None:
        sock = _connect(self._addresses, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    response_code: int | None
    duration_ms: int
    error: str = ""


def _post(url: str, headers: dict[str, str], body: bytes) -> Outcome:
    started = clock.monotonic()

    def spent() -> int:
        return int((clock.monotonic() - started) * 1000)

    try:
        target = webhook_target_check(url)
    except UnsafeTarget as error:
        return Outcome(False, None, spent(), error.message)
    timeout = settings.STUDIO_WEBHOOK_TIMEOUT_SECONDS
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(BODY_IN_LOG).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException) as error:
        return Outcome(False, None, spent(), f"{type(error).__name__}: {error}"[:500])
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return Outcome(True, response.status, spent())
    return Outcome(False, response.status, spent(), f"HTTP {response.status}: {text}".strip())


def _headers(delivery: WebhookDelivery, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Studio-Event": delivery.event,
        "X-Studio-Delivery": str(delivery.event_id),
        "X-Studio-Timestamp": str(int(clock.time())),
        "X-Studio-Signature": sign(delivery.webhook.secret, body),
    }


def backoff(attempt: int) -> timedelta:
    """Return the wait after failed attempt number ``attempt`` (1, 2, …): doubling."""
    first = settings.STUDIO_WEBHOOK_BACKOFF_SECONDS
    return min(timedelta(seconds=first * 2 ** (attempt - 1)), MAX_BACKOFF)


def _claim(delivery_id: int) -> WebhookDelivery | None:
    """Take a due delivery for one attempt; return None if it is not due (a repeated task).

    The next attempt time moves ahead at once, as a lease: a duplicate task that arrives
    while this attempt is running finds it not due.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("webhook")
            .filter(
                pk=delivery_id,
                status__in=WebhookDelivery.DUE,
                next_attempt_at__lte=timezone.now(),
            )
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    return delivery


def webhook_deliver(*, delivery_id: int) -> WebhookDelivery | None:
    """Make one attempt at a due delivery, log it, and plan the next one if it failed."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    body = _body(delivery)
    outcome = _post(delivery.webhook.url, _headers(delivery, body), body)
    _record(delivery, outcome)
    if delivery.status == WebhookDelivery.Status.FAILED:
        _retry_later(delivery)
    return delivery


def _record(delivery: WebhookDelivery, outcome: Outcome) -> None:
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        response_code=outcome.response_code,
        duration_ms=outcome.duration_ms,
        error=outcome.error,
    )
    delivery.response_code = outcome.response_code
    delivery.duration_ms = outcome.duration_ms
    delivery.error = outcome.error
    if outcome.ok:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.STUDIO_WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.GAVE_UP
        delivery.next_attempt_at = None
    else:
        delivery.status = WebhookDelivery.Status.FAILED
    delivery.save(
        update_fields=[
            "status",
            "response_code",
            "duration_ms",
            "error",
            "delivered_at",
            "next_attempt_at",
        ]
    )


def _retry_later(delivery: WebhookDelivery) -> None:
    from studio.celery import app

    # Run in-process (no broker), a countdown would run at once; the sweep retries instead.
    if app.conf.task_always_eager:
        return
    countdown = max(0.0, (delivery.next_attempt_at - timezone.now()).total_seconds())
    _enqueue(delivery.pk, countdown=countdown)


def webhooks_retry_due(*, limit: int = 500) -> int:
    """Enqueue deliveries whose next attempt is due (a lost countdown is never lost for good)."""
    due = list(
        WebhookDelivery.objects.filter(
            status__in=WebhookDelivery.DUE, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        _enqueue(pk)
    return len(due)
