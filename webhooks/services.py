"""Outgoing webhooks: register, deliver with retries, log, resend.

``webhooks_dispatch`` is subscribed to ``core.events`` inside the emitting transaction (see
``WebhooksConfig.ready``): it records one delivery per interested webhook there, so the
deliveries commit with the change (a rolled-back change announces nothing) and a process that
dies after the commit loses none of them. Their tasks are queued once the transaction commits;
what the broker refuses then, ``webhooks_retry_due`` (beat, every minute) queues later, as it
does a lost retry (``core.outbox`` has the pattern and its limits). The task
POSTs the signed JSON (``targets.target_post``, only to an address that passed the SSRF
check). A failed attempt is retried with exponential backoff until
``STUDIO_WEBHOOK_MAX_ATTEMPTS``; every attempt is logged for the owner.
"""

from __future__ import annotations

import json
import logging
import time as clock
import uuid
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from core.events import EVENTS
from core.exceptions import ApplicationError
from core.services import save_validated
from core.tasks import task_named
from productions.models import Production
from webhooks.models import Webhook, WebhookAttempt, WebhookDelivery
from webhooks.signing import sign, standard_headers, webhook_secret_generate
from webhooks.targets import Outcome, UnsafeTarget, target_post, webhook_target_check

logger = logging.getLogger(__name__)

USER_AGENT = "Studio-Webhooks/1"
# Between tries the wait doubles from the backoff setting, up to this.
MAX_BACKOFF = timedelta(hours=6)
# The task's name predates the move out of schedules: queued messages still carry it.
DELIVER_TASK = "schedules.report_tasks.webhook_deliver_task"


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


# ---------------------------------------------------------------- dispatching


def _body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def webhooks_dispatch(production_id: int, event: str, payload: dict[str, Any]) -> None:
    """Record a delivery of ``event`` for each interested webhook; enqueue them on commit.

    Subscribed to ``core.events`` in the emitting transaction: the rows are part of it.
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
    ids = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _enqueue_all(ids))


def _enqueue_all(ids: list[int]) -> None:
    for pk in ids:
        if not _enqueue(pk):
            break  # the broker is down: the sweep queues the rest


def _enqueue(delivery_id: int, countdown: float | None = None) -> bool:
    """Queue one attempt, never raising; return whether the broker took it.

    The delivery is already a row due now: if the broker is down, the sweep
    (``webhooks_retry_due``, every minute) queues it once it is back, and the request that
    emitted the event answers at once instead of waiting for the broker.
    """
    task = task_named(DELIVER_TASK)
    try:
        task.apply_async((delivery_id,), countdown=countdown, retry=False)
    except Exception:
        if current_app.conf.task_always_eager:
            logger.exception("Webhook delivery %s failed in-process", delivery_id)
        else:
            logger.warning(
                "The broker refused webhook delivery %s: the sweep will queue it.",
                delivery_id,
                exc_info=True,
            )
        return False
    return True


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


def _headers(delivery: WebhookDelivery, body: bytes) -> dict[str, str]:
    timestamp = int(clock.time())
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Studio-Event": delivery.event,
        "X-Studio-Delivery": str(delivery.event_id),
        "X-Studio-Timestamp": str(timestamp),
        # The old body-only signature, for one release (webhooks.signing).
        "X-Studio-Signature": sign(delivery.webhook.secret, body),
        **standard_headers(delivery.webhook.secret, str(delivery.event_id), timestamp, body),
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
    outcome = target_post(delivery.webhook.url, _headers(delivery, body), body)
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
    # Run in-process (no broker), a countdown would run at once; the sweep retries instead.
    if current_app.conf.task_always_eager:
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
    _enqueue_all(due)
    return len(due)
