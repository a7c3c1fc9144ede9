"""Report files: requested once, built by a Celery task with progress, kept for a while.

A request identical to one still queued or running returns that one; the database decides
(a partial unique constraint), so two people clicking at once still get a single build. The
task claims the report, reports its progress as it goes, and stores either the file or an
error in words. Files expire ``STUDIO_REPORT_RETENTION_DAYS`` after they are built.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.events import emit
from core.exceptions import ApplicationError
from core.tasks import task_named
from productions.models import Membership, Production
from reports.builders import BUILDERS, Built
from reports.models import Report
from reports.selectors import FORMATS, PAY_KINDS, report_api_url

logger = logging.getLogger(__name__)


# The task keeps the name it had in schedules: queued messages still carry it.
BUILD_TASK = "schedules.report_tasks.report_build_task"
# A build still "running" after this long died with its worker; it no longer blocks a new one.
STALE_AFTER = timedelta(minutes=30)


FAILED_MESSAGE = (
    "Studio could not build this report. Try again; if it fails again, tell your administrator."
)


def params_key(params: dict[str, Any]) -> str:
    canonical = json.dumps(params, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _refuse_params(message: str) -> ApplicationError:
    return ApplicationError(message, errors={"params": [message]})


def report_params_clean(production: Production, kind: str, params: Any) -> dict[str, Any]:
    """Return ``params`` checked and in canonical form for ``kind``."""
    params = params or {}
    if not isinstance(params, dict):
        raise _refuse_params('Params are an object, such as {"date": "2027-01-11"}.')
    allowed = {"dpr": {"date"}, "hold_cost": {"version"}}.get(kind, set())
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise _refuse_params(f"This report takes no parameter “{unknown[0]}”.")
    if kind == Report.Kind.DPR:
        return {"date": _dpr_date(production, params.get("date"))}
    if kind == Report.Kind.HOLD_COST and params.get("version") not in (None, ""):
        return {"version": _version_id(production, params["version"])}
    return {}


def _dpr_date(production: Production, value: Any) -> str:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        raise _refuse_params("The DPR report needs a date, such as 2027-01-11.") from None
    if not production.daily_reports.filter(date=day).exists():
        raise _refuse_params(f"There is no daily production report for {day.isoformat()}.")
    return day.isoformat()


def _version_id(production: Production, value: Any) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise _refuse_params("The version is a schedule version's id.") from None
    if not production.schedule_versions.filter(pk=pk).exists():
        raise _refuse_params("That is not a schedule version of this production.")
    return pk


def _check_kind(membership: Membership, kind: str, format: str) -> None:
    if kind not in FORMATS:
        raise ApplicationError(f"“{kind}” is not a kind of report.", errors={"kind": ["Unknown."]})
    if format not in FORMATS[kind]:
        offered = ", ".join(f.upper() for f in FORMATS[kind])
        raise ApplicationError(
            f"The {Report.Kind(kind).label} comes as {offered}, not “{format}”.",
            errors={"format": [f"Choose {offered}."]},
        )
    if kind in PAY_KINDS and not membership.can_manage:
        raise ApplicationError(
            "Only the production's owners and producers can see what the schedule costs.",
            status_code=403,
        )


def _in_progress(production: Production, kind: str, format: str, key: str) -> Report | None:
    return (
        Report.objects.filter(
            production=production,
            kind=kind,
            format=format,
            params_key=key,
            status__in=Report.IN_PROGRESS,
        )
        .select_related("production", "requested_by")
        .first()
    )


def _retire_if_stale(report: Report) -> bool:
    """Fail a build whose worker died; return whether it was stale."""
    if report.created_at > timezone.now() - STALE_AFTER:
        return False
    _fail(report, "The build stopped without finishing. Request the report again.")
    return True


def report_request(
    *,
    production: Production,
    membership: Membership,
    kind: str,
    format: str,
    params: Any = None,
    by,
) -> tuple[Report, bool]:
    """Queue a report, or return the identical one still being built; say which (created)."""
    _check_kind(membership, kind, format)
    params = report_params_clean(production, kind, params)
    key = params_key(params)
    existing = _in_progress(production, kind, format, key)
    if existing is not None and not _retire_if_stale(existing):
        return existing, False
    report = Report(
        production=production,
        kind=kind,
        format=format,
        params=params,
        params_key=key,
        requested_by=by if getattr(by, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Someone asked for the same report between the look-up and the insert.
        existing = _in_progress(production, kind, format, key)
        if existing is None:
            raise
        return existing, False
    _enqueue(report.pk)
    return report, True


def _enqueue(report_id: int) -> None:
    task = task_named(BUILD_TASK)
    transaction.on_commit(lambda: task.delay(report_id))


def _claim(report_id: int) -> Report | None:
    """Mark a queued report running; return it, or None if another run has it already."""
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
        status=Report.Status.RUNNING, started_at=timezone.now(), progress=1
    )
    if not claimed:
        return None
    return Report.objects.select_related("production").get(pk=report_id)


def _progress_writer(report_id: int):
    """Return a callback that stores progress, at most once every five percent."""
    last = [1]

    def write(percent: int) -> None:
        percent = max(1, min(99, int(percent)))
        if percent >= last[0] + 5:
            Report.objects.filter(pk=report_id).update(progress=percent)
            last[0] = percent

    return write


def _expiry(now):
    return now + timedelta(days=settings.STUDIO_REPORT_RETENTION_DAYS)


def _fail(report: Report, message: str) -> Report:
    now = timezone.now()
    report.status, report.error = Report.Status.FAILED, message[:2000]
    report.finished_at, report.expires_at = now, _expiry(now)
    report.save(update_fields=["status", "error", "finished_at", "expires_at"])
    return report


def _finish(report: Report, built: Built) -> Report:
    report.file.save(built.filename, ContentFile(built.content), save=False)
    now = timezone.now()
    report.status, report.progress = Report.Status.DONE, 100
    report.finished_at, report.expires_at = now, _expiry(now)
    report.save(update_fields=["file", "status", "progress", "finished_at", "expires_at"])
    emit(
        production_id=report.production_id,
        event="report.ready",
        payload={
            "id": report.pk,
            "kind": report.kind,
            "format": report.format,
            "params": report.params,
            "url": settings.STUDIO_BASE_URL.rstrip("/") + report_api_url(report),
        },
    )
    return report


def report_build(*, report_id: int) -> Report | None:
    """Build a queued report's file; return it, or None if it was not queued (a repeat run).

    Not one transaction: progress must be visible to the page while the file is built.
    """
    report = _claim(report_id)
    if report is None:
        return None
    build = BUILDERS[(report.kind, report.format)]
    try:
        built = build(report.production, report.params, _progress_writer(report.pk))
    except ApplicationError as error:
        return _fail(report, error.message)
    except Exception:
        # The trace goes to the log; people see words.
        logger.exception("Report %s (%s, %s) failed", report.pk, report.kind, report.format)
        return _fail(report, FAILED_MESSAGE)
    return _finish(report, built)


def reports_expire(*, now=None) -> int:
    """Delete expired reports and their files, and fail builds that died; return how many
    reports were deleted."""
    now = now or timezone.now()
    expired = list(Report.objects.filter(expires_at__lte=now))
    for report in expired:
        if report.file:
            report.file.delete(save=False)
    Report.objects.filter(pk__in=[r.pk for r in expired]).delete()
    for report in Report.objects.filter(
        status__in=Report.IN_PROGRESS, created_at__lte=now - STALE_AFTER
    ):
        _retire_if_stale(report)
    return len(expired)
