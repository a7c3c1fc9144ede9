"""Casting's Celery tasks: thin, taking ids. Sending is idempotent (the row is claimed
before the email goes), so a retry or a duplicated message never emails twice. A failed send
keeps its claim until the lease ends, so Celery's retries (core's ``SENDING``) find it held:
the outbox sweep, once the lease is over, is its one retry path."""

from celery import shared_task

from casting import auditions, offer_mail, outbox, sides
from core.tasks import SENDING


@shared_task(**SENDING)
def invitation_email_send_task(self, email_id: int) -> bool:
    """Email one audition invitation or reminder (at most once)."""
    return auditions.invitation_email_send(email_id=email_id)


@shared_task(soft_time_limit=50, time_limit=60)
def audition_reminders_task() -> int:
    """Queue the day-before reminders that are due; Celery beat runs this every 15 minutes."""
    return auditions.reminders_enqueue()


@shared_task(**SENDING)
def offer_email_send_task(self, email_id: int) -> bool:
    """Email one sending of an offer to the candidate's agent (at most once)."""
    return offer_mail.offer_email_send(email_id=email_id)


@shared_task(soft_time_limit=50, time_limit=60)
def outbox_requeue_task() -> int:
    """Queue again casting's emails still unsent; Celery beat runs this every minute."""
    return outbox.outbox_requeue()


@shared_task(soft_time_limit=110, time_limit=120)
def sides_build_task(role_id: int) -> bool:
    """Make a role's sides from the script (a PDF)."""
    return sides.sides_build(role_id=role_id)
