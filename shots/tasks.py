from celery import shared_task

from shots import frames


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=10,
    retry_kwargs={"max_retries": 3},
    soft_time_limit=50,
    time_limit=60,
)
def frame_thumbnail_task(self, frame_id: int) -> bool:
    """Make a storyboard frame's thumbnail (idempotent: a second run does nothing)."""
    return frames.frame_thumbnail_make(frame_id=frame_id)
