"""The webhooks' Celery tasks: thin, taking ids and calling a service.

The names keep the module they had before the webhooks left ``schedules``
(``schedules.report_tasks``): messages already queued and the stored beat schedule
(``django_celery_beat``'s rows) call the tasks by those names.
"""

from celery import shared_task

from webhooks import services


# Not acks_late: an attempt cut short by a lost worker is retried by the sweep, not redelivered
# at once; the delivery's own lease keeps a duplicate from posting twice anyway.
@shared_task(
    name="schedules.report_tasks.webhook_deliver_task",
    acks_late=False,
    soft_time_limit=25,
    time_limit=30,
)
def webhook_deliver_task(delivery_id: int) -> str | None:
    """Make one attempt at a webhook delivery."""
    delivery = services.webhook_deliver(delivery_id=delivery_id)
    return delivery.status if delivery else None


@shared_task(
    name="schedules.report_tasks.webhooks_retry_due_task", soft_time_limit=50, time_limit=60
)
def webhooks_retry_due_task() -> int:
    """Enqueue the webhook deliveries that are due (beat, every minute)."""
    return services.webhooks_retry_due()
