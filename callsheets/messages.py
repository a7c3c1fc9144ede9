"""Sending: the call sheet's emails, the reminder and the AD's summary, each at most once.

Each send claims its row with a lease first (``core.outbox.claim``): the delivery's
``claimed_at``, the reminder's ``reminder_claimed_at``, the summary's ``summary_claimed_at``.
A retried or duplicated task finds the row claimed or sent and does nothing; a worker that
died mid-send leaves a claim that expires, and the row's sweep (the outbox for deliveries,
beat's ``reminders_enqueue`` for reminders and summaries) queues it again. Each message
carries a ``Message-ID`` that is the same on every attempt (``core.outbox.message_id``).
"""

from __future__ import annotations

from datetime import UTC, date, time

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone

from callsheets.formatting import hhmm, short_day
from callsheets.links import link_url
from callsheets.models import (
    CallSheetLink,
    CallSheetVersion,
    Delivery,
)
from callsheets.pdf import pdf_filename, version_pdf
from callsheets.selectors import deliveries_of
from core import outbox


def _subject(sheet: dict, call: time | None, revised: bool) -> str:
    day = date.fromisoformat(sheet["date"])
    what = f"Call {hhmm(call)}" if call else "Not called"
    subject = f"{what} {short_day(day)} — Day {sheet['day_number']} — {sheet['production']}"
    return f"REVISED: {subject}" if revised else subject


def _unsent_deliveries():
    return Delivery.objects.filter(state__in=[Delivery.State.QUEUED, Delivery.State.FAILED])


def delivery_claim(delivery_id: int) -> Delivery | None:
    """Take the delivery for sending (one attempt more); None if it is not to send now."""
    return outbox.claim(_unsent_deliveries(), delivery_id, count="attempts")


def delivery_send(*, delivery_id: int) -> bool:
    """Email one person their call sheet, at most once; return whether it was sent now.

    A failure is recorded on the delivery (state failed, the error) and raised again, so the
    task retries it with backoff; a delivery already sent or being sent is left alone.
    """
    if delivery_claim(delivery_id) is None:
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


def delivery_message_id(delivery: Delivery) -> str:
    """Return the ``Message-ID`` of the delivery's email, the same on every attempt.

    A resend is a new email (with a renewed link), so its id is keyed on when it was decided
    too: a mail store deduplicating on the id must not drop the copy the AD sent on purpose.
    """
    decided = (delivery.send_requested_at or delivery.queued_at).astimezone(UTC)
    return outbox.message_id("callsheet", f"{delivery.pk}-{decided:%Y%m%d%H%M%S%f}")


def _delivery_message(delivery: Delivery) -> EmailMultiAlternatives:
    version = delivery.version
    context = _person_context(delivery)
    message = EmailMultiAlternatives(
        subject=_subject(version.data, delivery.call_time, version.revised),
        body=render_to_string("emails/callsheet_delivery.txt", context),
        to=[delivery.email],
        headers={"Message-ID": delivery_message_id(delivery)},
    )
    message.attach_alternative(
        render_to_string("emails/callsheet_delivery.html", context), "text/html"
    )
    message.attach(pdf_filename(version), version_pdf(version), "application/pdf")
    return message


def reminders_unsent():
    """Return the deliveries whose reminder is still owed: not reminded, not confirmed."""
    return Delivery.objects.filter(reminded_at__isnull=True, confirmed_at__isnull=True)


def delivery_remind(*, delivery_id: int) -> bool:
    """Remind one person to confirm, once; return whether the reminder was sent now.

    ``reminded_at`` is stamped only once the mail server took the reminder: a worker killed
    before that leaves a claim that expires, and the next beat run queues the reminder again.
    """
    if outbox.claim(reminders_unsent(), delivery_id, field="reminder_claimed_at") is None:
        return False
    delivery = Delivery.objects.select_related("version__callsheet__production", "person").get(
        pk=delivery_id
    )
    try:
        _reminder_message(delivery).send()
    except Exception:
        # Given back at once, as a failed delivery is, for the task's retry to claim it.
        Delivery.objects.filter(pk=delivery_id).update(reminder_claimed_at=None)
        raise
    Delivery.objects.filter(pk=delivery_id).update(
        reminded_at=timezone.now(), reminder_claimed_at=None
    )
    return True


def _reminder_message(delivery: Delivery) -> EmailMultiAlternatives:
    version = delivery.version
    context = _person_context(delivery)
    subject = "Please confirm: " + _subject(version.data, delivery.call_time, False)
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/callsheet_reminder.txt", context),
        to=[delivery.email],
        # A person is reminded of a delivery once, so the delivery alone keys it.
        headers={"Message-ID": outbox.message_id("callsheet-reminder", delivery.pk)},
    )
    message.attach_alternative(
        render_to_string("emails/callsheet_reminder.html", context), "text/html"
    )
    return message


def summaries_unsent():
    """Return the versions whose summary to the AD is still owed."""
    return CallSheetVersion.objects.filter(summary_sent_at__isnull=True)


def callsheet_summary_send(*, version_id: int) -> bool:
    """Email whoever published the version the list of people yet to confirm, once."""
    if outbox.claim(summaries_unsent(), version_id, field="summary_claimed_at") is None:
        return False
    version = CallSheetVersion.objects.select_related("published_by", "callsheet__production").get(
        pk=version_id
    )
    if not version.published_by or not version.published_by.email:
        # Nobody to tell: owed no more.
        CallSheetVersion.objects.filter(pk=version_id).update(summary_sent_at=timezone.now())
        return False
    missing = list(deliveries_of(version, status="unconfirmed").filter(call_time__isnull=False))
    context = {"sheet": version.data, "version": version, "missing": missing}
    try:
        EmailMultiAlternatives(
            subject=f"Not confirmed yet: {len(missing)} — Day {version.data['day_number']} — "
            f"{version.data['production']}",
            body=render_to_string("emails/callsheet_summary.txt", context),
            to=[version.published_by.email],
            headers={"Message-ID": outbox.message_id("callsheet-summary", version.pk)},
        ).send()
    except Exception:
        CallSheetVersion.objects.filter(pk=version_id).update(summary_claimed_at=None)
        raise
    CallSheetVersion.objects.filter(pk=version_id).update(
        summary_sent_at=timezone.now(), summary_claimed_at=None
    )
    return True
