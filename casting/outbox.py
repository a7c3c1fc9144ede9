"""Casting's outbox: every email is a row before it is a message.

Invitations, reminders and offers are written as rows (``InvitationEmail``, ``OfferEmail``) in
the transaction that decides them; the task is queued after the commit. Queueing may fail
(the broker is down, the process dies): ``enqueue`` then logs and gives up rather than fail
the request, and beat runs ``outbox_requeue`` every minute, which queues again every row still
unsent after ``STUDIO_OUTBOX_GRACE_SECONDS`` and claimed by no live worker. The send tasks
claim their row before sending, so a row queued twice is still emailed once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casting.models import InvitationEmail, OfferEmail
from core.tasks import task_named

logger = logging.getLogger(__name__)

INVITATION_TASK = "casting.tasks.invitation_email_send_task"
OFFER_TASK = "casting.tasks.offer_email_send_task"
# A claim older than the send task's time limit (60 s) is a worker that died mid-send.
CLAIM_LEASE = timedelta(minutes=5)


def enqueue(task_name: str, ids: Sequence[int]) -> int:
    """Queue one task per id, never raising; return how many were queued."""
    task = task_named(task_name)
    queued = 0
    for pk in ids:
        try:
            task.apply_async((pk,), retry=False)
            queued += 1
        except Exception:
            if current_app.conf.task_always_eager:
                # In-process the task itself failed; its row keeps the error and stays unsent.
                logger.exception("%s(%s) failed in-process", task_name, pk)
                continue
            logger.warning(
                "The broker refused %s(%s): %d left for the outbox to re-queue.",
                task_name,
                pk,
                len(ids) - queued,
                exc_info=True,
            )
            break
    return queued


def enqueue_on_commit(task_name: str, ids: Sequence[int]) -> None:
    ids = list(ids)
    if ids:
        transaction.on_commit(lambda: enqueue(task_name, ids))


def claim(model, pk: int) -> bool:
    """Claim a row for sending; False if it is sent or a live worker holds it."""
    now = timezone.now()
    return bool(
        model.objects.filter(pk=pk, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .update(claimed_at=now)
    )


def _unsent(model, now: datetime, limit: int) -> list[int]:
    grace = timedelta(seconds=settings.STUDIO_OUTBOX_GRACE_SECONDS)
    return list(
        model.objects.filter(sent_at__isnull=True, created_at__lt=now - grace)
        .exclude(to="")
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_requeue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Queue again every casting email still unsent after the grace period; return how many."""
    now = now or timezone.now()
    queued = 0
    for model, task_name in ((InvitationEmail, INVITATION_TASK), (OfferEmail, OFFER_TASK)):
        ids = _unsent(model, now, limit)
        if ids:
            logger.info("Casting outbox: re-queueing %d %s rows.", len(ids), model.__name__)
            queued += enqueue(task_name, ids)
    return queued
