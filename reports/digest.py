"""The weekly producer digest: the week's pages against the plan, where the shoot stands,
what holding actors cost, call sheets nobody confirmed, and the conflicts ahead.

Sent by beat every Monday for the week before, once per production and week (a
``ProducerDigest`` row records it), to the same people the DPR goes to. The rows are written
before the tasks are queued (``digests_record``); ``digests_unsent`` lists those a lost task
left unsent, for beat to queue again (``core.outbox``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from core import outbox
from productions.models import Production
from reports import dpr_messages, dpr_selectors
from reports.models import ProducerDigest
from schedules import selectors
from schedules.conflicts import Conflict
from schedules.eighths import format_eighths
from schedules.models import ShootDay

# The digest lists this many upcoming conflicts and counts the rest.
CONFLICTS_SHOWN = 10


@dataclass
class Digest:
    production: Production
    week_start: date
    eighths_shot: int
    eighths_planned: int
    totals: dpr_selectors.Totals | None
    hold_days: int
    hold_cost: Decimal
    conflicts: list[Conflict]
    conflict_count: int
    # None when Studio has no call sheets to ask.
    unconfirmed: list[str] | None = field(default=None)

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def pages_shot(self) -> str:
        return format_eighths(self.eighths_shot)

    @property
    def pages_planned(self) -> str:
        return format_eighths(self.eighths_planned)


def last_week_start(today: date | None = None) -> date:
    """Return the Monday of the week before ``today``'s."""
    today = today or timezone.localdate()
    return today - timedelta(days=today.weekday() + 7)


def digest_productions() -> list[int]:
    """Return the live productions that have shoot days on their active schedule."""
    return list(
        ShootDay.objects.filter(
            version__is_active=True, version__production__deleted_at__isnull=True
        )
        .values_list("version__production_id", flat=True)
        .distinct()
        .order_by("version__production_id")
    )


def _week_pages(
    ledger: dpr_selectors.Ledger, start: date, end: date
) -> tuple[int, int, dpr_selectors.Totals | None]:
    in_week = [r for r in ledger.reports if start <= r.date <= end]
    up_to = [r for r in ledger.reports if r.date <= end]
    shot = planned = 0
    for report in in_week:
        totals = ledger.totals(report)
        shot += totals.eighths_shot
        planned += totals.eighths_planned
    return shot, planned, ledger.totals(up_to[-1]) if up_to else None


def _week_hold(production: Production, start: date, end: date) -> tuple[int, Decimal]:
    table = selectors.dood_for(production)
    columns = [i for i, c in enumerate(table.columns) if start <= c.date <= end]
    days, cost = 0, Decimal(0)
    for line in table.lines:
        held = sum(1 for i in columns if line.row.codes[i] == "H")
        days += held
        if line.daily_rate is not None:
            cost += line.daily_rate * held
    return days, cost


def _unconfirmed(production: Production, after: date) -> list[str] | None:
    """Return who has not confirmed the latest call sheet of a day after ``after``, as
    "Name (Tue 12 Jan)"; None when Studio has no call sheets to ask."""
    try:
        versions = apps.get_model("callsheets", "CallSheetVersion")
        deliveries = apps.get_model("callsheets", "Delivery")
        latest: dict[int, tuple[int, date]] = {}
        rows = versions.objects.filter(
            callsheet__production=production, callsheet__date__gt=after
        ).order_by("callsheet_id", "-number")
        for pk, callsheet_id, day in rows.values_list("pk", "callsheet_id", "callsheet__date"):
            latest.setdefault(callsheet_id, (pk, day))
        days = dict(latest.values())
        missing = deliveries.objects.filter(
            version_id__in=days, confirmed_at__isnull=True, call_time__isnull=False
        ).values_list("version_id", "person__name")
        found = sorted((days[version], name) for version, name in missing)
    except (LookupError, FieldError):
        return None
    return [f"{name} ({date_format(day, 'D j M')})" for day, name in found]


def digest_for(production: Production, week_start: date) -> Digest:
    """Return the digest of the week starting ``week_start`` (a Monday)."""
    end = week_start + timedelta(days=6)
    shot, planned, totals = _week_pages(dpr_selectors.Ledger(production), week_start, end)
    hold_days, hold_cost = _week_hold(production, week_start, end)
    ahead = [c for c in selectors.conflicts_for(production) if c.date > end]
    return Digest(
        production=production,
        week_start=week_start,
        eighths_shot=shot,
        eighths_planned=planned,
        totals=totals,
        hold_days=hold_days,
        hold_cost=hold_cost,
        conflicts=ahead[:CONFLICTS_SHOWN],
        conflict_count=len(ahead),
        unconfirmed=_unconfirmed(production, end),
    )


def _row(production_id: int, week_start: date) -> ProducerDigest:
    try:
        with transaction.atomic():
            row, _ = ProducerDigest.objects.get_or_create(
                production_id=production_id, week_start=week_start
            )
    except IntegrityError:
        row = ProducerDigest.objects.get(production_id=production_id, week_start=week_start)
    return row


@transaction.atomic
def digests_record(*, production_ids: list[int], week_start: date) -> list[tuple[int, str]]:
    """Record the week's digest of each production; return the (production, week) unsent."""
    for production_id in production_ids:
        ProducerDigest.objects.get_or_create(production_id=production_id, week_start=week_start)
    return _arguments(
        ProducerDigest.objects.filter(
            production_id__in=production_ids, week_start=week_start, sent_at__isnull=True
        )
    )


def digests_unsent(*, now=None, limit: int = 100) -> list[tuple[int, str]]:
    """Return the (production, week) of the digests still unsent past the grace period."""
    return _arguments(
        ProducerDigest.objects.filter(sent_at__isnull=True, production__deleted_at__isnull=True)
        .filter(outbox.due("created_at", now=now))
        .order_by("created_at", "pk")[:limit]
    )


def _arguments(rows) -> list[tuple[int, str]]:
    # The send task's arguments: JSON has no dates.
    return [
        (production_id, week.isoformat())
        for production_id, week in rows.values_list("production_id", "week_start")
    ]


def digest_send(*, production_id: int, week_start: date) -> int:
    """Email the week's digest to the producers, once; return how many it went to."""
    _row(production_id, week_start)
    with transaction.atomic():
        row = (
            ProducerDigest.objects.select_for_update()
            .select_related("production")
            .filter(
                production_id=production_id,
                week_start=week_start,
                sent_at__isnull=True,
                production__deleted_at__isnull=True,
            )
            .first()
        )
        if row is None:
            return 0
        recipients = dpr_messages.producer_emails(row.production)
        if recipients:
            message = _message(digest_for(row.production, week_start), recipients)
            message.extra_headers["Message-ID"] = outbox.message_id("digest", row.pk)
            message.send()
        row.sent_at, row.recipients = timezone.now(), len(recipients)
        row.save(update_fields=["sent_at", "recipients"])
    return len(recipients)


def _message(digest: Digest, recipients: list[str]) -> EmailMultiAlternatives:
    production = digest.production
    context = {
        "digest": digest,
        "production": production,
        "link": settings.STUDIO_BASE_URL.rstrip("/") + production.get_absolute_url(),
    }
    subject = (
        f"Week of {date_format(digest.week_start, 'j M Y')} — {production.title} — producer digest"
    )
    message = EmailMultiAlternatives(
        subject=subject, body=render_to_string("emails/digest.txt", context), to=recipients
    )
    message.attach_alternative(render_to_string("emails/digest.html", context), "text/html")
    return message
