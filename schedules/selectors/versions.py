"""A production's schedule versions, their history of changes, and the active one's days."""

from django.db.models import Prefetch, QuerySet

from productions.models import Production
from schedules.models import BoardChange, ScheduleVersion, ShootDay, Strip


def active_version(production: Production) -> ScheduleVersion | None:
    return production.schedule_versions.filter(is_active=True).first()


def versions_of(production: Production) -> QuerySet[ScheduleVersion]:
    return production.schedule_versions.select_related("created_by", "based_on").order_by(
        "-is_active", "-created_at", "-pk"
    )


def changes_of(production: Production) -> QuerySet[BoardChange]:
    return (
        BoardChange.objects.filter(version__production=production)
        .select_related("user", "version")
        .order_by("-at", "-pk")
    )


def last_change(version: ScheduleVersion) -> BoardChange | None:
    return version.changes.select_related("user").first()


def shoot_days_of(production: Production) -> QuerySet[ShootDay]:
    """Return the active schedule's days, each with its scene strips in shooting order."""
    strips = Strip.objects.filter(kind=Strip.Kind.SCENE, scene__omitted=False).order_by(
        "order", "pk"
    )
    return (
        ShootDay.objects.filter(version__production=production, version__is_active=True)
        .select_related("location")
        .prefetch_related(Prefetch("strips", queryset=strips))
        .order_by("date", "pk")
    )
