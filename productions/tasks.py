from celery import shared_task

from productions import services


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_kwargs={"max_retries": 5},
    soft_time_limit=50,
    time_limit=60,
)
def membership_welcome_task(self, membership_id: int) -> bool:
    """Email a new member their link to the production (at most once)."""
    return services.membership_welcome_send(membership_id=membership_id)


@shared_task(soft_time_limit=50, time_limit=60)
def welcomes_requeue_task() -> int:
    """Queue again the welcomes still unsent after the grace period (beat, every minute)."""
    return services.welcomes_requeue()
