"""The schedules app's Celery tasks: thin wrappers that take ids and call a service."""

from celery import shared_task

from schedules.optimize import optimizer_run_execute


# The search runs up to optimize.MAX_TIME_LIMIT seconds; the limits leave room to store it.
@shared_task(soft_time_limit=380, time_limit=400)
def optimizer_run_task(run_id: int) -> str:
    """Optimize a schedule for a queued run and store its proposal."""
    return optimizer_run_execute(run_id=run_id).status
