"""The outbox, shared by every app that sends: a decision to send is a row, never only a task.

A service that decides to send an email, a reminder or a webhook writes the row that says so
(a ``Delivery``, an ``OutgoingEmail``, a membership's ``welcome_requested_at``…) in the
transaction that decides, and queues its task once that transaction commits (``enqueue``,
which never raises and gives up at the broker's first refusal, so the request answers at
once). Each app's periodic sweep (beat, every ``STUDIO_OUTBOX_REQUEUE_SECONDS``) queues again
whatever is still unsent ``STUDIO_OUTBOX_GRACE_SECONDS`` after it was decided and claimed by
nobody alive.

A task claims its row before it sends (``claim``: ``select_for_update(skip_locked=True)`` and
a ``claimed_at`` lease of ``STUDIO_DELIVERY_LEASE_SECONDS``), so two workers never both send
it, and a worker killed mid-send leaves a claim that expires for the sweep to pick up.

What this cannot do: make an email exactly-once. If a worker dies after the mail server
accepted a message but before its row is marked sent, the claim expires and the message goes
again. No SMTP feature closes that window (the server's acceptance and the database's commit
cannot be one transaction). It is narrowed instead: each row's message carries a stable
``Message-ID`` (``message_id``), the same on every attempt, so a receiving system that
deduplicates on it (many mail stores do, and people's clients thread them as one) shows the
repeat once. A webhook has the same window; its receivers deduplicate on the event id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from celery import current_app
from celery.exceptions import Retry
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.tasks import task_named

logger = logging.getLogger(__name__)

# A row still unsent this long after it was decided is left alone by the sweeps: whatever it
# said (a mention, a welcome) is stale news, and a message that fails for ever (an address the
# server refuses) must not be tried every minute for ever.
GIVE_UP_AFTER = timedelta(days=2)


def grace() -> timedelta:
    """Return how long a decided row may wait for its queued task before a sweep re-queues it."""
    return timedelta(seconds=settings.STUDIO_OUTBOX_GRACE_SECONDS)


def lease() -> timedelta:
    """Return how long a claim holds: longer than any send task may run."""
    return timedelta(seconds=settings.STUDIO_DELIVERY_LEASE_SECONDS)


def enqueue(task_name: str, ids: Iterable[Any]) -> int:
    """Queue one task per id (or per tuple of arguments), never raising; return how many.

    The first refusal from the broker ends the loop: every row left is still recorded as
    unsent and its app's sweep queues it once the broker is back. Waiting for a dead broker
    once per row would keep the request that decided from answering.
    """
    ids = list(ids)
    task = task_named(task_name)
    queued = 0
    for pk in ids:
        try:
            task.apply_async(pk if isinstance(pk, tuple) else (pk,), retry=False)
            queued += 1
        except Retry as retry:
            # Only without a broker (tasks run in-process): the failure is on the row.
            logger.warning(
                "%s(%s) failed and cannot be retried in-process: %s", task_name, pk, retry
            )
        except Exception:
            if current_app.conf.task_always_eager:
                # In-process, the task itself failed; the row says so and the others go on.
                logger.exception("%s(%s) failed in-process", task_name, pk)
                continue
            logger.warning(
                "The broker refused %s(%s): %d left unqueued for the outbox to re-queue.",
                task_name,
                pk,
                len(ids) - queued,
                exc_info=True,
            )
            break
    return queued


def enqueue_on_commit(task_name: str, ids: Sequence[Any]) -> None:
    """Queue the tasks once the current transaction commits (never raising then either)."""
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: enqueue(task_name, ids))


def unclaimed(field: str = "claimed_at", *, now: datetime | None = None) -> Q:
    """Return the filter for rows nobody holds: never claimed, or claimed by a worker now gone."""
    now = now or timezone.now()
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": now - lease()})


def held(claimed_at: datetime | None, *, now: datetime | None = None) -> bool:
    """Return whether a claim stamped ``claimed_at`` is still held by a live worker."""
    return claimed_at is not None and claimed_at >= (now or timezone.now()) - lease()


def claim(
    queryset: models.QuerySet,
    pk: Any,
    *,
    field: str = "claimed_at",
    count: str | None = None,
) -> models.Model | None:
    """Claim the row ``pk`` of ``queryset`` for sending, in a transaction of its own.

    ``queryset`` says which rows are still to send (unsent ones); return the row with its
    claim set, or None when it is sent, held by a live claim, or being claimed right now.
    ``count`` names a counter of attempts to add one to with the claim.
    """
    now = timezone.now()
    with transaction.atomic():
        # skip_locked: a second worker holding the same id (a duplicate or a re-queue) skips
        # the row another is claiming, rather than wait and then find it claimed anyway.
        row = (
            queryset.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=pk)
            .filter(unclaimed(field, now=now))
            .first()
        )
        if row is None:
            return None
        setattr(row, field, now)
        fields = [field]
        if count:
            setattr(row, count, getattr(row, count) + 1)
            fields.append(count)
        row.save(update_fields=fields)
    return row


def due(decided: str, *, now: datetime | None = None) -> Q:
    """Return the filter for rows decided between ``GIVE_UP_AFTER`` and the grace period ago."""
    now = now or timezone.now()
    return Q(**{f"{decided}__lt": now - grace(), f"{decided}__gte": now - GIVE_UP_AFTER})


def message_id(kind: str, pk: Any) -> str:
    """Return the ``Message-ID`` of row ``pk``'s email: the same on every attempt to send it.

    Keyed with the secret key, so two installs (both on localhost, say) never share one.
    """
    key = salted_hmac("studio.outbox.message-id", f"{kind}:{pk}", algorithm="sha256")
    domain = urlsplit(settings.STUDIO_BASE_URL).hostname or "studio.invalid"
    return f"<{kind}.{pk}.{key.hexdigest()[:24]}@{domain}>"
