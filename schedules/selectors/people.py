"""Who is called to set: the roles called every shoot day, a user's own person on a
production, and the days a person works."""

from crew.models import Assignment, Person
from productions.models import Character, Production
from schedules.models import ShootDay, Strip

# The roles called to set every shoot day; producers and writers are not.
ON_SET = (Assignment.RoleKind.CREW, Assignment.RoleKind.DIRECTOR)


def person_of(user, production: Production):
    """Return the user's own person on the production (someone with a role on it), or None."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user, assignments__production=production).first()


def person_work_days(production: Production, person, days: list[ShootDay]) -> dict[int, list[str]]:
    """Return the days ``person`` works, by day id, with the scenes they are in.

    Cast work the days their characters' scenes are shot; crew and directors every shoot
    day within their assignment's dates; producers and writers are not called.
    """
    roles = list(
        Assignment.objects.filter(production=production, person=person).values_list(
            "pk", "role_kind", "start_date", "end_date"
        )
    )
    working: dict[int, list[str]] = {}
    for _, kind, start, end in roles:
        if kind in ON_SET:
            for day in days:
                if (start is None or start <= day.date) and (end is None or day.date <= end):
                    working.setdefault(day.pk, [])
    characters = Character.objects.filter(assignment_id__in=[pk for pk, *_ in roles])
    placed = (
        Strip.objects.filter(
            day__in=[day.pk for day in days],
            scene__characters__in=characters,
            scene__omitted=False,
        )
        .order_by("order")
        .values_list("day_id", "scene__number", "part")
        .distinct()
    )
    for day_id, number, part in placed:
        working.setdefault(day_id, []).append(f"{number} pt {part}" if part else number)
    return working
