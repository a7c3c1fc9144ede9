"""The call sheets' reads: lists, versions, deliveries and their status."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, CharField, Count, F, Max, QuerySet, Value, When

from callsheets.assembly import active_days
from callsheets.models import (
    CallSheet,
    CallSheetLink,
    CallSheetVersion,
    Delivery,
)
from productions.models import Production
from schedules.models import ShootDay


def callsheets_of(production: Production) -> QuerySet[CallSheet]:
    """Return the production's call sheets by date, each with its latest version number."""
    return (
        production.callsheets.select_related("location")
        .annotate(latest_number=Max("versions__number"))
        .order_by("date", "pk")
    )


def callsheet_get(production: Production, pk: int) -> CallSheet | None:
    return (
        CallSheet.objects.filter(production=production, pk=pk)
        .select_related("production", "location")
        .first()
    )


def versions_of(callsheet: CallSheet) -> QuerySet[CallSheetVersion]:
    """Return the published versions, newest first, without their (large) data."""
    return callsheet.versions.defer("data").select_related("published_by").order_by("-number")


def version_get(callsheet: CallSheet, number: int | None = None) -> CallSheetVersion | None:
    """Return version ``number``, or the latest one; None if there is none."""
    versions = callsheet.versions.select_related("callsheet__production").order_by("-number")
    if number is not None:
        versions = versions.filter(number=number)
    return versions.first()


def callsheet_days_open(production: Production) -> list[ShootDay]:
    """Return the active schedule's days that have no call sheet yet."""
    taken = set(production.callsheets.values_list("date", flat=True))
    return [day for day in active_days(production) if day.date not in taken]


STATUS_ORDER = [choice for choice, _ in Delivery.Status.choices]


def _with_status(deliveries: QuerySet[Delivery]) -> QuerySet[Delivery]:
    return deliveries.annotate(
        current=Case(
            When(confirmed_at__isnull=False, then=Value(Delivery.Status.CONFIRMED)),
            When(opened_at__isnull=False, then=Value(Delivery.Status.OPENED)),
            default=F("state"),
            output_field=CharField(),
        )
    )


def deliveries_of(version: CallSheetVersion, *, status: str = "") -> QuerySet[Delivery]:
    """Return one version's deliveries by name; ``status`` filters, "unconfirmed" too."""
    deliveries = _with_status(version.deliveries.select_related("person")).order_by(
        "person__name", "pk"
    )
    if status == "unconfirmed":
        return deliveries.filter(confirmed_at__isnull=True)
    if status in STATUS_ORDER:
        return deliveries.filter(current=status)
    return deliveries


def delivery_counts(version: CallSheetVersion) -> dict[str, int]:
    """Return how many deliveries are in each status, and the total and unconfirmed."""
    rows = _with_status(version.deliveries.all()).values("current").annotate(n=Count("pk"))
    counts = dict.fromkeys(STATUS_ORDER, 0)
    counts.update({row["current"]: row["n"] for row in rows})
    counts["total"] = sum(counts[s] for s in STATUS_ORDER)
    counts["unconfirmed"] = counts["total"] - counts[Delivery.Status.CONFIRMED]
    return counts


def links_of(callsheet: CallSheet) -> dict[int, CallSheetLink]:
    return {link.person_id: link for link in callsheet.links.all()}


def unreachable(version: CallSheetVersion, deliveries: Iterable[Delivery]) -> list[str]:
    """Return the names of people called on the version who have no email to send it to."""
    sent_to = {str(d.person_id) for d in deliveries}
    calls = version.data.get("calls", {})
    return sorted(
        entry["name"] for pk, entry in calls.items() if pk not in sent_to and entry["call"]
    )
