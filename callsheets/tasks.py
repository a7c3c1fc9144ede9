"""The call sheets' Celery tasks: thin wrappers that take ids and call a service.

Every sending task is idempotent (the service claims its row before it sends), so Celery's
retries and a duplicated message never email anyone twice. Their retry options are core's
``SENDING``: mail-server errors are retried with backoff, six times.

The names keep the module they had before the call sheets left ``schedules``
(``schedules.tasks``): queued messages and the stored beat schedule call them by those names.
"""

from celery import shared_task

from callsheets import messages, outbox, services
from core.tasks import SENDING


@shared_task(name="schedules.tasks.delivery_send_task", **SENDING)
def delivery_send_task(self, delivery_id: int) -> bool:
    """Email one person their call sheet (at most once per version)."""
    return messages.delivery_send(delivery_id=delivery_id)


@shared_task(name="schedules.tasks.delivery_remind_task", **SENDING)
def delivery_remind_task(self, delivery_id: int) -> bool:
    """Remind one person to confirm their call sheet (at most once)."""
    return messages.delivery_remind(delivery_id=delivery_id)


@shared_task(name="schedules.tasks.callsheet_summary_task", **SENDING)
def callsheet_summary_task(self, version_id: int) -> bool:
    """Email the AD who has not confirmed yet (at most once per version)."""
    return messages.callsheet_summary_send(version_id=version_id)


@shared_task(name="schedules.tasks.callsheet_reminders_task", soft_time_limit=50, time_limit=60)
def callsheet_reminders_task() -> int:
    """Queue the reminders that are due; Celery beat runs this every 15 minutes."""
    return services.reminders_enqueue()


@shared_task(name="callsheets.tasks.outbox_requeue_task", soft_time_limit=50, time_limit=60)
def outbox_requeue_task() -> int:
    """Queue again the deliveries still unsent after the grace period (beat, every minute)."""
    return outbox.outbox_requeue()
