"""Casting's outbox: the task names, the sweep of emails left unsent, and their Message-IDs.

Invitations, reminders, new times and offers are rows (``InvitationEmail``, ``OfferEmail``)
written in the transaction that decides them, their task queued after the commit. The
pattern, the claim, the lease and the sweep's filters are ``core.outbox``'s: beat runs
``outbox_requeue`` every minute, which queues again every row still unsent after the grace
period (for at most two days) and claimed by no live worker. A send that fails keeps its
claim until the lease ends, so while the mail server is down each email is tried again once
a lease, not once a minute on top of Celery's retries.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.utils import timezone

from casting.models import InvitationEmail, OfferEmail
from core import outbox as core_outbox

logger = logging.getLogger(__name__)

INVITATION_TASK = "casting.tasks.invitation_email_send_task"
OFFER_TASK = "casting.tasks.offer_email_send_task"


def unsent(model):
    """Return the rows of ``model`` still to send: the queryset a send task claims from."""
    return model.objects.filter(sent_at__isnull=True)


def claim(model, pk: int):
    """Claim the email ``pk`` for sending; None when it is sent or a live worker holds it."""
    return core_outbox.claim(unsent(model), pk)


def fail(model, pk: int, error: Exception) -> None:
    """Record why a send failed, keeping the claim: the sweep tries again after the lease.

    Given back at once, the next minute's sweep would queue the row again beside Celery's
    own retries, and every email would start a storm against a mail server that is down.
    """
    model.objects.filter(pk=pk).update(error=f"{type(error).__name__}: {error}"[:2000])


def sent(model, pk: int) -> None:
    model.objects.filter(pk=pk).update(sent_at=timezone.now(), error="")


def message_id(email: InvitationEmail | OfferEmail) -> str:
    """Return the email's ``Message-ID``: one row is one email, the same on every attempt."""
    if isinstance(email, OfferEmail):
        return core_outbox.message_id("casting-offer", email.pk)
    return core_outbox.message_id(f"casting-{email.kind}", email.pk)


def emails_unsent(model, *, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Return the rows of ``model`` due again: unsent past the grace, held by nobody alive."""
    return list(
        unsent(model)
        .exclude(to="")
        .filter(core_outbox.due("created_at", now=now))
        .filter(core_outbox.unclaimed(now=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_requeue(*, now: datetime | None = None, limit: int = 500) -> int:
    """Queue again every casting email still unsent after the grace period; return how many."""
    queued = 0
    for model, task_name in ((InvitationEmail, INVITATION_TASK), (OfferEmail, OFFER_TASK)):
        ids = emails_unsent(model, now=now, limit=limit)
        if ids:
            logger.info("Casting outbox: re-queueing %d %s rows.", len(ids), model.__name__)
            queued += core_outbox.enqueue(task_name, ids)
    return queued
