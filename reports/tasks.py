"""Celery tasks for reports, daily production reports and digests.

Thin: each takes ids, calls a service and returns something small to log. Each is safe to
run twice (the services claim their work), so a redelivered message does nothing more.

The names keep the module they had before the reports left ``schedules``
(``schedules.report_tasks``): queued messages and the stored beat schedule call them by those
names.
"""

from datetime import date

from celery import shared_task

from core import outbox
from reports import digest, dpr_messages, dpr_services, services

DIGEST_TASK = "schedules.report_tasks.digest_send_task"


@shared_task(name="schedules.report_tasks.report_build_task", soft_time_limit=240, time_limit=300)
def report_build_task(report_id: int) -> str | None:
    """Build a queued report's file."""
    report = services.report_build(report_id=report_id)
    return report.status if report else None


@shared_task(
    name="schedules.report_tasks.dpr_send_task",
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_kwargs={"max_retries": 5},
    soft_time_limit=110,
    time_limit=120,
)
def dpr_send_task(report_id: int) -> int:
    """Email an approved daily production report to the producers (once)."""
    return dpr_messages.dpr_send(report_id=report_id)


@shared_task(
    name="schedules.report_tasks.reports_cleanup_task", soft_time_limit=240, time_limit=300
)
def reports_cleanup_task() -> int:
    """Delete expired report files (beat, daily)."""
    return services.reports_expire()


@shared_task(
    name="schedules.report_tasks.digest_send_task",
    autoretry_for=(OSError,),
    retry_backoff=60,
    retry_kwargs={"max_retries": 5},
    soft_time_limit=110,
    time_limit=120,
)
def digest_send_task(production_id: int, week_start: str) -> int:
    """Email one production's weekly digest to its producers (once)."""
    return digest.digest_send(
        production_id=production_id, week_start=date.fromisoformat(week_start)
    )


@shared_task(name="schedules.report_tasks.digests_send_task", soft_time_limit=50, time_limit=60)
def digests_send_task() -> int:
    """Enqueue last week's digest of every production that is shooting (beat, weekly)."""
    due = digest.digests_record(
        production_ids=digest.digest_productions(), week_start=digest.last_week_start()
    )
    return outbox.enqueue(DIGEST_TASK, due)


@shared_task(soft_time_limit=50, time_limit=60)
def outbox_requeue_task() -> int:
    """Queue again the DPR emails and digests still unsent after the grace period (beat)."""
    return outbox.enqueue(dpr_services.SEND_TASK, dpr_messages.dprs_unsent()) + outbox.enqueue(
        DIGEST_TASK, digest.digests_unsent()
    )
