from django.db.models import Count, Prefetch, QuerySet

from crew.models import Assignment, Department, Person
from productions.models import Production


def people_for_user(user) -> QuerySet[Person]:
    return Person.objects.visible_to(user)


def departments_for_user(user) -> QuerySet[Department]:
    return Department.objects.visible_to(user)


def departments_for_production(production: Production) -> QuerySet[Department]:
    return Department.objects.filter(production__isnull=True) | Department.objects.filter(
        production=production
    )


def assignments_for_production(production: Production) -> QuerySet[Assignment]:
    return production.assignments.select_related("person", "department")


def creative_team(production: Production) -> list[Assignment]:
    """Return directors, producers and creators, in that order, as the overview shows them."""
    order = {kind: index for index, kind in enumerate(Assignment.CREATIVE_KINDS)}
    team = assignments_for_production(production).filter(role_kind__in=Assignment.CREATIVE_KINDS)
    return sorted(team, key=lambda a: (order[a.role_kind], a.person.name))


def crew_by_department(production: Production) -> list[tuple[Department, list[Assignment]]]:
    """Return the production's roles grouped by department, in department order."""
    groups: dict[int, tuple[Department, list[Assignment]]] = {}
    for assignment in assignments_for_production(production):
        groups.setdefault(assignment.department_id, (assignment.department, []))[1].append(
            assignment
        )
    return list(groups.values())


def people_with_roles(user) -> QuerySet[Person]:
    return people_for_user(user).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("production"))
    )


def department_counts(production: Production) -> list[dict]:
    """Return each department with how many roles it has on the production."""
    return list(
        production.assignments.values("department__name", "department__order")
        .annotate(count=Count("pk"))
        .order_by("department__order", "department__name")
    )
