"""Thin Celery tasks: send one queued email, and queue the daily digests that are due.

Sending claims its row first, so a retry or a duplicated message never emails twice.
"""

from celery import shared_task

from collaboration import notifications
from core.tasks import SENDING


@shared_task(**SENDING)
def email_send_task(self, email_id: int) -> bool:
    return notifications.email_send(email_id=email_id)


@shared_task(soft_time_limit=50, time_limit=60, acks_late=True)
def emails_fan_out_task(email_ids: list[int]) -> int:
    """Queue the send of each of many emails decided at once (a lost one: the sweep's)."""
    return notifications.emails_fan_out(ids=email_ids)


@shared_task(soft_time_limit=240, time_limit=300)
def digests_send_task() -> int:
    """Run hourly by beat: each person's digest goes once their local morning has come."""
    return notifications.digests_send_due()


@shared_task(soft_time_limit=50, time_limit=60)
def emails_requeue_task() -> int:
    """Queue again the emails still unsent after the grace period (beat, every minute)."""
    return notifications.emails_requeue()
