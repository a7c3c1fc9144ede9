"""The outbox: nothing a service decides to send is lost when the broker is.

Every email is a row before it is a message: publishing writes one ``Delivery`` per person in
the publishing transaction (state queued), and the reminders and the AD's summary are chosen
again from the rows each time beat runs ``reminders_enqueue``. Queueing the tasks happens
after the commit and may fail (the broker is down, the process dies): ``enqueue`` then gives
up at once rather than make the request wait, and ``outbox_requeue`` (beat, every
``STUDIO_OUTBOX_REQUEUE_SECONDS``) queues again every delivery still unsent after
``STUDIO_OUTBOX_GRACE_SECONDS``.

Sending stays exactly once per person because the task claims its row before it sends
(``messages._claim``: ``select_for_update(skip_locked=True)`` and ``claimed_at``, a lease of
``STUDIO_DELIVERY_LEASE_SECONDS``). A worker killed mid-send leaves a claim that expires; the
outbox then queues the row again and the next claim sends it. A re-queued row already being
sent, or sent, is claimed by nobody.

The other apps' emails and webhooks follow the same pattern through ``core.outbox``, whose
docstring also says what no outbox can do: a worker that dies after the mail server accepted
a message and before the row is marked sent sends it again (with the same ``Message-ID``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from callsheets.models import Delivery
from core import outbox as core_outbox

logger = logging.getLogger(__name__)

# The tasks keep the names they had in schedules (see ``callsheets.tasks``).
TASK_PREFIX = "schedules.tasks."


def claim_lease() -> timedelta:
    """Return how long a claim on a delivery holds: longer than any send task may run."""
    return core_outbox.lease()


def enqueue(task_name: str, ids: Sequence[int]) -> int:
    """Queue one task per id, never raising; return how many were queued (``core.outbox``)."""
    return core_outbox.enqueue(TASK_PREFIX + task_name, ids)


def deliveries_unsent(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Return the deliveries still queued after the grace period and claimed by nobody alive."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.STUDIO_OUTBOX_GRACE_SECONDS)
    return list(
        Delivery.objects.filter(state=Delivery.State.QUEUED, send_requested_at__lt=now - grace)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - claim_lease()))
        .order_by("send_requested_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_requeue(*, now: datetime | None = None) -> int:
    """Queue again every delivery still unsent after the grace period; return how many."""
    ids = deliveries_unsent(now=now)
    if ids:
        logger.info("Outbox: re-queueing %d unsent call-sheet deliveries.", len(ids))
    return enqueue("delivery_send_task", ids)
