"""The call sheets' outbox: the task names, and the sweep of deliveries left unsent.

Publishing and resending record each ``Delivery`` as owed (``send_requested_at``) in their
own transaction and queue it after the commit; ``outbox_requeue`` (beat, every
``STUDIO_OUTBOX_REQUEUE_SECONDS``) queues again what is still unsent after the grace period
and held by no live claim. Reminders and the AD's summary need no sweep of their own: beat's
``reminders_enqueue`` chooses them again from the rows every time it runs, leaving out those
held by a live claim. The pattern, the claim and the lease are ``core.outbox``'s.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from callsheets.models import Delivery
from core import outbox as core_outbox

logger = logging.getLogger(__name__)

# The tasks keep the names they had in schedules (see ``callsheets.tasks``).
TASK_PREFIX = "schedules.tasks."


def enqueue(task_name: str, ids: Sequence[int]) -> int:
    """Queue one call-sheet task per id, never raising; return how many were queued."""
    return core_outbox.enqueue(TASK_PREFIX + task_name, ids)


def enqueue_on_commit(task_name: str, ids: Sequence[int]) -> None:
    """Queue one call-sheet task per id once the current transaction commits."""
    core_outbox.enqueue_on_commit(TASK_PREFIX + task_name, ids)


def deliveries_unsent(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Return the deliveries still queued after the grace period and claimed by nobody alive."""
    return list(
        Delivery.objects.filter(state=Delivery.State.QUEUED)
        .filter(core_outbox.due("send_requested_at", now=now))
        .filter(core_outbox.unclaimed(now=now))
        .order_by("send_requested_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_requeue(*, now: datetime | None = None) -> int:
    """Queue again every delivery still unsent after the grace period; return how many."""
    ids = deliveries_unsent(now=now)
    if ids:
        logger.info("Outbox: re-queueing %d unsent call-sheet deliveries.", len(ids))
    return enqueue("delivery_send_task", ids)
