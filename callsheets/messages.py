"""Sending: the call sheet's emails, the reminder and the AD's summary, each at most once.

Sending is at most once per person and version: a task claims its delivery in a committed
transaction (``claimed_at``) before it talks to the mail server, and a retried or duplicated
task finds the delivery claimed or sent and does nothing. A claim older than
``CLAIM_TIMEOUT`` (longer than any task may run) is taken to be a worker that died.
"""

from __future__ import annotations

from datetime import date, time

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from callsheets.formatting import hhmm, short_day
from callsheets.links import link_url
from callsheets.models import (
    CallSheetLink,
    CallSheetVersion,
    Delivery,
)
from callsheets.outbox import claim_lease
from callsheets.pdf import pdf_filename, version_pdf
from callsheets.selectors import deliveries_of

# Longer than a send task may run (its hard time limit is 60 s): a claim this old is a worker
# that died mid-send (killed, the machine lost), and the delivery may be tried again.
CLAIM_TIMEOUT = claim_lease()


def _subject(sheet: dict, call: time | None, revised: bool) -> str:
    day = date.fromisoformat(sheet["date"])
    what = f"Call {hhmm(call)}" if call else "Not called"
    subject = f"{what} {short_day(day)} — Day {sheet['day_number']} — {sheet['production']}"
    return f"REVISED: {subject}" if revised else subject


def _claim(delivery_id: int) -> Delivery | None:
    """Take the delivery for sending, in a transaction of its own; None if it is not to send."""
    now = timezone.now()
    with transaction.atomic():
        # skip_locked: a second worker holding the same id (a duplicate or a re-queue) skips
        # the row another is claiming, rather than wait and then find it claimed anyway.
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk=delivery_id, state__in=[Delivery.State.QUEUED, Delivery.State.FAILED])
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT))
            .first()
        )
        if delivery is None:
            return None
        delivery.claimed_at = now
        delivery.attempts += 1
        delivery.save(update_fields=["claimed_at", "attempts"])
    return delivery


def delivery_send(*, delivery_id: int) -> bool:
    """Email one person their call sheet, at most once; return whether it was sent now.

    A failure is recorded on the delivery (state failed, the error) and raised again, so the
    task retries it with backoff; a delivery already sent or being sent is left alone.
    """
    if _claim(delivery_id) is None:
        return False
    delivery = Delivery.objects.select_related("version__callsheet__production", "person").get(
        pk=delivery_id
    )
    try:
        _delivery_message(delivery).send()
    except Exception as error:
        Delivery.objects.filter(pk=delivery_id).update(
            state=Delivery.State.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            failed_at=timezone.now(),
            claimed_at=None,
        )
        raise
    Delivery.objects.filter(pk=delivery_id).update(
        state=Delivery.State.SENT, sent_at=timezone.now(), error="", claimed_at=None
    )
    return True


def _person_context(delivery: Delivery) -> dict:
    version = delivery.version
    link = CallSheetLink.objects.get(callsheet=version.callsheet, person=delivery.person)
    sheet = version.data
    return {
        "sheet": sheet,
        "you": sheet["calls"].get(str(delivery.person_id)),
        "person": delivery.person,
        "delivery": delivery,
        "revised": version.revised,
        "link": link_url(link),
    }


def _delivery_message(delivery: Delivery) -> EmailMultiAlternatives:
    version = delivery.version
    context = _person_context(delivery)
    message = EmailMultiAlternatives(
        subject=_subject(version.data, delivery.call_time, version.revised),
        body=render_to_string("emails/callsheet_delivery.txt", context),
        to=[delivery.email],
    )
    message.attach_alternative(
        render_to_string("emails/callsheet_delivery.html", context), "text/html"
    )
    message.attach(pdf_filename(version), version_pdf(version), "application/pdf")
    return message


def delivery_remind(*, delivery_id: int) -> bool:
    """Remind one person to confirm, once; return whether the reminder was sent now."""
    claimed = Delivery.objects.filter(
        pk=delivery_id, reminded_at__isnull=True, confirmed_at__isnull=True
    ).update(reminded_at=timezone.now())
    if not claimed:
        return False
    delivery = Delivery.objects.select_related("version__callsheet__production", "person").get(
        pk=delivery_id
    )
    try:
        _reminder_message(delivery).send()
    except Exception:
        # Not reminded after all: the retry may claim it again.
        Delivery.objects.filter(pk=delivery_id).update(reminded_at=None)
        raise
    return True


def _reminder_message(delivery: Delivery) -> EmailMultiAlternatives:
    version = delivery.version
    context = _person_context(delivery)
    subject = "Please confirm: " + _subject(version.data, delivery.call_time, False)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/callsheet_reminder.txt", context),
        to=[delivery.email],
    )
    message.attach_alternative(
        render_to_string("emails/callsheet_reminder.html", context), "text/html"
    )
    return message


def callsheet_summary_send(*, version_id: int) -> bool:
    """Email whoever published the version the list of people yet to confirm, once."""
    claimed = CallSheetVersion.objects.filter(pk=version_id, summary_sent_at__isnull=True).update(
        summary_sent_at=timezone.now()
    )
    if not claimed:
        return False
    version = CallSheetVersion.objects.select_related("published_by", "callsheet__production").get(
        pk=version_id
    )
    if not version.published_by or not version.published_by.email:
        return False
    missing = list(deliveries_of(version, status="unconfirmed").filter(call_time__isnull=False))
    context = {"sheet": version.data, "version": version, "missing": missing}
    try:
        EmailMultiAlternatives(
            subject=f"Not confirmed yet: {len(missing)} — Day {version.data['day_number']} — "
            f"{version.data['production']}",
            body=render_to_string("emails/callsheet_summary.txt", context),
            to=[version.published_by.email],
        ).send()
    except Exception:
        CallSheetVersion.objects.filter(pk=version_id).update(summary_sent_at=None)
        raise
    return True
