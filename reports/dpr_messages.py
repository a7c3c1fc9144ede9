"""The approved DPR's email to the producers, with its PDF: sent once.

The approval records that the email is owed (``send_requested_at``); ``dprs_unsent`` lists
the reports a lost task left owed, for beat to queue again (``core.outbox``). The send holds
the report's row lock, so a duplicate task waits and then finds it sent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from core import outbox
from crew.models import Assignment
from productions.models import Membership, Production
from reports.builders import dpr_pdf
from reports.dpr_selectors import dpr_flags, dpr_totals
from reports.models import (
    DailyReport,
)


def producer_emails(production: Production) -> list[str]:
    """Return the addresses of the production's owners, producers and producer roles."""
    members = production.memberships.filter(access__in=Membership.MANAGERS).values_list(
        "user__email", flat=True
    )
    roles = production.assignments.filter(role_kind=Assignment.RoleKind.PRODUCER).values_list(
        "person__email", flat=True
    )
    return sorted({email.strip().lower() for email in [*members, *roles] if email})


def dpr_send(*, report_id: int) -> int:
    """Email an approved report to the producers, once; return how many it went to."""
    with transaction.atomic():
        report = (
            DailyReport.objects.select_for_update(of=("self",))
            .select_related("production", "approved_by")
            .filter(pk=report_id, status=DailyReport.Status.APPROVED, sent_at__isnull=True)
            .first()
        )
        if report is None:
            return 0
        recipients = producer_emails(report.production)
        if recipients:
            _dpr_message(report, recipients, dpr_pdf(report.production, report.date)).send()
        report.sent_at = timezone.now()
        report.save(update_fields=["sent_at"])
    return len(recipients)


def dprs_unsent(*, now=None, limit: int = 100) -> list[int]:
    """Return the approved reports whose email is owed past the grace period."""
    return list(
        DailyReport.objects.filter(status=DailyReport.Status.APPROVED, sent_at__isnull=True)
        .filter(outbox.due("send_requested_at", now=now))
        .order_by("send_requested_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def _dpr_message(report: DailyReport, recipients: list[str], pdf: bytes):
    production = report.production
    context = {
        "report": report,
        "production": production,
        "totals": dpr_totals(report),
        "flags": dpr_flags(report),
        "link": settings.STUDIO_BASE_URL.rstrip("/") + report.get_absolute_url(),
    }
    subject = (
        f"DPR Day {report.day_number} — {date_format(report.date, 'D j M Y')} — {production.title}"
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/dpr.txt", context),
        to=recipients,
        headers={"Message-ID": outbox.message_id("dpr", report.pk)},
    )
    message.attach_alternative(render_to_string("emails/dpr.html", context), "text/html")
    message.attach(f"{production.slug}-dpr-{report.date.isoformat()}.pdf", pdf, "application/pdf")
    return message
