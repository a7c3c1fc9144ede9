"""The report files' reads: which kinds a member may request, the files they may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from productions.models import Membership, Production
from reports.builders import BUILDERS
from reports.models import Report

FORMATS: dict[str, tuple[str, ...]] = {}


for _kind, _format in BUILDERS:
    FORMATS.setdefault(_kind, ())
    FORMATS[_kind] += (_format,)


# Reports that show pay: only owners and producers request or see them, as on the pages.
PAY_KINDS = frozenset({Report.Kind.HOLD_COST})


def report_kinds_for(membership: Membership) -> list[tuple[str, str]]:
    """Return the (kind, label) pairs ``membership`` may request and see."""
    return [
        (kind, label)
        for kind, label in Report.Kind.choices
        if membership.can_manage or kind not in PAY_KINDS
    ]


def reports_for(production: Production, membership: Membership) -> QuerySet[Report]:
    """Return the production's reports ``membership`` may see, newest first."""
    reports = production.reports.select_related("requested_by", "production").order_by(
        "-created_at", "-pk"
    )
    if not membership.can_manage:
        reports = reports.exclude(kind__in=PAY_KINDS)
    return reports


def report_filename(report: Report) -> str:
    """Return the name a download is saved under."""
    kind = report.kind.replace("_", "-")
    day = (
        report.params.get("date")
        or timezone.localtime(report.finished_at or report.created_at, report.production.tz)
        .date()
        .isoformat()
    )
    return f"{report.production.slug}-{kind}-{day}.{report.format}"


def report_api_url(report: Report) -> str:
    return reverse("report-detail", kwargs={"slug": report.production.slug, "pk": report.pk})


def report_download_path(report: Report) -> str:
    return reverse("report-download", kwargs={"slug": report.production.slug, "pk": report.pk})
