from typing import Any

from django.db import transaction

from core.exceptions import ApplicationError
from core.services import save_validated
from crew.models import Assignment, Department, Person, Unavailability
from productions.models import Production

# The usual film departments, in call-sheet order. Migration 0002 seeds the same list; this
# copy restores them where a database was emptied (a test flush, a partial restore).
STANDARD_DEPARTMENTS = (
    "Production",
    "Direction",
    "Camera",
    "Grip",
    "Electric",
    "Sound",
    "Art",
    "Set Dressing",
    "Props",
    "Costume",
    "Hair & Makeup",
    "Locations",
    "Transport",
    "Catering",
    "Stunts",
    "VFX",
    "Post",
    "Cast",
)

AGENT_FIELDS = (
    "agent",
    "agent_email",
    "agent_phone",
    "manager",
    "manager_email",
    "manager_phone",
)
PERSON_FIELDS = ("name", "email", "phone", "phone_private", "notes", "user", *AGENT_FIELDS)
ASSIGNMENT_FIELDS = (
    "person",
    "department",
    "title",
    "role_kind",
    "key_contact",
    "start_date",
    "end_date",
    "daily_rate",
)


def _apply(instance, fields: dict[str, Any], allowed: tuple[str, ...]):
    for key, value in fields.items():
        if key in allowed:
            setattr(instance, key, value)
    return instance


@transaction.atomic
def person_create(*, by, **fields: Any) -> Person:
    person = _apply(Person(created_by=by), fields, PERSON_FIELDS)
    return save_validated(person)


@transaction.atomic
def person_update(*, person: Person, **fields: Any) -> Person:
    return save_validated(_apply(person, fields, PERSON_FIELDS))


@transaction.atomic
def departments_ensure_standard() -> None:
    """Create any standard department that is missing."""
    existing = set(Department.objects.filter(production=None).values_list("name", flat=True))
    Department.objects.bulk_create(
        Department(name=name, order=order * 10)
        for order, name in enumerate(STANDARD_DEPARTMENTS, start=1)
        if name not in existing
    )


@transaction.atomic
def department_create(*, production: Production, name: str, order: int = 100) -> Department:
    return save_validated(Department(production=production, name=name, order=order))


@transaction.atomic
def department_update(*, department: Department, **fields: Any) -> Department:
    return save_validated(_apply(department, fields, ("name", "order")))


def _check_department(production: Production, department: Department) -> None:
    if department.production_id not in (None, production.pk):
        raise ApplicationError(
            "That department belongs to another production.",
            errors={"department": ["Choose a standard department or one of this production."]},
        )


@transaction.atomic
def assignment_create(*, production: Production, **fields: Any) -> Assignment:
    assignment = _apply(Assignment(production=production), fields, ASSIGNMENT_FIELDS)
    _check_department(production, assignment.department)
    return save_validated(assignment)


@transaction.atomic
def assignment_update(*, assignment: Assignment, **fields: Any) -> Assignment:
    _apply(assignment, fields, ASSIGNMENT_FIELDS)
    _check_department(assignment.production, assignment.department)
    return save_validated(assignment)


@transaction.atomic
def assignment_delete(*, assignment: Assignment) -> None:
    assignment.delete()


@transaction.atomic
def unavailability_create(*, person: Person, **fields: Any) -> Unavailability:
    allowed = ("start_date", "end_date", "reason")
    return save_validated(_apply(Unavailability(person=person), fields, allowed))


@transaction.atomic
def unavailability_delete(*, unavailability: Unavailability) -> None:
    unavailability.delete()
